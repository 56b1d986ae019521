/**
 * From styled runs to the breaker's item list.
 *
 * This is Knuth–Plass's box/glue/penalty list specialised for Chinese: an *atom* is a box (one
 * CJK cluster or mark, or an unbreakable run of Latin text or dashes from one run) and between
 * two atoms sits exactly one *joint*, which is glue (spaces, CJK–Latin spacing, inter-character
 * stretch, punctuation compression) plus the penalty of breaking there. Breaking at a joint
 * drops all of it, which is how spaces and CJK–Latin spacing vanish at line edges and how
 * compression between two marks is undone when they end up on different lines.
 */
import {
  cannotEndLine, cannotStartLine, charClass, isAlnum, isCJK, type CharClass,
} from './classify.js';
import type { Measure, StyledRun } from './types.js';

export interface Atom {
  text: string;
  run: number;
  cls: CharClass;
  /** Grapheme clusters of `text`: kept for Latin/dash atoms so an overlong one can be split. */
  clusters: string[];
  adv: number;
  /** Blank half of a full-width opening (left) or closing (right) mark; 0 otherwise. */
  blankL: number;
  blankR: number;
}

/**
 * - tie: inside a word or a ——/…… pair: never broken.
 * - ok: a normal break opportunity.
 * - prohibited: breaking would violate the line-start/end rules; only as a last resort.
 * - emergency: inside an unbreakable run that is wider than a line.
 */
export type BreakKind = 'tie' | 'ok' | 'prohibited' | 'emergency';

export interface SpaceGlyph {
  text: string;
  run: number;
  width: number;
}

export interface Joint {
  brk: BreakKind;
  /** Natural gap between the two atoms' advance boxes: spaces or CJK–Latin spacing. */
  gap: number;
  stretch: number;
  shrink: number;
  /** Blank removed from the previous atom's right / the next atom's left (two adjacent marks). */
  cutPrev: number;
  cutNext: number;
  spaces: SpaceGlyph[];
}

/** A stretch of text between hard breaks. `joints[i]` sits before `atoms[i]`; `joints[0]` is unused. */
export interface Segment {
  atoms: Atom[];
  joints: Joint[];
}

interface Proto {
  atoms: Atom[];
  /** Per atom: the whitespace clusters before it, and whether it is glued to the previous atom. */
  before: Before[];
}

interface Before {
  spaces: { text: string; run: number }[];
  tie: boolean;
  /** Set on the joints inside an overlong run that was split by cluster. */
  emergency?: boolean;
}

// Made on first use: creating it loads ICU data (about 10 ms), and text of plain hanzi,
// punctuation and ASCII never needs it (see SIMPLE).
let segmenterInstance: Intl.Segmenter | undefined;
const segmenter = (): Intl.Segmenter => (segmenterInstance ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));

/**
 * Text made only of characters that are a grapheme cluster of their own whatever surrounds them
 * (none is Extend, ZWJ, SpacingMark, Prepend, CR, a regional indicator, Hangul jamo or a
 * surrogate): LF and printable ASCII, the middle dot, general punctuation U+2010–2027 and
 * U+2030–205E, CJK symbols U+3000–3029 and U+3030–303F (not the tone marks U+302A–302F), CJK
 * ideographs U+3400–4DBF and U+4E00–9FFF, and the fullwidth forms U+FF01–FF60.
 */
const SIMPLE = /^[\n\x20-\x7e\u00b7\u2010-\u2027\u2030-\u205e\u3000-\u3029\u3030-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]*$/;

/**
 * Grapheme clusters of `text`. V8's segmenter gets slower per cluster as the string grows
 * (200,000 hanzi took tens of seconds), so it is fed windows of a few thousand code units; each
 * window starts on a cluster boundary and its last, possibly cut, cluster is redone by the next.
 */
