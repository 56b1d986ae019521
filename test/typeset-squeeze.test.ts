/**
 * Punctuation squeeze (标点挤压, src/typeset/squeeze.ts) on hand-made paragraphs with the fake font
 * (hanzi and full-width marks 1 em): a line that would push a character down and spread the rest
 * keeps it by setting marks in their half-width box, in clreq's order, whole blanks from the
 * line's end; and on a character grid the breaker keeps as few lines as it can stretched.
 */
import { describe, expect, it } from 'vitest';
import { isCJK, layoutParagraph, type LayoutOptions, type Line } from '../src/typeset/index.js';
import { squeezeRank } from '../src/typeset/squeeze.js';
import { EM, fakeMeasure } from './helpers/fake-font.js';

const lay = (text: string, widthEm: number, opts: Partial<LayoutOptions> = {}): Line[] =>
  layoutParagraph([{ text, font: 'serif', size: EM }], fakeMeasure, { width: widthEm * EM, em: EM, align: 'justify', ...opts });
const lineText = (l: Line): string => l.glyphs.map((g) => g.text).join('');
const end = (l: Line): number => l.glyphs.at(-1)!.x + l.glyphs.at(-1)!.width;
/** The widest opening between two adjacent hanzi of a line. */
const widestGap = (l: Line): number =>
  Math.max(0, ...l.glyphs.slice(1).map((g, i) => (isCJK(g.text) && isCJK(l.glyphs[i]!.text) ? g.x - (l.glyphs[i]!.x + l.glyphs[i]!.width) : 0)));
/** Every glyph's set box starts on a whole or half em: the line is on a grid of half cells. */
const onHalfCells = (l: Line): boolean => l.glyphs.every((g) => Math.abs((2 * g.x) / EM - Math.round((2 * g.x) / EM)) < 1e-9);

