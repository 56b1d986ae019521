/**
 * Titles and subtitles broken between words or phrases, balanced (src/typeset/titles.ts), with
 * the fake font: hanzi 1 em, digits 0.55 em; the quarter em between hanzi and digits is counted
 * as the line breaker sets it.
 */
import { describe, expect, it } from 'vitest';
import { breakTitle, layoutParagraph } from '../src/typeset/index.js';
import { EM, fakeMeasure } from './helpers/fake-font.js';

const widthOf = (s: string) => layoutParagraph([{ text: s, font: 'serif', size: EM }], fakeMeasure, { width: 1e9, em: EM, align: 'left' })[0]?.width ?? 0;
const lines = (text: string, widthEm: number) => breakTitle(text, widthOf, widthEm * EM, EM)?.split('\n');
/** Every two-character word of the titles below that a break must not split. */
const WORDS = ['工会', '委员', '会议', '工作', '情况', '全体', '讲话', '报告', '安排'];

function expectWholeWords(broken: string[] | undefined, original: string): void {
  expect(broken).toBeDefined();
  expect(broken!.join('').replace(/ /g, '')).toBe(original.replace(/ /g, ''));
  for (let i = 1; i < broken!.length; i++) {
    const seam = broken![i - 1]!.slice(-1) + broken![i]![0];
    expect(WORDS, `${broken![i - 1]}／${broken![i]}`).not.toContain(seam);
  }
}

describe('title breaking', () => {
  it('leaves a title that fits alone', () => {
    expect(lines('关于召开全委会议的通知', 20)).toBeUndefined();
  });

  it('breaks between words into balanced lines, never inside 工会 or a number and its unit', () => {
    const title = '关于2025年度市总工会工作情况和2026年工作安排的报告';
    const broken = lines(title, 20)!;
    expectWholeWords(broken, title);
    expect(broken).toHaveLength(2);
    // Balanced: the two lines within three ems of each other (a full line over a stub would be 20 + 5).
    const [a, b] = broken.map(widthOf);
    expect(Math.abs(a! - b!)).toBeLessThanOrEqual(3 * EM);
    // Before the conjunction, not inside 工作情况.
    expect(broken[1]!.startsWith('和')).toBe(true);
    for (const line of broken) expect(line).not.toMatch(/^(年|度|的)/);
  });

  it('never parts 第 from the digits of an ordinal (第12次)', () => {
    const title = '滇南市总工会2026年第12次主席办公会议纪要';
    for (let w = 10; w <= 18; w++) {
      const broken = lines(title, w);
      if (!broken) continue;
      for (let i = 1; i < broken.length; i++) expect(`${broken[i - 1]}／${broken[i]}`, `${w} em`).not.toMatch(/第／[0-9]/);
    }
  });

  it('breaks a subtitle between words, keeping —— with what follows', () => {
    const sub = '——在市总工会第十五届委员会第三次全体会议上的讲话';
    for (const width of [12, 16, 20]) {
      const broken = lines(sub, width)!;
      expectWholeWords(broken, sub);
      expect(broken[0]).not.toBe('——');
      for (const line of broken) expect(widthOf(line)).toBeLessThanOrEqual(width * EM + 1e-6);
      // Not 市总工／会 (the DOCX of issue 18 did that).
      expect(broken.join('／')).not.toMatch(/工／会/);
    }
  });

  it('keeps a word with its suffix (劳动者, 现代化) and breaks the balanced way after it', () => {
    // The segmenter returns 劳动|者: counted as a word of one hanzi, the break after 劳动者 was
    // doubtful and lost to the 9/14 break after 形态 (issue 18, A5 title).
    const title = '关于加强新就业形态劳动者权益保障工作的几点思考';
    for (const width of [12, 14, 16, 20]) {
      const broken = lines(title, width)!;
      expect(broken, `${width} em`).toHaveLength(2);
      expect(broken[0], `${width} em`).toMatch(/劳动者$/);
      const [a, b] = broken.map(widthOf);
      expect(Math.abs(a! - b!), `${width} em`).toBeLessThanOrEqual(1 * EM);
    }
    const modern = lines('关于推进工会工作现代化建设的意见', 9)!;
    expect(modern.join('／')).not.toMatch(/现代／化/);
  });

  it('breaks a headline of phrases between its phrases when they fit', () => {
    expect(lines('强化意识 认真履职 全面提升工会工作层次与水平', 18)).toEqual(['强化意识 认真履职', '全面提升工会工作层次与水平']);
  });

  it('falls back to words inside a phrase wider than the line', () => {
    const broken = lines('强化意识 全面提升工会工作层次与水平', 8)!;
    expectWholeWords(broken, '强化意识 全面提升工会工作层次与水平');
    for (const line of broken) expect(widthOf(line)).toBeLessThanOrEqual(8 * EM + 1e-6);
  });
});