export function* graphemes(text: string): Generator<string> {
  if (SIMPLE.test(text)) {
    // Each character is a cluster of its own: no need for the (slow) segmenter.
    for (let i = 0; i < text.length; i++) yield text[i]!;
    return;
  }
  let pos = 0;
  let size = 1024;
  while (pos < text.length) {
    const stop = pos + size;
    if (stop >= text.length) {
      for (const { segment } of segmenter().segment(text.slice(pos))) yield segment;
      return;
    }
    let lastStart = -1;
    let lastText = '';
    const pending: string[] = [];
    for (const { segment, index } of segmenter().segment(text.slice(pos, stop))) {
      if (lastStart >= 0) pending.push(lastText);
      [lastStart, lastText] = [index, segment];
    }
    if (pending.length === 0) {
      size *= 2; // one cluster fills the window: look further
      continue;
    }
    yield* pending;
    pos += lastStart;
  }
}

/** A full-width mark is one whose advance is close to an em of its size; a proportional quote
 * from a Latin font has no blank to compress. */
const FULL_WIDTH = 0.75;

function newAtom(text: string, run: number, cls: CharClass): Atom {
  return { text, run, cls, clusters: [text], adv: 0, blankL: 0, blankR: 0 };
}

/** Latin clusters merge into a word; equal dashes merge into one unsplittable pair. */
function glues(prev: Atom, cls: CharClass, g: string): boolean {
  if (prev.cls === 'latin' && cls === 'latin') return true;
  return prev.cls === 'dash' && cls === 'dash' && prev.text.startsWith(g);
}

/**
 * One string per distinct cluster: the segmenter returns a new string for every cluster, and a
 * long document keeps millions of them (one per placed glyph) until it is drawn.
 */
const clusterStrings = new Map<string, string>();
const MAX_INTERNED = 65536;

function intern(g: string): string {
  const hit = clusterStrings.get(g);
  if (hit !== undefined) return hit;
  if (clusterStrings.size < MAX_INTERNED) clusterStrings.set(g, g);
  return g;
}

function split(runs: readonly StyledRun[]): Proto[] {
  const out: Proto[] = [];
  let cur: Proto = { atoms: [], before: [] };
  let spaces: { text: string; run: number }[] = [];
  for (const [r, run] of runs.entries()) {
    for (const cluster of graphemes(run.text)) {
      const g = intern(cluster);
      const cls = charClass(g);
      if (cls === 'newline') {
        out.push(cur);
        cur = { atoms: [], before: [] };
        spaces = []; // white space at a line edge is dropped
      } else if (cls === 'space') {
        if (cur.atoms.length > 0) spaces.push({ text: g, run: r });
      } else {
        const prev = cur.atoms[cur.atoms.length - 1];
        const tie = prev !== undefined && spaces.length === 0 && glues(prev, cls, g);
        if (prev && tie && prev.run === r) {
          prev.text += g;
          prev.clusters.push(g);
        } else {
          cur.atoms.push(newAtom(g, r, cls));
          cur.before.push({ spaces, tie });
        }
        spaces = [];
      }
    }
  }
  out.push(cur);
  return out;
}

function measureAtom(a: Atom, runs: readonly StyledRun[], measure: Measure): void {
  const run = runs[a.run]!;
  a.adv = measure(a.text, run.font, run.size);
  const full = a.adv >= FULL_WIDTH * run.size;
  a.blankL = a.cls === 'open' && full ? a.adv / 2 : 0;
  a.blankR = a.cls === 'close' && full ? a.adv / 2 : 0;
}

/**
 * A chain of tied atoms wider than the narrowest line can never fit: split it into one atom per
 * cluster with emergency breaks between, so the breaker cuts it by character instead of setting
 * an overfull line (or, with a 200,000-character word, doing anything quadratic).
 */
