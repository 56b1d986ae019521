/**
 * Pagination: stacks laid-out blocks onto pages, balanced so that full pages end together (see
 * paginateLazily). Pure, so the rules are testable without a PDF:
 * - a heading (keepWithNext) stays on the page with at least two lines of what follows (all
 *   three of a three-line paragraph, which cannot be split without a widow or an orphan), and
 *   with the next heading when that keeps with what follows it in turn;
 * - a paragraph never leaves a single line alone at the bottom (orphan) or the top (widow) of
 *   a page when it has lines enough to avoid it;
 * - space before a block is dropped at the top of a page;
 * - a block that keeps with the previous one (a 公文 signature block) never starts a page alone:
 *   the end of the block before it (and a heading it keeps with) comes along when it can.
 *
 * - footnotes: a note sits at the foot of the page whose text first refers to it, below a rule;
 *   a line that refers to a note goes on a page only with its note (at least its first two lines,
 *   or one of a note of one line: the rest continues at the foot of the next page, before that
 *   page's own notes). Lines that refer to no note, on a page without notes, are placed exactly as
 *   they were before notes existed.
 * - tables: each row is a block of one line (never split), set where it falls, off the grid
 *   (`free`); on a grid the block after a table starts on the next grid line. A row that starts a
 *   page has the table's header repeated above it (`repeat`: its height; Page.repeats says where).
 *   A table turned to landscape (and its caption) takes pages of its own (`landscape`).
 *
 * `paginateLazily` hands out each page as soon as nothing can change it any more, and asks for a
 * block's box only when it gets to it (and those after it that it keeps with): the PDF
 * exporter lays out, draws and forgets a long document a few pages at a time. The pages of the
 * balancing window can still change (refilled from where one of them began); a page that has
 * left the window is final.
 */

export interface BlockBox {
  /** Baseline-to-baseline distance, the height each line takes. */
  lineHeight: number;
  lines: number;
  spaceBefore: number;
  spaceAfter: number;
  keepWithNext: boolean;
  /** Never the first thing on a page: take the end of the previous block along (signature block). */
  keepWithPrevious?: boolean;
  /** A 公文 signature block's: fitted by tightening the page's lines where Frame.squeeze allows (7.3.5.5). */
  squeezes?: boolean;
  /** Per line, the notes it refers to first (undefined or empty: none). */
  notes?: ReadonlyArray<readonly NoteBox[] | undefined>;
  /** Starts a new page (a 公文's attachment). */
  breakBefore?: boolean;
  /** This block and every one after it end on the last line of the last page (a 公文's 版记). */
  foot?: boolean;
  /** Set where it falls, not snapped to the grid (a table's row). */
  free?: boolean;
  /** When it starts a page, this much room above it for what is repeated there (a table's header rows). */
  repeat?: number;
  /** Set on pages turned to landscape (a table too wide for the page), which hold nothing else. */
  landscape?: boolean;
}

/** A footnote as pagination sees it: how many lines it has (all its paragraphs) and their height. */
export interface NoteBox {
  note: number;
  lines: number;
  lineHeight: number;
}

export interface PlacedLine {
  block: number;
  line: number;
  /** Top of the line box, measured from the top of the page. */
  top: number;
}

/** A line of a note at the foot of a page: line `line` of note `note`. */
export interface PlacedNoteLine {
  note: number;
  line: number;
  top: number;
}

export interface Page {
  lines: PlacedLine[];
  /** The notes at the foot of the page, line by line, the last one ending at the frame's bottom; none when the page has no notes. */
  notes?: PlacedNoteLine[];
  /** Blocks (table rows) that start the page with something repeated above them, from `top` (the header rows). */
  repeats?: Array<{ block: number; top: number }>;
  /** The page is turned: its blocks are set across it, `Frame.landscapeBottom` deep (the page number stays where it is). */
  landscape?: boolean;
}

