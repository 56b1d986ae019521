/**
 * From styled runs to the breaker's item list (segment.ts): text → clusters → atoms, measured,
 * then the joints between them.
 */
import type { CharClass } from './classify.js';
import { FULL_WIDTH, isApostrophe, punctuationBox } from './boxes.js';
import { forEachCluster } from './clusters.js';
import { Segment, type BreakKind, type SpaceGlyph } from './segment.js';
import { ALNUM, CANNOT_END, CANNOT_START, classOf, HANZI, LATIN_CLASS, traitsOf } from './traits.js';
import { digitAtJoint, digitGroupSpace, insideNumberWithUnit } from './units.js';
import type { Measure, StyledRun, Work } from './types.js';

/** White space between two atoms, before it is measured. */
interface Space {
  text: string;
  run: number;
}

/**
 * How an atom is joined to the one before it, before the line-start/end rules have their say:
 * free to break, tied (the same word or dash pair in another run), split by necessity, free
 * inside a web or e-mail address after one of its marks, or breakable at a cost inside one
 * elsewhere.
 */
type Join = 'free' | 'tie' | 'emergency' | 'discouraged' | 'address';

/** A segment's atoms as the text is split, before the joints are made. */
interface Draft {
  seg: Segment;
  join: Join[];
  spacesBefore: Array<Space[] | undefined>;
  /** Traits (traits.ts) of each atom's first and last cluster: what its joints depend on. */
  head: number[];
  tail: number[];
  /** The clusters of each atom made of several (a Latin word, a —— pair), by atom index. */
  clusters: Map<number, string[]>;
}

const newDraft = (): Draft => ({ seg: new Segment(), join: [], spacesBefore: [], head: [], tail: [], clusters: new Map() });


function pushAtom(
  d: Draft, text: string, run: number, cls: CharClass, head: number, tail: number, join: Join, spaces: Space[] | undefined,
): void {
  const seg = d.seg;
  seg.text.push(text);
  seg.run.push(run);
  seg.cls.push(cls);
  d.head.push(head);
  d.tail.push(tail);
  d.join.push(join);
  d.spacesBefore.push(spaces);
}

/**
 * Latin clusters merge into a word; equal dashes merge into one unsplittable pair. `prevClusters`
 * are the clusters of the atom so far: only its start is read, so that a run of 100,000 dashes
 * is not compared (and its text not flattened) again at every dash.
 */
function glues(prevCls: CharClass, prevClusters: readonly string[], cls: CharClass, g: string, work?: Work): boolean {
  if (prevCls === 'latin' && cls === 'latin') return true;
  return prevCls === 'dash' && cls === 'dash' && startsWith(prevClusters, g, work);
}

/** Whether the clusters, joined, start with `g`; reads no more of them than `g` is long. */
function startsWith(clusters: readonly string[], g: string, work?: Work): boolean {
  let head = '';
  for (let k = 0; k < clusters.length && head.length < g.length; k++) {
    head += clusters[k]!;
    if (work) work.ops += clusters[k]!.length;
  }
  return head.startsWith(g);
}

/** The runs cut at hard breaks into drafts of atoms. */
function split(runs: readonly StyledRun[], work?: Work): Draft[] {
  const out: Draft[] = [];
  let d = newDraft();
  let spaces: Space[] | undefined; // white space since the last atom
  let r = 0;
  const add = (g: string): void => {
    if (work) work.ops++;
    const traits = traitsOf(g);
    const cls = classOf(traits);
    if (cls === 'newline') {
      out.push(d);
      d = newDraft();
      spaces = undefined; // white space at a line edge is dropped
      return;
    }
    if (cls === 'space') {
      if (d.seg.length > 0) (spaces ??= []).push({ text: g, run: r });
      return;
    }
    const { text, run, cls: classes } = d.seg;
    const last = text.length - 1;
    const tie = last >= 0 && spaces === undefined && glues(classes[last]!, d.clusters.get(last) ?? [text[last]!], cls, g, work);
    if (tie && run[last] === r) {
      let clusters = d.clusters.get(last);
      if (!clusters) d.clusters.set(last, (clusters = [text[last]!]));
      clusters.push(g);
      d.tail[last] = traits;
    } else pushAtom(d, g, r, cls, traits, traits, tie ? 'tie' : 'free', spaces);
    spaces = undefined;
  };
  for (r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    if (run.attached && run.text !== '') {
      // One atom, tied to the one before it, that no line may start with and that gets no spacing.
      pushAtom(d, run.text, r, 'latin', CANNOT_START | LATIN_CLASS, CANNOT_START | LATIN_CLASS, d.seg.length > 0 ? 'tie' : 'free', undefined);
      spaces = undefined;
    } else forEachCluster(run.text, add);
  }
  out.push(d);
  // An atom of several clusters gets its text once they are all in: appending to it cluster by
  // cluster copied the text so far each time.
  for (const draft of out) for (const [k, clusters] of draft.clusters) draft.seg.text[k] = clusters.join('');
  return out;
}

