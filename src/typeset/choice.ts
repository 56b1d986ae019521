/**
 * The breaker's choice of the best line to reach one breakpoint, among the candidate lines it
 * offers in turn: fewest violations, then fewest demerits, the first one offered winning ties.
 *
 * A line's demerits are its start's plus those of its badness, whose exact cube is a slow pow()
 * call (see badness.ts). So the choice keeps the leader's adjustment ratio rather than its
 * demerits, settles each comparison on cheap bounds when they are far enough apart, and works
 * out the exact demerits only for a near tie and, once, for the winner.
 */
import { badnessLowerBound, badnessOf, badnessUpperBound } from './badness.js';

const LINE_PENALTY = 10;

/** Demerits of one line of badness `bad`: TeX's (linepenalty + badness)². */
export function lineDemerits(bad: number): number {
  const x = LINE_PENALTY + bad;
  return x * x; // what x ** 2 is, to the bit, without a call in unoptimized code
}

export class BestLine {
  /** Where the best line starts (-1 while there is none) and its violations. */
  start = -1;
  violations = Infinity;
  /**
   * Demerits of the best path to `start`, and the ratio the line from there is set at. NaN until
   * set, so that these fields are doubles from the start (see blankFit in metrics.ts).
   */
  private base = NaN;
  private ratio = NaN;
  /** Bounds on the leader's total demerits: both the exact total once it is `known`. */
  private lower = NaN;
  private upper = NaN;
  private known = false;

  reset(): void {
    this.start = -1;
    this.violations = Infinity;
  }

  /** A line from `start`, on a path with `violations` in all and `base` demerits before it. */
  offer(start: number, violations: number, base: number, ratio: number): void {
    if (violations > this.violations) return;
    const tied = violations === this.violations;
    const lower = base + lineDemerits(badnessLowerBound(ratio));
    if (tied && lower >= this.upper) return; // no fewer demerits
    const upper = base + lineDemerits(badnessUpperBound(ratio));
    if (tied && upper >= this.lower) {
      // Too close to call on bounds.
      const total = base + lineDemerits(badnessOf(ratio));
      if (total < this.demerits()) this.lead(start, violations, total);
      return;
    }
    this.start = start;
    this.violations = violations;
    this.base = base;
    this.ratio = ratio;
    this.lower = lower;
    this.upper = upper;
    this.known = false;
  }

  /** Makes a line of known total demerits the leader. */
  lead(start: number, violations: number, total: number): void {
    this.start = start;
    this.violations = violations;
    this.lower = total;
    this.upper = total;
    this.known = true;
  }

  /** The leader's total demerits, exactly. */
  demerits(): number {
    if (!this.known) this.lead(this.start, this.violations, this.base + lineDemerits(badnessOf(this.ratio)));
    return this.lower;
  }
}
