/**
 * The narrowest and the widest a piece of text can be set, as CSS's automatic table layout asks
 * of every cell: `min` is its widest unbreakable stretch (a Latin word, a —— pair, a hanzi with
 * the marks that may not be parted from it: 《通知》。 stays together where clreq says so), `max`
 * its widest line with no break but the hard ones. Both by the same atoms and joints the line
 * breaker uses, so a column `min` wide never forces a break the rules forbid.
 */
import { buildSegments } from './atoms.js';
import { layoutParagraph } from './index.js';
import type { Measure, StyledRun } from './types.js';

export interface ContentWidths {
  min: number;
  max: number;
}

export function contentWidths(runs: readonly StyledRun[], measure: Measure, em: number): ContentWidths {
  if (runs.every((r) => r.text.length === 0)) return { min: 0, max: 0 };
  let min = 0;
  for (const seg of buildSegments(runs, measure, em, Number.POSITIVE_INFINITY)) {
    let chain = 0;
    for (let i = 0; i < seg.length; i++) {
      const kind = seg.brk[i];
      // A joint that may break ends the chain; its glue goes with the break.
      if (i === 0 || kind === 'ok') chain = 0;
      else chain += seg.gap[i]! - seg.cutPrev[i]! - seg.cutNext[i]!;
      chain += seg.adv[i]!;
      min = Math.max(min, chain);
    }
  }
  const lines = layoutParagraph(runs, measure, { width: 1e9, em, align: 'left', avoidRunt: false });
  const max = lines.reduce((w, l) => Math.max(w, l.width), 0);
  return { min, max: Math.max(min, max) };
}
