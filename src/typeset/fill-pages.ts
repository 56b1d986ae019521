/**
 * The page filler: pages filled one by one as full as the rules allow (see paginate.ts for the
 * rules), from any page start, with a page's bottom optionally set higher than the frame's. The
 * page-break chooser (paginateLazily) fills each page from each start it considers with these.
 */

import type { BlockBox, BoxSource, Frame, NoteBox, Page, PlacedLine, PlacedNoteLine, Work } from './paginate.js';

/** Where a page begins: its first block and line, and the notes continued onto it from the page before. */
export interface PageStart {
  block: number;
  line: number;
  notes: ContinuedNote[];
  /** Figures (each with the caption it keeps with) put off to the top of this page, set before `block`. */
  floats?: number[];
}

/** A page as the filler makes it: where it began, and how much room its text left at the bottom. */
export interface FilledPage extends Page {
  start: PageStart;
  /** From the last line's bottom to the bottom of the text (the frame's, less the notes); 0 on a page ended short by intent (a forced break). */
  gap: number;
  /** The bottom of the text: the frame's, less the notes (where a full page's lines end). */
  textBottom: number;
  /** The page begun after this one (its `start` tells where the next page begins); none after the last. */
  following?: FilledPage;
  /** Ended short by intent (before an attachment or a landscape page, or a 版记 with no room): nothing to share out. */
  forced?: boolean;
}

/**
 * Pages filled one by one as full as the rules allow, from `start`, the bottom of page n (counted
 * from the start) set `reduction(n)` higher than the frame's; on page n where `relaxed(n)`, a
 * single line may be left at a page's foot or head (an orphan or a widow: a cost the chooser
 * weighs, never the rule that a heading keeps two lines of its text). Each page is yielded once
 * the page after it has its first line (so that its `following.start` is known), and the last
 * one at the end.
 */
