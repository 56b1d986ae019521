/**
 * Byte-identical builds: the same source and options give the same bytes for PDF, DOCX and TXT
 * (and PDF/A-3, the bundle and the manifest), exported in separate processes, the second with
 * another time zone and locale. Dates come from the document or SOURCE_DATE_EPOCH, never the
 * clock; the PDF /ID follows the content.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, wenshu } from './helpers/cli.js';
import { essayPath } from './helpers/seed.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function exportTwice(args: string[], source = essayPath, env: Record<string, string> = {}): { first: string; second: string; files: string[] } {
  const first = tempDir('wenshu-repro-a-');
  const second = tempDir('wenshu-repro-b-');
  const a = wenshu(['export', source, ...args, '--out', first, '--quiet'], { env: { TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', ...env } });
  expect(a.code, a.stderr).toBe(0);
  // Far from UTC (+13:45 in summer), another locale, and a later clock.
  const b = wenshu(['export', source, ...args, '--out', second, '--quiet'], { env: { TZ: 'Pacific/Chatham', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', ...env } });
  expect(b.code, b.stderr).toBe(0);
  return { first, second, files: readdirSync(first).sort() };
}

function expectSame({ first, second, files }: { first: string; second: string; files: string[] }): void {
  expect(readdirSync(second).sort()).toEqual(files);
  for (const f of files) expect(sha256(join(second, f)), f).toBe(sha256(join(first, f)));
}

const trailerId = (pdf: Buffer) => /\/ID \[<([0-9a-f]{32})>/.exec(pdf.toString('latin1'))?.[1];

describe('byte-identical output across processes, time zones and locales', () => {
  it('PDF, DOCX and TXT of the essay', () => {
    const run = exportTwice(['--to', 'pdf,docx,txt']);
    expect(run.files).toEqual(['essay.docx', 'essay.pdf', 'essay.txt']);
    expectSame(run);
  });

  it('PDF/A-3u with the source attached, the bundle and the manifest', () => {
    const run = exportTwice(['--pdfa', '3u', '--manifest', '--bundle']);
    expect(run.files).toEqual(['SHA256SUMS', 'essay.docx', 'essay.pdf', 'essay.txt', 'essay.zip']);
    expectSame(run);
  });

  it('an undated source: SOURCE_DATE_EPOCH gives the date, the clock never does', () => {
    const dir = tempDir('wenshu-undated-');
    const src = join(dir, 'undated.md');
    writeFileSync(src, readFileSync(essayPath, 'utf8').replace(/^date: .*\n/m, ''));
    const epoch = '1700000000'; // 2023-11-14T22:13:20Z
    const run = exportTwice(['--to', 'pdf,docx,txt', '--bundle'], src, { SOURCE_DATE_EPOCH: epoch });
    expectSame(run);
    expect(readFileSync(join(run.first, 'undated.pdf')).toString('latin1')).toContain('(D:20231114221320Z)');
    // Without SOURCE_DATE_EPOCH: still identical (a fixed date), never today's.
    const fixed = exportTwice(['--to', 'pdf,docx,txt'], src, { SOURCE_DATE_EPOCH: '' });
    expectSame(fixed);
    const pdf = readFileSync(join(fixed.first, 'undated.pdf')).toString('latin1');
    expect(pdf).toContain('(D:19800101000000Z)');
    expect(pdf).not.toContain(`D:${new Date().getUTCFullYear()}`);
  });

  it('the PDF /ID follows the content: same metadata, different text, different /ID', () => {
    const dir = tempDir('wenshu-id-');
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    const essay = readFileSync(essayPath, 'utf8');
    writeFileSync(join(dir, 'a', 'doc.md'), essay);
    writeFileSync(join(dir, 'b', 'doc.md'), essay.replace('我认为重点要增强五个意识。', '我认为重点要增强六个意识。'));
    for (const d of ['a', 'b']) expect(wenshu(['export', join(dir, d, 'doc.md'), '--to', 'pdf', '--out', join(dir, d), '--quiet']).code).toBe(0);
    const a = trailerId(readFileSync(join(dir, 'a', 'doc.pdf')));
    const b = trailerId(readFileSync(join(dir, 'b', 'doc.pdf')));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });
});
