/**
 * TeX's badness of a candidate line, 100·r³ capped at MAX_BADNESS, where r is how far the line
 * is stretched or shrunk relative to what it can give (see `adjustmentRatio`).
 *
 * The cube is `r ** 3`, which V8 computes with a library pow(): about 75 ns a call, and the
 * breaker rates millions of candidate lines. r·r·r is not the same number (it differs from pow's
 * in the last bit about a quarter of the time), and demerits that differ in the last bit can
 * break a tie differently, so the exact cube stays. What is cheap is to *bound* it: r·r·r is
 * within three roundings of r³ and pow's result within one, so r·r·r·(1 ∓ CUBE_MARGIN) lie on
 * either side of pow's. The breaker asks for the exact badness only when the bounds cannot
 * decide its comparison; most candidates lose to the best line so far by more than that.
 */

export const MAX_BADNESS = 1e6;
const EPS = 1e-6;

/** The ratio of a line that cannot be squeezed into its width (`adjustmentRatio`). */
export const OVERFULL = -1;

/** Far above the relative error of r·r·r (three roundings, 3.3e-16) plus pow's (< 2.3e-16). */
const CUBE_MARGIN = 1e-14;
/**
 * Below 2.2e-308 (r < 2.8e-103) the cube is subnormal and its error is absolute, up to about one
 * Number.MIN_VALUE per rounding, not relative: the bounds add four. No real line has such a
 * ratio, but a bound must hold for every r (fast-check found ones that broke it).
 */
const CUBE_FLOOR = 4 * Number.MIN_VALUE;

/** What the breaker and placer know of a candidate line (see Metrics.fitInto). */
export interface LineExtent {
  natural: number;
  stretch: number;
  /** Separators' stretch (Segment.flex): a justified line with any stretches there alone. */
  flex: number;
  shrink: number;
  squeeze: number;
  endBlank: number;
}

/**
 * The r whose badness is a line's: its slack over its stretch, or the squeeze it needs beyond
 * the end mark's blank and the punctuation squeeze (which go first, at no cost in badness: see
 * squeezedBy) over its shrink. A line with separators stretches them alone (their flex). 0 for a line that needs neither; Infinity for a justified one that
 * must stretch and has nothing to stretch (ragged lines stretch by `raggedStretch`); OVERFULL
 * when it cannot be squeezed in.
 */
export function adjustmentRatio(f: LineExtent, target: number, stretchy: boolean, raggedStretch: number): number {
  const slack = target - f.natural;
  if (slack < -EPS) {
    const need = -slack - f.endBlank - f.squeeze;
    if (need <= EPS) return 0;
    if (need > f.shrink + EPS) return OVERFULL;
    return need / f.shrink;
  }
  if (slack <= EPS) return 0;
  const stretch = stretchy ? (f.flex > 0 ? f.flex : f.stretch) : raggedStretch;
  if (stretch <= 0) return stretchy ? Infinity : 0;
  return slack / stretch;
}

/** How much of its marks' blanks a line set to `target` squeezes away (beyond the end mark's). */
export function squeezedBy(f: LineExtent, target: number): number {
  const need = f.natural - target - f.endBlank;
  return need > 0 ? Math.min(need, f.squeeze) : 0;
}

/** Badness of a (not overfull) line with adjustment ratio r, exactly. */
export function badnessOf(r: number): number {
  return Math.min(MAX_BADNESS, 100 * r ** 3);
}

/** At most `badnessOf(r)`, without pow (see the top of this file). */
export function badnessLowerBound(r: number): number {
  return Math.min(MAX_BADNESS, 100 * (r * r * r * (1 - CUBE_MARGIN) - CUBE_FLOOR));
}

/** At least `badnessOf(r)`, without pow. */
export function badnessUpperBound(r: number): number {
  return Math.min(MAX_BADNESS, 100 * (r * r * r * (1 + CUBE_MARGIN) + CUBE_FLOOR));
}

/** Whether `badnessOf(r) > limit`, computing the exact cube only when the bounds straddle the limit. */
export function badnessExceeds(r: number, limit: number): boolean {
  if (badnessLowerBound(r) > limit) return true;
  if (badnessUpperBound(r) <= limit) return false;
  return badnessOf(r) > limit;
}
