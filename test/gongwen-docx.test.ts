/**
 * The 公文 preset (GB/T 9704-2012) in DOCX: what the XML says (heading styles by numbering level
 * with their fonts, the signature date with the PDF's insets, exact line spacing at Word's grid
 * pitch, the document grid, odd/even "— n —" footers), and what LibreOffice makes of it, read
 * back from glyph positions.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSource, parseSource, renderDocument } from '../src/api.js';
import { faceFor, openFace, resolveFaces } from '../src/fonts/index.js';
import type { Document } from '../src/model/index.js';
import { fidelityKey } from '../src/model/text.js';
import { gongwen } from '../src/styles/gongwen.js';
import { gridPitch, signatureInsets } from '../src/styles/index.js';
import { attr, libreOfficeToPdf, paragraphStyleIds, paragraphTexts, partText, SOFFICE, styleXml, unzipDocx } from './helpers/docx.js';
import { linesOf, readPdf, type PdfGlyph, type ReadPdf } from './helpers/pdf.js';
import { essayPath, firstDifference, seedKey } from './helpers/seed.js';

const pitch = gridPitch(gongwen)!;
const { page } = gongwen;
const area = { left: page.margin.left, right: page.width - page.margin.right, top: page.margin.top, bottom: page.height - page.margin.bottom };
/** Word's line pitch: whole twips, rounded down so that 22 lines fit the type area. */
const LINE_TW = Math.floor(pitch.line * 20);
const faces = resolveFaces();
const family = (role: Parameters<typeof faceFor>[1]) => openFace(faceFor(faces, role, false)).family;
const DATE = '2026年11月23日';

let essay: Document;
let documentXml: string;
let stylesXml: string;
let parts: Record<string, Uint8Array>;

beforeAll(async () => {
  essay = await loadSource(essayPath);
  parts = unzipDocx(await renderDocument(essay, 'docx', { preset: 'gongwen' }));
  documentXml = partText(parts, 'word/document.xml');
  stylesXml = partText(parts, 'word/styles.xml');
});