export function* fillPages(
  blocks: BoxSource,
  frame: Frame,
  from: PageStart,
  reduction: (n: number) => number,
  work?: Work,
  relaxed: (n: number) => boolean = () => false,
): Generator<FilledPage, void, undefined> {
  /** Pages finished while placing the current block, not yet handed out. */
  const finished: FilledPage[] = [];
  const notes = new PageNotes(frame.noteRule ?? 0, from.notes);
  // On a page with notes, the text stops where a full page's lines stop (whole pitches from the
  // top) rather than at the frame's bottom: what a full page leaves below its last line stays
  // empty above the notes' rule too, so that text and notes together end where text alone does on
  // other pages, never lower. Not on the last page (`ending`), which is compared with none: a
  // one-page 简报 whose signature fits only in that slack stays on one page.
  const slack = frame.pitch ? latticeSlack(frame.bottom - frame.top, frame.pitch) : 0;
  /** The rest of the document, from the block being placed, fits on this page (it is the last). */
  let ending = false;
  /** What the text leaves empty above the notes: the slack, on a page that has notes (or will have, `noted`) and is not the last. */
  const reserve = (noted = notes.height > 0) => (noted && slack > 0 && !ending ? slack : 0);
  /** Whether blocks i on (from line `line` of block i) fit below `from` with their notes, looked at no further than the page's bottom. */
  const restFits = (i: number, line: number, from: number): boolean => {
    let reach = from;
    let noted = notes.height > 0;
    const room = pageBottom() - notes.height;
    for (let j = i; reach <= room + 1e-6; j++) {
      const b = blocks.box(j);
      if (!b) return true;
      const first = j === i ? line : 0;
      reach += (j === i ? 0 : b.spaceBefore) + (b.lines - first) * b.lineHeight + b.spaceAfter;
      for (let l = first; l < b.lines; l++) {
        for (const n of b.notes?.[l] ?? []) {
          reach += n.lines * n.lineHeight + (noted ? 0 : frame.noteRule ?? 0);
          noted = true;
        }
      }
    }
    return false;
  };
  let pageIndex = 0;
  /** Figures put off to the top of the next page (Frame: BlockBox.float), with their captions, in order. */
  let pending: number[] = [];
  /** Where the text goes on from: a page that holds only figures put off to it begins there. */
  let resume = { block: from.block, line: from.line };
  /** Whether the page has a line of text yet (not only figures put off to it): its first says where the page begins. */
  let texted = false;
  let current: FilledPage = { lines: [], start: from, gap: 0, textBottom: frame.bottom };
  // The document's first page starts below a 公文's 版头 when there is one.
  let y = from.block === 0 && from.line === 0 && frame.firstTop !== undefined ? frame.firstTop : frame.top;
  const box = (i: number) => blocks.box(i)!;
  const atTop = () => current.lines.length === 0;
  /** Where a line of block b set at v goes: on the grid, or a body line on the baseline grid (register). */
  const snap = (v: number, b: BlockBox) => {
    if (b.free) return v;
    const step = frame.grid ?? (frame.register && !b.spaceBefore && Math.abs(b.lineHeight - frame.register) < 1e-6 ? frame.register : undefined);
    return step ? frame.top + Math.ceil((v - frame.top) / step - 1e-6) * step : v;
  };
  /**
   * Frame.squeeze: the page's lines drawn closer together so that block i, set from `start`, fits.
   * Whole grid lines are taken out of the page's height, so that what follows stays on the grid;
   * only a page of text lines (no table rows, figures, notes) is tightened.
   */
  const squeezeFor = (i: number, start: number): boolean => {
    const step = frame.grid ?? frame.pitch;
    if (!frame.squeeze || !box(i).squeezes || !frame.pitch || !step || notes.height > 0) return false;
    // The fewest whole lines that make room (keptDown stops counting once past the bottom, so each is tried).
    let n = 1;
    while (n <= frame.squeeze && keptDown(i, start - n * step) > bottom() + 1e-6) n++;
    if (n > frame.squeeze) return false;
    const lines = current.lines;
    if (lines.length < 2 || lines.some((l) => box(l.block).free || box(l.block).lineHeight > frame.pitch! + 1e-6)) return false;
    const shift = n * step;
    // The first line stays, the last moves up by the shift, those between in proportion.
    const first = lines[0]!.top;
    const span = lines[lines.length - 1]!.top - first;
    if (shift * 4 > span) return false;
    const f = (span - shift) / span;
    current.lines = lines.map((l) => ({ ...l, top: first + (l.top - first) * f }));
    current.squeezed = (current.squeezed ?? 0) + shift;
    y -= shift;
    return true;
  };
  /** The bottom of the text: the frame's, less the notes at its foot (0 on a page without notes) and the page's reduction. */
  const bottom = () => pageBottom() - notes.height - reduction(pageIndex);
  /** The frame's bottom on this page: lower on a page turned to landscape. */
  const pageBottom = () => (current.landscape ? (frame.landscapeBottom ?? frame.bottom) : frame.bottom);
  /**
   * Ends the page; the next one is turned when `turned` (as this one, unless said). Figures put off
   * open the next page, unless it is turned: a landscape table's pages hold nothing else, so they
   * wait for the first upright page after it (its page start keeps them).
   */
  const newPage = (turned = current.landscape === true) => {
    const last = current.lines[current.lines.length - 1];
    current.textBottom = pageBottom() - notes.height - reserve();
    current.gap = last ? Math.max(0, current.textBottom - (last.top + box(last.block).lineHeight)) : 0;
    notes.finish(current, frame.bottom);
    finished.push(current);
    pageIndex++;
    notes.nextPage();
    // A table turned to landscape continues on a page turned too.
    const waiting = pending.length > 0 && turned ? { floats: [...pending] } : {};
    const next: FilledPage = { lines: [], start: { block: -1, line: 0, notes: notes.continuedOnto(), ...waiting }, gap: 0, textBottom: frame.bottom, ...(turned ? { landscape: true } : {}) };
    current.following = next;
    current = next;
    y = frame.top;
    texted = false;
    if (pending.length > 0 && !turned) placeFloats();
  };
  /**
   * Sets the figures put off at the top of the (empty) page, each with what it keeps with, before
   * the text that goes on; the page begins where that text does.
   */
  const placeFloats = () => {
    const floats = pending;
    pending = [];
    current.start = { ...current.start, ...resume, floats };
    let top = y;
    floats.forEach((k, n) => {
      const f = box(k);
      if (n > 0) top = snap(top + box(floats[n - 1]!).spaceAfter + f.spaceBefore, f);
      for (let line = 0; line < f.lines; line++) {
        current.lines.push({ block: k, line, top });
        top += f.lineHeight;
      }
    });
    y = top + box(floats[floats.length - 1]!).spaceAfter;
  };
  /** Height of n lines of block b starting at a fresh y (after its space before, snapped). */
  const fits = (start: number, b: BlockBox, n: number) => snap(start, b) + n * b.lineHeight <= bottom() - reserve() + 1e-6;
  /**
   * Whether lines [line, line + n) of b fit from `start` with the notes they refer to: 'whole' with
   * every note whole, 'split' with the last note begun and to be continued (nothing more fits on the
   * page then), false not at all. A block that refers to no note asks `fits`.
   */
  const fitsWithNotes = (start: number, b: BlockBox, line: number, n: number): 'whole' | 'split' | false => {
    if (!b.notes) return fits(start, b, n) ? 'whole' : false;
    const textBottom = snap(start, b) + n * b.lineHeight;
    const extra = notes.extra(b.notes, line, line + n);
    // A page ended short (the chooser's page a line shorter) gives up its text lines here too; the
    // notes may still take the room given up (they are placed down to the frame's foot): a page a
    // line shorter whose note was cut may hold all of it instead and end full.
    const foot = pageBottom() - notes.height - reserve(notes.height > 0 || extra.whole > 0) - reduction(pageIndex);
    if (textBottom + extra.whole <= foot + 1e-6) return 'whole';
    return extra.last && textBottom + extra.whole - extra.last.rest <= foot + 1e-6 ? 'split' : false;
  };
  /**
   * How far down the page block i, set from `start`, reaches with what it keeps with: each
   * following block it keeps with in turn (headings), then the lines the first other block must
   * bring along: two, or all of one with three or fewer.
   */
  const keptDown = (i: number, start: number): number => {
    let b = box(i);
    // What is drawn with the block (a seal) may reach below its lines and those it keeps with.
    const drawn = b.reach ? snap(start, b) + b.reach : 0;
    let reach = snap(start, b) + b.lines * b.lineHeight + b.spaceAfter;
    for (let j = i + 1; b.keepWithNext; j++) {
      // Only ever compared with the page's bottom, and it only grows: past it, looking further
      // (through a run of 100,000 headings, at every heading) would change nothing.
      if (reach > pageBottom() + 1e-6) return reach;
      if (work) work.ops++;
      const next = blocks.box(j);
      if (!next) break;
      if (next.lines === 0) continue;
      reach = snap(reach + next.spaceBefore, next);
      if (!next.keepWithNext) {
        // Relaxed, a three-line paragraph may be split 2 + 1: the heading needs two of its lines still.
        const n = next.together ? next.lines : relaxed(pageIndex) ? Math.min(2, next.lines) : next.lines <= 3 ? next.lines : 2;
        // With the notes those lines refer to, at least begun.
        return Math.max(drawn, reach + n * next.lineHeight + (next.notes ? notes.extra(next.notes, 0, n).whole - (notes.extra(next.notes, 0, n).last?.rest ?? 0) : 0));
      }
      reach += next.lines * next.lineHeight + next.spaceAfter;
      b = next;
    }
    return Math.max(drawn, reach);
  };

  /** Puts a line on the page; the first one says where the page begins. */
  const place = (l: PlacedLine) => {
    if (!texted) current.start = { ...current.start, block: l.block, line: l.line };
    texted = true;
    current.lines.push(l);
  };
  // Figures put off to the first page's top come first (unless it is turned: they wait on).
  if (from.floats?.length) {
    pending = [...from.floats];
    if (!blocks.box(from.block)?.landscape) placeFloats();
  }

  for (let i = from.block; ; i++) {
    if (work) work.ops++;
    // Not while the page begun last is still empty (a note filled the foot at a block's end): its start is not known yet.
    if (!atTop()) yield* finished.splice(0);
    const b = blocks.box(i);
    resume = { block: i, line: i === from.block ? from.line : 0 };
    if (!b) {
      // Figures still put off get the next page (an upright one, after a landscape table that ends the document).
      if (pending.length === 0) break;
      newPage(false);
      continue;
    }
    if (b.lines === 0) continue;
    // Figures put off when a forced break comes: an attachment begins a page of its own (GB/T 9704
    // 附件另面编排), so they take the (upright) page before it; the 版记 shares theirs when it fits
    // below them. A landscape table's pages hold nothing else: they wait past them and open the
    // first upright page after it, with the text that follows (newPage), rather than take a page
    // of their own before it.
    if (pending.length > 0 && (b.breakBefore || b.foot)) newPage(false);
    // A page ended by a forced break (before an attachment, or a 版记 with no room left) is short by
    // intent: nothing is to be shared out for it.
    const forcedBreak = (turned?: boolean) => {
      newPage(turned);
      finished[finished.length - 1]!.gap = 0;
      finished[finished.length - 1]!.forced = true;
    };
    if (b.breakBefore && !atTop()) forcedBreak();
    // A landscape table (and its caption) takes pages of its own: a page is turned or not throughout.
    if ((b.landscape === true) !== (current.landscape === true)) {
      if (!atTop()) forcedBreak(b.landscape === true);
      if (b.landscape) current.landscape = true;
      else delete current.landscape;
    }
    let start = atTop() ? y : y + b.spaceBefore;
    // Only where the slack matters: a page with notes, or a block that refers to one.
    ending = slack > 0 && (notes.height > 0 || b.notes !== undefined) && restFits(i, i === from.block ? from.line : 0, start);
    if (b.foot) {
      // The foot group's height: this block's lines and those of every block after it; its last line is the frame's last.
      let height = 0;
      for (let j = i; blocks.box(j); j++) height += box(j).lines * box(j).lineHeight;
      const foot = frame.bottom - notes.height;
      if (snap(start, b) + height > foot + 1e-6) forcedBreak();
      start = y = Math.max(y, foot - height);
    }

    // A figure (and its caption) that does not fit what is left of the page, but fits an empty one,
    // is put off to the top of the next page: the text after it fills this one (as are the figures
    // after one put off, in order).
    if (b.float && !atTop() && (pending.length > 0 || (keptDown(i, start) > bottom() - reserve() + 1e-6 && keptDown(i, frame.top) <= pageBottom() + 1e-6))) {
      let last = i;
      while (box(last).keepWithNext && blocks.box(last + 1)) last++;
      for (let k = i; k <= last; k++) pending.push(k);
      i = last;
      continue;
    }

    if (b.keepWithPrevious && !atTop() && i > 0) {
      // Room for the whole block (and the start of what it keeps with)? If not, tighten the page (a
      // 公文's remedy) or carry lines over.
      if (keptDown(i, start) > bottom() + 1e-6 && squeezeFor(i, start)) start = y + b.spaceBefore;
      if (keptDown(i, start) > bottom() + 1e-6) {
        const carried = carryOver(current.lines, i - 1, box);
        newPage();
        // Set the carried lines again from the top: the same spacing and grid rules, block by block.
        let top = y;
        carried.forEach((l, k) => {
          const before = carried[k - 1];
          if (before && before.block !== l.block) top = snap(top + box(before.block).spaceAfter + box(l.block).spaceBefore, box(l.block));
          place({ ...l, top });
          top += box(l.block).lineHeight;
        });
        if (carried.length > 0) y = top + box(carried[carried.length - 1]!.block).spaceAfter;
        start = atTop() ? y : y + b.spaceBefore;
      }
    }

    if (b.keepWithNext && !atTop()) {
      // Room for the heading, its space after, and the start of what follows? (A new page does
      // not help what would not fit on an empty one either: a run of headings taller than a page.)
      if (keptDown(i, start) > bottom() - reserve() + 1e-6 && keptDown(i, frame.top) <= pageBottom() + 1e-6) {
        newPage();
        start = y;
      }
    }

    let line = i === from.block ? from.line : 0;
    while (line < b.lines) {
      resume = { block: i, line };
      // A table's row that starts a page's text sets the header rows above it first, under any
      // figures put off to the page's top too (the header goes on every page the table continues on).
      const repeat = b.repeat !== undefined && !texted ? b.repeat : 0;
      const below = start + repeat;
      const remaining = b.lines - line;
      let room = 0;
      for (let fit = fitsWithNotes(below, b, line, 1); room < remaining && fit; fit = fitsWithNotes(below, b, line, room + 1)) {
        room++;
        if (fit === 'split') break; // the page's foot is full: nothing more after this line
      }
      if (work) work.ops += room + 1;
      let take = room;
      if (take < remaining) {
        // Would split: keep at least two lines here and at least two on the next page.
        if (!relaxed(pageIndex)) {
          if (take > 0 && remaining - take === 1) take--;
          if (take < 2 && remaining >= 2) take = 0;
        }
        // Kept together: whole on the next page, even where a widow is allowed (relaxed).
        if (b.together && line === 0 && !atTop()) take = 0;
        if (take === 0 && atTop()) take = Math.max(1, room); // a page cannot hold even two lines: give up gracefully
      }
      if (take === 0) {
        newPage();
        start = y;
        continue;
      }
      if (repeat > 0) (current.repeats ??= []).push({ block: i, top: start });
      let top = snap(below, b);
      for (let k = 0; k < take; k++) {
        place({ block: i, line: line + k, top });
        top += b.lineHeight;
      }
      // The notes these lines refer to, whole or begun (with what room the text leaves).
      const full = b.notes ? notes.place(b.notes, line, line + take, frame.bottom - reserve(true) - top) : false;
      line += take;
      y = top;
      if (line < b.lines || full) {
        resume = line < b.lines ? { block: i, line } : { block: i + 1, line: 0 };
        newPage();
        start = y;
      }
    }
    y += b.spaceAfter;
  }
  // Notes still to continue get pages of their own.
  while (notes.pending()) newPage();
  yield* finished.splice(0);
  current.textBottom = pageBottom() - notes.height - reserve();
  notes.finish(current, frame.bottom);
  yield current;
}

