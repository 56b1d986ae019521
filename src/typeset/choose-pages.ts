/**
 * Page breaks chosen over the whole document (total fit), as the line breaker chooses a
 * paragraph's line breaks: every way of setting the pages so far is a path of page breaks, each
 * page costing what it leaves empty at its foot and what rule it bends; of all the ways that end
 * where the next page begins, only the cheapest is kept (dynamic programming: what follows a page
 * start does not depend on how it was reached). The filler (fill-pages.ts) keeps the hard rules;
 * this chooses where each page ends among the breaks the rules allow.
 *
 * Why: filled one page at a time, the rules leave holes. A heading that must come with two lines
 * of its text, where three lines are left and it needs four, ends its page three lines short;
 * total fit ends the two pages before it a line earlier each, so that all three end within a
 * pitch of a full page. A page at a time cannot see that; a window of pages sees it only when the
 * hole is inside it.
 *
 * Feasible breaks only, so the work stays linear in the document: from each page start, a page is
 * filled as full as the rules allow, and one line shorter when it came out full (that is how a
 * shortfall is shared: every page before it ends a line earlier); one with a single line left at
 * its foot or head (an orphan or a widow) only when the page would otherwise end more than a line
 * short. The ways kept after each page are the few within SPREAD of the cheapest (a way a line or
 * two behind the fullest is kept to share out a hole ahead; a way worse than that never wins).
 */

import { fillPages, type FilledPage, type PageStart } from './fill-pages.js';
import type { BoxSource, Frame, Work } from './paginate.js';

/**
 * A page's cost by how far it ends above a full page's foot, in pitches (`s`): s itself (a page a
 * line short costs 1, as much as any other), plus HOLE · (s − 1)² beyond a line, so that a
 * shortfall of two lines on one page costs far more than one line on each of two pages.
 */
const HOLE = 1000;
/**
 * A page that leaves a single line of a paragraph at its foot or at the next page's head (an orphan
 * or a widow): dearer than any number of pages a line short that sharing needs, cheaper than a hole
 * of more than about a line and a half (HOLE · 0.45² ≈ 200), which is the only thing it may cure.
 */
const WIDOW = 200;
/** Pages chosen and held before they are handed out: how far back a later hole may still be shared. */
const HOLD = 6;
/**
 * Held while a page held still costs more than a line short (a hole or a widow): the runs of
 * headings that leave such holes come close together (a 工作报告 in A5, a run every dozen lines,
 * needed 8 to share a hole of five lines). Only then: each page held is more kept in memory.
 */
const HOLD_DEAR = 8;

/** A way of setting the pages so far: its last page, where the next begins, what it all cost. */
interface Way {
  /** The page this way set last (with the pages of notes alone that end the document, after its last text). */
  pages: FilledPage[];
  /** Where the next page begins; none when the document is done. */
  next?: PageStart;
  cost: number;
  /** What its last page cost (its shortfall, and the widow or orphan it leaves). */
  paid: number;
  /** How many steps (pages of text) from the document's start. */
  step: number;
  previous?: Way;
  /** The filler that set this way's last page, ready to fill the next one as full as it goes (its usual continuation, filled once rather than twice). */
  filler?: Generator<FilledPage, void, undefined>;
}

/**
 * The pages, in order, each yielded once every way still in the running agrees on it (or the
 * cheapest decides, HORIZON pages back).
 */