describe('gongwen DOCX: the XML', () => {
  it('styles headings by numbering level: 一、 黑体, （一） 楷体, 1. and （1） 仿宋, each indented two grid characters', async () => {
    const expected: Array<[string, string]> = [['Heading1', family('sans')], ['Heading2', family('kai')], ['Heading3', family('fang')], ['Heading4', family('fang')]];
    for (const [id, fam] of expected) {
      const s = styleXml(stylesXml, id);
      expect(attr(s, 'w:rFonts', 'w:eastAsia'), id).toBe(fam);
      expect(attr(s, 'w:sz', 'w:val'), id).toBe('32');
      expect(s, id).not.toMatch(/<w:b\/>/);
      expect(attr(s, 'w:ind', 'w:firstLine'), id).toBe(String(Math.round(2 * pitch.char * 20)));
      expect(attr(s, 'w:ind', 'w:firstLineChars'), id).toBe('200');
    }
    // The essay's 一要…意识。 are first level; a sample with every numbering, at Markdown levels that do not match.
    expect(paragraphStyleIds(documentXml).filter((id) => id.startsWith('Heading'))).toEqual(Array(5).fill('Heading1'));
    const md = '---\ntitle: 通知\n---\n### 一、总体要求\n\n# （一）工作目标\n\n# 1. 加强领导\n\n## （1）明确责任\n\n## 没有编号\n';
    const sample = partText(unzipDocx(await renderDocument(parseSource(md, 'n.md'), 'docx', { preset: 'gongwen' })), 'word/document.xml');
    expect(paragraphStyleIds(sample)).toEqual(['Title', 'Heading1', 'Heading2', 'Heading3', 'Heading4', 'Heading2']);
    // Headings take their style's indent: no direct formatting undoes it.
    expect(sample).not.toMatch(/<w:pStyle w:val="Heading\d"\/><w:ind/);
  });

  it('sets every line at exact spacing of whole grid lines (579 tw), spaces included', () => {
    for (const id of ['Normal', 'Title', 'Heading1', 'Heading2', 'Heading3', 'Heading4', 'Quote', 'ListParagraph', 'Byline', 'Date', 'Separator']) {
      const s = styleXml(stylesXml, id);
      expect(attr(s, 'w:spacing', 'w:lineRule'), id).toBe('exact');
      expect(attr(s, 'w:spacing', 'w:line'), id).toBe(String(LINE_TW));
      for (const a of ['w:before', 'w:after']) expect(Number(attr(s, 'w:spacing', a)) % LINE_TW, `${id} ${a}`).toBe(0);
    }
    expect(attr(styleXml(stylesXml, 'Title'), 'w:spacing', 'w:after')).toBe(String(LINE_TW));
    expect(attr(styleXml(stylesXml, 'Byline'), 'w:spacing', 'w:before')).toBe(String(LINE_TW));
    expect(attr(styleXml(stylesXml, 'Date'), 'w:spacing', 'w:before')).toBe('0');
    // 22 lines at that pitch fit the type area; at the rounded pitch (580 tw) the 22nd would not.
    expect(22 * LINE_TW).toBeLessThanOrEqual(Math.round((area.bottom - area.top) * 20));
    expect(22 * Math.round(pitch.line * 20)).toBeGreaterThan((area.bottom - area.top) * 20);
  });

  it('has the 22 × 28 document grid', () => {
    expect(documentXml).toContain(`<w:docGrid w:type="linesAndChars" w:linePitch="${LINE_TW}" w:charSpace="-848"/>`);
    expect(Math.round((pitch.char - 16) * 4096)).toBe(-848);
  });

  it('ends with the date line of the signature block, right-indented as in the PDF', async () => {
    const texts = paragraphTexts(documentXml);
    const ids = paragraphStyleIds(documentXml);
    expect(texts.slice(-2)).toEqual(['（作者系中共马关县委副书记）', DATE]);
    expect(ids.slice(-2)).toEqual(['Byline', 'Date']);
    const paras = documentXml.match(/<w:p>[\s\S]*?<\/w:p>/g)!;
    // The byline keeps its style's two-character inset; the date starts two characters right of
    // the byline's start (its opening bracket cut at the line start, as clreq and the PDF do).
    const byline = 14 * pitch.char - pitch.char / 2;
    const date = 8 * 8 + 3 * pitch.char; // eight half-width digits of FandolFang, three hanzi on the grid
    const insets = signatureInsets(byline, date, pitch.char, gongwen.signature!);
    expect(attr(styleXml(stylesXml, 'Byline'), 'w:ind', 'w:right')).toBe(String(Math.round(insets.byline * 20)));
    expect(attr(paras.at(-1)!, 'w:ind', 'w:right')).toBe(String(Math.round(insets.date * 20)));
    // The same insets as the PDF's glyphs.
    const pdf = await readPdf(await renderDocument(essay, 'pdf', { preset: 'gongwen' }));
    const last = linesOf(pdf.pages.at(-1)!.glyphs).filter((l) => l[0]!.y < area.bottom);
    const cellEnd = (g: PdfGlyph) => g.x + (Math.abs(g.width - g.size) < 0.01 ? pitch.char : g.width);
    expect(area.right - cellEnd(last.at(-1)!.at(-1)!)).toBeCloseTo(insets.date, 1);
    expect(area.right - cellEnd(last.at(-2)!.at(-1)!)).toBeCloseTo(insets.byline, 1);
    // The end of the text keeps with the signature block, and the byline with its date.
    expect(paras.at(-3)).toMatch(/<w:keepNext\/>/);
    expect(paras.at(-2)).toMatch(/<w:keepNext\/>/);
  });

  it('numbers pages — n — in 宋体, odd pages at the right and even at the left, inset one character', () => {
    const settings = partText(parts, 'word/settings.xml');
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    expect(documentXml).toMatch(/<w:footerReference w:type="default" r:id="rIdFooter1"\/><w:footerReference w:type="even" r:id="rIdFooter2"\/>/);
    const odd = partText(parts, 'word/footer1.xml');
    const even = partText(parts, 'word/footer2.xml');
    for (const f of [odd, even]) {
      expect(f).toMatch(/<w:t xml:space="preserve">— <\/w:t>.*PAGE.*<w:t xml:space="preserve"> —<\/w:t>/);
      expect(paragraphStyleIds(f)).toEqual(['Footer']);
    }
    expect(odd).toContain('<w:ind w:right="320"/><w:jc w:val="right"/>');
    expect(even).toContain('<w:ind w:left="320"/><w:jc w:val="left"/>');
    const footer = styleXml(stylesXml, 'Footer');
    expect(attr(footer, 'w:rFonts', 'w:eastAsia')).toBe(family('serif'));
    expect(attr(footer, 'w:sz', 'w:val')).toBe('28');
  });
});

/**
 * LibreOffice (7.x) reads the grid as Word writes it, but sets characters on it differently.
 * Its cell is the Normal style's size plus charSpace, rounded in 1/100 mm: 16 pt − 848/4096 pt →
 * 555/100 mm = 15.73 pt. A character wider than a cell takes as many whole cells as it needs
 * (sw::Justify::SnapToGrid/SnapToGridEdge, lcl_MinGridWidth), so each 16 pt hanzi takes two, and
 * a full line of 28 cells holds 14 hanzi 31.47 pt apart. Word (and LibreOffice's newer
 * Word-compatible grid) instead narrows each character by 0.207 pt: 28 hanzi. The lines, though,
 * are on LibreOffice's grid exactly: 22 per full page at 579 tw.
 */
