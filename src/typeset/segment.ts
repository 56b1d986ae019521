/**
 * The breaker's item list for a stretch of text between hard breaks: Knuth–Plass's boxes, glue
 * and penalties specialised for Chinese (built by atoms.ts).
 *
 * An *atom* is a box: one CJK cluster or mark, or an unbreakable run of Latin text or dashes from
 * one run. Between two atoms sits exactly one *joint*: glue (spaces, CJK–Latin spacing,
 * inter-character stretch, punctuation compression) plus the kind of break it allows. Breaking at
 * a joint drops all of it, which is how spaces and CJK–Latin spacing vanish at line edges and how
 * compression between two marks is undone when they end up on different lines.
 *
 * Stored as columns, one array per field, rather than an object per atom and per joint: a long
 * document has a million of each, and in a cold process every allocation counts.
 */
import type { CharClass } from './classify.js';

/**
 * - tie: inside a word or a ——/…… pair: never broken.
 * - ok: a normal break opportunity.
 * - prohibited: breaking would violate the line-start/end rules; only as a last resort.
 * - emergency: inside an unbreakable run that is wider than a line.
 * - address: inside a web or e-mail address, after one of its marks (/ . - _ ? & = #).
 * - discouraged: inside an address elsewhere, allowed at a cost in demerits.
 */
export type BreakKind = 'tie' | 'ok' | 'prohibited' | 'emergency' | 'address' | 'discouraged';

export interface SpaceGlyph {
  text: string;
  run: number;
  width: number;
}

/** Atom i is `text[i]` … `blankR[i]`; joint i sits before atom i (joint 0 is unused). */
export class Segment {
  // Atoms.
  readonly text: string[] = [];
  /** Index of the atom's run. */
  readonly run: number[] = [];
  readonly cls: CharClass[] = [];
  readonly adv: number[] = [];
  /** Blank half of a full-width opening (left) or closing (right) mark; 0 otherwise. */
  readonly blankL: number[] = [];
  readonly blankR: number[] = [];
  /**
   * Where the glyph's origin sits in the atom's box, from the box's left edge before any cut: 0
   * but for a punctuation mark whose face draws it narrower than its full-width box (LXGW
   * WenKai's “ ” are 0.35 em), which is set at the mark's side of the box (see punctuationBox).
   */
  readonly ink: number[] = [];

  // Joints.
  readonly brk: BreakKind[] = [];
  /** Natural gap between the two atoms' advance boxes: spaces or CJK–Latin spacing. */
  readonly gap: number[] = [];
  readonly stretch: number[] = [];
  /**
   * Stretch of a higher order, as TeX's fil: a line with any takes all its stretch there and
   * none between its characters. Only a separator of ideographic spaces has it (atoms.ts).
   */
  readonly flex: number[] = [];
  readonly shrink: number[] = [];
  /** Blank removed from the previous atom's right / the next atom's left (two adjacent marks). */
  readonly cutPrev: number[] = [];
  readonly cutNext: number[] = [];
  /** The white space kept at a joint, where there is any. */
  readonly spaces: Array<SpaceGlyph[] | undefined> = [];

  /** Number of atoms. */
  get length(): number {
    return this.text.length;
  }
}
