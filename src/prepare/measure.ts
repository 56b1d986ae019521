/**
 * Widths that the PDF and the DOCX must agree on, measured once from the faces' own advances:
 * the character grid's full-width rule, a headline title's phrase breaks, and the insets of a
 * signature block's byline and date. The PDF sets its lines with exactly these widths (for
 * TrueType faces its measure is the same advance table); the DOCX writes the resulting breaks and
 * indents for the word processor to set.
 */
import { openFace, type Face } from '../fonts/index.js';
import { signatureInsets, type StylePreset } from '../styles/index.js';
import type { BoundBlock, FaceRun } from '../styles/blocks.js';
import { breakBetweenPhrases, layoutParagraph, type Line, type Measure } from '../typeset/index.js';

/**
 * A character grid (公文: 28 characters of 16 pt in a 442.2 pt line) sets every full-width piece
 * (hanzi, full-width marks, a —— pair: an advance of exactly one em per character) at the grid
 * pitch, `scale` ems per character; Latin letters, digits and proportional marks keep their own
 * widths. Without a grid `scale` is 1 and every advance is its own.
 */
export class FullWidthGrid {
  /** Characters of a text that take a place on the grid, by text: the layout measures the same few thousand again and again. */
  private readonly counts = new Map<string, number>();

  constructor(readonly scale: number) {}

  /** The advance of `text` (in points, at `size`) as set on the grid. */
  advance(text: string, advance: number, size: number): number {
    if (this.scale === 1) return advance;
    const chars = this.spacingCharacters(text);
    return chars > 0 && Math.abs(advance - chars * size) < 0.005 * size ? advance * this.scale : advance;
  }

  /** `measure` with the grid rule applied. */
  measure(measure: Measure): Measure {
    return this.scale === 1 ? measure : (text, font, size) => this.advance(text, measure(text, font, size), size);
  }

  private spacingCharacters(text: string): number {
    let n = this.counts.get(text);
    if (n === undefined) {
      n = 0;
      for (const ch of text) if (!/\p{M}/u.test(ch)) n++;
      if (this.counts.size < 65536) this.counts.set(text, n);
    }
    return n;
  }
}

/**
 * A Measure over faces by id, from their advance tables, with the grid rule: what the PDF's
 * fonts measure for TrueType faces, and the widths the DOCX's breaks and insets are worked out
 * with.
 */
export function faceMeasure(faces: ReadonlyMap<string, Face>, grid: FullWidthGrid): Measure {
  return grid.measure((text, id, size) => {
    const face = openFace(faces.get(id)!);
    let advance = 0;
    for (const ch of text) advance += face.advance(ch.codePointAt(0)!);
    return (advance * size) / 1000;
  });
}

/**
 * A headline title that does not fit on one line, broken between its phrases (breakBetweenPhrases):
 * its run with '\n' at the breaks. Undefined for a title in several runs, one that fits, or one
 * that is not a phrased headline.
 */
export function phrasedTitle(block: BoundBlock, measure: Measure, lineWidth: number): FaceRun[] | undefined {
  if (block.runs.length !== 1) return undefined;
  const run = block.runs[0]!;
  const size = block.block.style.size;
  const widthOf = (s: string) => {
    let w = 0;
    for (const ch of s) w += measure(ch, run.face.id, size);
    return w;
  };
  const text = breakBetweenPhrases(run.text, widthOf, lineWidth);
  return text === undefined ? undefined : [{ ...run, text }];
}

/**
 * The right insets of a signature block's byline and date (in points at the byline's em, as
 * StyledBlock.right), from their widths as set: the byline as laid out at its smallest inset,
 * the date set solid. See signatureInsets for the rule.
 */
export function signatureRights(
  byline: BoundBlock | undefined,
  date: BoundBlock,
  measure: Measure,
  preset: StylePreset,
  typeWidth: number,
  scale: number,
): { byline: number; date: number } {
  const rule = preset.signature!;
  const lines = (b: BoundBlock): Line[] => {
    const s = b.block.style;
    const runs = b.runs.map((r) => ({ text: r.text, font: r.face.id, size: s.size }));
    return layoutParagraph(runs, measure, { width: typeWidth - b.block.left * scale - b.block.right * scale, em: s.size * scale, firstIndent: b.block.firstIndent * scale, align: s.align });
  };
  const bylineWidth = byline ? lines(byline).reduce((w, l) => Math.max(w, l.width), 0) : 0;
  // The date is written solid, 2026年11月23日, without the quarter em clreq puts between hanzi and digits.
  const dateWidth = lines(date).reduce((w, l) => Math.max(w, l.glyphs.reduce((sum, g) => sum + g.width, 0)), 0);
  const insets = signatureInsets(bylineWidth, dateWidth, preset.byline.size * scale, rule);
  return { byline: insets.byline / scale, date: insets.date / scale };
}

/**
 * A centred title that wraps, broken where the PDF sets it in even lines (the narrowest width that
 * keeps its line count, as the PDF's balancedLines finds it): its run with '\n' at each break, so
 * that the DOCX, whose renderer would break it unevenly (…第三次／会议的通知), breaks it there too.
 */
export function balancedTitle(block: BoundBlock, measure: Measure, lineWidth: number, em: number): FaceRun[] | undefined {
  if (block.runs.length !== 1) return undefined;
  const run = block.runs[0]!;
  const runs = [{ text: run.text, font: run.face.id, size: block.block.style.size }];
  const options = { width: lineWidth, em, firstIndent: 0, align: 'center' as const };
  const full = layoutParagraph(runs, measure, options);
  if (full.length < 2) return undefined;
  let lo = lineWidth / full.length;
  let hi = lineWidth;
  let best = full;
  for (let i = 0; i < 12 && hi - lo > 0.5; i++) {
    const mid = (lo + hi) / 2;
    const lines = layoutParagraph(runs, measure, { ...options, width: mid });
    if (lines.length === full.length && lines.every((l) => l.width <= mid + 0.01)) {
      best = lines;
      hi = mid;
    } else lo = mid;
  }
  // Each line's text, found in order in the run's: a break after the last glyph of each line but the last.
  let at = 0;
  const breaks: number[] = [];
  for (const line of best.slice(0, -1)) {
    for (const g of line.glyphs) {
      const found = run.text.indexOf(g.text, at);
      if (found < 0) return undefined;
      at = found + g.text.length;
    }
    breaks.push(at);
  }
  let text = '';
  let from = 0;
  for (const b of breaks) {
    text += run.text.slice(from, b).trimEnd() + '\n';
    from = b;
    while (run.text[from] === ' ') from++;
  }
  text += run.text.slice(from);
  return [{ ...run, text }];
}
