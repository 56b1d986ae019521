/**
 * Positions the glyphs of one line once the breaks are chosen: distributes stretch over the
 * joints, or squeezes (end mark's blank first, then spaces and CJK–Latin spacing), and aligns.
 */
import type { Segment } from './atoms.js';
import type { Metrics } from './metrics.js';
import type { Align, Line, PlacedGlyph } from './types.js';

const EPS = 1e-6;

export interface PlaceParams {
  /** Where the line box's content starts (the indent) and how wide it is after that. */
  indent: number;
  target: number;
  align: Align;
  /** Last line of a paragraph or before a hard break: never stretched. */
  last: boolean;
}

export function placeLine(seg: Segment, m: Metrics, a: number, b: number, p: PlaceParams): Line {
  const f = m.fit(a, b);
  let slack = p.target - f.natural;
  let endCut = 0;
  let shrinkRatio = 0;
  if (slack < 0) {
    endCut = Math.min(f.endBlank, -slack);
    const need = -slack - endCut;
    shrinkRatio = need > 0 && f.shrink > 0 ? Math.min(1, need / f.shrink) : 0;
    slack += endCut + shrinkRatio * f.shrink;
  }
  const width = p.target - slack; // content width after squeezing, before stretching
  const stretchy = p.align === 'justify' && !p.last;
  const stretchRatio = stretchy && slack > EPS && f.stretch > 0 ? slack / f.stretch : 0;
  const justified = stretchy && Math.abs(slack) <= EPS ? true : stretchRatio > 0;

  let x = p.indent;
  if (!justified && slack > 0) {
    if (p.align === 'center') x += slack / 2;
    else if (p.align === 'right') x += slack;
  }
  const glyphs: PlacedGlyph[] = [];
  for (let i = a; i < b; i++) {
    const atom = seg.atoms[i]!;
    if (i > a) {
      const j = seg.joints[i]!;
      const gap = j.gap + stretchRatio * j.stretch - shrinkRatio * j.shrink;
      // Kept spaces become glyphs spanning the whole gap so the text survives extraction.
      const scale = j.gap > 0 ? gap / j.gap : 0;
      let sx = x;
      for (const [k, s] of j.spaces.entries()) {
        const w = j.gap > 0 ? s.width * scale : k === 0 ? gap : 0;
        glyphs.push({ text: s.text, run: s.run, x: sx, width: w, origin: sx });
        sx += w;
      }
      x += gap;
    }
    const cutL = i === a ? f.lead : seg.joints[i]!.cutNext;
    const cutR = i === b - 1 ? endCut : seg.joints[i + 1]!.cutPrev;
    const w = atom.adv - cutL - cutR;
    glyphs.push({ text: atom.text, run: atom.run, x, width: w, origin: x - cutL });
    x += w;
  }
  return { glyphs, width, justified, indent: p.indent };
}
