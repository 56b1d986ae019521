/**
 * A 公文's 版记 on the back of its last sheet (Frame.footOnEvenPage). GB/T 9704-2012 prints a 公文
 * on both sides (9), sets the 版记's last rule on the bottom edge of the type area of the
 * document's last face (7.4.1), and numbers neither a blank page before the 版记 page nor the
 * 版记 page after it (7.5). The last face of a sheet printed on both sides is an even page, so:
 * - the text ends on an even page that holds the 版记 below it: it stays there;
 * - the text ends on an odd page (with room for the 版记 or not): the 版记 goes alone to the next
 *   page, the back of that sheet, numbered as usual (no blank page comes before it);
 * - the text ends on an even page without room: a blank odd page, then the 版记 alone on the even
 *   page after it, neither numbered; but where a note of the text's last page runs on to that odd
 *   page, the page holds the note's rest, numbered, and the 版记 follows on the even page.
 *
 * The page filler (fill-pages.ts) puts the foot group (BlockBox.foot and every block after it)
 * at the last page's foot, on the page where the text ends or, without room, alone on the next;
 * this moves it on from there. The text's pages stay as they were.
 */
import type { BlockBox, Page, PlacedLine } from './paginate.js';

/** The pages with the foot group on an even page: a page of its own, or a blank page before it, where parity needs. */
export function* footOnEvenPage(pages: Iterable<Page>, box: (block: number) => BlockBox, bottom: number): Generator<Page, void, undefined> {
  let number = 0;
  /** The foot group's first block, once a page holds it: it and every block after it are the foot group. */
  let first: number | undefined;
  for (const page of pages) {
    number++;
    first ??= page.lines.find((l) => box(l.block).foot)?.block;
    const foot = first === undefined ? [] : page.lines.filter((l) => l.block >= first!);
    if (foot.length === 0 || number % 2 === 0) {
      yield page;
      continue;
    }
    const text = page.lines.filter((l) => l.block < first!);
    if (text.length > 0 || (page.notes?.length ?? 0) > 0) {
      // Odd, with the text, or with the rest of a note begun on the page before: that stays,
      // numbered, and the 版记 goes to the back of the sheet (a blank page there would part the
      // note from its start).
      yield { ...page, lines: text };
      yield { lines: atBottom(foot, box, bottom) };
    } else {
      // Alone on an odd page: the text ended on a full even page. A blank page, then the 版记's.
      yield { lines: [], blank: true, unnumbered: true };
      yield { ...page, unnumbered: true };
    }
    number++;
  }
}

/** The lines moved down together so that the last one ends at `bottom` (they sat above a page's notes). */
function atBottom(lines: readonly PlacedLine[], box: (block: number) => BlockBox, bottom: number): PlacedLine[] {
  const last = lines[lines.length - 1]!;
  const shift = bottom - (last.top + box(last.block).lineHeight);
  return lines.map((l) => ({ ...l, top: l.top + shift }));
}
