/**
 * Typographic checks on glyphs read back from a PDF (pdf.js), shared by the tests of issue 18's
 * line rules: the space each Chinese punctuation mark takes between two hanzi.
 */
import { expect } from 'vitest';
import { isCJK, isClosing, isMiddleDot, isOpening } from '../../src/typeset/index.js';
import { linesOf, type PdfGlyph } from './pdf.js';

export interface MarkCheck {
  char: string;
  /** From the end of the hanzi before to the start of the hanzi after. */
  span: number;
  /** Blank left and right of the glyph inside that span. */
  left: number;
  right: number;
  box: number;
  /**
   * The widest opening between two adjacent hanzi of the mark's line: about 0 on a line set solid
   * or squeezed (punctuation squeeze never goes with stretch on one line).
   */
  lineOpen: number;
}

/** Every mark between two hanzi on one line, with the space it takes; `scale`: a hanzi's advance over its size (a grid's pitch). */
export function marksBetweenHanzi(glyphs: readonly PdfGlyph[], box: (g: PdfGlyph) => number, scale = 1): MarkCheck[] {
  const out: MarkCheck[] = [];
  // A full-width glyph on a grid advances by the pitch, not by the width its font gives it.
  const width = (g: PdfGlyph) => (Math.abs(g.width - g.size) < 0.01 ? g.width * scale : g.width);
  for (const line of linesOf(glyphs)) {
    let lineOpen = 0;
    for (let i = 1; i < line.length; i++) {
      const [p, n] = [line[i - 1]!, line[i]!];
      if (isCJK(p.char) && isCJK(n.char)) lineOpen = Math.max(lineOpen, n.x - (p.x + width(p)));
    }
    for (let i = 1; i + 1 < line.length; i++) {
      const [p, m, n] = [line[i - 1]!, line[i]!, line[i + 1]!];
      if (!(isOpening(m.char) || isClosing(m.char) || isMiddleDot(m.char)) || !isCJK(p.char) || !isCJK(n.char)) continue;
      const pEnd = p.x + width(p);
      out.push({ char: m.char, span: n.x - pEnd, left: m.x - pEnd, right: n.x - (m.x + width(m)), box: box(m), lineOpen });
    }
  }
  return out;
}

/**
 * Each mark's box at least full and its glyph at its side, or, on a line set solid that had to be
 * squeezed (punctuation squeeze, src/typeset/squeeze.ts), at least clreq's half-width box with its
 * glyph flush against its side (an opening mark's blank half cut on the left, a closing one's on
 * the right; a middle dot is never squeezed). `stretch`: the most a line's joints
 * open (an eighth em when lines are not loose), which bounds the span and the blank on the glyph's
 * side; without it (a line may be loose), the glyph's side is only checked against the other.
 * `mayBeNone`: a page without a mark between two hanzi passes.
 */
export function expectBoxed(marks: readonly MarkCheck[], stretch?: number, mayBeNone = false): void {
  if (!mayBeNone) expect(marks.length).toBeGreaterThan(0);
  for (const m of marks) {
    const at = `${m.char}: span ${m.span.toFixed(2)}, left ${m.left.toFixed(2)}, right ${m.right.toFixed(2)}, box ${m.box.toFixed(2)}, line open ${m.lineOpen.toFixed(2)}`;
    if (m.span < m.box - 0.05 && !isMiddleDot(m.char)) {
      expect(m.lineOpen, `squeezed on a stretched line: ${at}`).toBeLessThanOrEqual(0.05);
      expect(m.span, at).toBeGreaterThanOrEqual(m.box / 2 - 0.05);
      if (isOpening(m.char)) expect(Math.abs(m.right), at).toBeLessThanOrEqual(0.05);
      else expect(Math.abs(m.left), at).toBeLessThanOrEqual(0.05);
      continue;
    }
    expect(m.span, at).toBeGreaterThanOrEqual(m.box - 0.05);
    if (stretch !== undefined) {
      expect(m.span, at).toBeLessThanOrEqual(m.box + 2 * stretch + 0.05);
      if (isOpening(m.char)) expect(m.right, at).toBeLessThanOrEqual(stretch + 0.05);
      else if (isClosing(m.char)) expect(m.left, at).toBeLessThanOrEqual(stretch + 0.05);
    }
    if (isOpening(m.char)) expect(m.right, at).toBeLessThanOrEqual(m.left + 0.05);
    else if (isClosing(m.char)) expect(m.left, at).toBeLessThanOrEqual(m.right + 0.05);
    else expect(Math.abs(m.left - m.right), at).toBeLessThanOrEqual(0.1);
  }
}
