/**
 * Punctuation squeeze (标点挤压, clreq 3.1.6 and "procedures for inter-character spacing
 * reduction"): a line whose text is a little too long keeps it by setting some of its marks in
 * their compressed, half-width box, rather than pushing a character down to the next line and
 * spreading the rest. clreq's rule is "squeeze first, stretch after" (先挤压、后拉伸).
 *
 * What may go is the blank half of a mark inside the line that compression has not taken already
 * (two adjacent marks are set in 1.5 em whether the line is squeezed or not): the left blank of an
 * opening bracket or quote, the right blank of a closing one or of a stop. Each mark gives at most
 * its blank half, so it never gets narrower than clreq's half-width box. The line's end mark gives
 * its blank first (metrics.ts: endBlank), as before.
 *
 * Which marks give, in clreq's order: brackets and quotes, then the pause marks 、，；：, then the
 * stops 。．！？ (which some styles keep full), then a pair already compressed to 1.5 em, down to 1. clreq squeezes the marks of one class
 * by equal amounts; here they give whole blank halves, from the line's end backwards, and only the
 * last one taken gives part of its blank. On a character grid (公文) that keeps every character on
 * a whole or half cell, and the characters before the last squeezed mark in their columns: equal
 * shares of half a cell between two commas would put the characters between them a quarter cell
 * off. Without a grid one rule for both keeps a line set the same way in both presets.
 */
import type { Segment } from './segment.js';

/** The blank that joint j (between atoms j - 1 and j) may give up: the marks' blank halves compression left there. */
export function squeezableAt(seg: Segment, j: number): number {
  return (seg.cutPrev[j]! > 0 ? 0 : seg.blankR[j - 1]!) + (seg.cutNext[j]! > 0 ? 0 : seg.blankL[j]!);
}

/**
 * A closing mark and an opening one already set in 1.5 em (，“ ）（): the opening one's blank is
 * left, and clreq lets a style set the two in 1 em. That goes last, after every mark's own blank:
 * the two glyphs then share one em (the first's ink in its left half, the second's in its right).
 */
const LAST_RESORT = 3;
/** 、，；： and 。．！？ by code unit (asked of every mark of every squeezed line: no string made). */
const PAUSES = [0x3001, 0xff0c, 0xff1b, 0xff1a];
const STOPS = [0x3002, 0xff0e, 0xff01, 0xff1f];

/** clreq's order of squeezing: 0 brackets and quotes, 1 pause marks, 2 stops (then LAST_RESORT). */
export function squeezeRank(mark: string): number {
  const c = mark.charCodeAt(0);
  if (PAUSES.includes(c)) return 1;
  if (STOPS.includes(c)) return 2;
  return 0;
}

/**
 * How much each joint of the line [a, b) gives when the line must lose `amount` (at most what its
 * joints can give): for joint a + k, the amount cut from the mark before it (a closing mark's right
 * blank) at 2k and from the mark after it (an opening mark's left blank) at 2k + 1, in one plain
 * array (cheaper to make than a typed array, whose memory is got from the runtime, and most lines
 * of a 公文 are squeezed). Undefined when nothing is squeezed, with no array made.
 *
 * The blanks are taken by rank, and within a rank from the line's end backwards, the mark before a
 * joint before the mark after it: one pass over the joints per rank, with no list of them made and
 * sorted (a long document squeezes tens of thousands of lines).
 */
export function squeezeLine(seg: Segment, a: number, b: number, amount: number): number[] | undefined {
  if (!(amount > 0)) return undefined;
  const cuts = new Array<number>(2 * (b - a + 1)).fill(0);
  let left = amount;
  for (let rank = 0; rank <= LAST_RESORT && left > 0; rank++) {
    for (let j = b - 1; j > a && left > 0; j--) {
      // Both sides only where white space keeps two marks from being compressed together (， “).
      const prevBlank = seg.cutPrev[j]! > 0 ? 0 : seg.blankR[j - 1]!;
      if (prevBlank > 0 && squeezeRank(seg.text[j - 1]!) === rank) {
        const take = Math.min(prevBlank, left);
        left -= take;
        cuts[2 * (j - a)] = take;
      }
      const nextBlank = seg.cutNext[j]! > 0 ? 0 : seg.blankL[j]!;
      if (nextBlank > 0 && left > 0 && (seg.cutPrev[j]! > 0 ? LAST_RESORT : squeezeRank(seg.text[j]!)) === rank) {
        const take = Math.min(nextBlank, left);
        left -= take;
        cuts[2 * (j - a) + 1] = take;
      }
    }
  }
  return cuts;
}
