/**
 * Bad and strange input, and faults while writing: each case either exports with fidelity in
 * every format or fails with our own error (file, position, exit code), never a hang, a crash, a
 * stack trace, or a partial file.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseSource, renderDocument } from '../src/api.js';
import { WenshuError } from '../src/errors.js';
import type { Document } from '../src/model/index.js';
import { documentText, fidelityKey } from '../src/model/text.js';
import { bin, tempDir, wenshu } from './helpers/cli.js';
import { readPdf } from './helpers/pdf.js';
import { essayPath, root } from './helpers/seed.js';

const kaiFont = join(root, 'fonts/LXGWWenKai-Regular.ttf');

/** The text a format gives back: the PDF through pdf.js, the DOCX from its XML, the TXT as bytes. */
async function readBack(format: string, bytes: Uint8Array): Promise<string> {
  if (format === 'pdf') return (await readPdf(bytes)).pages.map((p) => p.text).join('');
  if (format === 'docx') {
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
    return xml.replace(/<w:tab\/>/g, ' ').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  }
  return new TextDecoder().decode(bytes);
}

/** The text a format must give back: a DOCX's list markers are Word numbering (numbering.xml), not text of the body. */
const expected = (doc: Document, format: string) => fidelityKey(documentText(doc, { markers: format !== 'docx' }));

async function expectFidelity(doc: Document, formats = ['pdf', 'docx', 'txt']): Promise<void> {
  for (const format of formats) {
    const want = expected(doc, format);
    const got = fidelityKey(await readBack(format, await renderDocument(doc, format)));
    expect(got === want, `${format}: text differs from the source`).toBe(true);
  }
}

const md = (body: string, front = '') => `---\ntitle: 测试\n${front}---\n${body}\n`;

describe('pathological text exports with fidelity in every format', () => {
  it('zero-width characters (ZWSP, ZWJ, word joiner) and combining marks', async () => {
    await expectFidelity(parseSource(md('零宽\u200b空格\u200d连接\u2060词。Café 与 e\u0301 组合字符。')));
  });

  it('a list nested 50 deep', async () => {
    const body = Array.from({ length: 50 }, (_, i) => `${' '.repeat(i * 2)}- 第${i + 1}层`).join('\n');
    const doc = parseSource(md(body));
    await expectFidelity(doc);
  });

  it('a very long heading', async () => {
    await expectFidelity(parseSource(md(`# ${'很长的标题'.repeat(400)}\n\n正文。`)));
  });

  it('a 200,000-character paragraph with no break opportunity', async () => {
    await expectFidelity(parseSource(md('a'.repeat(200_000))));
  });

  it('10,000 paragraphs', async () => {
    const body = Array.from({ length: 10_000 }, (_, i) => `第${i + 1}段，工会工作。`).join('\n\n');
    await expectFidelity(parseSource(md(body)), ['docx', 'txt']);
    // The PDF is read back page by page; check its page count and ends instead of every page.
    const pdf = await readPdf(await renderDocument(parseSource(md(body)), 'pdf'));
    expect(pdf.pages.length).toBeGreaterThan(200);
    expect(pdf.pages.at(-1)!.text.replace(/\s/g, '')).toContain('第10000段，工会工作。');
  });
});

