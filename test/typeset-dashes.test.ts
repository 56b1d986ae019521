/**
 * —— and …… in their cells (issue 18): each U+2014 or U+2026 takes one full-width cell whatever
 * advance the face gives it, the pair drawn as the face joins it, centred in its two cells, never
 * split across lines; a Western em dash between Latin letters keeps its own width.
 */
import { describe, expect, it } from 'vitest';
import { layoutParagraph, type Line, type Measure } from '../src/typeset/index.js';
import { EM, fakeMeasure } from './helpers/fake-font.js';

/** The fake font, but with — and … drawn narrow, as Noto SC draws — (0.89 em). */
const narrow: Measure = (text, font, size) => [...text].reduce((w, c) => w + (c === '—' ? 0.89 * size : c === '…' ? 0.8 * size : fakeMeasure(c, font, size)), 0);
const lay = (text: string, widthEm: number, gridScale = 1): Line[] =>
  layoutParagraph([{ text, font: 'serif', size: EM }], narrow, { width: widthEm * EM * gridScale, em: EM * gridScale, align: 'justify', gridScale });
const lineText = (l: Line): string => l.glyphs.map((g) => g.text).join('');

describe('dash and ellipsis pairs', () => {
  it.each([
    ['——', 0.89],
    ['……', 0.8],
  ])('%s takes two full cells, its glyphs centred in them, with no gap of its own', (pair, own) => {
    for (const scale of [1, 15.793 / 16]) {
      const cell = EM * scale;
      // A last line: set solid, so the cells are exactly what the atoms take.
      const [line] = lay(`工会${pair}职工`, 20, scale);
      const glyphs = line!.glyphs;
      expect(glyphs.map((g) => g.text)).toEqual(['工', '会', pair, '职', '工']);
      const dash = glyphs[2]!;
      expect(dash.width).toBeCloseTo(2 * cell, 9);
      expect(glyphs[3]!.x - (glyphs[1]!.x + glyphs[1]!.width)).toBeCloseTo(2 * cell, 9);
      // Drawn as one piece at the face's advances (2 × own em), centred: the same blank either side.
      expect(dash.origin - dash.x).toBeCloseTo((2 * cell - 2 * own * EM) / 2, 9);
    }
  });

  it('never splits a pair across lines, at any width', () => {
    const text = '要进一步加强学习——不断增强工会工作的能力和水平……个人认为，作为工会主席——';
    for (let w = 4; w <= 30; w += 0.5) {
      const lines = lay(text, w);
      expect(lines.map(lineText).join('')).toBe(text);
      for (const l of lines) for (const g of l.glyphs) if (/[—…]/.test(g.text)) expect(g.text, `${w} em`).toMatch(/^(——|……)$/);
    }
  });

  it('keeps a Western em dash between Latin letters at its own width', () => {
    const [line] = lay('1990—2000年', 20);
    const dash = line!.glyphs.find((g) => g.text === '—')!;
    expect(dash.width).toBeCloseTo(0.89 * EM, 9);
  });
});
