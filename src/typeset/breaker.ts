/**
 * Total-fit line breaking (Knuth & Plass) over one segment.
 *
 * Costs are compared lexicographically as (violations, demerits):
 * - violations count what the rules forbid, weighted so that an overfull line is worse than a
 *   line-start/end prohibition, which is worse than cutting an overlong word in more places
 *   than needed, which is worse than a justified line that cannot reach the edge (nothing to
 *   stretch in it), which is worse than a loose line (one whose gaps open by more than a
 *   quarter em: `各 位 委 员 、 同` across a narrow column), which is worse than a runt last line.
 *   Comparing them before demerits makes
 *   each rule hold whenever it can be held at all, however loose the alternative's lines get;
 * - demerits are TeX's (linepenalty + badness)^2 with badness 100·r^3, capped far above TeX's
 *   10,000 so that two very loose alternatives still compare sensibly. The cube is pow()'s, to
 *   the last bit, but it is slow: BestLine (choice.ts) settles most comparisons on cheap bounds
 *   of it (badness.ts) and computes it for near ties and the winner only.
 *
 * The active set only holds breakpoints from which a line can still reach the current one
 * without being overfull, so the work is O(atoms × atoms-per-line). Fitness classes are left
 * out: Chinese lines stretch by tiny amounts and the extra state is not worth it.
 *
 * Most of those candidate lines are far too short to be chosen. A first pass therefore stops
 * looking at a breakpoint's candidates once every remaining one is certainly looser than
 * TOLERANCE (the line widths shrink and the stretch falls as the start moves right; Metrics
 * checks that this holds for the segment). When that pass ends with no violation and total
 * demerits below one intolerable line's, no path through a skipped line can beat it, and it is
 * exactly the full algorithm's answer (same ties too: the kept candidates keep their order);
 * otherwise the full pass runs. A 300-page document looks at about a third as many lines.
 */
import type { Segment } from './segment.js';
import { adjustmentRatio, badnessExceeds, MAX_BADNESS, OVERFULL, squeezedBy } from './badness.js';
import { BestLine, lineDemerits } from './choice.js';
import { isCJK } from './classify.js';
import { blankEnd, blankFit, type Metrics } from './metrics.js';
import type { Work } from './types.js';

export interface BreakParams {
  /** Available width of the first line and of the others. */
  firstWidth: number;
  width: number;
  justify: boolean;
  avoidRunt: boolean;
  em: number;
  /** Lines are set on a character grid (公文): a stretched line, off the grid, costs GRID_OFF_DEMERITS. */
  grid: boolean;
}

/**
 * BreakParams for the breaker to read in its inner loop, made with NaN first for the same reason
 * as blankFit (metrics.ts): the first paragraph of a run must not fix these fields as small
 * integers, or the first fractional width (or em) changes the object's layout and throws away
 * the optimized breaker (a cold 30-page export spent a quarter more time breaking lines).
 */
export function breakParams(firstWidth: number, width: number, justify: boolean, avoidRunt: boolean, em: number, grid = false): BreakParams {
  const p = { firstWidth: NaN, width: NaN, justify, avoidRunt, em: NaN, grid };
  p.firstWidth = firstWidth;
  p.width = width;
  p.em = em;
  return p;
}

const EPS = 1e-6;
const V_OVERFULL = 1e9;
const V_PROHIBITED = 1e6;
const V_EMERGENCY = 1e3;
const V_UNJUSTIFIED = 10;
const V_LOOSE = 2;
const V_RUNT = 1;
/**
 * The adjustment ratio beyond which a justified line is loose: hanzi stretch by an eighth of an em
 * per joint at ratio 1 (atoms.ts), so at 2 the gaps open by a quarter em, clreq's most.
 */
const LOOSE_RATIO = 2;
/**
 * The cost of breaking inside a name of a web or e-mail address, away from its marks (atoms.ts):
 * what a line spread to the loose limit costs (badness 800, gaps of a quarter em), so a name is
 * cut only where every way to break at the marks (before @, after / . -) or between hanzi spreads
 * lines about that far, and never rather than leave a loose line (which is a violation). It was
 * a twelfth of an em (badness 25), and a 公文 line broke `jingsa／i@example.cn` to save its
 * hanzi a spread no reader sees, where a misread address costs a reply.
 */