describe('text no font can draw', () => {
  it('right-to-left Hebrew and emoji fail with the character, code point and position', async () => {
    const doc = parseSource(md('עברית\n\n表情😀和𠀾。'), 'a.md');
    for (const format of ['pdf', 'docx']) {
      const error = await renderDocument(doc, format).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WenshuError);
      const messages = (error as WenshuError).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
      expect(messages).toContain('4:1 no font has a glyph for 「ע」 U+05E2 (tried Noto Serif SC Regular)');
      expect(messages.some((m) => m.startsWith('6:3 no font has a glyph for 「😀」 U+1F600'))).toBe(true);
      expect(messages.some((m) => m.startsWith('6:5 no font has a glyph for 「𠀾」 U+2003E'))).toBe(true);
    }
    // Plain text needs no font: it is written as it is.
    await expectFidelity(doc, ['txt']);
  });

  it('the CLI exits 1, names each character and writes no file at all', () => {
    const dir = tempDir();
    const src = join(dir, 'emoji.md');
    writeFileSync(src, md('表情😀。'));
    const r = wenshu(['export', src, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${src}:4:3: no font has a glyph for 「😀」 U+1F600 (tried Noto Serif SC Regular) [missing-glyph]\n`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a declared fallback font draws what the role fonts lack, and every use is reported', async () => {
    const dir = tempDir();
    const src = join(dir, 'rare.md');
    writeFileSync(src, md('生僻字𠀾在这里。', `fonts:\n  fallback: ${kaiFont}\n`));
    const r = wenshu(['export', src, '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      `warning: ${src}:6:4: 「𠀾」 U+2003E is not in Noto Serif SC Regular: drawn with the fallback font LXGW WenKai (${kaiFont}) [font-fallback]`,
    );
    const pdf = await readPdf(readFileSync(join(dir, 'rare.pdf')));
    const glyph = pdf.pages[0]!.glyphs.find((g) => g.char === '𠀾');
    expect(glyph?.font).toMatch(/LXGWWenKai/);
    expect(fidelityKey(await readBack('docx', readFileSync(join(dir, 'rare.docx'))))).toContain('生僻字𠀾在这里。');
  });

  it('a missing fallback file is an input error naming it', () => {
    const dir = tempDir();
    const src = join(dir, 'a.md');
    writeFileSync(src, md('正文。', 'fonts:\n  fallback: [nowhere.ttf]\n'));
    const r = wenshu(['export', src, '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/fonts\.fallback\[0\]: font file "nowhere\.ttf" not found/);
  });
});

describe('random documents from a Unicode soup', () => {
  // Pieces that stress every layer: hanzi, punctuation pairs, Latin and digits, combining marks,
  // zero-width characters and Markdown syntax (common); characters no font draws, bidi controls,
  // HTML, code, links and control characters (rare, as each makes the whole document fail).
  const common = fc.constantFrom(
    '工', '会', '意', '识', '，', '。', '、', '“', '”', '《', '》', '（', '）', '——', '……', '：', '；', '！', '？',
    'a', 'Z', '7', ' ', 'Word', '2026', 'e\u0301', '\u200b', '\u200d', '*', '**', '_', '#', '> ', '- ', '1. ', '\n', '\n\n', '\\',
  );
  const rare = fc.constantFrom('𠀾', '😀', 'א', '\u202e', '<b>', '`', '[a](b)', '|', '\u0007', '\ufeff');
  const body = fc.array(fc.oneof({ arbitrary: common, weight: 60 }, { arbitrary: rare, weight: 1 }), { minLength: 1, maxLength: 80 }).map((parts) => parts.join(''));

  it('each run either exports and reads back equal, or fails with our own typed error', async () => {
    let exported = 0;
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        let doc: Document;
        try {
          doc = parseSource(md(text), 'soup.md');
        } catch (error) {
          expect(error).toBeInstanceOf(WenshuError);
          return;
        }
        for (const format of ['txt', 'docx', 'pdf']) {
          const want = expected(doc, format);
          let bytes: Uint8Array;
          try {
            bytes = await renderDocument(doc, format);
          } catch (error) {
            expect(error, String(error)).toBeInstanceOf(WenshuError);
            continue;
          }
          expect(fidelityKey(await readBack(format, bytes)), format).toBe(want);
          exported++;
        }
      }),
      { numRuns: 40, seed: 20261123 },
    );
    // Most documents must get through every exporter, or the property says little.
    expect(exported).toBeGreaterThan(60);
  });
});

