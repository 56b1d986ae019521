/**
 * Pagination: stacks laid-out blocks onto pages, with page breaks chosen over the whole document
 * so that full pages end together (see paginateLazily). Pure, so the rules are testable without a
 * PDF. The rules (kept by the filler, fill-pages.ts):
 * - a heading (keepWithNext) stays on the page with at least two lines of what follows (all
 *   three of a three-line paragraph, which cannot be split without a widow or an orphan), and
 *   with the next heading when that keeps with what follows it in turn; never relaxed;
 * - a paragraph never leaves a single line alone at the bottom (orphan) or the top (widow) of
 *   a page when it has lines enough to avoid it (relaxed at a cost where nothing else avoids a hole);
 * - a block kept together (a 纪要's attendance list) goes to the next page whole rather than split;
 * - a figure (BlockBox.float) that does not fit what is left of a page goes to the top of the
 *   next one, its caption with it, and the text after it fills the page (its lines come first);
 * - space before a block is dropped at the top of a page;
 * - a block that keeps with the previous one (a 公文 signature block) never starts a page alone:
 *   the end of the block before it (and a heading it keeps with) comes along when it can.
 * - a block at the foot (a 公文's 版记, BlockBox.foot) and every block after it end on the last
 *   line of the last page: the page where the text ends when they fit there, else the next; with
 *   Frame.footOnEvenPage, an even page (back-face.ts).
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
 * exporter lays out, draws and forgets a long document a few pages at a time.
 */

import { footOnEvenPage } from './back-face.js';
import { choosePages } from './choose-pages.js';
import { fillPages, type FilledPage } from './fill-pages.js';

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
  /**
   * How far below the top of its first line what is drawn with the block reaches, when further
   * than its lines and what it keeps with (a seal pressing on the 署名 and the date, 7.3.5.1, hangs
   * below the date): that stays within the frame too, clear of the page number below it.
   */
  reach?: number;
  /** Per line, the notes it refers to first (undefined or empty: none). */
  notes?: ReadonlyArray<readonly NoteBox[] | undefined>;
  /**
   * A figure: when it (with the caption it keeps with) does not fit what is left of the page, it
   * goes to the top of the next page and the text after it fills this one.
   */
  float?: boolean;
  /** Never split across pages, unless taller than a page (a 纪要's 出席/请假/列席 list: names read as one list). */
  together?: boolean;
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
  /** Its text lines were drawn closer together by this much in all to fit a signature block (Frame.squeeze). */
  squeezed?: number;
  /** Left empty on purpose: the page before a 公文's 版记 page (Frame.footOnEvenPage). */
  blank?: boolean;
  /** Printed without a page number: a blank page and the 版记 page after it (GB/T 9704-2012 7.5). */
  unnumbered?: boolean;
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
   * The body's line pitch. With it, page breaks are chosen over the whole document (see
   * paginateLazily) so that full pages end within a pitch of each other. Without it, pages are
   * filled one by one as full as the rules allow.
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
  /**
   * Printed on both sides (GB/T 9704-2012 9): the foot group (a 公文's 版记) on an even page, the
   * back of the last sheet, with a blank page before it where the text ends on a full even page
   * (back-face.ts).
   */
  footOnEvenPage?: boolean;
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
 * Pages one by one, in order, each handed out once no later choice can change it.
 *
 * With the body's pitch, the page breaks are chosen over the whole document (total fit, as the
 * line breaker chooses a paragraph's breaks: choosePages). Without it, pages are filled one by one
 * as full as the rules allow.
 *
 * Block i's box is asked for when block i is reached; the boxes after it when it keeps with the
 * next one (through a run of headings); earlier boxes again when lines are carried over or a page
 * is filled again from another start.
 */
export function* paginateLazily(blocks: BoxSource, frame: Frame, work?: Work): Generator<Page, void, undefined> {
  if (frame.footOnEvenPage) {
    yield* footOnEvenPage(paginateLazily(blocks, { ...frame, footOnEvenPage: false }, work), (i) => blocks.box(i)!, frame.bottom);
    return;
  }
  if (frame.pitch) {
    for (const page of choosePages(blocks, frame, frame.pitch, work)) yield plain(page);
    return;
  }
  for (const page of fillPages(blocks, frame, { block: 0, line: 0, notes: [] }, () => 0, work)) yield plain(page);
}

/** The page as handed out: without what only the choice of breaks needs. */
const plain = ({ start: _start, gap: _gap, textBottom: _bottom, following: _following, forced: _forced, ...page }: FilledPage): Page => page;
