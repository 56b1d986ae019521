/**
 * What a character grid (公文: 22 × 28) asks of the PDF layout, kept out of the drawing code:
 * - full-width characters advance by the grid's character pitch instead of their em (28 characters
 *   of 16 pt are 448 pt, the type area is 442.2 pt: each is set 0.207 pt narrower, as Word's
 *   document grid does); the line breaker is given this measure, and the drawer places every glyph
 *   where the breaker put it, so nothing else changes;
 * - the signature block's byline and date get their insets from their set widths.
 */
import { signatureInsets, type StylePreset } from '../../styles/index.js';
import type { Line, Measure } from '../../typeset/index.js';
import type { FlowBlock } from './flow.js';

/**
 * A Measure that sets full-width pieces on the grid: a piece whose advance is exactly one em per
 * character (hanzi, full-width marks, a —— pair) advances by `scale` ems per character; Latin
 * letters, digits and proportional marks keep their own widths.
 */
export function gridMeasure(measure: Measure, scale: number): Measure {
  return (text, font, size) => {
    const advance = measure(text, font, size);
    const chars = spacingCharacters(text);
    return chars > 0 && Math.abs(advance - chars * size) < 0.005 * size ? advance * scale : advance;
  };
}

/**
 * Characters of `text` that take a place on the grid (combining marks do not), remembered per
 * text: the layout measures every character of the document, mostly the same few thousand.
 */
const spacingCounts = new Map<string, number>();
function spacingCharacters(text: string): number {
  let n = spacingCounts.get(text);
  if (n === undefined) {
    n = [...text.replace(/\p{M}/gu, '')].length;
    if (spacingCounts.size < 65536) spacingCounts.set(text, n);
  }
  return n;
}

export interface Placed {
  block: FlowBlock;
  lines: Line[];
}

/**
 * Re-lays the byline and date of a signature block (the preset has a signature rule, the document
 * a date) at the insets the rule gives for their widths; `layOut` is the exporter's own layout of
 * one block, `char` one character in points. The date comes back set solid.
 */
export function placeSignature<T extends Placed>(
  byline: T | undefined,
  date: T,
  layOut: (block: FlowBlock) => T,
  preset: StylePreset,
  char: number,
): { byline?: T; date: T } {
  const rule = preset.signature;
  if (!rule) throw new Error('placeSignature: the preset has no signature rule');
  // The date is written solid, 2026年11月23日, without the quarter-em clreq puts between hanzi and digits.
  const solid = (item: T): T => ({ ...item, lines: item.lines.map(solidLine) });
  const widthOf = (item: T | undefined) => (item ? item.lines.reduce((w, l) => Math.max(w, l.width), 0) : 0);
  const insets = signatureInsets(widthOf(byline), widthOf(solid(date)), char, rule);
  // Block insets are in em of the style's size (the layout turns them into grid characters).
  const scale = char / preset.byline.size;
  return {
    ...(byline ? { byline: layOut({ ...byline.block, right: insets.byline / scale }) } : {}),
    date: solid(layOut({ ...date.block, right: insets.date / scale })),
  };
}

/** A right-aligned line set solid: each glyph's set box starts where the previous one ends. */
export function solidLine(line: Line): Line {
  const glyphs = line.glyphs;
  if (glyphs.length === 0) return line;
  const last = glyphs[glyphs.length - 1]!;
  const end = last.x + last.width;
  const width = glyphs.reduce((sum, g) => sum + g.width, 0);
  let x = end - width;
  const placed = glyphs.map((g) => {
    const moved = { ...g, x, origin: g.origin + (x - g.x) };
    x += g.width;
    return moved;
  });
  return { ...line, glyphs: placed, width };
}