export interface Frame {
  top: number;
  bottom: number;
  /** When set, every line box top is snapped to this pitch from `top` (公文 grid). */
  grid?: number;
  /**
   * When set (without a grid), lines of blocks with this line height, the body's, and no space above
   * of their own (paragraphs, quotes, list items; not a byline) are snapped to it from `top`: a
   * baseline grid, so that body lines stay in register after a title, a figure or whatever else is
   * not whole lines tall.
   */
  register?: number;
  /** Space the rule above the notes takes, from the text above it to the first note line (needed only with notes). */
  noteRule?: number;
  /**
   * The body's line pitch. With it, page breaks are balanced (see paginateLazily): a page that
   * would end more than a pitch short has the shortfall shared, a line each, with the pages before
   * it. Without it, pages are filled one by one as full as the rules allow.
   */
  pitch?: number;
  /** Where the text starts on the first page, when not at `top` (below a 公文's 版头; on the grid). */
  firstTop?: number;
  /** The bottom of the frame on a page turned to landscape (top + the type area's width). */
  landscapeBottom?: number;
  /**
   * GB/T 9704-2012 7.3.5.5 (调整行距): a block kept with the one before it that `squeezes` (a 公文
   * signature) and does not fit the page is fitted by tightening the pitch of the page's lines, by up to this many
   * grid lines in all, before the end of the text is carried to the next page with it. Needs `pitch`.
   */
  squeeze?: number;
}

/** Counts the paginator's steps when given (tests hold it to near-linear growth). */
export interface Work {
  ops: number;
}

/** Boxes asked for one at a time: `box(i)` for every block the paginator reaches, and `undefined` past the last. */
export interface BoxSource {
  box(i: number): BlockBox | undefined;
}

/** Every page at once (the same pages paginateLazily hands out). */
export function paginate(blocks: readonly BlockBox[], frame: Frame, work?: Work): Page[] {
  return [...paginateLazily({ box: (i) => blocks[i] }, frame, work)];
}

/** Where a page begins: its first block and line, and the notes continued onto it from the page before. */
interface PageStart {
  block: number;
  line: number;
  notes: ContinuedNote[];
}

/** A page as the filler makes it: where it began, and how much room its text left at the bottom. */
interface FilledPage extends Page {
  start: PageStart;
  /** From the last line's bottom to the bottom of the text (the frame's, less the notes). */
  gap: number;
}

/**
 * Pages one by one, balanced when the frame gives the body's pitch: pages are filled as full as
 * the rules allow (fillPages), and held back a few at a time; when one would end more than a pitch
 * short of the bottom (a heading that must come with two lines of its text, a paragraph that must
 * not leave a widow), the pages before it each end a line earlier, so that the shortfall is shared
 * out and every full page ends within a pitch of the bottom. This is total fit over a window of
 * BALANCE_WINDOW pages: the cost of a choice is its largest shortfall, and of the choices that
 * bring every page of the window within a pitch, the one touching the fewest pages wins.
 *
 * Block i's box is asked for when block i is reached; the boxes after it when it keeps with the
 * next one (through a run of headings); earlier boxes again when lines are carried over or pages
 * refilled. Pages are yielded in order, each once no later choice can change it.
 */
export function* paginateLazily(blocks: BoxSource, frame: Frame, work?: Work): Generator<Page, void, undefined> {
  const pitch = frame.pitch;
  if (!pitch) {
    for (const page of fillPages(blocks, frame, { block: 0, line: 0, notes: [] }, () => 0, work)) yield plain(page);
    return;
  }
  // A page of body lines alone ends short of the frame's bottom by what is left of its height after
  // whole pitches (nothing on a grid): a page may end up to a pitch above that, and no more.
  const rest = (frame.bottom - frame.top) % pitch;
  const slack = (pitch - rest < 1e-3 ? 0 : rest) + pitch + 1e-6;
  /** Pages made and not yet handed out, with each one's reduction (how much higher than the frame's its bottom is set). */
  let pending: Array<{ page: FilledPage; reduction: number }> = [];
  let filler = fillPages(blocks, frame, { block: 0, line: 0, notes: [] }, () => 0, work);
  for (;;) {
    const next = filler.next();
    if (next.done) break;
    pending.push({ page: next.value, reduction: 0 });
    // The page before the one just made is not the last: if it ends too short, refill the pages before it.
    const k = pending.length - 2;
    if (k >= 0 && pending[k]!.page.gap > slack && pending[k]!.page.lines.length > 0) {
      const better = rebalance(blocks, frame, pending, k, pitch, slack, work);
      if (better) {
        pending = better.pending;
        filler = better.filler;
      }
    }
    while (pending.length > BALANCE_WINDOW) yield plain(pending.shift()!.page);
  }
  for (const p of pending) yield plain(p.page);
}