const ADDRESS_BREAK_DEMERITS = lineDemerits(100 * LOOSE_RATIO ** 3) - lineDemerits(0);
/**
 * The cost of squeezing a line's marks (squeeze.ts), per em squeezed: clreq squeezes before it
 * stretches, so squeezing half an em must cost less than the least stretch it saves, half an em
 * of slack spread over a line's joints (about 2.8 demerits in a 36-character line, 7 on the 公文
 * grid's 28), and more than nothing, so that a line set solid is preferred to a squeezed one.
 */
const SQUEEZE_DEMERITS_PER_EM = 2;
/**
 * On a character grid, the cost of a justified line that must be stretched: its characters leave
 * the grid's columns, by up to half a cell, however little it is stretched. TeX's demerits spread
 * the slack a number or a date leaves (it cannot be broken: `于／2026年12月20日前`) over the lines
 * before it, a cell each, and so three lines left the grid where one could take it all. This is
 * about what gathering three such cells in one line costs more (its gaps open by an eighth of an
 * em at most), so up to three are gathered; more are spread, as before.
 */
const GRID_OFF_DEMERITS = lineDemerits(100) - lineDemerits(0);
/** A safeguard against inputs made of thousands of zero-width clusters. */
const MAX_ACTIVE = 2048;
/** Badness beyond which the first pass stops considering a line (see above). */
const TOLERANCE = 400;
const INTOLERABLE_DEMERITS = lineDemerits(TOLERANCE);

/** A last line holding one hanzi and nothing but punctuation besides. */
function isRunt(seg: Segment, a: number): boolean {
  let words = 0;
  let hanzi = false;
  for (let i = a; i < seg.length; i++) {
    const cls = seg.cls[i];
    if (cls === 'open' || cls === 'close' || cls === 'middle' || cls === 'dash') continue;
    if (i > a && seg.brk[i] === 'tie') continue; // same word, other run
    if (++words > 1) return false;
    hanzi = isCJK(seg.text[i]!);
  }
  return words === 1 && hanzi;
}

/** Returns the end index (exclusive) of every line; the last one is the atom count. */
export function breakLines(seg: Segment, m: Metrics, p: BreakParams, work?: Work): number[] {
  if (seg.length === 0) return [0];
  if (m.monotone) {
    const quick = totalFit(seg, m, p, true);
    if (work) work.ops += quick.steps;
    if (quick.violations === 0 && quick.demerits < INTOLERABLE_DEMERITS) return quick.ends;
  }
  const full = totalFit(seg, m, p, false);
  if (work) work.ops += full.steps;
  return full.ends;
}

/** The full pass alone, without the pruned first pass (tests compare the two). */
export function breakLinesExhaustive(seg: Segment, m: Metrics, p: BreakParams): number[] {
  return seg.length === 0 ? [0] : totalFit(seg, m, p, false).ends;
}

