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
    const chars = [...text.replace(/\p{M}/gu, '')].length;
    return chars > 0 && Math.abs(advance - chars * size) < 0.005 * size ? advance * scale : advance;
  };
}

export interface Placed {
  block: FlowBlock;
  lines: Line[];
}

/**
 * Re-lays the byline and date of a signature block at the insets the preset's rule gives for
 * their widths; `layOut` is the exporter's own layout of one block, `char` one character in points.
 */
export function placeSignature<T extends Placed>(items: T[], layOut: (block: FlowBlock) => T, preset: StylePreset, char: number): T[] {
  const rule = preset.signature;
  if (!rule) return items;
  const byline = items.findIndex((i) => i.block.kind === 'byline');
  const date = items.findIndex((i) => i.block.kind === 'date');
  if (date < 0) return items; // a byline alone keeps its own rightEm
  // The date is written solid, 2026年11月23日, without the quarter-em clreq puts between hanzi and digits.
  const solid = (item: T): T => ({ ...item, lines: item.lines.map(solidLine) });
  items = items.map((item, i) => (i === date ? solid(item) : item));
  const widthOf = (i: number) => (i < 0 ? 0 : Math.max(0, ...items[i]!.lines.map((l) => l.width)));
  const insets = signatureInsets(widthOf(byline), widthOf(date), char, rule);
  const out = [...items];
  // Block insets are in em of the style's size (the layout turns them into grid characters).
  const scale = char / preset.byline.size;
  if (byline >= 0) out[byline] = layOut({ ...items[byline]!.block, right: insets.byline / scale });
  out[date] = solid(layOut({ ...items[date]!.block, right: insets.date / scale }));
  return out;
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