/** A web or e-mail address, as one Latin word: a scheme, www., or name@host. */
const ADDRESS = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)|^[^@\s]+@[^@\s]+\.[^@\s]+$/i;
/** The part of an address no break may fall in: its scheme and //, www., mailto:, or its first character. */
const ADDRESS_HEAD = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)/i;
/** An address may break after one of these (never after its first character), and before an @. */
const ADDRESS_BREAK_AFTER = new Set(['/', '.', '-', '_', '?', '&', '=', '#']);

/**
 * A web or e-mail address is one Latin word, which a line could not break, so a line holding a
 * long one was spread wide. It is cut into atoms after `/ . - _ ? & = #` and before `@` (the
 * places Chicago and clreq allow an address to break, with no hyphen added), each joined to the
 * next by a break with no stretch: the address sets solid, and a line may end inside it (a line
 * of nothing but address, which has nothing to stretch, may end there short of the edge).
 * Between two letters of a name it may break too, but only at a cost (the breaker's
 * ADDRESS_BREAK_DEMERITS), as a last way out before a loose line: `jingsa／i@example.cn` is
 * easily misread, or mistyped by whoever copies it. Never before one of the marks (no line
 * starts with `.` or `/`), after an @, inside the scheme, or after the first character. Text
 * with no address (nearly all Chinese text) is returned as it is.
 */
function splitAddresses(d: Draft): Draft {
  if (d.clusters.size === 0) return d;
  let any = false;
  for (const [k] of d.clusters) if (ADDRESS.test(d.seg.text[k]!)) any = true;
  if (!any) return d;
  const out = newDraft();
  const { text, run, cls } = d.seg;
  for (let k = 0; k < text.length; k++) {
    const clusters = d.clusters.get(k);
    if (!clusters || !ADDRESS.test(text[k]!)) {
      pushAtom(out, text[k]!, run[k]!, cls[k]!, d.head[k]!, d.tail[k]!, d.join[k]!, d.spacesBefore[k]);
      if (clusters) out.clusters.set(out.seg.length - 1, clusters);
      continue;
    }
    // No break inside the scheme (https://, www., mailto:) or after the first character.
    const head = Math.max(2, Array.from(ADDRESS_HEAD.exec(text[k]!)?.[0] ?? '').length);
    let piece: string[] = [];
    // The first piece joins what comes before as the address did.
    let join: Join = d.join[k]!;
    let spaces = d.spacesBefore[k];
    const flush = (next: Join) => {
      if (piece.length === 0) return;
      pushAtom(out, piece.join(''), run[k]!, cls[k]!, traitsOf(piece[0]!), traitsOf(piece[piece.length - 1]!), join, spaces);
      if (piece.length > 1) out.clusters.set(out.seg.length - 1, piece);
      join = next;
      spaces = undefined;
      piece = [];
    };
    /** Cluster j is a letter of a name: not one of the marks, not @, not past the end. */
    const letter = (j: number) => j >= 0 && j < clusters.length && !ADDRESS_BREAK_AFTER.has(clusters[j]!) && clusters[j] !== '@';
    clusters.forEach((g, i) => {
      if (i > 0) {
        const prev = clusters[i - 1]!;
        // After the last of a run of marks (never inside https:// or ?&), not after the first
        // character; and before the @ of an e-mail address (Chicago's rule: the line then ends
        // with the whole name, and the next starts with the @ that shows it goes on).
        if (i > 1 && ADDRESS_BREAK_AFTER.has(prev) && !ADDRESS_BREAK_AFTER.has(g)) flush('address');
        else if (g === '@' && i >= head && !ADDRESS_BREAK_AFTER.has(prev)) flush('address');
        // Inside a name, two letters on either side at least, as hyphenation leaves (never
        // `jingsa／i@`: a letter alone is the easiest to lose when the address is copied).
        else if (i >= head && letter(i - 2) && letter(i - 1) && letter(i) && letter(i + 1)) flush('discouraged');
      }
      piece.push(g);
    });
    flush('free');
  }
  return out;
}