describe('faults while writing', () => {
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

  it('two exports of the same source into one folder at once both finish with complete files', async () => {
    const out = tempDir();
    const run = () =>
      new Promise<number | null>((done) => {
        const child = spawn(process.execPath, [join(root, 'dist/cli.cjs'), 'export', essayPath, '--out', out, '-q']);
        child.on('exit', done);
      });
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    expect(readdirSync(out).sort()).toEqual(['essay.docx', 'essay.pdf', 'essay.txt']);
    const pdf = await readPdf(readFileSync(join(out, 'essay.pdf')));
    expect(pdf.pages.length).toBeGreaterThan(0);
    // Same source, same bytes: both writers produced the identical, complete file.
    const solo = tempDir();
    expect(wenshu(['export', essayPath, '--out', solo, '-q']).code).toBe(0);
    for (const f of ['essay.docx', 'essay.pdf', 'essay.txt']) expect(sha(join(out, f))).toBe(sha(join(solo, f)));
  });

  it('an export killed by a signal while its files are being written leaves the previous files intact and no temporary file', async () => {
    const out = tempDir();
    // A long document, so that the process is still at work when the signal comes.
    const big = join(out, 'essay.md');
    writeFileSync(big, md(Array.from({ length: 30000 }, (_, i) => `第${i}段，工会工作面临许多新情况、新问题。`).join('\n\n')));
    writeFileSync(join(out, 'essay.pdf'), 'the previous PDF');
    writeFileSync(join(out, 'essay.docx'), 'the previous DOCX');
    const temporaries = () => readdirSync(out).filter((n) => n.includes('wenshu-tmp'));
    // Through the bin and as `node dist/cli.cjs` (how Windows and the batch's workers start it).
    for (const [signal, command, prefix] of [
      ['SIGTERM', bin, []],
      ['SIGINT', process.execPath, [bin]],
      ['SIGKILL', bin, []],
    ] as const) {
      const child = spawn(command, [...prefix, 'export', big, '--out', out, '-q']);
      const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, sig) => r(sig)));
      // Killed once the first format (the PDF) sits in its temporary file, while the others render.
      const deadline = Date.now() + 100_000;
      while (temporaries().length === 0 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      expect(temporaries().length, 'no temporary file appeared before the export ended').toBeGreaterThan(0);
      child.kill(signal);
      // Killed, not finished: the test means nothing otherwise.
      expect(await exited).toBe(signal);
      expect(readFileSync(join(out, 'essay.pdf'), 'utf8')).toBe('the previous PDF');
      expect(readFileSync(join(out, 'essay.docx'), 'utf8')).toBe('the previous DOCX');
      // A caught signal removes the temporary files; SIGKILL cannot be caught.
      if (signal !== 'SIGKILL') expect(temporaries()).toEqual([]);
    }
    // What SIGKILL left behind, the next export into the folder removes.
    expect(wenshu(['export', essayPath, '--to', 'txt', '--out', out, '-q']).code).toBe(0);
    expect(temporaries()).toEqual([]);
  });

  it('the outputs, SHA256SUMS and the bundle of one export are replaced together or not at all', async () => {
    const out = tempDir();
    const src = join(out, 'essay.md');
    writeFileSync(src, readFileSync(essayPath));
    expect(wenshu(['export', src, '--out', out, '--manifest', '--bundle', '-q']).code).toBe(0);
    const outputs = () => Object.fromEntries(readdirSync(out).filter((n) => n !== 'essay.md').map((n) => [n, sha(join(out, n))]));
    const before = outputs();
    // A longer edition of the source, killed once its PDF sits in a temporary file.
    writeFileSync(src, md(Array.from({ length: 30000 }, (_, i) => `第${i}段，工会工作面临许多新情况、新问题。`).join('\n\n')));
    const child = spawn(bin, ['export', src, '--out', out, '--manifest', '--bundle', '-q']);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, sig) => r(sig)));
    const temporaries = () => readdirSync(out).filter((n) => n.includes('wenshu-tmp'));
    const deadline = Date.now() + 100_000;
    while (temporaries().length === 0 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    // Every file as it was, so the folder still verifies against its manifest.
    expect(outputs()).toEqual(before);
    expect(Object.keys(before).sort()).toEqual(['SHA256SUMS', 'essay.docx', 'essay.pdf', 'essay.txt', 'essay.zip']);
    expect(wenshu(['verify', out]).code).toBe(0);
    // A failure when the last of them is to be written (a folder where SHA256SUMS goes): none is replaced.
    const third = tempDir();
    writeFileSync(join(third, 'essay.md'), readFileSync(essayPath));
    expect(wenshu(['export', join(third, 'essay.md'), '--out', third, '--to', 'txt', '-q']).code).toBe(0);
    const txt = sha(join(third, 'essay.txt'));
    writeFileSync(join(third, 'essay.md'), readFileSync(essayPath, 'utf8').replace('随着改革开放', '随着改革开放不断'));
    mkdirSync(join(third, 'SHA256SUMS'));
    const r = wenshu(['export', join(third, 'essay.md'), '--out', third, '--to', 'txt', '--manifest', '--bundle']);
    expect(r.code, r.stderr).toBe(3);
    expect(sha(join(third, 'essay.txt'))).toBe(txt);
    expect(existsSync(join(third, 'essay.zip'))).toBe(false);
    expect(readdirSync(third).filter((n) => n.includes('wenshu-tmp'))).toEqual([]);
  });

  it('an output folder that cannot be created is an output failure, exit 3', () => {
    const r = wenshu(['export', essayPath, '--to', 'txt', '--out', '/proc/wenshu-out']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('error: /proc/wenshu-out: cannot be created here: the file system refuses it\n');
  });
});