/** How many pages are held back for balancing, and so how far back a shortfall can be shared. */
const BALANCE_WINDOW = 4;

/** The page as handed out: without what only the balancing needs. */
const plain = ({ start: _start, gap: _gap, ...page }: FilledPage): Page => page;

/**
 * Page k of `pending` ends more than a pitch short: tries setting the bottoms of the m pages before
 * it a pitch higher each (m = 1, 2, … while they are held), refilling from the first of them. The
 * first m after which every refilled page, k included, ends within a pitch of the bottom is taken;
 * else the one with the smallest largest gap, if smaller than page k's now. Returns the new
 * pending pages (through the one after k, begun) and the filler to go on with, or undefined.
 */
function rebalance(
  blocks: BoxSource,
  frame: Frame,
  pending: ReadonlyArray<{ page: FilledPage; reduction: number }>,
  k: number,
  pitch: number,
  slack: number,
  work?: Work,
): { pending: Array<{ page: FilledPage; reduction: number }>; filler: Generator<FilledPage, void, undefined> } | undefined {
  const worst = (list: ReadonlyArray<{ page: FilledPage; reduction: number }>) => list.reduce((w, p) => Math.max(w, p.page.gap), 0);
  let best: { pending: Array<{ page: FilledPage; reduction: number }>; filler: Generator<FilledPage, void, undefined>; worst: number } | undefined;
  const now = pending[k]!.page.gap;
  for (let m = 1; m <= k; m++) {
    const from = k - m;
    const reductions = pending.slice(from, k).map((p) => p.reduction + pitch);
    const filler = fillPages(blocks, frame, pending[from]!.page.start, (n) => reductions[n] ?? 0, work);
    const refilled: Array<{ page: FilledPage; reduction: number }> = [];
    // Pages from..k again, and the one after k begun (so that k is final).
    for (let n = 0; n <= m + 1; n++) {
      const r = filler.next();
      if (r.done) break;
      refilled.push({ page: r.value, reduction: reductions[n] ?? 0 });
    }
    if (refilled.length < m + 2) continue; // the document ended sooner: nothing is short any more to share
    const candidate = refilled.slice(0, m + 1);
    const w = worst(candidate);
    if (w < (best?.worst ?? now - 1e-6)) best = { pending: [...pending.slice(0, from), ...refilled], filler, worst: w };
    if (w <= slack) break;
  }
  if ((best?.worst ?? now) > slack + pitch) {
    // The rules cannot share it out, and the page would end more than two lines short: a hole
    // costs more than breaking a rule once. Page k alone with them relaxed (a heading with one
    // line of its text, a single line left at the foot or the head of a page), where that brings
    // it within a pitch.
    const filler = fillPages(blocks, frame, pending[k]!.page.start, () => 0, work, (n) => n === 0);
    const first = filler.next();
    const second = filler.next();
    if (!first.done && !second.done && first.value.gap <= slack) {
      best = { pending: [...pending.slice(0, k), { page: first.value, reduction: 0 }, { page: second.value, reduction: 0 }], filler, worst: first.value.gap };
    }
  }
  return best && { pending: best.pending, filler: best.filler };
}

/**
 * Pages filled one by one as full as the rules allow, from `start`, the bottom of page n (counted
 * from the start) set `reduction(n)` higher than the frame's. Each page is yielded once the page
 * after it has begun, and the last one at the end.
 */
