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
import { breakTitle, layoutParagraph, type Line, type Measure } from '../typeset/index.js';

/**
 * A character grid (公文: 28 characters of 16 pt in a 442.2 pt line) sets every full-width piece
 * (hanzi, full-width marks, a —— pair: an advance of exactly one em per character) at the grid
 * pitch, `scale` ems per character, and text in half-width forms (the faces named in `halfWidth`,
 * every glyph half an em: src/fonts/half-width.ts) at half the pitch; Latin letters, proportional
 * digits and marks keep their own widths. Without a grid `scale` is 1 and every advance is its own.
 */
export class FullWidthGrid {
  /** Characters of a text that take a place on the grid, by text: the layout measures the same few thousand again and again. */
  private readonly counts = new Map<string, number>();

  /**
   * @param halfWidth ids of the faces of half-width forms (measure keys are face ids, in the
   *   prepared stage and in the PDF alike)
   */
  constructor(
    readonly scale: number,
    private readonly halfWidth: ReadonlySet<string> = new Set(),
  ) {}

  /** The advance of `text` (in points, at `size`) in the face with id `font`, as set on the grid. */
  advance(text: string, advance: number, size: number, font?: string): number {
    if (this.scale === 1) return advance;
    if (font !== undefined && this.halfWidth.has(font)) return advance * this.scale;
    const chars = this.spacingCharacters(text);
    return chars > 0 && Math.abs(advance - chars * size) < 0.005 * size ? advance * this.scale : advance;
  }

  /** `measure` with the grid rule applied. */
  measure(measure: Measure): Measure {
    return this.scale === 1 ? measure : (text, font, size) => this.advance(text, measure(text, font, size), size, font);
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

/** Ids of the faces of half-width forms that the blocks' runs are set in (for FullWidthGrid). */
export function halfWidthIds(blocks: readonly BoundBlock[]): Set<string> {
  return new Set([...facesById(blocks).values()].filter((f) => f.halfWidthOf !== undefined).map((f) => f.id));
}

/** The faces the blocks' runs (markers, table cells, continuation captions too) are drawn with, by id. */
export function facesById(blocks: readonly BoundBlock[]): Map<string, Face> {
  const byId = new Map<string, Face>();
  for (const b of blocks) {
    for (const r of [...b.runs, ...(b.marker ?? []), ...(b.continued ?? []), ...(b.cells ?? []).flat(2)]) if (!r.piece.image) byId.set(r.face.id, r.face);
  }
  return byId;
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

/** The runs' text from offset `from` to `to`, in the same faces. */
function cutRuns(runs: readonly FaceRun[], from: number, to: number): FaceRun[] {
  const out: FaceRun[] = [];
  let at = 0;
  for (const run of runs) {
    const start = Math.max(from, at);
    const end = Math.min(to, at + run.text.length);
    if (start < end) out.push({ ...run, text: run.text.slice(start - at, end - at) });
    at += run.text.length;
  }
  return out;
}

/**
 * A title or subtitle that does not fit on one line, broken between its phrases or words
 * (breakTitle): its runs with '\n' at the breaks. The widths are the line breaker's own (spacing
 * between hanzi and digits included), so the PDF sets exactly these lines. Undefined for one that
 * fits, or holds an image, a note or a line break of its own.
 */
export function brokenTitle(block: BoundBlock, measure: Measure, lineWidth: number, scale: number): FaceRun[] | undefined {
  const runs = block.runs;
  if (runs.length === 0 || runs.some((r) => r.piece.image || r.piece.note !== undefined || r.text.includes('\n'))) return undefined;
  const text = runs.map((r) => r.text).join('');
  const style = block.block.style;
  const options = { width: 1e9, em: style.size * scale, align: 'left' as const, gridScale: scale };
  const widthOf = (line: string): number => {
    const from = text.indexOf(line);
    const pieces = from < 0 ? [{ ...runs[0]!, text: line }] : cutRuns(runs, from, from + line.length);
    const laid = layoutParagraph(pieces.map((r) => ({ text: r.text, font: r.face.id, size: style.size })), measure, options);
    return laid.reduce((w, l) => Math.max(w, l.width), 0);
  };
  const broken = breakTitle(text, widthOf, lineWidth, style.size * scale);
  if (broken === undefined) return undefined;
  // The lines, found in order in the text: what lies between two of them (a space) is dropped.
  const out: FaceRun[] = [];
  let at = 0;
  broken.split('\n').forEach((line, i) => {
    const from = text.indexOf(line, at);
    if (i > 0) out.push({ ...cutRuns(runs, at, at + 1)[0] ?? runs[runs.length - 1]!, text: '\n' });
    for (const run of cutRuns(runs, from, from + line.length)) out.push(run);
    at = from + line.length;
  });
  return out;
}

/**
 * The runs with '\n' where the lines laid out of them break (the white space at a break dropped):
 * breaks worked out here for the DOCX to write as line breaks and the PDF to set as they are.
 */
export function runsByLine(runs: readonly FaceRun[], lines: readonly Line[]): FaceRun[] | undefined {
  const text = runs.map((r) => r.text).join('');
  const out: FaceRun[] = [];
  let at = 0;
  for (const [i, line] of lines.entries()) {
    const lineText = line.glyphs.map((g) => g.text).join('');
    const from = text.indexOf(lineText, at);
    if (from < 0) return undefined; // (a line's text is always the runs', in order)
    if (i > 0) out.push({ ...(cutRuns(runs, at, at + 1)[0] ?? runs[runs.length - 1]!), text: '\n' });
    for (const run of cutRuns(runs, from, from + lineText.length)) out.push(run);
    at = from + lineText.length;
  }
  return out;
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
    return layoutParagraph(runs, measure, { width: typeWidth - b.block.left * scale - b.block.right * scale, em: s.size * scale, firstIndent: b.block.firstIndent * scale, align: s.align, gridScale: scale });
  };
  const bylineWidth = byline ? lines(byline).reduce((w, l) => Math.max(w, l.width), 0) : 0;
  // The date is set solid, 2026年11月23日, as digits beside hanzi are everywhere (src/typeset/units.ts).
  const dateWidth = lines(date).reduce((w, l) => Math.max(w, l.width), 0);
  const insets = signatureInsets(bylineWidth, dateWidth, preset.byline.size * scale, rule);
  return { byline: insets.byline / scale, date: insets.date / scale };
}
