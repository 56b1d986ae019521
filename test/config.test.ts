import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSource } from '../src/api.js';
import { WenshuError } from '../src/errors.js';
import { tempDir, wenshu } from './helpers/cli.js';
import { readPdf } from './helpers/pdf.js';
import { root } from './helpers/seed.js';

const source = '---\ntitle: 通知\n---\n正文。\n';

describe('config file (wenshu.yaml)', () => {
  it('supplies preset and fonts for every source beside it; font paths are relative to the config', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'myfonts'));
    writeFileSync(join(dir, 'myfonts', 'kai.ttf'), readFileSync(join(root, 'fonts/LXGWWenKai-Regular.ttf')));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'wenshu.yaml'), 'preset: gongwen\nfonts:\n  serif: ../myfonts/kai.ttf\n');
    writeFileSync(join(dir, 'docs', 'a.md'), source);
    const doc = await loadSource(join(dir, 'docs', 'a.md'));
    expect(doc.meta.preset).toBe('gongwen');
    // (With where the config names it, for messages about the font.)
    expect(doc.meta.fonts?.serif).toEqual({ path: join(dir, 'myfonts', 'kai.ttf'), at: { file: join(dir, 'docs', 'wenshu.yaml'), line: 3, column: 10 } });

    // Front matter wins over the config.
    writeFileSync(join(dir, 'docs', 'b.md'), '---\ntitle: 通知\npreset: handout\n---\n正文。\n');
    expect((await loadSource(join(dir, 'docs', 'b.md'))).meta.preset).toBe('handout');
    expect((await loadSource(join(dir, 'docs', 'a.md'), { config: false })).meta.preset).toBeUndefined();

    // The mapped font is the one drawn: the handout body (serif role) set in the user's 楷 file.
    const r = wenshu(['export', join(dir, 'docs', 'b.md'), '--to', 'pdf', '--out', dir, '-q']);
    expect(r.code).toBe(0);
    const pdf = await readPdf(readFileSync(join(dir, 'b.pdf')));
    expect(pdf.pages[0]!.glyphs.find((g) => g.char === '正')!.font).toMatch(/LXGWWenKai/);
  });

  it('reports bad settings with file, line and a did-you-mean hint', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'wenshu.yaml'), 'preset: gongwen\nfont:\n  serif: x.ttf\n');
    writeFileSync(join(dir, 'a.md'), source);
    const error = await loadSource(join(dir, 'a.md')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WenshuError);
    expect((error as WenshuError).message).toBe(`${join(dir, 'wenshu.yaml')}:2:1: unknown key in the config file 'font' (did you mean 'fonts'?)`);
    const r = wenshu(['export', join(dir, 'a.md'), '--config', join(dir, 'missing.yaml'), '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${join(dir, 'missing.yaml')}: no such config file\n`);
  });
});
