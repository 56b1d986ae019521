/**
 * 公文 lists (GB/T 9704-2012 7.3.3: 每个自然段左空二字，回行顶格; the numbers 1. （1） open natural
 * paragraphs): an item's marker two characters in at the start of its first line, its wrapped lines
 * at the left margin, every line on the 22-line grid with no blank line after the list; in the PDF
 * and in LibreOffice's rendering of the DOCX, which keeps a real Word list.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSource, parseSource, renderDocument } from '../src/api.js';
import { presets } from '../src/styles/index.js';
import { tempDir, wenshu } from './helpers/cli.js';
import { TOL, TOL_LO, L, CH, area } from './helpers/gongwen.js';
import { attr, libreOfficeToPdf, partText, unzipDocx } from './helpers/docx.js';
import { linesOf, readPdf, type PdfGlyph, type ReadPdf } from './helpers/pdf.js';
import { has } from './helpers/programs.js';

const SOURCE = `---
title: 关于做好元旦春节送温暖活动的通知
preset: gongwen
---
会议明确以下事项：

1. 慰问资金和物资于2027年1月15日前发放到位，严禁以物代款、截留挪用，各级工会要建立台账逐户登记。
2. 各级工会领导班子成员带队走访。
   1. 走访名单由县级工会汇总报送，市总工会统一审核后下发各单位执行。
3. 做好宣传报道。

请各单位认真贯彻落实。
`;

const textOf = (l: PdfGlyph[]) => l.map((g) => g.char).join('');

/** The body's lines from the first item to the paragraph after the list, top to bottom. */
function listLines(pdf: ReadPdf): PdfGlyph[][] {
  const lines = linesOf(pdf.pages[0]!.glyphs);
  const from = lines.findIndex((l) => textOf(l).startsWith('1.慰问'));
  const to = lines.findIndex((l) => textOf(l).startsWith('请各单位'));
  expect(from, lines.map(textOf).join(' / ')).toBeGreaterThan(0);
  expect(to).toBeGreaterThan(from);
  return lines.slice(from, to + 1);
}

/** Each item's first line: its marker two grid characters in; the lines after it flush left; the grid pitch throughout. */
function expectNaturalParagraphs(lines: PdfGlyph[][], tol: number): void {
  const texts = lines.map(textOf);
  const starts = ['1.慰问', '2.各级', '（1）走访', '3.做好', '请各单位'].map((s) => texts.findIndex((t) => t.startsWith(s)));
  for (const [n, i] of starts.entries()) {
    expect(i, `${n}: ${texts.join(' / ')}`).toBeGreaterThanOrEqual(0);
    expect(Math.abs(lines[i]![0]!.x - (area.left + 2 * CH)), texts[i]).toBeLessThan(tol);
  }
  // The first and the nested item wrap (the test needs them to): their second lines start at the margin.
  for (const i of [starts[0]!, starts[2]!]) {
    expect(starts).not.toContain(i + 1);
    expect(Math.abs(lines[i + 1]![0]!.x - area.left), texts[i + 1]).toBeLessThan(tol);
  }
  // One grid line after another, the paragraph after the list too (no blank line).
  for (let i = 1; i < lines.length; i++) expect(Math.abs(lines[i]![0]!.y - lines[i - 1]![0]!.y - L), texts[i]).toBeLessThan(tol);
}

let pdf: ReadPdf;
let docx: Uint8Array;
beforeAll(async () => {
  const doc = parseSource(SOURCE, 'notice.md');
  pdf = await readPdf(await renderDocument(doc, 'pdf', { preset: 'gongwen' }));
  docx = await renderDocument(doc, 'docx', { preset: 'gongwen' });
});

