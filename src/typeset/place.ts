/**
 * Positions the glyphs of one line once the breaks are chosen: distributes stretch over the
 * joints, or squeezes (end mark's blank first, then the marks' blanks inside the line as
 * squeeze.ts orders them, then spaces and CJK–Latin spacing), and aligns.
 */
import type { Segment } from './segment.js';
import type { Metrics } from './metrics.js';
import { squeezeLine } from './squeeze.js';
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
  let squeezed = 0;
  if (slack < 0) {
    // The end mark's blank first, then the marks' blanks inside the line, then the shrink.
    endCut = Math.min(f.endBlank, -slack);
    squeezed = Math.min(f.squeeze, -slack - endCut);
    const need = -slack - endCut - squeezed;
    shrinkRatio = need > 0 && f.shrink > 0 ? Math.min(1, need / f.shrink) : 0;
    slack += endCut + squeezed + shrinkRatio * f.shrink;
  }
  const squeeze = squeezeLine(seg, a, b, squeezed);
  const width = p.target - slack; // content width after squeezing, before stretching
  const stretchy = p.align === 'justify' && !p.last;
  // A line with separators stretches them alone (Segment.flex), its hanzi set solid.
  const flexed = f.flex > 0;
  const elastic = flexed ? f.flex : f.stretch;
  const stretchRatio = stretchy && slack > EPS && elastic > 0 ? slack / elastic : 0;
  const justified = stretchy && Math.abs(slack) <= EPS ? true : stretchRatio > 0;

  let x = p.indent;
  if (!justified && slack > 0) {
    if (p.align === 'center') x += slack / 2;
    else if (p.align === 'right') x += slack;
  }
  let count = b - a;
  for (let i = a + 1; i < b; i++) count += seg.spaces[i]?.length ?? 0;
  const glyphs = new GlyphList(count);
  for (let i = a; i < b; i++) {
    if (i > a) {
      const jointGap = seg.gap[i]!;
      const gap = jointGap + stretchRatio * (flexed ? seg.flex[i]! : seg.stretch[i]!) - shrinkRatio * seg.shrink[i]!;
      const spaces = seg.spaces[i];
      if (spaces) {
        // Kept spaces become glyphs spanning the whole gap so the text survives extraction.
        const scale = jointGap > 0 ? gap / jointGap : 0;
        let sx = x;
        for (let k = 0; k < spaces.length; k++) {
          const s = spaces[k]!;
          const w = jointGap > 0 ? s.width * scale : k === 0 ? gap : 0;
          glyphs.push(s.text, s.run, sx, w, sx);
          sx += w;
        }
      }
      x += gap;
    }
    const cutL = i === a ? f.lead : seg.cutNext[i]! + (squeeze ? squeeze[2 * (i - a) + 1]! : 0);
    const cutR = i === b - 1 ? endCut : seg.cutPrev[i + 1]! + (squeeze ? squeeze[2 * (i + 1 - a)]! : 0);
    const w = seg.adv[i]! - cutL - cutR;
    glyphs.push(seg.text[i]!, seg.run[i]!, x, w, x - cutL + seg.ink[i]!);
    x += w;
  }
  return new PackedLine(glyphs, width, justified, p.indent);
}

/**
 * A line's glyphs, packed: the PDF exporter holds the lines of up to about a hundred pages laid
 * out ahead of drawing, some hundred thousand placed glyphs. As objects (five fields, three of
 * them boxed doubles) they took ~110 bytes each; here 24 bytes of numbers and a shared string
 * reference. `Line.glyphs` builds the PlacedGlyph objects when asked (each time: a line is
 * usually read once, when it is drawn), with exactly the same values.
 */
class GlyphList {
  readonly texts: string[] = [];
  readonly runs: number[] = [];
  /** x, width, origin per glyph. */
  readonly pos: Float64Array;
  constructor(count: number) {
    this.pos = new Float64Array(count * 3);
  }
  push(text: string, run: number, x: number, width: number, origin: number): void {
    const k = this.texts.length * 3;
    this.texts.push(text);
    this.runs.push(run);
    this.pos[k] = x;
    this.pos[k + 1] = width;
    this.pos[k + 2] = origin;
  }
}

class PackedLine implements Line {
  readonly #glyphs: GlyphList;
  constructor(glyphs: GlyphList, readonly width: number, readonly justified: boolean, readonly indent: number) {
    this.#glyphs = glyphs;
  }
  get glyphs(): PlacedGlyph[] {
    const { texts, runs, pos } = this.#glyphs;
    const out: PlacedGlyph[] = new Array(texts.length);
    for (let i = 0; i < texts.length; i++) {
      out[i] = { text: texts[i]!, run: runs[i]!, x: pos[3 * i]!, width: pos[3 * i + 1]!, origin: pos[3 * i + 2]! };
    }
    return out;
  }
}
