/**
 * Public types of the line breaker. Lengths are PostScript points; x positions are relative to
 * the left edge of the line box (the first-line indent is included in x), so the PDF drawer only
 * adds its left margin.
 */

/** A piece of the paragraph's text set in one font at one size. `font` is an opaque key that is
 * only handed back to `Measure`. */
export interface StyledRun {
  text: string;
  font: string;
  size: number;
  /**
   * Set close against what comes before, as one unbreakable piece: no break and no space before it,
   * and no CJK–Latin spacing on either side (a note's reference mark: 文字①，).
   */
  attached?: boolean;
  /**
   * Runs with the same `word`, one after another, are one word that no line breaks inside unless
   * it is wider than a line (a person's name in a 纪要's 出席 list: 欧阳晓燕 is never 欧阳／晓燕).
   */
  word?: number;
}

/**
 * Advance width in points of `text` set in `font` at `size`. `text` is one grapheme cluster, a
 * run of whitespace clusters, or an unbreakable run of Latin text or dashes from a single run
 * (measured whole so that kerning inside a word counts). It must be pure: it is called once per
 * piece and the result is trusted.
 */
export type Measure = (text: string, font: string, size: number) => number;

export type Align = 'justify' | 'left' | 'center' | 'right';

export interface LayoutOptions {
  /** Line width in points. */
  width: number;
  /** The paragraph's em (body size) in points: inter-character stretch, CJK–Latin spacing. */
  em: number;
  /** Indent of the paragraph's first line in points (2 em for body text); other lines flush. */
  firstIndent?: number;
  align: Align;
  /**
   * A full-width character's advance in ems of its size: a character grid's pitch over the body
   * size (公文: 15.793 / 16), 1 without a grid. Punctuation marks are set in boxes this wide.
   */
  gridScale?: number;
  /**
   * The lines are set on a character grid (公文's 28 characters a line): the breaker keeps as few
   * justified lines as it can from being stretched off the grid's columns. Default: false.
   */
  grid?: boolean;
  /** Keep a single hanzi (plus punctuation) off the last line. Default: true for justify. */
  avoidRunt?: boolean;
  /** When given, the steps of the layout are added to `work.ops` (tests hold them to near-linear growth). */
  work?: Work;
}

/** A count of steps taken: clusters read, candidate lines looked at, glyphs placed. */
export interface Work {
  ops: number;
}

/**
 * One drawable piece: a grapheme cluster, a run of Latin text (a word or part of one), a dash
 * or ellipsis pair, or a space that was kept inside a line.
 *
 * Contract for drawing: the set box of the glyph is [x, x + width]; set boxes of a line never
 * overlap and increase strictly. A full-width mark whose blank half was cut has a set box
 * narrower than its advance. When the cut blank was on the *left* (an opening bracket at a line
 * start, or the second of two opening marks), the glyph's origin lies left of its set box: draw
 * the glyph with its origin at `origin` (= x minus the cut blank). In every other case
 * `origin === x`. A cut on the right needs nothing: the glyph is drawn at x and its trailing
 * blank simply overlaps what follows, which is blank anyway.
 */
export interface PlacedGlyph {
  text: string;
  /** Index into the runs given to `layoutParagraph`. */
  run: number;
  /** Left edge of the set box, relative to the line box. */
  x: number;
  /** Width as set: the advance minus any blank half removed by punctuation compression,
   * plus stretch/shrink for kept spaces. */
  width: number;
  /** Where to put the glyph's origin when drawing (see above). */
  origin: number;
}

export interface Line {
  glyphs: PlacedGlyph[];
  /** Width of the content after punctuation compression and any shrinking needed to fit, but
   * before justification stretch (so it is <= the available width unless the line is overfull). */
  width: number;
  /** True when the line was stretched or shrunk so that it ends exactly at the line width. */
  justified: boolean;
  /** Left indent of this line in points (first line of the paragraph only); already in x. */
  indent: number;
}