function* fillPages(
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
  let pageIndex = 0;
  let current: FilledPage = { lines: [], start: from, gap: 0 };
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
    y -= shift;
    return true;
  };
  /** The bottom of the text: the frame's, less the notes at its foot (0 on a page without notes) and the page's reduction. */
  const bottom = () => pageBottom() - notes.height - reduction(pageIndex);
  /** The frame's bottom on this page: lower on a page turned to landscape. */
  const pageBottom = () => (current.landscape ? (frame.landscapeBottom ?? frame.bottom) : frame.bottom);
  /** Ends the page; the next begins at block `block`, line `line` (what is placed first on it). */
  const newPage = () => {
    const last = current.lines[current.lines.length - 1];
    current.gap = last ? pageBottom() - notes.height - (last.top + box(last.block).lineHeight) : 0;
    const landscape = current.landscape;
    notes.finish(current, frame.bottom);
    finished.push(current);
    pageIndex++;
    notes.nextPage();
    // A table turned to landscape continues on a page turned too.
    current = { lines: [], start: { block: -1, line: 0, notes: notes.continuedOnto() }, gap: 0, ...(landscape ? { landscape } : {}) };
    y = frame.top;
  };
  /** Height of n lines of block b starting at a fresh y (after its space before, snapped). */
  const fits = (start: number, b: BlockBox, n: number) => snap(start, b) + n * b.lineHeight <= bottom() + 1e-6;
  /**
   * Whether lines [line, line + n) of b fit from `start` with the notes they refer to: 'whole' with
   * every note whole, 'split' with the last note begun and to be continued (nothing more fits on the
   * page then), false not at all. A block that refers to no note asks `fits`.
   */
  const fitsWithNotes = (start: number, b: BlockBox, line: number, n: number): 'whole' | 'split' | false => {
    if (!b.notes) return fits(start, b, n) ? 'whole' : false;
    const textBottom = snap(start, b) + n * b.lineHeight;
    const extra = notes.extra(b.notes, line, line + n);
    if (textBottom + extra.whole <= pageBottom() - notes.height + 1e-6) return 'whole';
    return extra.last && textBottom + extra.whole - extra.last.rest <= pageBottom() - notes.height + 1e-6 ? 'split' : false;
  };
  /**
   * How far down the page block i, set from `start`, reaches with what it keeps with: each
   * following block it keeps with in turn (headings), then the lines the first other block must
   * bring along: two, or all of one with three or fewer.
   */
  const keptDown = (i: number, start: number): number => {
    let b = box(i);
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
        const n = relaxed(pageIndex) ? 1 : next.lines <= 3 ? next.lines : 2;
        // With the notes those lines refer to, at least begun.
        return reach + n * next.lineHeight + (next.notes ? notes.extra(next.notes, 0, n).whole - (notes.extra(next.notes, 0, n).last?.rest ?? 0) : 0);
      }
      reach += next.lines * next.lineHeight + next.spaceAfter;
      b = next;
    }
    return reach;
  };

  /** Puts a line on the page; the first one says where the page begins. */
  const place = (l: PlacedLine) => {
    if (current.lines.length === 0) current.start = { ...current.start, block: l.block, line: l.line };
    current.lines.push(l);
  };

  for (let i = from.block; ; i++) {
    if (work) work.ops++;
    yield* finished.splice(0);
    const b = blocks.box(i);
    if (!b) break;
    if (b.lines === 0) continue;
    // A page ended by a forced break (before an attachment, or a 版记 with no room left) is short by
    // intent: nothing is to be shared out for it.
    const forcedBreak = () => {
      newPage();
      finished[finished.length - 1]!.gap = 0;
    };
    if (b.breakBefore && !atTop()) forcedBreak();
    // A landscape table (and its caption) takes pages of its own: a page is turned or not throughout.
    if ((b.landscape === true) !== (current.landscape === true)) {
      if (!atTop()) forcedBreak();
      if (b.landscape) current.landscape = true;
      else delete current.landscape;
    }
    let start = atTop() ? y : y + b.spaceBefore;
    if (b.foot) {
      // The foot group's height: this block's lines and those of every block after it; its last line is the frame's last.
      let height = 0;
      for (let j = i; blocks.box(j); j++) height += box(j).lines * box(j).lineHeight;
      const foot = frame.bottom - notes.height;
      if (snap(start, b) + height > foot + 1e-6) forcedBreak();
      start = y = Math.max(y, foot - height);
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
      if (keptDown(i, start) > bottom() + 1e-6 && keptDown(i, frame.top) <= pageBottom() + 1e-6) {
        newPage();
        start = y;
      }
    }

    let line = i === from.block ? from.line : 0;
    while (line < b.lines) {
      // A table's row that starts a page sets the header rows above it first.
      const repeat = b.repeat !== undefined && atTop() ? b.repeat : 0;
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
      const full = b.notes ? notes.place(b.notes, line, line + take, frame.bottom - top) : false;
      line += take;
      y = top;
      if (line < b.lines || full) {
        newPage();
        start = y;
      }
    }
    y += b.spaceAfter;
  }
  // Notes still to continue get pages of their own.
  while (notes.pending()) newPage();
  yield* finished.splice(0);
  notes.finish(current, frame.bottom);
  yield current;
}

/** A note begun on one page and continued at the foot of the next: from which of its lines. */
interface ContinuedNote {
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