/** What is left of `height` below whole pitches (0 when it is within a rounding error of a whole number of them). */
function latticeSlack(height: number, pitch: number): number {
  const left = height % pitch;
  return pitch - left < 1e-3 || left < 1e-3 ? 0 : left;
}

/** A note begun on one page and continued at the foot of the next: from which of its lines. */
export interface ContinuedNote {
  note: number;
  from: number;
  lines: number;
  lineHeight: number;
}

/**
 * The notes of the page being filled: which lines of which notes it holds, and their height (with
 * the rule's space above them once there is one); a note begun and not finished continues at the
 * foot of the next page, before that page's own notes.
 */
class PageNotes {
  /** Lines on this page: note, line, line height. */
  private lines: Array<{ note: number; line: number; lineHeight: number }> = [];
  /** What continues on the next page: note, first line not yet placed, lines, line height. */
  private continued: ContinuedNote[] = [];
  /** What was continued onto this page from the one before (where a refill starts again). */
  private onto: ContinuedNote[] = [];
  height = 0;

  /** @param carried notes continued onto the first page from a page before it */
  constructor(
    private readonly rule: number,
    carried: readonly ContinuedNote[] = [],
  ) {
    if (carried.length > 0) {
      this.continued = [...carried];
      this.nextPage();
    }
  }

