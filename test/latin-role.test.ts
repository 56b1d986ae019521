/**
 * The `latin` font role: Latin letters and digits of 仿宋 text in a face of the hanzi's weight
 * (bundled: Noto Serif SC Light, FandolFang's own Latin being far heavier), of 宋 and 仿宋 text in
 * a user's `fonts: latin:`; read back from the PDF (pdf.js: the font of every glyph) and the DOCX
 * (w:rFonts of the runs, the embedded font table).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSource, parseSource, renderDocument } from '../src/api.js';
import { openFace, resolveFaces, splitWithLatin } from '../src/fonts/index.js';
import { gongwen } from '../src/styles/gongwen.js';
import { gridPitch } from '../src/styles/index.js';
import { tempDir, wenshu } from './helpers/cli.js';
import { partText, subsetTag, unzipDocx } from './helpers/docx.js';
import { readPdf, type PdfGlyph } from './helpers/pdf.js';

const USER_LATIN = resolve('fonts/LXGWWenKai-Regular.ttf'); // any font file will do as "the user's Latin face"
const BODY = '2025年增长28.9%，详见https://www.example.org/r 与GB/T 9704-2012，**加粗ABC 123**，全角ＡＢＣ１２３。';
const source = (fonts = '') => `---
title: 关于印发通知的说明
${fonts}---
${BODY}
`;
const render = (text: string, preset: string, format: 'pdf' | 'docx') => renderDocument(parseSource(text, join(process.cwd(), 'latin.md')), format, { preset });

/** The fonts that draw each kind of character of the body (the title excluded: it is not 宋 or 仿宋). */
function fontsOf(glyphs: readonly PdfGlyph[], body: number): Record<string, Set<string>> {
  const out: Record<string, Set<string>> = { latin: new Set(), hanzi: new Set(), fullWidth: new Set() };
  for (const g of glyphs) {
    if (Math.abs(g.size - body) > 0.01) continue;
    const kind = /^[A-Za-z0-9]$/.test(g.char) ? 'latin' : /^[Ａ-Ｚ１-９]$/.test(g.char) ? 'fullWidth' : /^\p{Script=Han}$/u.test(g.char) ? 'hanzi' : undefined;
    if (kind) out[kind]!.add(g.font);
  }
  return out;
}

describe('the latin role', () => {
  it('splits only the Latin stretches of 仿宋 text off to the Latin face', () => {
    const faces = resolveFaces();
    const runs = splitWithLatin('增长28.9%，见https://a.org/b。ＡＢＣ', faces, 'fang', false);
    expect(runs.map((r) => [r.text, r.face.id])).toEqual([
      ['增长', 'fang'], ['28.9%', 'latin'], ['，见', 'fang'], ['https://a.org/b', 'latin'], ['。ＡＢＣ', 'fang'],
    ]);
    // 宋, 黑 and 楷 keep their own Latin; so does bold 仿宋 (its face is a bold 黑).
    for (const role of ['serif', 'sans', 'kai'] as const) expect(splitWithLatin('a1字', faces, role, false)).toHaveLength(1);
    expect(splitWithLatin('a1字', faces, 'fang', true)).toHaveLength(1);
  });

  it('公文: Latin letters and digits of the 仿宋 body in Noto Serif SC Light, hanzi and full-width forms in FandolFang, bold in its own face', async () => {
    const pdf = await readPdf(await render(source(), 'gongwen', 'pdf'));
    const glyphs = pdf.pages.flatMap((p) => p.glyphs);
    const fonts = fontsOf(glyphs.filter((g) => !/[ABC]/.test(g.char) || !/Bold/.test(g.font)), 16);
    expect([...fonts.hanzi!].filter((f) => !/Bold/.test(f))).toEqual(['FandolFang-Regular']);
    expect([...fonts.fullWidth!]).toEqual(['FandolFang-Regular']);
    expect([...fonts.latin!].filter((f) => !/Bold/.test(f))).toEqual(['NotoSerifSC-Light']);
    // Every ASCII letter and digit of the plain text is in it, the bold ones are not.
    const bold = glyphs.filter((g) => /Bold/.test(g.font) && /^[A-C1-3]$/.test(g.char));
    expect(bold.map((g) => g.char).join('')).toBe('ABC123');
    expect(pdf.pages[0]!.text.replace(/\s/g, '')).toContain('28.9%');

    const docx = unzipDocx(await render(source(), 'gongwen', 'docx'));
    const xml = partText(docx, 'word/document.xml');
    const light = `Noto Serif SC Light ${subsetTag(docx)}`;
    // (Its digits half-width: narrowed by character spacing, see below.)
    expect(xml).toMatch(new RegExp(`<w:rFonts w:ascii="${light}" w:hAnsi="${light}"[^>]*/><w:spacing w:val="-?\\d+"/></w:rPr><w:t xml:space="preserve">28\\.9%</w:t>`));
    expect(partText(docx, 'word/fontTable.xml')).toMatch(new RegExp(`<w:font w:name="${light}">(?:(?!</w:font>)[\\s\\S])*<w:embedRegular `));
  });

  it('handout: the 宋 body keeps Noto Serif SC Regular for its Latin', async () => {
    const pdf = await readPdf(await render(source(), 'handout', 'pdf'));
    const fonts = fontsOf(pdf.pages.flatMap((p) => p.glyphs).filter((g) => !/Bold/.test(g.font)), 12);
    expect([...fonts.latin!]).toEqual(['NotoSerifSC-Regular']);
  });

  it('a user’s fonts: latin: sets the Latin of 宋 text too, in the PDF and the DOCX', async () => {
    const text = source(`fonts:\n  latin: ${USER_LATIN}\n`);
    const pdf = await readPdf(await render(text, 'handout', 'pdf'));
    const fonts = fontsOf(pdf.pages.flatMap((p) => p.glyphs).filter((g) => !/Bold/.test(g.font)), 12);
    expect([...fonts.latin!]).toEqual(['LXGWWenKai-Regular']);
    expect([...fonts.hanzi!]).toEqual(['NotoSerifSC-Regular']);
    const docx = unzipDocx(await render(text, 'handout', 'docx'));
    const xml = partText(docx, 'word/document.xml');
    const kai = `LXGW WenKai ${subsetTag(docx)}`;
    expect(xml).toMatch(new RegExp(`<w:rFonts w:ascii="${kai}" w:hAnsi="${kai}"[^>]*/></w:rPr><w:t xml:space="preserve">28\\.9%</w:t>`));
  });

  it('refuses a latin font file that does not exist, at its key', async () => {
    expect(() => parseSource(source('fonts:\n  latin: nowhere.ttf\n'), join(process.cwd(), 'latin.md'))).not.toThrow();
    await expect(render(source('fonts:\n  latin: nowhere.ttf\n'), 'handout', 'pdf')).rejects.toThrow(/latin\.md:4:10: fonts\.latin: font file "nowhere\.ttf" not found/);
  });
});