/** One pass of the breaker; with `prune`, candidates certainly looser than TOLERANCE are skipped. */
function totalFit(seg: Segment, m: Metrics, p: BreakParams, prune: boolean): { ends: number[]; violations: number; demerits: number; steps: number } {
  const n = seg.length;
  const viol = new Float64Array(n + 1).fill(Infinity);
  const dem = new Float64Array(n + 1).fill(Infinity);
  const prev = new Int32Array(n + 1).fill(-1);
  viol[0] = 0;
  dem[0] = 0;
  // The active breakpoints, in order, compacted in place as b retires them: the ones kept are
  // written back at or before where they were read, so nothing is copied while none is retired,
  // the usual case (no garbage per b either: in a cold process this loop runs in the interpreter,
  // where every allocation counts).
  const active = new Int32Array(Math.min(n + 1, MAX_ACTIVE + 1));
  let count = 1;
  active[0] = 0;
  const ragged = 3 * p.em; // how much raggedness a non-justified line tolerates before it hurts
  const f = blankFit();
  const end = blankEnd();
  const best = new BestLine();
  let steps = n; // the candidates looked at, and one per atom

  for (let b = 1; b <= n; b++) {
    const last = b === n;
    const brk = last ? 'ok' : seg.brk[b]!;
    if (brk === 'tie') continue;
    // The first pass's answer is taken only when it has no violation, and every line ending at a
    // prohibited or emergency break carries one (so does every path through it): such a b cannot
    // be on an answer it gives, nor change one (a violation-free candidate beats it everywhere).
    // Not looking at its candidates at all saves about one look in eight in Chinese text (the
    // joint before every stop and closing mark is one), more than the squeeze's tight lines add.
    if (prune && (brk === 'prohibited' || brk === 'emergency')) continue;
    const breakViol = brk === 'prohibited' ? V_PROHIBITED : brk === 'emergency' ? V_EMERGENCY : 0;
    const breakDem = brk === 'discouraged' ? ADDRESS_BREAK_DEMERITS : 0;
    const stretchy = p.justify && !last;
    const raggedStretch = last ? Infinity : ragged;
    // A line ending inside an address after one of its marks that has nothing to stretch (all
    // address) is set short, rated as a ragged line, rather than cut anywhere to fill the width.
    const mayEndShort = stretchy && brk === 'address';
    best.reset();
    m.endInto(b, end);
    let overA = -1;
    let overV = Infinity;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      steps++;
      const a = active[i]!;
      const target = a === 0 ? p.firstWidth : p.width;
      m.fitFrom(a, end, f);
      const short = mayEndShort && f.stretch <= 0;
      const r = adjustmentRatio(f, target, stretchy && !short, raggedStretch);
      if (r === OVERFULL) {
        // Overfull now means overfull for every later b too: retire a, but remember the least
        // bad overfull line in case nothing else reaches b.
        const v = viol[a]! + V_OVERFULL + (f.natural - f.shrink - f.endBlank - target);
        if (v < overV) {
          overV = v;
          overA = a;
        }
        continue;
      }
      active[kept++] = a;
      let v = viol[a]! + breakViol;
      if (stretchy && !short && f.stretch <= 0 && target - f.natural > EPS) v += V_UNJUSTIFIED;
      else if (stretchy && !short && r > LOOSE_RATIO + EPS) v += V_LOOSE;
      if (last && a > 0 && p.avoidRunt && isRunt(seg, a)) v += V_RUNT;
      let base = dem[a]! + breakDem;
      if (p.grid && stretchy && !short && target - f.natural > EPS) base += GRID_OFF_DEMERITS;
      // (Added only where there is a cost: x + 0 is x, and most candidates squeeze nothing.)
      if (f.squeeze > 0 && f.natural - target > f.endBlank) base += (squeezedBy(f, target) * SQUEEZE_DEMERITS_PER_EM) / p.em;
      best.offer(a, v, base, r);
      // Every later start gives a line at most this wide with at most this much stretch, set to
      // the full width: if even that is intolerable, they all are. They stay active (unlooked-at).
      // (Not at an address's break: a later start may give a line of address alone, rated ragged.)
      if (prune && !last && !mayEndShort && p.width - f.natural > EPS
        && badnessExceeds(target === p.width ? r : adjustmentRatio(f, p.width, stretchy, raggedStretch), TOLERANCE)) {
        if (kept < i + 1) active.copyWithin(kept, i + 1, count);
        kept += count - (i + 1);
        break;
      }
    }
    if (best.start < 0 && overA >= 0) best.lead(overA, overV + breakViol, dem[overA]! + breakDem + MAX_BADNESS ** 2);
    count = kept;
    if (best.start >= 0) {
      viol[b] = best.violations;
      dem[b] = best.demerits();
      prev[b] = best.start;
      active[count++] = b;
    }
    if (count > MAX_ACTIVE) {
      // Keep the newest half.
      active.copyWithin(0, count - MAX_ACTIVE / 2, count);
      count = MAX_ACTIVE / 2;
    }
  }

  const starts: number[] = [];
  for (let b = n; b > 0; b = prev[b]!) starts.push(b);
  return { ends: starts.reverse(), violations: viol[n]!, demerits: dem[n]!, steps: steps + starts.length };
}