/**
 * Measures atom i, the next one not measured yet: a punctuation mark gets its full-width box
 * (boxes.ts), `scale` ems of its size (a character grid's pitch over the body size; 1 without).
 */
function measureAtom(d: Draft, i: number, runs: readonly StyledRun[], measure: Measure, scale: number): void {
  const seg = d.seg;
  const run = runs[seg.run[i]!]!;
  const text = seg.text[i]!;
  const latin = (k: number) => seg.cls[k] === 'latin';
  const latinBefore = i > 0 && latin(i - 1) && !d.spacesBefore[i];
  const latinAfter = latin(i + 1) && !d.spacesBefore[i + 1];
  const cls = seg.cls[i]!;
  // An apostrophe (don’t) or a Western dash between Latin letters keeps its width.
  const western = cls === 'dash' ? latinBefore && latinAfter : isApostrophe(text, latinBefore, latinAfter);
  const measured = measure(text, run.font, run.size);
  // A run of dashes or ellipses takes a cell per character.
  const cells = cls === 'dash' ? (d.clusters.get(i)?.length ?? 1) : 1;
  const box = punctuationBox(western ? 'latin' : cls, measured, run.size * scale * cells);
  seg.adv.push(box.adv);
  seg.blankL.push(box.blankL);
  seg.blankR.push(box.blankR);
  seg.ink.push(box.ink);
}

/** The end (exclusive) of the chain of tied atoms that starts at atom i. */
function chainEnd(d: Draft, i: number): number {
  let j = i + 1;
  while (j < d.seg.length && d.join[j] === 'tie') j++;
  return j;
}

/** Whether atoms [i, j), a chain, are wider than `maxWidth` and can be cut by cluster. */
function isOverlong(d: Draft, i: number, j: number, maxWidth: number): boolean {
  let w = d.seg.adv[i]!;
  for (let k = i + 1; k < j; k++) w += d.seg.adv[k]!;
  if (w <= maxWidth) return false;
  for (let k = i; k < j; k++) if (d.clusters.has(k)) return true;
  return false;
}

/**
 * A chain of tied atoms wider than the narrowest line can never fit: split it into one atom per
 * cluster with emergency breaks between, so the breaker cuts it by character instead of setting
 * an overfull line (or, with a 200,000-character word, doing anything quadratic). The draft is
 * returned as it is when it has no such chain (nearly always).
 */
function splitOverlong(d: Draft, maxWidth: number, runs: readonly StyledRun[], measure: Measure, scale: number): Draft {
  if (d.clusters.size === 0) return d; // no atom of several clusters: nothing to cut (Chinese text)
  let any = false;
  for (let i = 0; i < d.seg.length && !any; i = chainEnd(d, i)) any = isOverlong(d, i, chainEnd(d, i), maxWidth);
  if (!any) return d;
  const out = newDraft();
  const { text, run, cls, adv, blankL, blankR, ink } = d.seg;
  for (let i = 0, j = 0; i < text.length; i = j) {
    j = chainEnd(d, i);
    if (isOverlong(d, i, j, maxWidth)) {
      // The first piece joins what comes before as the chain did; the others are emergency breaks.
      let join = d.join[i]!;
      let spaces = d.spacesBefore[i];
      for (let k = i; k < j; k++) {
        for (const g of d.clusters.get(k) ?? [text[k]!]) {
          const traits = traitsOf(g);
          pushAtom(out, g, run[k]!, cls[k]!, traits, traits, join, spaces); // a piece keeps its atom's class
          measureAtom(out, out.seg.length - 1, runs, measure, scale);
          join = 'emergency';
          spaces = undefined;
        }
      }
    } else {
      for (let k = i; k < j; k++) {
        pushAtom(out, text[k]!, run[k]!, cls[k]!, d.head[k]!, d.tail[k]!, d.join[k]!, d.spacesBefore[k]);
        out.seg.adv.push(adv[k]!);
        out.seg.blankL.push(blankL[k]!);
        out.seg.blankR.push(blankR[k]!);
        out.seg.ink.push(ink[k]!);
      }
    }
  }
  return out;
}

/** Inter-character stretch is how a CJK line is justified: only next to a full-width atom. */
function isWide(seg: Segment, i: number, em: number): boolean {
  const cls = seg.cls[i];
  return cls === 'cjk' || cls === 'dash' || seg.blankL[i]! > 0 || seg.blankR[i]! > 0 || (cls === 'middle' && seg.adv[i]! >= em * FULL_WIDTH);
}