describe.skipIf(!SOFFICE && !process.env.CI)('gongwen DOCX rendered by LibreOffice without any CJK font installed', () => {
  let pdf: ReadPdf;
  const CELL = (555 / 2540) * 72;
  const LO_LINE = LINE_TW / 20;
  const HAN = /^\p{Script=Han}$/u;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-gw-lo-'));
    const docx = join(dir, 'essay.docx');
    writeFileSync(docx, await renderDocument(essay ?? (await loadSource(essayPath)), 'docx', { preset: 'gongwen' }));
    pdf = await readPdf(libreOfficeToPdf(docx));
  }, 240_000);

  const bodyLines = (p: number) => linesOf(pdf.pages[p]!.glyphs).filter((l) => l[0]!.y < area.bottom);

  it('reads back equal to the source, with the date added', () => {
    // The glyphs above the footer (LibreOffice does not mark page numbers as artifacts).
    const text = pdf.pages.map((_, i) => bodyLines(i).flat().map((g) => g.char).join('')).join('');
    expect(text).toContain(DATE);
    expect(firstDifference(fidelityKey(text.replace(DATE, '')), seedKey())).toBe('equal');
  });

  it('fills every full page with 22 lines on the grid pitch, the first at the top margin', () => {
    let full = 0;
    pdf.pages.forEach((_, i) => {
      const lines = bodyLines(i);
      expect(lines.length, `page ${i + 1}`).toBeLessThanOrEqual(22);
      if (lines.length < 22) return;
      full++;
      const tops = lines.map((l) => l[0]!.y);
      // One grid line apart; the baseline inside its line depends on the face's ascent (黑体 headings
      // sit 0.7 pt higher than 仿宋 text), hence 1 pt.
      tops.slice(1).forEach((y, k) => expect(Math.abs(y - tops[k]! - LO_LINE), `page ${i + 1} line ${k + 2}`).toBeLessThan(1));
      expect(Math.abs(tops.at(-1)! - tops[0]! - 21 * LO_LINE)).toBeLessThan(1);
      // The first baseline sits within the first grid line.
      expect(tops[0]! - area.top).toBeGreaterThan(0);
      expect(tops[0]! - area.top).toBeLessThan(LO_LINE);
    });
    expect(full).toBeGreaterThanOrEqual(3);
    // Short pages: the title page (the 22 pt title takes two grid lines a line in LibreOffice), the
    // last, and the one before it, whose last paragraph went over with the signature block (keepNext).
    const short = pdf.pages.map((_, i) => i).filter((i) => bodyLines(i).length < 22);
    expect(short).toEqual([0, pdf.pages.length - 2, pdf.pages.length - 1]);
    const last = bodyLines(pdf.pages.length - 1).map((l) => l.map((g) => g.char).join(''));
    expect(last[0]).toMatch(/^总之/);
    // The byline needs 28 cells on LibreOffice's grid and has 26 (its 2-character inset): it wraps there.
    expect(last.join('').endsWith(`（作者系中共马关县委副书记）${DATE}`)).toBe(true);
    expect(last.at(-1)).toBe(DATE);
  });

  it('fills every full line with 28 grid cells: 14 hanzi of two cells each (LibreOffice 7.x arithmetic)', () => {
    let checked = 0;
    for (let i = 1; i < pdf.pages.length - 1; i++) {
      for (const l of bodyLines(i)) {
        if (!l.every((g) => HAN.test(g.char)) || l[0]!.x > area.left + 1) continue;
        // A line of hanzi alone from the left margin: whole cells, two per 16 pt character.
        checked++;
        expect(l.length * Math.ceil(16 / CELL), l.map((g) => g.char).join('')).toBe(28);
        l.slice(1).forEach((g, k) => expect(g.x - l[k]!.x).toBeCloseTo(2 * CELL, 0));
      }
    }
    expect(checked).toBeGreaterThan(5);
    // The grid itself is 28 cells of the type area's width, as Word's is.
    expect(Math.floor((area.right - area.left) / CELL)).toBe(28);
  });

  it('numbers pages — n — at the outside edge, inset one character', () => {
    pdf.pages.forEach((p, i) => {
      const footer = linesOf(p.glyphs).filter((l) => l[0]!.y > area.bottom).flat();
      expect(footer.map((g) => g.char).join('').replace(/\s/g, ''), `page ${i + 1}`).toBe(`—${i + 1}—`);
      const first = footer[0]!;
      const last = footer.at(-1)!;
      if (i % 2 === 0) expect(area.right - (last.x + last.width)).toBeCloseTo(16, 0);
      else expect(first.x - area.left).toBeCloseTo(16, 0);
    });
  });
});
