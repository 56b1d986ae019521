/**
 * The `latin` font role: Latin letters and digits of 仿宋 text in a face of the hanzi's weight
 * (bundled: Noto Serif SC Light, FandolFang's own Latin being far heavier), of 宋 and 仿宋 text in
 * a user's `fonts: latin:`; read back from the PDF (pdf.js: the font of every glyph) and the DOCX
 * (w:rFonts of the runs, the embedded font table).
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource, renderDocument } from '../src/api.js';
import { resolveFaces, splitWithLatin } from '../src/fonts/index.js';
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
    expect(xml).toMatch(new RegExp(`<w:rFonts w:ascii="${light}" w:hAnsi="${light}"[^>]*/></w:rPr><w:t xml:space="preserve">28\\.9%</w:t>`));
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