describe('half-width digits (公文: digits: half-width)', () => {
  const latin = () => openFace(resolveFaces().latin.regular);
  /** The body's digit and Latin letter glyphs in the PDF of BODY under a preset (a name or an own preset's YAML). */
  async function bodyGlyphs(preset: string): Promise<PdfGlyph[]> {
    const dir = tempDir();
    writeFileSync(join(dir, 'house.yaml'), preset);
    writeFileSync(join(dir, 'a.md'), source('preset: house.yaml\n'));
    const pdf = await readPdf(await renderDocument(await loadSource(join(dir, 'a.md')), 'pdf'));
    return pdf.pages.flatMap((p) => p.glyphs).filter((g) => Math.abs(g.size - 16) < 0.01 && /NotoSerifSC-Light/.test(g.font));
  }

  it('splits digits and the marks inside numbers off to the half-width forms, Latin letters stay proportional', () => {
    const runs = splitWithLatin('增长28.9%，见https://a.org/b，于2026-12-20、1.前。', resolveFaces(), 'fang', false, 'half-width');
    expect(runs.map((r) => [r.text, r.face.id])).toEqual([
      ['增长', 'fang'], ['28.9%', 'latin~hwid'], ['，见', 'fang'], ['https://a.org/b', 'latin'], ['，于', 'fang'], ['2026-12-20', 'latin~hwid'],
      ['、', 'fang'], ['1', 'latin~hwid'], ['.', 'latin'], ['前。', 'fang'],
    ]);
  });

  it('draws each digit of the 公文 body half an em wide in the PDF, reading back as the digit; letters keep their widths', async () => {
    const glyphs = await bodyGlyphs('extends: gongwen\n');
    const digits = glyphs.filter((g) => /[0-9]/.test(g.char));
    expect(digits.map((g) => g.char).join('')).toBe('202528997042012');
    for (const g of digits) expect(g.width, g.char).toBeCloseTo(8, 3);
    // https, example, org, GB, T: each letter as wide as the face's own (proportional) glyph.
    const letters = glyphs.filter((g) => /[A-Za-z]/.test(g.char));
    expect(letters.length).toBeGreaterThan(15);
    for (const g of letters) expect(g.width, g.char).toBeCloseTo((latin().advance(g.char.codePointAt(0)!) * 16) / 1000, 3);
    expect(letters.some((g) => Math.abs(g.width - 8) > 0.5)).toBe(true);
  });

  it("an own preset's digits: proportional keeps the face's own digits", async () => {
    const digits = (await bodyGlyphs('extends: gongwen\ndigits: proportional\n')).filter((g) => /[0-9]/.test(g.char));
    expect(digits.length).toBeGreaterThan(10);
    for (const g of digits) expect(g.width, g.char).toBeCloseTo((latin().advance(g.char.codePointAt(0)!) * 16) / 1000, 3);
  });

  it('narrows the DOCX run of a number to half a cell per character with character spacing (Word applies no hwid)', async () => {
    const xml = partText(unzipDocx(await render(source(), 'gongwen', 'docx')), 'word/document.xml');
    const run = /<w:r><w:rPr>(?:(?!<\/w:rPr>).)*<w:spacing w:val="(-?\d+)"\/>(?:(?!<\/w:rPr>).)*<\/w:rPr><w:t xml:space="preserve">28\.9%<\/w:t>/u.exec(xml);
    expect(run).not.toBeNull();
    const half = (16 * gridPitch(gongwen)!.scale) / 2;
    const natural = [...'28.9%'].reduce((w, c) => w + (latin().advance(c.codePointAt(0)!) * 16) / 1000, 0);
    expect(Number(run![1])).toBe(Math.round((20 * (5 * half - natural)) / 5));
  });

  it('refuses another value of digits: in an own preset at its line and column', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), 'extends: gongwen\ndigits: half\n');
    writeFileSync(join(dir, 'a.md'), '---\ntitle: 通知\npreset: bad.yaml\n---\n正文。\n');
    const r = wenshu(['export', join(dir, 'a.md'), '-o', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.yaml:2:9: 'digits' must be one of proportional, half-width");
    expect(r.stderr).not.toMatch(/at .*\.js/);
  });
});
