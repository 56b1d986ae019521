/**
 * Integrity manifest and bundle: SHA256SUMS is checked by GNU sha256sum itself, `wenshu verify`
 * names every changed or missing file, the bundle unzips (with Info-ZIP's unzip where installed)
 * into a folder that verifies, and its entries carry the document date in every time zone.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, readBundle } from '../src/integrity/bundle.js';
import { formatManifest, parseManifest, safeName, sha256Hex } from '../src/integrity/manifest.js';
import { tempDir, wenshu } from './helpers/cli.js';
import { has } from './helpers/programs.js';
import { essayPath } from './helpers/seed.js';

describe('SHA256SUMS format', () => {
  it('round-trips names, GNU-escaping backslashes and line breaks, sorted', () => {
    const entries = [
      { name: 'b.pdf', sha256: 'b'.repeat(64) },
      { name: 'a\\odd\nname.txt', sha256: 'a'.repeat(64) },
      { name: '文书.docx', sha256: 'c'.repeat(64) },
    ];
    const text = formatManifest(entries);
    expect(text).toBe(`\\${'a'.repeat(64)}  a\\\\odd\\nname.txt\n${'b'.repeat(64)}  b.pdf\n${'c'.repeat(64)}  文书.docx\n`);
    expect(parseManifest(text).entries).toEqual([entries[1], entries[0], entries[2]]);
  });

  it('reads the binary form, and reports unreadable lines and paths outside the folder', () => {
    const h = 'f'.repeat(64);
    const parsed = parseManifest(`${h} *x.pdf\nnot a line\n${h}  ../etc/passwd\n${h}  /abs\n\n`);
    expect(parsed.entries).toEqual([{ name: 'x.pdf', sha256: h }]);
    expect(parsed.malformed).toEqual([2, 3, 4]);
    expect(safeName('sub/x.pdf')).toBe(true);
    expect(safeName('sub/../../x')).toBe(false);
  });
});

describe('bundle zip', () => {
  it('stamps every entry with the date in UTC, whatever the time zone', () => {
    const date = new Date('2026-11-23T00:00:00Z');
    const zip = buildBundle('doc', [{ name: 'a.txt', bytes: Buffer.from('A') }], date);
    const view = Buffer.from(zip);
    // local header: time at 10, date at 12
    expect(view.readUInt16LE(12)).toBe(((2026 - 1980) << 9) | (11 << 5) | 23);
    expect(view.readUInt16LE(10)).toBe(0);
    expect(Object.keys(readBundle(zip))).toEqual(['doc/a.txt', 'doc/SHA256SUMS']);
    expect(Buffer.from(readBundle(zip)['doc/SHA256SUMS']!).toString()).toBe(`${sha256Hex('A')}  a.txt\n`);
  });
});

describe('wenshu export --manifest / --bundle and wenshu verify', () => {
  const dir = tempDir('wenshu-integrity-');
  const out = join(dir, 'out');

  beforeAll(() => {
    const r = wenshu(['export', essayPath, '--pdfa', '3b', '--manifest', '--bundle', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote .*essay\.zip/);
    expect(r.stderr).toMatch(/wrote .*SHA256SUMS/);
  });

  it('writes SHA256SUMS listing every output and the bundle, which verify accepts', () => {
    const manifest = readFileSync(join(out, 'SHA256SUMS'), 'utf8');
    expect(parseManifest(manifest).entries.map((e) => e.name)).toEqual(['essay.docx', 'essay.pdf', 'essay.txt', 'essay.zip']);
    const v = wenshu(['verify', out]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toBe('OK essay.docx\nOK essay.pdf\nOK essay.txt\nOK essay.zip\n');
  });

  it('names every file that changed or is missing, and exits 1', () => {
    const copy = join(dir, 'tampered');
    mkdirSync(copy);
    for (const f of ['SHA256SUMS', 'essay.docx', 'essay.pdf', 'essay.txt']) copyFileSync(join(out, f), join(copy, f));
    appendFileSync(join(copy, 'essay.txt'), ' ');
    const bytes = readFileSync(join(copy, 'essay.pdf'));
    bytes[1000] = bytes[1000]! ^ 1;
    writeFileSync(join(copy, 'essay.pdf'), bytes);
    const v = wenshu(['verify', copy]);
    expect(v.code).toBe(1);
    expect(v.stdout).toBe('OK essay.docx\nCHANGED essay.pdf\nCHANGED essay.txt\nMISSING essay.zip\n');
    expect(v.stderr).toMatch(/3 of 4 file\(s\) changed or missing/);
  });

  it('says so when there is no manifest', () => {
    const v = wenshu(['verify', dir]);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/no SHA256SUMS here; 'wenshu export … --manifest' writes one/);
  });

  it.skipIf(!has('sha256sum'))('writes SHA256SUMS that GNU sha256sum -c accepts', () => {
    const r = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['essay.docx: OK', 'essay.pdf: OK', 'essay.txt: OK', 'essay.zip: OK']);
  });

  it.skipIf(!has('unzip'))('bundles outputs, source and a manifest; the bundle verifies zipped and unzipped by Info-ZIP unzip', () => {
    const files = readBundle(readFileSync(join(out, 'essay.zip')));
    expect(Object.keys(files)).toEqual(['essay/essay.docx', 'essay/essay.pdf', 'essay/essay.txt', 'essay/source/essay.md', 'essay/SHA256SUMS']);
    expect(Buffer.from(files['essay/source/essay.md']!).equals(readFileSync(essayPath))).toBe(true);
    for (const f of ['essay.docx', 'essay.pdf', 'essay.txt']) expect(Buffer.from(files[`essay/${f}`]!).equals(readFileSync(join(out, f))), f).toBe(true);
    expect(wenshu(['verify', join(out, 'essay.zip')]).code).toBe(0);
    const unzipped = join(dir, 'unzipped');
    mkdirSync(unzipped);
    const r = spawnSync('unzip', ['-q', join(out, 'essay.zip'), '-d', unzipped], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const v = wenshu(['verify', join(unzipped, 'essay')]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain('OK source/essay.md');
  });

  it('notices a changed entry inside a bundle', () => {
    const zip = Buffer.from(readFileSync(join(out, 'essay.zip')));
    const files = readBundle(zip);
    files['essay/essay.txt'] = Buffer.from('changed');
    const bad = join(dir, 'bad.zip');
    // Rebuild with the old manifest but a changed text file.
    writeFileSync(bad, zipSync(files));
    const v = wenshu(['verify', bad]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('CHANGED essay.txt');
  });

  it('one manifest for several sources exported into one folder; entries of deleted files are dropped', () => {
    const shared = join(dir, 'shared');
    const second = join(dir, 'second.md');
    writeFileSync(second, readFileSync(essayPath, 'utf8'));
    expect(wenshu(['export', essayPath, second, '--to', 'txt', '--manifest', '--out', shared, '--quiet']).code).toBe(0);
    const names = () => parseManifest(readFileSync(join(shared, 'SHA256SUMS'), 'utf8')).entries.map((e) => e.name);
    expect(names()).toEqual(['essay.txt', 'second.txt']);
    rmSync(join(shared, 'second.txt'));
    expect(wenshu(['export', essayPath, '--to', 'txt', '--manifest', '--out', shared, '--quiet']).code).toBe(0);
    expect(names()).toEqual(['essay.txt']);
    expect(wenshu(['verify', shared]).code).toBe(0);
  });
});
