/**
 * A line set solid, for the date of a signature block (2026年11月23日, without the quarter em that
 * clreq puts between hanzi and digits).
 */
import type { Line } from '../../typeset/index.js';

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
