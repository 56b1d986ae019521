import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sheetOrder, sheetSize } from '../src/exporters/pdf/impose.js';
import { mm } from '../src/styles/types.js';
import { tempDir, wenshu } from './helpers/cli.js';
import { readPdf, type PdfGlyph, type PdfPage } from './helpers/pdf.js';
import { writeFileSync } from 'node:fs';

const paragraph = (i: number) => `第${i}段。工会工作要适应新形势、完成新任务、实现新发展，更好地服务职工群众，做好维权帮扶、困难救助和文体活动等日常工作，切实帮助职工解决实际问题。`;
const source = (paragraphs: number, preset: string) =>
  `---\ntitle: 工会简报\npreset: ${preset}\n---\n${Array.from({ length: paragraphs }, (_, i) => paragraph(i + 1)).join('\n\n')}\n`;

describe('sheet order', () => {
  it('2up keeps reading order; booklet order folds into reading order, blanks made up to a multiple of four', () => {
    expect(sheetOrder(5, '2up')).toEqual([[0, 1], [2, 3], [4, null]]);
    expect(sheetOrder(8, 'booklet')).toEqual([[7, 0], [1, 6], [5, 2], [3, 4]]);
    expect(sheetOrder(6, 'booklet')).toEqual([[null, 0], [1, null], [5, 2], [3, 4]]);
    expect(sheetOrder(1, 'booklet')).toEqual([[null, 0], [null, null]]);
    // Folded: the sheets stacked (first outside), each folded in the middle, read front right,
    // back left, back right, … : unfold the nest and the pages come out 1 … N.
    for (const n of [4, 7, 12, 30]) {
      const sides = sheetOrder(n, 'booklet');
      const sheets = sides.length / 2;
      const read: Array<number | null> = [];
      for (let s = 0; s < sheets; s++) read.push(sides[2 * s]![1], sides[2 * s + 1]![0]);
      for (let s = sheets - 1; s >= 0; s--) read.push(sides[2 * s + 1]![1], sides[2 * s]![0]);
      expect(read.filter((p) => p !== null)).toEqual([...Array(n).keys()]);
    }
  });

  it('puts two A5 pages on A4 landscape, two A4 on A3', () => {
    expect(sheetSize(mm(148), mm(210))).toEqual({ width: mm(297), height: mm(210) });
    expect(sheetSize(mm(210), mm(297))).toEqual({ width: mm(420), height: mm(297) });
    expect(sheetSize(100, 200)).toEqual({ width: 200, height: 200 });
  });
});

/** The glyphs of one half of a sheet, moved back to where they would be on a page of their own. */
const half = (sheet: PdfPage, x0: number, y0: number, width: number): PdfGlyph[] =>
  sheet.glyphs.filter((g) => g.x >= x0 - 0.01 && g.x < x0 + width - 0.01).map((g) => ({ ...g, x: g.x - x0, y: g.y - y0 }));
const place = (glyphs: readonly PdfGlyph[]) => glyphs.map((g) => `${g.char}@${g.x.toFixed(2)},${g.y.toFixed(2)}`);

describe('--impose', () => {
  it('writes NAME.booklet.pdf beside the PDF: each page whole on its half of an A4 sheet, in booklet order', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'brief.md'), source(45, 'handout-a5'));
    const r = wenshu(['export', join(dir, 'brief.md'), '--to', 'pdf', '--impose', 'booklet', '-o', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${join(dir, 'brief.booklet.pdf')}`);
    const pages = (await readPdf(readFileSync(join(dir, 'brief.pdf')))).pages;
    const sheets = (await readPdf(readFileSync(join(dir, 'brief.booklet.pdf')))).pages;
    const n = pages.length;
    expect(n).toBeGreaterThanOrEqual(5); // so that blanks are needed
    expect(n % 4).not.toBe(0);
    expect(sheets.length).toBe(Math.ceil(n / 4) * 2);
    const order = sheetOrder(n, 'booklet');
    const { width: w, height: h } = pages[0]!;
    sheets.forEach((sheet, i) => {
      expect(sheet.width).toBeCloseTo(mm(297), 1);
      expect(sheet.height).toBeCloseTo(mm(210), 1);
      const y0 = (sheet.height - h) / 2;
      const [left, right] = order[i]!;
      // Every glyph of the page, at its place on the page, on the half the order gives it; a blank half has none.
      const l = half(sheet, sheet.width / 2 - w, y0, w);
      const rt = half(sheet, sheet.width / 2, y0, w);
      expect(place(l)).toEqual(left === null ? [] : place(pages[left]!.glyphs));
      expect(place(rt)).toEqual(right === null ? [] : place(pages[right]!.glyphs));
      expect(l.length + rt.length).toBe(sheet.glyphs.length);
    });
    // The first sheet's front: the last page (blank here) and page 1, its title on the right half.
    expect(half(sheets[0]!, sheets[0]!.width / 2, 0, w).map((g) => g.char).join('')).toContain('工会简报');
  });

  it('2up keeps reading order; refuses without a PDF and with PDF/A', async () => {
    const dir = tempDir();
    // Enough text for two pages and more, whatever a change to line breaking does to 12 paragraphs' line count.
    writeFileSync(join(dir, 'a.md'), source(24, 'handout'));
    expect(wenshu(['export', join(dir, 'a.md'), '--to', 'pdf', '--impose', '2up', '-o', dir, '-q']).code).toBe(0);
    const pages = (await readPdf(readFileSync(join(dir, 'a.pdf')))).pages;
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const sheets = (await readPdf(readFileSync(join(dir, 'a.2up.pdf')))).pages;
    expect(sheets.length).toBe(Math.ceil(pages.length / 2));
    expect(sheets[0]!.width).toBeCloseTo(mm(420), 1);
    expect(place(half(sheets[0]!, sheets[0]!.width / 2, (sheets[0]!.height - pages[0]!.height) / 2, pages[0]!.width))).toEqual(place(pages[1]!.glyphs));
    const txt = wenshu(['export', join(dir, 'a.md'), '--to', 'txt', '--impose', 'booklet', '-o', dir]);
    expect(txt.code).toBe(2);
    expect(txt.stderr).toBe('error: --impose booklet imposes the PDF: add pdf to --to\n');
    const pdfa = wenshu(['export', join(dir, 'a.md'), '--pdfa', '2b', '--impose', 'booklet', '-o', join(dir, 'x')]);
    expect(pdfa.code).toBe(2);
    expect(pdfa.stderr).toMatch(/^error: --impose booklet cannot be combined with PDF\/A \(2b\)/);
  });
});