/** Appends a joint to the segment's joint columns. */
function pushJoint(
  seg: Segment, brk: BreakKind, gap: number, stretch: number, shrink: number, cutPrev: number, cutNext: number,
  spaces?: SpaceGlyph[],
): void {
  seg.brk.push(brk);
  seg.gap.push(gap);
  seg.stretch.push(stretch);
  seg.shrink.push(shrink);
  seg.cutPrev.push(cutPrev);
  seg.cutNext.push(cutNext);
  seg.spaces.push(spaces);
}

/** Makes joint i, between atoms i - 1 and i. */
function makeJoint(d: Draft, i: number, runs: readonly StyledRun[], measure: Measure, em: number): void {
  const seg = d.seg;
  const join = d.join[i];
  if (join === 'emergency' || join === 'tie' || join === 'discouraged' || join === 'address') return pushJoint(seg, join, 0, 0, 0, 0, 0);
  const tail = d.tail[i - 1]!;
  const head = d.head[i]!;
  const before = d.spacesBefore[i];
  const brk = tail & CANNOT_END || head & CANNOT_START || insideNumberWithUnit(seg.text, i) || (before !== undefined && digitGroupSpace(seg.text, i)) ? 'prohibited' : 'ok';
  if (before !== undefined) {
    // A space keeps its own width and TeX-like elasticity, wherever it is.
    const spaces: SpaceGlyph[] = [];
    let gap = 0;
    for (const s of before) {
      const run = runs[s.run]!;
      const width = measure(s.text, run.font, run.size);
      spaces.push({ text: s.text, run: s.run, width });
      gap += width;
    }
    return pushJoint(seg, brk, gap, gap / 2, gap / 3, 0, 0, spaces);
  }
  // Never between Latin letters and a proportional quote or inside a word (ties never get here).
  const stretch = isWide(seg, i - 1, em) || isWide(seg, i, em) ? em / 8 : 0;
  if ((tail & HANZI && head & ALNUM) || (tail & ALNUM && head & HANZI)) {
    // Digits beside hanzi are set solid (2026年3月, 28.9万元), in the body as in a title or a
    // signature's date, as GB/T 9704 writes them and as the DOCX asks Word to (no autoSpaceDN).
    if (digitAtJoint(seg.text[i - 1]!, seg.text[i]!)) return pushJoint(seg, brk, 0, stretch, 0, 0, 0);
    // clreq: about a quarter em between hanzi and Latin letters, down to an eighth.
    return pushJoint(seg, brk, em / 4, stretch, em / 8, 0, 0);
  }
  const prevBlankR = seg.blankR[i - 1]!;
  const prevBlankL = seg.blankL[i - 1]!;
  const nextBlankL = seg.blankL[i]!;
  const nextBlankR = seg.blankR[i]!;
  // Two adjacent marks take 1.5 em: the first one's right blank goes (”。 ，“ ）、) …
  if (prevBlankR > 0 && (nextBlankL > 0 || nextBlankR > 0)) return pushJoint(seg, brk, 0, stretch, 0, prevBlankR, 0);
  // … or with “《 only the second one's left blank lies between the two.
  if (nextBlankL > 0 && (prevBlankL > 0 || prevBlankR > 0)) return pushJoint(seg, brk, 0, stretch, 0, 0, nextBlankL);
  return pushJoint(seg, brk, 0, stretch, 0, 0, 0);
}

/**
 * Cut the runs into segments at hard breaks and build each segment's atoms and joints.
 * `maxAtomWidth` is the narrowest line: any tied chain wider than that is split by cluster.
 * White space at the start or end of a segment is dropped, like white space at a line break.
 */
export function buildSegments(
  runs: readonly StyledRun[], measure: Measure, em: number, maxAtomWidth: number, work?: Work, scale = 1,
): Segment[] {
  return split(runs, work).map((drafted) => {
    const raw = splitAddresses(drafted);
    for (let i = 0; i < raw.seg.length; i++) measureAtom(raw, i, runs, measure, scale);
    const d = splitOverlong(raw, maxAtomWidth, runs, measure, scale);
    if (work) work.ops += raw.seg.length + d.seg.length;
    for (let i = 0; i < d.seg.length; i++) {
      if (i === 0) pushJoint(d.seg, 'tie', 0, 0, 0, 0, 0);
      else makeJoint(d, i, runs, measure, em);
    }
    return d.seg;
  });
}
