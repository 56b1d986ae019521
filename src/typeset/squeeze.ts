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
const PAUSES = new Set(['、', '，', '；', '：']);
const STOPS = new Set(['。', '．', '！', '？']);

/** clreq's order of squeezing: 0 brackets and quotes, 1 pause marks, 2 stops (then LAST_RESORT). */
export function squeezeRank(mark: string): number {
  const c = mark[0] ?? '';
  if (PAUSES.has(c)) return 1;
  if (STOPS.has(c)) return 2;
  return 0;
}

/**
 * How much each joint of the line [a, b) gives when the line must lose `amount` (at most what its
 * joints can give): per joint, the amount cut from the mark before it (`prev`, a closing mark's
 * right blank) and from the mark after it (`next`, an opening mark's left blank). Undefined when
 * nothing is squeezed: the usual case, with no array made.
 */
export function squeezeLine(seg: Segment, a: number, b: number, amount: number): { prev: Float64Array; next: Float64Array } | undefined {
  if (!(amount > 0)) return undefined;
  const joints: Array<{ j: number; rank: number; blank: number; onPrev: boolean }> = [];
  for (let j = a + 1; j < b; j++) {
    // Both sides only where white space keeps two marks from being compressed together (， “).
    const prevBlank = seg.cutPrev[j]! > 0 ? 0 : seg.blankR[j - 1]!;
    const nextBlank = seg.cutNext[j]! > 0 ? 0 : seg.blankL[j]!;
    if (prevBlank > 0) joints.push({ j, rank: squeezeRank(seg.text[j - 1]!), blank: prevBlank, onPrev: true });
    if (nextBlank > 0) joints.push({ j, rank: seg.cutPrev[j]! > 0 ? LAST_RESORT : squeezeRank(seg.text[j]!), blank: nextBlank, onPrev: false });
  }
  // By rank, then from the line's end backwards.
  joints.sort((x, y) => x.rank - y.rank || y.j - x.j);
  const prev = new Float64Array(b - a + 1);
  const next = new Float64Array(b - a + 1);
  let left = amount;
  for (const { j, blank, onPrev } of joints) {
    if (left <= 0) break;
    const take = Math.min(blank, left);
    left -= take;
    (onPrev ? prev : next)[j - a] = take;
  }
  return { prev, next };
}