function splitOverlong(p: Proto, maxWidth: number, runs: readonly StyledRun[], measure: Measure): Proto {
  const atoms: Atom[] = [];
  const before: Before[] = [];
  let i = 0;
  while (i < p.atoms.length) {
    let j = i + 1;
    let w = p.atoms[i]!.adv;
    while (j < p.atoms.length && p.before[j]!.tie) w += p.atoms[j++]!.adv;
    const chain = p.atoms.slice(i, j);
    if (w > maxWidth && chain.some((a) => a.clusters.length > 1)) {
      let firstPiece = true;
      for (const a of chain) {
        for (const g of a.clusters) {
          const piece = newAtom(g, a.run, a.cls);
          measureAtom(piece, runs, measure);
          atoms.push(piece);
          before.push(firstPiece ? p.before[i]! : { spaces: [], tie: false, emergency: true });
          firstPiece = false;
        }
      }
    } else {
      for (let k = i; k < j; k++) {
        atoms.push(p.atoms[k]!);
        before.push(p.before[k]!);
      }
    }
    i = j;
  }
  return { atoms, before };
}

function makeJoint(
  prev: Atom, next: Atom, info: Before,
  runs: readonly StyledRun[], measure: Measure, em: number,
): Joint {
  const joint: Joint = { brk: 'ok', gap: 0, stretch: 0, shrink: 0, cutPrev: 0, cutNext: 0, spaces: [] };
  if (info.emergency) return { ...joint, brk: 'emergency' };
  if (info.tie) return { ...joint, brk: 'tie' };
  if (cannotEndLine(prev.text) || cannotStartLine(next.text)) joint.brk = 'prohibited';
  if (info.spaces.length > 0) {
    // A space keeps its own width and TeX-like elasticity, wherever it is.
    joint.spaces = info.spaces.map((s) => {
      const run = runs[s.run]!;
      return { ...s, width: measure(s.text, run.font, run.size) };
    });
    joint.gap = joint.spaces.reduce((n, s) => n + s.width, 0);
    joint.stretch = joint.gap / 2;
    joint.shrink = joint.gap / 3;
    return joint;
  }
  // Inter-character stretch is how a CJK line is justified; never between Latin letters and a
  // proportional quote or inside a word (ties never get here).
  const wide = (a: Atom): boolean =>
    a.cls === 'cjk' || a.cls === 'dash' || a.blankL > 0 || a.blankR > 0 || (a.cls === 'middle' && a.adv >= em * FULL_WIDTH);
  if (wide(prev) || wide(next)) joint.stretch = em / 8;
  const lastOfPrev = prev.clusters[prev.clusters.length - 1]!;
  if ((isCJK(lastOfPrev) && isAlnum(next.clusters[0]!)) || (isAlnum(lastOfPrev) && isCJK(next.clusters[0]!))) {
    // clreq: about a quarter em between hanzi and Latin letters or digits, down to an eighth.
    joint.gap = em / 4;
    joint.shrink = em / 8;
  } else if (prev.blankR > 0 && (next.blankL > 0 || next.blankR > 0)) {
    // Two adjacent marks take 1.5 em: the first one's right blank goes (”。 ，“ ）、).
    joint.cutPrev = prev.blankR;
  } else if (next.blankL > 0 && (prev.blankL > 0 || prev.blankR > 0)) {
    // “《: only the second one's left blank lies between the two.
    joint.cutNext = next.blankL;
  }
  return joint;
}

/**
 * Cut the runs into segments at hard breaks and build each segment's atoms and joints.
 * `maxAtomWidth` is the narrowest line: any tied chain wider than that is split by cluster.
 * White space at the start or end of a segment is dropped, like white space at a line break.
 */
export function buildSegments(
  runs: readonly StyledRun[], measure: Measure, em: number, maxAtomWidth: number,
): Segment[] {
  return split(runs).map((raw) => {
    for (const a of raw.atoms) measureAtom(a, runs, measure);
    const p = splitOverlong(raw, maxAtomWidth, runs, measure);
    const joints: Joint[] = p.atoms.map((a, i) =>
      i === 0
        ? { brk: 'tie', gap: 0, stretch: 0, shrink: 0, cutPrev: 0, cutNext: 0, spaces: [] }
        : makeJoint(p.atoms[i - 1]!, a, p.before[i]!, runs, measure, em),
    );
    return { atoms: p.atoms, joints };
  });
}
