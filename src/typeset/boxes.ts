/**
 * Punctuation boxes (clreq 3.1): a Chinese punctuation mark takes a full-width box, one em of its
 * size (the grid pitch on a character grid), whatever advance the face gives its glyph. Most
 * Chinese faces draw “ ” ‘ ’ and · full width, but some do not (LXGW WenKai's quotes and middle
 * dot are 0.35 em, Noto's · is 0.33 em): set at their own advance, the quotes of a 楷 emphasis sat
 * cramped beside the body's full-width ones. So the box is the layout's, and the glyph is put at
 * the mark's side of it: an opening mark at the right, a closing mark or stop at the left, a
 * middle dot in the centre. The blank half (the part compression and line edges may cut, down to
 * clreq's half-width box) is the box's other half, or less when the glyph is wider than half.
 *
 * One exception: ’ or ‘ between two Latin letters is an apostrophe (don’t), set at its own advance.
 *
 * —— and …… too: each U+2014 or U+2026 takes one full-width cell, whatever the face gives it (Noto
 * Sans and Serif SC draw — 0.89 em wide, as a Western em dash), so a pair takes two, as clreq and
 * GB/T 15834 set them. The pair is one atom (atoms.ts: never split, nothing stretched inside it),
 * drawn as the face joins it, centred in its cells. Between two Latin letters an em dash is the
 * Western one and keeps its own width.
 */
import type { CharClass } from './classify.js';

/** A full-width mark is one whose advance is close to an em of its size. */
export const FULL_WIDTH = 0.75;

export interface MarkBox {
  /** Advance as set: the box. */
  adv: number;
  /** The blank that compression may cut on the left (opening marks) or right (closing marks). */
  blankL: number;
  blankR: number;
  /** The glyph's origin from the box's left edge. */
  ink: number;
}

/** Marks that are apostrophes between Latin letters, never boxed. */
const APOSTROPHES = new Set(['’', '‘', '\u02bc']);

export const isApostrophe = (text: string, latinBefore: boolean, latinAfter: boolean): boolean =>
  latinBefore && latinAfter && APOSTROPHES.has(text);

/**
 * The box of an atom of class `cls` whose face gives it advance `adv`; `box` is a full-width
 * character at its size. Atoms that are not marks, or marks at least full width, keep their
 * advance (a full-width mark's blank is half of it, as before).
 */
export function punctuationBox(cls: CharClass, adv: number, box: number): MarkBox {
  const boxed = (cls === 'open' || cls === 'close' || cls === 'middle' || cls === 'dash') && adv < box - 1e-9 && box > 0;
  if (!boxed) {
    const full = adv >= FULL_WIDTH * box;
    return { adv, blankL: cls === 'open' && full ? adv / 2 : 0, blankR: cls === 'close' && full ? adv / 2 : 0, ink: 0 };
  }
  const blank = Math.min(box / 2, box - adv);
  if (cls === 'open') return { adv: box, blankL: blank, blankR: 0, ink: box - adv };
  if (cls === 'close') return { adv: box, blankL: 0, blankR: blank, ink: 0 };
  // A middle dot, or a run of dashes or ellipses set as the face draws them, centred in its cells.
  return { adv: box, blankL: 0, blankR: 0, ink: (box - adv) / 2 };
}