export function* choosePages(blocks: BoxSource, frame: Frame, pitch: number, work?: Work): Generator<FilledPage, void, undefined> {
  /** How many pitches page p ends above where a full page's last line ends; 0 for a page ended short by intent. */
  const shortfall = (p: FilledPage): number => {
    if (p.forced || p.lines.length === 0) return 0;
    // Lines on the pitch from the frame's top end short of the text's bottom by what is left after
    // whole pitches. On a page with notes the text's bottom already stops there (fill-pages.ts):
    // what is left there is the text and notes not filling the page, and counts.
    const left = p.notes ? 0 : (p.textBottom - frame.top) % pitch;
    const natural = pitch - left < 1e-3 ? 0 : left;
    return Math.max(0, p.gap - natural) / pitch;
  };
  const pageCost = (s: number) => s + (s > 1 + 1e-3 ? HOLE * (s - 1) ** 2 : 0);

  /** The way on from `from`: its next page filled with its bottom `reduction` higher, a single line allowed at a page's edge when `relaxed`. */
  const step = (from: Way, reduction: number, relaxed: boolean): Way => {
    let filler = from.filler;
    if (reduction === 0 && !relaxed && filler) from.filler = undefined; // a generator is used once
    else filler = fillPages(blocks, frame, from.next!, (n) => (n === 0 ? reduction : 0), work, relaxed ? (n) => n === 0 : undefined);
    const page = filler.next().value!;
    const bent = relaxed ? WIDOW : 0;
    const way = { step: from.step + 1, previous: from };
    if (!page.following) return { ...way, pages: [page], cost: from.cost + bent, paid: bent }; // the last page: its foot may be empty
    const paid = pageCost(shortfall(page)) + bent;
    const cost = from.cost + paid;
    // Only notes continue after it (pages of notes alone end the document): nothing left to choose.
    if (page.following.lines.length === 0) return { ...way, pages: [page, ...filler], cost, paid };
    return { ...way, pages: [page], next: page.following.start, cost, paid, filler };
  };

  /** The ways on from `from`: the page as full as it goes; a line shorter when that is full; with an orphan or widow when it is more than a line short. */
  const onwards = (from: Way): Way[] => {
    const full = step(from, 0, false);
    if (!full.next) return [full];
    const page = full.pages[0]!;
    const s = shortfall(page);
    const ways = [full];
    if (s < 0.5 && !page.forced && page.lines.length > 0) ways.push(step(from, pitch, false));
    // Off the grid a hole is taken up above the page's headings (feather) rather than by a widow.
    // On the grid a widow or orphan is tried on a page a line short too: it may be what lets a
    // run of headings further on end its page within a line (issue 17).
    if (s > 0.5 && frame.grid) ways.push(step(from, 0, true));
    return ways;
  };

  /**
   * A page that still ends more than a line short (no way of sharing it out kept the rules: the
   * essay's A5 page 2, a heading that needs four lines where three are left and a first page
   * before it that cannot end earlier) has its headings' space above them stretched, equally (on a
   * page without a heading, the joins between its paragraphs), until its last line ends where a full page's does: the page ends with the others, at the cost
   * of its lines after a heading leaving the baseline grid (flush bottom, as TeX does it). Never
   * on a grid (a 公文's lines are the grid's), never more than two pitches above a heading (a bigger hole is left at the foot), never
   * on the last page, a page ended short by intent, or a page with a table's rows.
   */
  const feather = (page: FilledPage): FilledPage => {
    if (!page.following || page.landscape || page.repeats) return page;
    const s = shortfall(page);
    if (s <= 1 + 1e-3) return page;
    if (frame.grid) return gridFeather(page, s, frame.grid);
    // Above the headings (blocks with space above them); on a page without one, between its paragraphs.
    const starts = page.lines.flatMap((l, k) => (k > 0 && l.line === 0 && page.lines[k - 1]!.block !== l.block ? [k] : []));
    const headed = starts.filter((k) => blocks.box(page.lines[k]!.block)!.spaceBefore > 0);
    const stretched = headed.length > 0 ? headed : starts;
    if (stretched.length === 0 || page.lines.some((l) => blocks.box(l.block)!.free)) return page;
    const each = (s * pitch) / stretched.length;
    // A hole too big to take up (a figure that went to the next page) stays at the foot: spreading
    // part of it above the headings would not make the page end with the others, only loosen it.
    if (each > 2 * pitch) return page;
    let shift = 0;
    const lines = page.lines.map((l, k) => {
      if (stretched.includes(k)) shift += each;
      return shift === 0 ? l : { ...l, top: l.top + shift };
    });
    return { ...page, lines };
  };

  /**
   * On the 公文 grid, a page still more than a line short (a run of headings 一、（一）1. that needs
   * more lines than are left, with no page before it that can end earlier: the document's first
   * page) takes whole empty grid lines above its runs of headings, at most one each, nearest the
   * foot first, when that leaves at most one empty grid line at its foot (issue 17): every line
   * stays on the grid.
   */
  const gridFeather = (page: FilledPage, s: number, grid: number): FilledPage => {
    const heading = (k: number) => blocks.box(page.lines[k]!.block)!.keepWithNext;
    const runs = page.lines.flatMap((l, k) => (k > 0 && l.line === 0 && heading(k) && !heading(k - 1) ? [k] : []));
    const take = Math.min(runs.length, Math.floor(s + 1e-3));
    if (s - take > 1 + 1e-3 || page.lines.some((l) => blocks.box(l.block)!.free)) return page;
    const moved = new Set(runs.slice(runs.length - take));
    let shift = 0;
    const lines = page.lines.map((l, k) => {
      if (moved.has(k)) shift += grid;
      return shift === 0 ? l : { ...l, top: l.top + shift };
    });
    return { ...page, lines };
  };

  /** The first line of each block counted through the document (how far a page start is into it, in lines). */
  const firstLines = [0];
  const lineAt = (at: PageStart): number => {
    while (firstLines.length <= at.block) firstLines.push(firstLines[firstLines.length - 1]! + (blocks.box(firstLines.length - 1)?.lines ?? 0));
    return firstLines[at.block]! + at.line;
  };

  /**
   * Every way on from `from` to `until` steps (pages), the cheapest to each page start kept: a page
   * start more than `lag` lines behind the furthest is dropped (it would have to leave more than
   * that many lines empty on the pages before it). Returns the cheapest way at `until`, or one
   * that has set the whole document sooner.
   */
  const search = (from: Way, until: number, lag: number): Way => {
    let ways = [from];
    let done: Way | undefined;
    while (ways.length > 0 && ways[0]!.step < until) {
      const reached = new Map<string, Way>();
      for (const w of ways) {
        for (const way of onwards(w)) {
          if (work) work.ops++;
          if (!way.next) {
            if (!done || way.cost < done.cost - 1e-9) done = way;
            continue;
          }
          const key = startKey(way.next);
          const other = reached.get(key);
          if (!other || cheaper(way, other)) reached.set(key, way);
        }
      }
      ways = [...reached.values()];
      const furthest = ways.reduce((most, w) => Math.max(most, lineAt(w.next!)), 0);
      ways = ways.filter((w) => lineAt(w.next!) >= furthest - lag);
    }
    // The cheapest; at the same cost, the one furthest on (the document done counts as furthest).
    const on = (w: Way) => (w.next ? lineAt(w.next) : Infinity);
    return [...ways, ...(done ? [done] : [])].reduce((best, w) => (w.cost < best.cost - 1e-9 || (w.cost < best.cost + 1e-9 && on(w) > on(best)) ? w : best));
  };

  /** The ways that set the pages chosen and not handed out yet, in order; `base` set the last page handed out. */
  let held: Way[] = [];
  let base: Way = { pages: [], next: { block: 0, line: 0, notes: [] }, cost: 0, paid: 0, step: 0 };
  for (;;) {
    const last = held[held.length - 1] ?? base;
    if (!last.next) break;
    const way = step(last, 0, false);
    if (work) work.ops++;
    held.push(way);
    const s = way.next ? shortfall(way.pages[0]!) : 0;
    if (s > 1 + 1e-3) {
      // More than a line short: choose the pages from before it again, over every way. A hole of
      // h lines is shared a line a page with h − 1 full pages before it, where they can each end a
      // line earlier; two more are taken in, for when the nearest cannot (ending a line earlier
      // would leave a widow). Further back, a page a line short costs as much as one nearer.
      const lines = Math.ceil(s - 1e-3);
      let first = held.length - 1;
      for (let full = 0; first > 0 && full < lines + 1; ) if (shortfall(held[--first]!.pages[0]!) < 0.5) full++;
      // Back to the first page held that cost more than a line short too (a hole or a widow): its
      // choice was made without this one in view.
      const dear = held.findIndex((w) => w.paid > 1 + 1e-3);
      if (dear >= 0 && dear < first) first = dear;
      const from = first > 0 ? held[first - 1]! : base;
      const chosen = search(from, way.step + 1, lines);
      const path: Way[] = [];
      for (let w: Way | undefined = chosen; w && w !== from; w = w.previous) path.push(w);
      held = [...held.slice(0, first), ...path.reverse()];
    }
    while (held.length > (held.some((w) => w.paid > 1 + 1e-3) ? HOLD_DEAR : HOLD)) {
      base = held.shift()!;
      base.previous = undefined; // handed out: what came before it can go
      yield* base.pages.map(feather);
    }
  }
  for (const w of held) yield* w.pages.map(feather);
}

/** Of two ways to the same page start, the cheaper; at the same cost, the one that parted from the fuller pages later (fewer pages changed before a shortfall). */
function cheaper(a: Way, b: Way): boolean {
  if (Math.abs(a.cost - b.cost) > 1e-9) return a.cost < b.cost;
  return a.previous?.next && b.previous?.next ? later(a.previous.next, b.previous.next) > 0 : false;
}

/** > 0 when page start a is further into the document than b. */
function later(a: PageStart, b: PageStart): number {
  return a.block - b.block || a.line - b.line;
}

function startKey(s: PageStart): string {
  const floats = s.floats?.length ? `+${s.floats.join('.')}` : '';
  return (s.notes.length === 0 ? `${s.block}:${s.line}` : `${s.block}:${s.line}:${s.notes.map((n) => `${n.note}.${n.from}`).join(',')}`) + floats;
}