describe('gongwen lists are natural paragraphs', () => {
  it('PDF: the marker two characters in, wrapped lines flush left, on the grid, no blank line after the list', () => {
    expectNaturalParagraphs(listLines(pdf), TOL);
  });

  it('DOCX: a Word list whose levels open an indented first line, the marker with nothing after it', () => {
    const parts = unzipDocx(docx);
    const numbering = partText(parts, 'word/numbering.xml');
    const level = (ilvl: number) => /<w:abstractNum\b[^>]*w:abstractNumId="1"[^>]*>([\s\S]*?)<\/w:abstractNum>/.exec(numbering)![1]!.match(/<w:lvl\b[\s\S]*?<\/w:lvl>/g)![ilvl]!;
    expect(attr(level(0), 'w:lvlText', 'w:val')).toBe('%1.');
    expect(attr(level(1), 'w:lvlText', 'w:val')).toBe('（%2）');
    for (const l of [level(0), level(1)]) {
      expect(attr(l, 'w:suff', 'w:val')).toBe('nothing');
      expect(attr(l, 'w:ind', 'w:left')).toBe('0');
      expect(attr(l, 'w:ind', 'w:firstLineChars')).toBe('200');
    }
    // Every item is numbered by Word, not written out.
    const document = partText(parts, 'word/document.xml');
    expect(document.match(/<w:numPr>/g)).toHaveLength(4);
    expect(document).not.toContain('>1.<');
  });
});

describe.skipIf(!has('soffice'))('gongwen lists in the DOCX, rendered by LibreOffice', () => {
  it('sets them as the PDF does, within 1 mm', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-gwlist-'));
    writeFileSync(join(dir, 'notice.docx'), docx);
    const lines = listLines(await readPdf(libreOfficeToPdf(join(dir, 'notice.docx'))));
    expectNaturalParagraphs(lines, TOL_LO);
    // The markers' digits in the face of the text's digits (the Latin role), not a fallback sans.
    const digitFonts = new Set(lines.flat().filter((g) => /[0-9]/.test(g.char)).map((g) => g.font));
    expect(digitFonts.size).toBeGreaterThan(0);
    expect([...digitFonts].filter((f) => !/NotoSerifSC-Light/.test(f))).toEqual([]);
  }, 240_000);
});

describe('lists: in an own preset', () => {
  const item = '1. 慰问资金和物资于2027年1月15日前发放到位，严禁以物代款、截留挪用，各级工会要建立台账逐户登记，做到账目清楚、手续完备、发放及时，确保每一笔资金都用在职工身上。';
  /** The x of the marker's line and of the line after it, in the PDF of a one-item list under `house.yaml`. */
  async function markerAndWrap(yaml: string): Promise<{ marker: number; wrap: number; left: number; size: number }> {
    const dir = tempDir();
    writeFileSync(join(dir, 'house.yaml'), yaml);
    writeFileSync(join(dir, 'a.md'), `---\ntitle: 通知\npreset: house.yaml\n---\n${item}\n`);
    const pdf = await readPdf(await renderDocument(await loadSource(join(dir, 'a.md')), 'pdf'));
    const lines = linesOf(pdf.pages[0]!.glyphs);
    const at = lines.findIndex((l) => textOf(l).includes('慰问'));
    const left = presets[/extends: (\S+)/.exec(yaml)![1]!]!.page.margin.left;
    return { marker: lines[at]![0]!.x, wrap: lines[at + 1]![0]!.x, left, size: lines[at + 1]![0]!.size };
  }

  it("'inline' makes a handout's items natural paragraphs; 'hanging' gives 公文 hanging ones", async () => {
    const inline = await markerAndWrap('extends: handout\nlists: inline\n');
    expect(Math.abs(inline.marker - (inline.left + 2 * inline.size))).toBeLessThan(TOL);
    expect(Math.abs(inline.wrap - inline.left)).toBeLessThan(TOL);
    const hanging = await markerAndWrap('extends: gongwen\nlists: hanging\n');
    // The marker left of the text, which starts (and wraps) two characters in.
    expect(Math.abs(hanging.wrap - (hanging.left + 2 * CH))).toBeLessThan(TOL);
    expect(hanging.marker).toBeLessThan(hanging.wrap - 0.5 * CH);
  });

  it('refuses another value at its line and column', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), 'extends: gongwen\nlists: inlined\n');
    writeFileSync(join(dir, 'a.md'), '---\ntitle: 通知\npreset: bad.yaml\n---\n正文。\n');
    const r = wenshu(['export', join(dir, 'a.md'), '-o', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.yaml:2:8: 'lists' must be one of hanging, inline");
    expect(r.stderr).not.toMatch(/at .*\.js/);
  });
});