describe('punctuation squeeze', () => {
  // Line 1 holds 11 em with its end mark: 10.5 after the 。 gives its blank, 10 once the ， gives its.
  const TEXT = '甲乙丙，丁戊己庚辛壬。子丑寅卯。';

  it('keeps a character on the line by squeezing a mark rather than pushing it down and spreading the rest', () => {
    const lines = lay(TEXT, 10);
    expect(lines.map(lineText)).toEqual(['甲乙丙，丁戊己庚辛壬。', '子丑寅卯。']);
    const [first] = lines;
    expect(first!.justified).toBe(true);
    expect(end(first!)).toBeCloseTo(10 * EM, 9);
    // Set solid: no hanzi opened; the comma in its half-width box, its glyph at the box's left.
    expect(widestGap(first!)).toBeCloseTo(0, 9);
    const comma = first!.glyphs[3]!;
    expect(comma.width).toBeCloseTo(EM / 2, 9);
    expect(comma.origin).toBe(comma.x);
    expect(first!.glyphs[4]!.x).toBeCloseTo(3.5 * EM, 9);
    expect(onHalfCells(first!)).toBe(true);
  });

  it('is only for justified paragraphs: a ragged line breaks earlier instead', () => {
    const lines = lay(TEXT, 10, { align: 'left' });
    expect(lineText(lines[0]!)).toBe('甲乙丙，丁戊己庚辛');
    for (const l of lines) for (const g of l.glyphs.slice(0, -1)) if (g.text === '，') expect(g.width).toBe(EM);
  });

  it('takes a mark only to its half-width box, and whole blanks from the line end backwards', () => {
    // 12 em, 11.5 after the end mark: one blank of the three commas goes, the last one's.
    const lines = lay('甲，乙，丙，丁戊己庚辛。子丑寅卯。', 11);
    const first = lines[0]!;
    expect(lineText(first)).toBe('甲，乙，丙，丁戊己庚辛。');
    const commas = first.glyphs.filter((g) => g.text === '，').map((g) => g.width / EM);
    expect(commas).toEqual([1, 1, 0.5]);
    expect(onHalfCells(first)).toBe(true);
    expect(end(first)).toBeCloseTo(11 * EM, 9);
  });

  it('squeezes brackets and quotes first, then 、，；：, then 。！？ (clreq), an opening mark on its left', () => {
    expect(['“', '》', '，', '、', '：', '。', '？'].map(squeezeRank)).toEqual([0, 0, 1, 1, 1, 2, 2]);
    // 13 em with the end mark, 12.5 without its blank: at 12 em one more half goes, the closing
    // quote's (a bracket or quote before a comma, and the last one first); at 11.5 both quotes'.
    const text = '甲乙“丙丁”戊己庚，辛壬。子丑寅卯。';
    const widths = (widthEm: number) => {
      const first = lay(text, widthEm)[0]!;
      expect(lineText(first)).toBe('甲乙“丙丁”戊己庚，辛壬。');
      expect(end(first)).toBeCloseTo(widthEm * EM, 9);
      return ['“', '”', '，'].map((c) => first.glyphs.find((g) => g.text === c)!.width / EM);
    };
    expect(widths(12)).toEqual([1, 0.5, 1]);
    expect(widths(11.5)).toEqual([0.5, 0.5, 1]);
    const first = lay(text, 11.5)[0]!;
    const open = first.glyphs[2]!;
    const close = first.glyphs[5]!;
    // The opening quote's glyph is drawn from half an em left of its box: its blank half is cut on the left.
    expect(open.origin).toBeCloseTo(open.x - EM / 2, 9);
    expect(close.origin).toBe(close.x);
  });

  it('sets a closing and an opening mark (，“) in less than 1.5 em only when no mark has its own blank left', () => {
    // 甲，乙…壬 9 em, ，“ in 1.5 em, 丁, ”。 in 1.5 em: 12.5 em without the end mark's blank.
    const text = '甲，乙丙戊己庚辛壬，“丁”。子丑寅卯。';
    const set = (widthEm: number) => {
      const first = lay(text, widthEm)[0]!;
      expect(lineText(first)).toBe('甲，乙丙戊己庚辛壬，“丁”。');
      expect(end(first)).toBeCloseTo(widthEm * EM, 9);
      const [comma, pairComma, quote] = [first.glyphs[1]!, first.glyphs[9]!, first.glyphs[10]!];
      return { comma: comma.width / EM, pair: (pairComma.width + quote.width) / EM, quote };
    };
    // Half an em to lose: the first comma's blank; the pair keeps its 1.5 em.
    expect(set(12)).toMatchObject({ comma: 0.5, pair: 1.5 });
    // A whole em: then the pair too, to 1 em, the quote's glyph drawn from the comma's origin.
    const tight = set(11.5);
    expect(tight).toMatchObject({ comma: 0.5, pair: 1 });
    expect(tight.quote.origin).toBeCloseTo(tight.quote.x - EM / 2, 9);
  });

  it('prefers a squeezed line to a stretched one, and a solid one to a squeezed one', () => {
    // Line 1 fits 10 em solid, or squeezed with 子 as well: the same number of lines either way.
    const solid = lay('甲乙丙丁，戊己庚辛壬子丑寅卯。', 10);
    expect(solid.map(lineText)).toEqual(['甲乙丙丁，戊己庚辛壬', '子丑寅卯。']);
    expect(solid[0]!.glyphs[4]!.width).toBe(EM);
    // Without squeezing, the first line of TEXT would spread 9 characters over 10 em.
    for (const l of lay(TEXT, 10).slice(0, -1)) expect(widestGap(l)).toBeLessThan(1e-9);
  });
});

describe('lines on a character grid', () => {
  // 109 hanzi in lines of 28, then a Latin word that cannot follow the 25 of the fourth: 3 em of
  // slack, which TeX's demerits spread over three lines, an em each; on a grid one line takes it.
  const TEXT = `${'天地玄黄宇宙洪荒日月'.repeat(10)}盈昃辰宿列张寒来暑ABCDEFGHIJ收冬藏。`;
  const stretched = (lines: Line[]) => lines.slice(0, -1).filter((l) => l.width < 28 * EM - 1e-9).length;

  it('keeps fewer lines stretched off the grid than a paragraph off the grid', () => {
    const free = lay(TEXT, 28);
    const grid = lay(TEXT, 28, { grid: true });
    expect(grid.map(lineText).join('')).toBe(TEXT);
    expect(stretched(free)).toBe(3);
    expect(stretched(grid)).toBe(1);
    // Whatever gathers the slack stays within a quarter em between hanzi (not a loose line).
    for (const l of grid.slice(0, -1)) expect(widestGap(l)).toBeLessThanOrEqual(EM / 4 + 1e-9);
    for (const l of grid.slice(0, -1)) expect(end(l)).toBeCloseTo(28 * EM, 9);
  });
});
