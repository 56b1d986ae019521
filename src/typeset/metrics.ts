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
export const blankFit = (): LineFit => ({ natural: NaN, stretch: NaN, shrink: NaN, squeeze: NaN, endBlank: NaN, lead: NaN });

export class Metrics {
  private readonly adv: Float64Array;
  private readonly gap: Float64Array;
  private readonly stretch: Float64Array;
  private readonly shrink: Float64Array;
  private readonly squeeze: Float64Array;
  /**
   * Whether a line's natural width and stretch never grow as its start moves right (each atom
   * adds at least what compression and line-start cuts take away, and no joint stretches by a
   * negative amount). The breaker's first pass relies on it to skip hopeless candidates.
   */
  readonly monotone: boolean;

  /**
   * `keepFirstLead`: an opening mark right after a first-line indent keeps its full width.
   * `squeezable`: the paragraph is justified, so its marks may be squeezed (a ragged or centred
   * line has no edge to reach: it breaks earlier instead).
   */
  constructor(private readonly seg: Segment, private readonly keepFirstLead: boolean, squeezable = false) {
    const n = seg.length;
    this.adv = new Float64Array(n + 1);
    this.gap = new Float64Array(n + 1);
    this.stretch = new Float64Array(n + 1);
    this.shrink = new Float64Array(n + 1);
    this.squeeze = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      this.adv[i + 1] = this.adv[i]! + seg.adv[i]!;
      // prefix over joints 1..i (joint 0 is never inside a line)
      const inner = i === 0 ? 0 : 1;
      this.gap[i] = (i === 0 ? 0 : this.gap[i - 1]!) + inner * (seg.gap[i]! - seg.cutPrev[i]! - seg.cutNext[i]!);
      this.stretch[i] = (i === 0 ? 0 : this.stretch[i - 1]!) + inner * seg.stretch[i]!;
      this.shrink[i] = (i === 0 ? 0 : this.shrink[i - 1]!) + inner * seg.shrink[i]!;
      this.squeeze[i] = i === 0 ? 0 : this.squeeze[i - 1]! + (squeezable ? squeezableAt(seg, i) : 0);
    }
    let monotone = true;
    for (let a = 0; a + 1 < n && monotone; a++) {
      const j = a + 1;
      const step = seg.adv[a]! + (seg.gap[j]! - seg.cutPrev[j]! - seg.cutNext[j]!) - this.lead(a) + this.lead(a + 1);
      if (step < -1e-9 || seg.stretch[j]! < 0) monotone = false;
    }
    this.monotone = monotone;
  }

  lead(a: number): number {
    if (a === 0 && this.keepFirstLead) return 0;
    return this.seg.blankL[a]!;
  }

  fit(a: number, b: number): LineFit {
    return this.fitInto(a, b, blankFit());
  }

  /** `fit` written into `out` (the breaker asks for millions of candidate lines: no garbage). */
  fitInto(a: number, b: number, out: LineFit): LineFit {
    const lead = this.lead(a);
    out.natural = this.adv[b]! - this.adv[a]! + this.gap[b - 1]! - this.gap[a]! - lead;
    out.stretch = this.stretch[b - 1]! - this.stretch[a]!;
    out.shrink = this.shrink[b - 1]! - this.shrink[a]!;
    out.squeeze = this.squeeze[b - 1]! - this.squeeze[a]!;
    out.endBlank = this.seg.blankR[b - 1]!;
    out.lead = lead;
    return out;
  }
}
