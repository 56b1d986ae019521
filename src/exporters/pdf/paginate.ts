/**
 * Pagination: stacks laid-out blocks onto pages. Pure, so the rules are testable without a PDF:
 * - a heading (keepWithNext) stays on the page with at least two lines of what follows (all
 *   three of a three-line paragraph, which cannot be split without a widow or an orphan), and
 *   with the next heading when that keeps with what follows it in turn;
 * - a paragraph never leaves a single line alone at the bottom (orphan) or the top (widow) of
 *   a page when it has lines enough to avoid it;
 * - space before a block is dropped at the top of a page;
 * - a block that keeps with the previous one (a 公文 signature block) never starts a page alone:
 *   the end of the block before it (and a heading it keeps with) comes along when it can.
 *
 * `paginateLazily` hands out each page as soon as nothing can change it any more, and asks for a
 * block's box only when it gets to it (and those after it that it keeps with): the PDF
 * exporter lays out, draws and forgets a long document a few pages at a time. Only the page being
 * filled can still change (a signature block takes lines off its end); once the next page is
 * begun, the previous one is final.
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
}

export interface PlacedLine {
  block: number;
  line: number;
  /** Top of the line box, measured from the top of the page. */
  top: number;
}

export interface Page {
  lines: PlacedLine[];
}

export interface Frame {
  top: number;
  bottom: number;
  /** When set, every line box top is snapped to this pitch from `top` (公文 grid). */
  grid?: number;
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

/**
 * Pages one by one. Block i's box is asked for when block i is reached; the boxes after it when it
 * keeps with the next one (through a run of headings); earlier boxes again when lines are carried
 * over. Each page is yielded once the page after it has begun, and the last one at the end.
 */
export function* paginateLazily(blocks: BoxSource, frame: Frame, work?: Work): Generator<Page, void, undefined> {
  /** Pages finished while placing the current block, not yet handed out. */
  const finished: Page[] = [];
  let current: Page = { lines: [] };
  let y = frame.top;
  const box = (i: number) => blocks.box(i)!;
  const atTop = () => current.lines.length === 0;
  const snap = (v: number) => (frame.grid ? frame.top + Math.ceil((v - frame.top) / frame.grid - 1e-6) * frame.grid : v);
  const newPage = () => {
    finished.push(current);
    current = { lines: [] };
    y = frame.top;
  };
  /** Height of n lines of block b starting at a fresh y (after its space before, snapped). */
  const fits = (start: number, b: BlockBox, n: number) => snap(start) + n * b.lineHeight <= frame.bottom + 1e-6;
  /**
   * How far down the page block i, set from `start`, reaches with what it keeps with: each
   * following block it keeps with in turn (headings), then the lines the first other block must
   * bring along: two, or all of one with three or fewer.
   */
  const keptDown = (i: number, start: number): number => {
    let b = box(i);
    let reach = snap(start) + b.lines * b.lineHeight + b.spaceAfter;
    for (let j = i + 1; b.keepWithNext; j++) {
      // Only ever compared with the page's bottom, and it only grows: past it, looking further
      // (through a run of 100,000 headings, at every heading) would change nothing.
      if (reach > frame.bottom + 1e-6) return reach;
      if (work) work.ops++;
      const next = blocks.box(j);
      if (!next) break;
      if (next.lines === 0) continue;
      reach = snap(reach + next.spaceBefore);
      if (!next.keepWithNext) return reach + (next.lines <= 3 ? next.lines : 2) * next.lineHeight;
      reach += next.lines * next.lineHeight + next.spaceAfter;
      b = next;
    }
    return reach;
  };

  for (let i = 0; ; i++) {
    if (work) work.ops++;
    yield* finished.splice(0);
    const b = blocks.box(i);
    if (!b) break;
    if (b.lines === 0) continue;
    let start = atTop() ? y : y + b.spaceBefore;

    if (b.keepWithPrevious && !atTop() && i > 0) {
      // Room for the whole block (and the start of what it keeps with)? If not, carry lines over.
      if (keptDown(i, start) > frame.bottom + 1e-6) {
        const carried = carryOver(current.lines, i - 1, box);
        newPage();
        // Set the carried lines again from the top: the same spacing and grid rules, block by block.
        let top = y;
        carried.forEach((l, k) => {
          const before = carried[k - 1];
          if (before && before.block !== l.block) top = snap(top + box(before.block).spaceAfter + box(l.block).spaceBefore);
          current.lines.push({ ...l, top });
          top += box(l.block).lineHeight;
        });
        if (carried.length > 0) y = top + box(carried[carried.length - 1]!.block).spaceAfter;
        start = atTop() ? y : y + b.spaceBefore;
      }
    }

    if (b.keepWithNext && !atTop()) {
      // Room for the heading, its space after, and the start of what follows? (A new page does
      // not help what would not fit on an empty one either: a run of headings taller than a page.)
      if (keptDown(i, start) > frame.bottom + 1e-6 && keptDown(i, frame.top) <= frame.bottom + 1e-6) {
        newPage();
        start = y;
      }
    }

    let line = 0;
    while (line < b.lines) {
      const remaining = b.lines - line;
      let room = 0;
      while (room < remaining && fits(start, b, room + 1)) room++;
      if (work) work.ops += room + 1;
      let take = room;
      if (take < remaining) {
        // Would split: keep at least two lines here and at least two on the next page.
        if (take > 0 && remaining - take === 1) take--;
        if (take < 2 && remaining >= 2) take = 0;
        if (take === 0 && atTop()) take = Math.max(1, room); // a page cannot hold even two lines: give up gracefully
      }
      if (take === 0) {
        newPage();
        start = y;
        continue;
      }
      let top = snap(start);
      for (let k = 0; k < take; k++) {
        current.lines.push({ block: i, line: line + k, top });
        top += b.lineHeight;
      }
      line += take;
      y = top;
      if (line < b.lines) {
        newPage();
        start = y;
      }
    }
    y += b.spaceAfter;
  }
  yield current;
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
