/**
 * O(1) measurements of a candidate line from prefix sums, shared by the breaker and the placer
 * so that both agree to the last bit on what a line's natural width is.
 *
 * A line [a, b) holds atoms a..b-1; the joints a+1..b-1 are inside it, joints a and b are the
 * breaks at its edges and contribute nothing.
 */
import type { Segment } from './segment.js';
import { squeezableAt } from './squeeze.js';

export interface LineFit {
  /** Width after punctuation compression and the line-start cut, before stretch or shrink. */
  natural: number;
  stretch: number;
  /** Stretch of the higher order (Segment.flex): when there is any, it takes all the stretch. */
  flex: number;
  /** Interior shrink: spaces and CJK–Latin spacing. */
  shrink: number;
  /**
   * What the marks inside the line can give up by punctuation squeeze (squeeze.ts): taken after
   * the end mark's blank and before any shrink, at no cost in badness. 0 in a paragraph that is
   * not justified.
   */
  squeeze: number;
  /** Right blank of a closing mark at the line end: the first thing to give up when squeezing. */
  endBlank: number;
  /** Left blank cut from an opening mark at the line start. */
  lead: number;
}

/**
 * A LineFit to be filled in. Its fields start as NaN, a double, not 0: V8 lays out a field that
 * first holds a small integer for integers, and when the first fractional width arrives it
 * changes the layout and throws away the optimized breaker compiled for the old one (a cold
 * export lost tens of milliseconds that way).
 */
export const blankFit = (): LineFit => ({ natural: NaN, stretch: NaN, flex: NaN, shrink: NaN, squeeze: NaN, endBlank: NaN, lead: NaN });

/**
 * What a candidate line's fit takes from its end b: the breaker tries many starts against one end,
 * and reads these once per end rather than once per start (a tenth of the breaker's time).
 */
export interface LineEnd {
  adv: number;
  gap: number;
  stretch: number;
  flex: number;
  shrink: number;
  squeeze: number;
  endBlank: number;
}

/** A LineEnd to be filled in (NaN first, as blankFit). */
export const blankEnd = (): LineEnd => ({ adv: NaN, gap: NaN, stretch: NaN, flex: NaN, shrink: NaN, squeeze: NaN, endBlank: NaN });

/** Where each prefix sum sits in a row of Metrics.sums. */
const ADV = 0;
const GAP = 1;
const STRETCH = 2;
const SHRINK = 3;
const SQUEEZE = 4;
const FLEX = 5;
const ROW = 6;

export class Metrics {
  /**
   * The prefix sums, a row of ROW per index i: the atoms' advances before atom i (ADV), and over
   * joints 1..i the gaps after compression (GAP), the stretch, the shrink and what the squeeze may
   * take (SQUEEZE). One array, in rows, because the breaker reads all of a start's sums together
   * (one cache line, one array's bounds) and a typed array's memory is costly to get.
   */
  private readonly sums: Float64Array;
  /**
   * Whether a line's natural width and stretch never grow as its start moves right (each atom
   * adds at least what compression and line-start cuts take away, and no joint stretches by a
   * negative amount). The breaker's first pass relies on it to skip hopeless candidates.
   */
  readonly monotone: boolean;
  /** Whether the segment has a separator of ideographic spaces (Segment.flex): a form's fields. */
  readonly separated: boolean;

