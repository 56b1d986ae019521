import { describe, expect, it } from 'vitest';
import { breakBetweenPhrases } from '../src/typeset/index.js';
import { EM, fakeMeasure } from './helpers/fake-font.js';

const widthOf = (s: string) => fakeMeasure(s, 'serif', EM);
const title = '强化意识 认真履职 全面提升工会工作层次与水平';

describe('headline phrasing', () => {
  it('breaks only between phrases, into the fewest lines with the shortest longest line', () => {
    // 4 + 4 + 13 characters and two quarter-em spaces: 21.5 em on one line.
    expect(breakBetweenPhrases(title, widthOf, 22 * EM)).toBeUndefined();
    expect(breakBetweenPhrases(title, widthOf, 18 * EM)).toBe('强化意识 认真履职\n全面提升工会工作层次与水平');
    expect(breakBetweenPhrases('甲乙 丙丁 戊己 庚辛', widthOf, 5 * EM)).toBe('甲乙 丙丁\n戊己 庚辛');
    expect(breakBetweenPhrases('甲乙 丙丁 戊己 庚辛', widthOf, 3 * EM)).toBe('甲乙\n丙丁\n戊己\n庚辛');
  });

  it('declines when a phrase alone is too wide or there is nothing to break between', () => {
    expect(breakBetweenPhrases(title, widthOf, 10 * EM)).toBeUndefined();
    expect(breakBetweenPhrases('关于召开工会会员代表大会的通知', widthOf, 5 * EM)).toBeUndefined();
  });
});
