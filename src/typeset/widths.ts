/**
 * The narrowest and the widest a piece of text can be set, as CSS's automatic table layout asks
 * of every cell: `min` is its widest unbreakable stretch (a Latin word, a —— pair, a hanzi with
 * the marks that may not be parted from it: 《通知》。 stays together where clreq says so), `max`
 * its widest line with no break but the hard ones. Both by the same atoms and joints the line
 * breaker uses, so a column `min` wide never forces a break the rules forbid.
 */
import { buildSegments } from './atoms.js';
import type { Measure, StyledRun } from './types.js';

export interface ContentWidths {
  min: number;
  max: number;
}

export function contentWidths(runs: readonly StyledRun[], measure: Measure, em: number): ContentWidths {
  if (runs.every((r) => r.text.length === 0)) return { min: 0, max: 0 };
  let min = 0;
  let max = 0;
  for (const seg of buildSegments(runs, measure, em, Number.POSITIVE_INFINITY)) {
    let chain = 0;
    let line = 0;
    for (let i = 0; i < seg.length; i++) {
      // The glue of joint i, as set when the line does not break there (compression between two marks taken off).
      const glue = i === 0 ? 0 : seg.gap[i]! - seg.cutPrev[i]! - seg.cutNext[i]!;
      // A joint that may break ends the chain; its glue goes with the break.
      chain = i === 0 || seg.brk[i] === 'ok' ? seg.adv[i]! : chain + glue + seg.adv[i]!;
      line += glue + seg.adv[i]!;
      min = Math.max(min, chain);
    }
    // The segment set whole on one line (what the line breaker gives at an unlimited width, before
    // it trims a mark's blank half at the line's ends: never narrower than that).
    max = Math.max(max, line);
  }
  return { min, max: Math.max(min, max) };
}