  /**
   * `keepFirstLead`: an opening mark right after a first-line indent keeps its full width.
   * `squeezable`: the paragraph is justified, so its marks may be squeezed (a ragged or centred
   * line has no edge to reach: it breaks earlier instead).
   */
  constructor(private readonly seg: Segment, private readonly keepFirstLead: boolean, squeezable = false) {
    const n = seg.length;
    const sums = new Float64Array(ROW * (n + 1));
    for (let i = 0; i < n; i++) {
      const r = ROW * i;
      sums[r + ROW + ADV] = sums[r + ADV]! + seg.adv[i]!;
      // prefix over joints 1..i (joint 0 is never inside a line)
      const inner = i === 0 ? 0 : 1;
      sums[r + GAP] = (i === 0 ? 0 : sums[r - ROW + GAP]!) + inner * (seg.gap[i]! - seg.cutPrev[i]! - seg.cutNext[i]!);
      sums[r + STRETCH] = (i === 0 ? 0 : sums[r - ROW + STRETCH]!) + inner * seg.stretch[i]!;
      sums[r + SHRINK] = (i === 0 ? 0 : sums[r - ROW + SHRINK]!) + inner * seg.shrink[i]!;
      sums[r + FLEX] = (i === 0 ? 0 : sums[r - ROW + FLEX]!) + inner * seg.flex[i]!;
      sums[r + SQUEEZE] = i === 0 ? 0 : sums[r - ROW + SQUEEZE]! + (squeezable ? squeezableAt(seg, i) : 0);
    }
    this.sums = sums;
    let monotone = true;
    for (let a = 0; a + 1 < n && monotone; a++) {
      const j = a + 1;
      const step = seg.adv[a]! + (seg.gap[j]! - seg.cutPrev[j]! - seg.cutNext[j]!) - this.lead(a) + this.lead(a + 1);
      if (step < -1e-9 || seg.stretch[j]! < 0) monotone = false;
    }
    let separated = false;
    for (let j = 1; j < n && !separated; j++) if (seg.flex[j]! > 0) separated = true;
    this.separated = separated;
    // A line that loses its separator as its start moves right takes its stretch from its hanzi
    // instead, which may be more: the stretch no longer falls, and the breaker's first pass, which
    // counts on it, is skipped (for the few paragraphs of a form).
    this.monotone = monotone && !separated;
  }

  lead(a: number): number {
    if (a === 0 && this.keepFirstLead) return 0;
    return this.seg.blankL[a]!;
  }

  fit(a: number, b: number): LineFit {
    return this.fitInto(a, b, blankFit());
  }

  /** `fit` written into `out`. */
  fitInto(a: number, b: number, out: LineFit): LineFit {
    return this.fitFrom(a, this.endInto(b, blankEnd()), out);
  }

  /** The part of `fitInto(a, b, …)` that does not depend on a, written into `out`. */
  endInto(b: number, out: LineEnd): LineEnd {
    const sums = this.sums;
    const e = ROW * (b - 1);
    out.adv = sums[e + ROW + ADV]!;
    out.gap = sums[e + GAP]!;
    out.stretch = sums[e + STRETCH]!;
    out.flex = sums[e + FLEX]!;
    out.shrink = sums[e + SHRINK]!;
    out.squeeze = sums[e + SQUEEZE]!;
    out.endBlank = this.seg.blankR[b - 1]!;
    return out;
  }

  /**
   * `fitInto(a, b, out)` for the b whose `endInto` gave `end`: the breaker tries many starts
   * against one end, and asks for millions of candidate lines (no garbage). The placer goes
   * through here too, so both agree to the last bit.
   */
  fitFrom(a: number, end: LineEnd, out: LineFit): LineFit {
    // Every read before the first write: V8 cannot tell that `out` is not `end` (or this), and
    // would read them again after each write.
    const sums = this.sums;
    const s = ROW * a;
    const lead = this.lead(a);
    const natural = end.adv - sums[s + ADV]! + end.gap - sums[s + GAP]! - lead;
    const stretch = end.stretch - sums[s + STRETCH]!;
    const flex = end.flex - sums[s + FLEX]!;
    const shrink = end.shrink - sums[s + SHRINK]!;
    const squeeze = end.squeeze - sums[s + SQUEEZE]!;
    const endBlank = end.endBlank;
    out.natural = natural;
    out.stretch = stretch;
    out.flex = flex;
    out.shrink = shrink;
    out.squeeze = squeeze;
    out.endBlank = endBlank;
    out.lead = lead;
    return out;
  }
}
