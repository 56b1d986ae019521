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
import { signatureInsets } from '../src/styles/index.js';
import { pitch, page, area } from './helpers/gongwen.js';
import { attr, libreOfficeToPdf, paragraphStyleIds, paragraphTexts, partText, SOFFICE, styleXml, subsetTag, unzipDocx } from './helpers/docx.js';
import { has } from './helpers/programs.js';
import { cannotStartLine } from '../src/typeset/index.js';
import { linesOf, readPdf, type PdfGlyph, type ReadPdf } from './helpers/pdf.js';
import { essayPath, firstDifference, seedKey } from './helpers/seed.js';

/** Word's line pitch: whole twips, rounded down so that 22 lines fit the type area. */
const LINE_TW = Math.floor(pitch.line * 20);
const faces = resolveFaces();
/**
 * The family a style names for a role's face: its own, tagged for this export when the document
 * draws with it (see the font plan); a face it does not draw with is not embedded, untagged.
 */
const family = (role: Parameters<typeof faceFor>[1]) => {
  const own = openFace(faceFor(faces, role, false)).family;
  const tagged = `${own} ${subsetTag(parts)}`;
  return partText(parts, 'word/fontTable.xml').includes(`w:name="${tagged}"`) ? tagged : own;
};
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

  it('has the 22 × 28 grid: a line grid at the pitch, and characters condensed to the character pitch', () => {
    expect(documentXml).toContain(`<w:docGrid w:type="lines" w:linePitch="${LINE_TW}"/>`);
    // Every 16 pt style is condensed by whole twips, rounded down, so that 28 characters fit the line.
    const condense = Number(attr(styleXml(stylesXml, 'Normal'), 'w:spacing', 'w:val'));
    expect(condense).toBe(Math.floor((pitch.char - 16) * 20));
    expect(28 * (16 + condense / 20)).toBeLessThanOrEqual(area.right - area.left);
    expect(29 * (16 + condense / 20)).toBeGreaterThan(area.right - area.left);
    // No hanging punctuation in LibreOffice on the grid (it reads overflowPunct inverted and drops the hung mark).
    expect(stylesXml).toContain('<w:overflowPunct w:val="1"/>');
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
    // Eight digits in the Latin face (Noto Serif SC Light, as set in 仿宋 text), three hanzi on the grid.
    const digits = [...'20261123'].reduce((w, d) => w + (openFace(resolveFaces().latin.regular).advance(d.codePointAt(0)!) * 16) / 1000, 0);
    const date = digits + 3 * pitch.char;
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
 * LibreOffice's rendering, with no CJK font installed: the essay (every character back, the date
 * added) and, for full pages, a longer document of the essay's paragraphs without headings, so
 * that no keep-with-next rule shortens a page.
 */
describe.skipIf(!has('soffice'))('gongwen DOCX rendered by LibreOffice without any CJK font installed', () => {
  let pdf: ReadPdf;
  let long: ReadPdf;
  const LO_LINE = LINE_TW / 20;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-gw-lo-'));
    const docx = join(dir, 'essay.docx');
    writeFileSync(docx, await renderDocument(essay ?? (await loadSource(essayPath)), 'docx', { preset: 'gongwen' }));
    pdf = await readPdf(libreOfficeToPdf(docx));
    const paras = (essay ?? (await loadSource(essayPath))).blocks.filter((b) => b.type === 'paragraph');
    const body = [0, 1, 2].flatMap(() => paras.map((p) => (p.type === 'paragraph' && p.children[0]?.type === 'text' ? p.children[0].value : ''))).join('\n\n');
    const longDocx = join(dir, 'long.docx');
    writeFileSync(longDocx, await renderDocument(parseSource(`---\ntitle: 长文\n---\n${body}\n`, 'long.md'), 'docx', { preset: 'gongwen' }));
    long = await readPdf(libreOfficeToPdf(longDocx));
  }, 240_000);

  const bodyLines = (doc: ReadPdf, p: number) => linesOf(doc.pages[p]!.glyphs).filter((l) => l[0]!.y < area.bottom);

  it('reads back equal to the source, with the date added', () => {
    // The glyphs above the footer (LibreOffice does not mark page numbers as artifacts).
    const text = pdf.pages.map((_, i) => bodyLines(pdf, i).flat().map((g) => g.char).join('')).join('');
    expect(text).toContain(DATE);
    expect(firstDifference(fidelityKey(text.replace(DATE, '')), seedKey())).toBe('equal');
    expect(pdf.pages.length).toBe(4); // as many pages as our PDF
  });

  it('fills every page but the last with 22 lines on the grid pitch, the first at the top margin', () => {
    expect(long.pages.length).toBeGreaterThan(4);
    long.pages.slice(0, -1).forEach((_, i) => {
      const lines = bodyLines(long, i);
      const tops = lines.map((l) => l[0]!.y);
      if (i === 0) return; // the title page: 22 pt title lines, then the body
      expect(tops[0]! - area.top).toBeGreaterThan(0);
      expect(tops[0]! - area.top).toBeLessThan(LO_LINE);
      // 22 lines; 21 only where widow and orphan control moved one to the next page, which then
      // starts with a paragraph's first line or with its last two.
      if (lines.length !== 22) {
        const after = bodyLines(long, i + 1);
        const text = (l: PdfGlyph[] | undefined) => (l ?? []).map((g) => g.char).join('');
        const moved = after[0]![0]!.x > area.left + 1 || (after[1] !== undefined && text(after[1]).endsWith('。') && after[2]?.[0]!.x !== area.left);
        expect(lines.length === 21 && moved, `page ${i + 1}: ${lines.length} lines`).toBe(true);
      }
      // One grid line apart (LibreOffice rounds the pitch to 1/100 mm: 29.0 pt for 28.95 pt).
      tops.slice(1).forEach((y, k) => expect(Math.abs(y - tops[k]! - LO_LINE), `page ${i + 1} line ${k + 2}`).toBeLessThan(0.1));
      expect(tops.at(-1)! - area.top).toBeLessThan(area.bottom - area.top);
    });
  });

  it('sets 28 characters on every full line', () => {
    let checked = 0;
    for (const doc of [pdf, long]) {
      doc.pages.forEach((_, i) => {
        const lines = bodyLines(doc, i);
        lines.forEach((l, k) => {
          // A middle line of a paragraph: it starts at the margin, and so does the line after it
          // (a first line is indented two characters, a heading too).
          const next = lines[k + 1];
          if (l[0]!.x > area.left + 1 || !next || next[0]!.x > area.left + 1) return;
          checked++;
          // 28, or 27 where a character went down with a mark that may not start a line (况、).
          const pushed = l.length === 27 && cannotStartLine(next[1]?.char ?? '');
          expect(l.length === 28 || pushed, `${l.length}: ${l.map((g) => g.char).join('')}`).toBe(true);
          // Either way the line is justified to the right margin.
          expect(l.at(-1)!.x + l.at(-1)!.width).toBeGreaterThan(area.right - 16.5);
        });
      });
    }
    expect(checked).toBeGreaterThan(50);
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