  /** The notes continued onto this page, as they were when it began. */
  continuedOnto(): ContinuedNote[] {
    return this.onto;
  }

  /** The height the notes of lines [from, to) add: all of them whole, and the rest of the last if it were cut to its first two lines (one for a note of one line). */
  extra(perLine: ReadonlyArray<readonly NoteBox[] | undefined>, from: number, to: number): { whole: number; last?: { rest: number } } {
    let whole = 0;
    let last: NoteBox | undefined;
    for (let l = from; l < to; l++) {
      for (const n of perLine[l] ?? []) {
        whole += n.lines * n.lineHeight;
        last = n;
      }
    }
    if (!last) return { whole: 0 };
    if (this.height === 0) whole += this.rule;
    const kept = Math.min(last.lines, 2);
    return { whole, last: { rest: (last.lines - kept) * last.lineHeight } };
  }

  /**
   * Puts the notes of lines [from, to) on the page, in `room` (the height between the text and the
   * frame's bottom): whole while they fit, the last one cut where the room ends. Returns whether
   * the page's foot is full (a note was cut).
   */
  place(perLine: ReadonlyArray<readonly NoteBox[] | undefined>, from: number, to: number, room: number): boolean {
    for (let l = from; l < to; l++) {
      for (const n of perLine[l] ?? []) {
        const rule = this.height === 0 ? this.rule : 0;
        const fit = Math.max(1, Math.min(n.lines, Math.floor((room - this.height - rule + 1e-6) / n.lineHeight)));
        this.height += rule + fit * n.lineHeight;
        for (let k = 0; k < fit; k++) this.lines.push({ note: n.note, line: k, lineHeight: n.lineHeight });
        if (fit < n.lines) {
          this.continued.push({ note: n.note, from: fit, lines: n.lines, lineHeight: n.lineHeight });
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a note continues on the next page. */
  pending(): boolean {
    return this.continued.length > 0;
  }

  /** Gives the page its notes, positioned up from `bottom`. */
  finish(page: Page, bottom: number): void {
    if (this.lines.length === 0) return;
    let top = bottom - this.lines.reduce((h, l) => h + l.lineHeight, 0);
    page.notes = this.lines.map((l) => {
      const placed = { note: l.note, line: l.line, top };
      top += l.lineHeight;
      return placed;
    });
    this.lines = [];
  }

  /** A new page: what continues from the last one goes first, whole. */
  nextPage(): void {
    this.lines = [];
    this.height = 0;
    const continued = this.continued;
    this.onto = continued;
    this.continued = [];
    for (const c of continued) {
      this.height += this.height === 0 ? this.rule : 0;
      for (let k = c.from; k < c.lines; k++) {
        this.lines.push({ note: c.note, line: k, lineHeight: c.lineHeight });
        this.height += c.lineHeight;
      }
    }
  }
}

/**
 * Takes the lines of block `prev` off the end of a page, to go to the next page with the block
 * that keeps with it: two of them when at least two stay behind; otherwise, when the block is
 * whole on this page, all of it, with the heading(s) it keeps with, as long as something stays
 * on the page; else none, and the keeping block starts the next page after all.
 */
function carryOver(lines: PlacedLine[], prev: number, box: (i: number) => BlockBox): PlacedLine[] {
  const trailing = (block: number, from: number) => {
    let n = 0;
    while (n < from && lines[from - 1 - n]!.block === block) n++;
    return n;
  };
  const count = trailing(prev, lines.length);
  if (count === 0) return [];
  let take = 0;
  if (count >= 4) take = 2;
  else if (count === box(prev).lines) {
    take = count;
    for (let b = prev - 1; b >= 0 && box(b).keepWithNext; b--) {
      const n = trailing(b, lines.length - take);
      if (n === 0 || n !== box(b).lines) break;
      take += n;
    }
    if (take >= lines.length) take = 0;
  }
  return take === 0 ? [] : lines.splice(lines.length - take, take);
}
