import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate, paginateLazily, type BlockBox, type Frame, type Page } from '../src/typeset/paginate.js';

const para = (lines: number, extra: Partial<BlockBox> = {}): BlockBox => ({ lineHeight: 10, lines, spaceBefore: 0, spaceAfter: 0, keepWithNext: false, ...extra });
const frame = { top: 0, bottom: 100 }; // ten lines a page

/** Every line of every block placed exactly once, in order. */
function expectComplete(blocks: BlockBox[], pages: ReturnType<typeof paginate>): void {
  const placed = pages.flatMap((p) => p.lines.map((l) => `${l.block}:${l.line}`));
  const expected = blocks.flatMap((b, i) => Array.from({ length: b.lines }, (_, k) => `${i}:${k}`));
  expect(placed).toEqual(expected);
}

describe('pagination', () => {
  it('places every line once, even one-line blocks arriving at a full page', () => {
    const blocks = Array.from({ length: 52 }, () => para(1));
    const pages = paginate(blocks, frame);
    expectComplete(blocks, pages);
    expect(pages.map((p) => p.lines.length)).toEqual([10, 10, 10, 10, 10, 2]);
  });

  it('keeps a block kept together (a 纪要 attendance list) whole on one page, even where a widow would cure a hole (issue 17)', () => {
    const grid: Frame = { top: 0, bottom: 100, grid: 10, pitch: 10 };
    const pageOf = (pages: Page[], block: number) => new Set(pages.flatMap((p, n) => (p.lines.some((l) => l.block === block) ? [n] : [])));
    // A list of three lines where two are left: on the grid a widow (2 + 1) would fill the page.
    const short = [para(8), para(3, { together: true }), para(5)];
    const pages = paginate(short, grid);
    expectComplete(short, pages);
    expect(pageOf(pages, 1).size).toBe(1);
    // Five lines where three are left: never 3 + 2.
    const long = [para(7), para(5, { together: true }), para(4)];
    const five = paginate(long, frame);
    expectComplete(long, five);
    expect(pageOf(five, 1).size).toBe(1);
    // Taller than a page: split where it must be.
    const tall = [para(2), para(14, { together: true })];
    expectComplete(tall, paginate(tall, frame));
  });

  it('puts a figure that does not fit off to the top of the next page, its caption with it, and fills the page with the text after it', () => {
    const figure = (height: number) => para(1, { lineHeight: height, float: true, keepWithNext: true });
    const blocks = [para(6), figure(60), para(1), para(10), figure(30), para(1), para(2)];
    for (const f of [frame, { ...frame, pitch: 10 }]) {
      const pages = paginate(blocks, f);
      const on = (n: number) => pages[n]!.lines.map((l) => l.block);
      // Page 1: the text before the figure, then the text after it, to the foot.
      expect(on(0)).toEqual([0, 0, 0, 0, 0, 0, 3, 3, 3, 3]);
      // Page 2: the figure and its caption at the top, then the text goes on; the second figure, in order, after it.
      expect(on(1).slice(0, 2)).toEqual([1, 2]);
      expect(pages[1]!.lines[0]!.top).toBe(0);
      expect(pages.flatMap((p) => p.lines).filter((l) => l.block === 1 || l.block === 4).map((l) => l.block)).toEqual([1, 4]);
      // Every line once.
      expect(pages.flatMap((p) => p.lines.map((l) => `${l.block}:${l.line}`)).sort()).toEqual(blocks.flatMap((b, i) => Array.from({ length: b.lines }, (_, k) => `${i}:${k}`)).sort());
      for (const p of pages) for (const l of p.lines) expect(l.top + blocks[l.block]!.lineHeight).toBeLessThanOrEqual(100 + 1e-6);
    }
  });

  it('repeats a table\'s header above the row that continues it under a figure put off to the top of the page', () => {
    // Three lines left on page 1: the figure (60 + its caption 10) is put off; the table's caption,
    // header row and first row fill the page; row 2 continues the table on page 2, under the figure.
    const figure = para(1, { lineHeight: 60, float: true, keepWithNext: true });
    const row = (extra: Partial<BlockBox> = {}) => para(1, { free: true, repeat: 10, ...extra });
    const blocks = [para(7), figure, para(1), para(1, { keepWithNext: true }), para(1, { free: true, keepWithNext: true }), row(), row(), row()];
    for (const f of [frame, { ...frame, pitch: 10 }]) {
      const pages = paginate(blocks, f);
      expect(pages.flatMap((p) => p.lines.map((l) => `${l.block}:${l.line}`)).sort()).toEqual(blocks.flatMap((b, i) => Array.from({ length: b.lines }, (_, k) => `${i}:${k}`)).sort());
      const page2 = pages[1]!;
      expect(page2.lines.slice(0, 2).map((l) => l.block)).toEqual([1, 2]);
      const first = page2.lines.find((l) => l.block >= 5)!;
      // The header (10) above the row, below the figure and its caption (70).
      expect(page2.repeats).toEqual([{ block: first.block, top: 70 }]);
      expect(first.top).toBe(80);
      // Page 1 repeats nothing: the table starts there with its own header row.
      expect(pages[0]!.repeats).toBeUndefined();
    }
  });

  it('lets a figure put off wait past a landscape table\'s pages for the first upright page, rather than take a page of its own before them', () => {
    // Two lines left on page 1: the figure (50 + its caption 10) is put off; the line after it ends
    // the text before a table turned to landscape (pages of its own); the text after the table follows.
    const figure = para(1, { lineHeight: 50, float: true, keepWithNext: true });
    const turned = (extra: Partial<BlockBox> = {}) => para(1, { landscape: true, free: true, ...extra });
    const blocks = [para(8), figure, para(1), para(1), turned({ keepWithNext: true }), turned(), turned(), para(3)];
    for (const f of [{ ...frame, landscapeBottom: 150 }, { ...frame, landscapeBottom: 150, pitch: 10 }]) {
      const pages = paginate(blocks, f);
      const on = (n: number) => pages[n]!.lines.map((l) => l.block);
      expect(pages.map((p) => p.landscape === true)).toEqual([false, true, false]);
      // Page 1: the text before the figure and the line after it; page 2: the table, turned, alone.
      expect(on(0)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 3]);
      expect(on(1)).toEqual([4, 5, 6]);
      // Page 3: the figure and its caption at the top, then the text after the table.
      expect(on(2)).toEqual([1, 2, 7, 7, 7]);
      expect(pages[2]!.lines[0]!.top).toBe(0);
      expect(pages.flatMap((p) => p.lines.map((l) => `${l.block}:${l.line}`)).sort()).toEqual(blocks.flatMap((b, i) => Array.from({ length: b.lines }, (_, k) => `${i}:${k}`)).sort());
    }
    // A landscape table that ends the document: the figure gets the upright page after it.
    const last = blocks.slice(0, 7);
    const pages = paginate(last, { ...frame, landscapeBottom: 150, pitch: 10 });
    expect(pages.map((p) => p.landscape === true)).toEqual([false, true, false]);
    expect(pages[2]!.lines.map((l) => l.block)).toEqual([1, 2]);
  });

  it('gives a figure put off at an attachment the page before it, and lets the 版记 share its page', () => {
    const figure = para(1, { lineHeight: 50, float: true, keepWithNext: true });
    // An attachment starts a page of its own: the figure takes the page before it.
    const attachment = [para(8), figure, para(1), para(1), para(2, { breakBefore: true })];
    const a = paginate(attachment, { ...frame, pitch: 10 });
    expect(a.map((p) => p.lines.map((l) => l.block))).toEqual([[0, 0, 0, 0, 0, 0, 0, 0, 3], [1, 2], [4, 4]]);
    // The 版记 (two lines at the foot of the last page) below the figure, on its page.
    const imprint = [para(8), figure, para(1), para(1), para(2, { foot: true })];
    const b = paginate(imprint, { ...frame, pitch: 10 });
    expect(b.map((p) => p.lines.map((l) => l.block))).toEqual([[0, 0, 0, 0, 0, 0, 0, 0, 3], [1, 2, 4, 4]]);
    expect(b[1]!.lines.slice(-2).map((l) => l.top)).toEqual([80, 90]);
  });

  it('moves a paragraph rather than leave one line at the bottom (orphan) or the top (widow)', () => {
    const orphan = [para(9), para(5)];
    const pages = paginate(orphan, frame);
    expectComplete(orphan, pages);
    expect(pages[1]!.lines[0]).toMatchObject({ block: 1, line: 0 });
    const widow = [para(7), para(4)];
    const split = paginate(widow, frame);
    expectComplete(widow, split);
    // 3 lines would fit, but then the 4th would be alone on the next page: 2 and 2.
    expect(split[0]!.lines.filter((l) => l.block === 1)).toHaveLength(2);
    expect(split[1]!.lines).toHaveLength(2);
  });

  it('keeps a heading with two lines of what follows', () => {
    const blocks = [para(8), para(1, { keepWithNext: true }), para(5)];
    const pages = paginate(blocks, frame);
    expectComplete(blocks, pages);
    expect(pages[1]!.lines[0]).toMatchObject({ block: 1, line: 0 });
  });

  it('gives up gracefully when a page cannot hold even two lines of a block', () => {
    const blocks = [para(30, { lineHeight: 60 })];
    const pages = paginate(blocks, frame);
    expectComplete(blocks, pages);
    expect(pages.every((p) => p.lines.length === 1)).toBe(true);
  });
});

describe('pagination, page by page', () => {
  /** Blocks of 1–15 lines, some with space around them; headings (1–2 lines) never two in a row, never last. */
  const documents = fc
    .array(
      fc.record({
        lines: fc.integer({ min: 0, max: 15 }),
        heading: fc.boolean(),
        spaceBefore: fc.constantFrom(0, 0, 5, 10),
        spaceAfter: fc.constantFrom(0, 0, 5),
      }),
      { minLength: 1, maxLength: 60 },
    )
    .map((specs) =>
      specs.map((s, i): BlockBox => {
        const heading = s.heading && i < specs.length - 1 && !(specs[i - 1]?.heading ?? false);
        return para(heading ? Math.min(2, Math.max(1, s.lines)) : s.lines, { spaceBefore: s.spaceBefore, spaceAfter: s.spaceAfter, keepWithNext: heading });
      }),
    );

  /** Runs paginateLazily, noting for each page what it looked like when handed out and how far the boxes asked for reached. */
  function lazily(blocks: readonly BlockBox[], frame: Frame) {
    let furthest = -1;
    const handedOut: Array<{ page: Page; asWas: string; furthest: number }> = [];
    for (const page of paginateLazily({ box: (i) => ((furthest = Math.max(furthest, i)), blocks[i]) }, frame)) {
      handedOut.push({ page, asWas: JSON.stringify(page), furthest });
    }
    return handedOut;
  }

  it('hands out each page final, having looked at most a page and one block past it', () => {
    fc.assert(
      fc.property(documents, (blocks) => {
        const out = lazily(blocks, frame);
        expectComplete(blocks, out.map((o) => o.page));
        for (const [n, { page, asWas, furthest }] of out.entries()) {
          // Nothing changes a page once it has been handed out.
          expect(JSON.stringify(page)).toBe(asWas);
          // What decided this page lies on it or on the next one (ten lines), plus one block of
          // look-ahead (past empty blocks, which take no room).
          const next = out[n + 1]?.page.lines ?? [];
          let reach = Math.max(-1, ...page.lines.map((l) => l.block), ...next.map((l) => l.block)) + 1;
          while (blocks[reach]?.lines === 0) reach++;
          if (n < out.length - 1) expect(furthest).toBeLessThanOrEqual(reach);
        }
      }),
      { numRuns: 500, seed: 20261123 },
    );
  });
});

describe('pagination rules, on random documents', () => {
  /**
   * Paragraphs of 0–15 lines and one-line headings, in runs of at most two, never last; spacing
   * small enough that a run of headings and what it keeps with always fits on a page of ten lines.
   */
  const documents = fc
    .array(fc.record({ lines: fc.integer({ min: 0, max: 15 }), heading: fc.boolean(), spaceBefore: fc.constantFrom(0, 0, 5), spaceAfter: fc.constantFrom(0, 0, 5) }), {
      minLength: 1,
      maxLength: 60,
    })
    .map((specs) => {
      const blocks: BlockBox[] = [];
      specs.forEach((s, i) => {
        const run = blocks.length >= 2 && blocks[blocks.length - 1]!.keepWithNext && blocks[blocks.length - 2]!.keepWithNext;
        const heading = s.heading && i < specs.length - 1 && !run;
        blocks.push(para(heading ? 1 : s.lines, { spaceBefore: s.spaceBefore, spaceAfter: s.spaceAfter, keepWithNext: heading }));
      });
      // A heading keeps with a block that has lines.
      if (blocks.some((b, i) => b.keepWithNext && !blocks.slice(i + 1).some((n) => !n.keepWithNext && n.lines > 0))) return [para(3)];
      return blocks;
    });

  it('leaves no orphan or widow, and keeps headings with what they need of what follows', () => {
    fc.assert(
      fc.property(documents, (blocks) => {
        const pages = paginate(blocks, frame);
        expectComplete(blocks, pages);
        const pageOf = new Map<string, number>();
        pages.forEach((p, n) => p.lines.forEach((l) => pageOf.set(`${l.block}:${l.line}`, n)));
        blocks.forEach((b, i) => {
          // A paragraph split over pages leaves at least two lines on each; one of three lines or fewer is never split.
          const counts = new Map<number, number>();
          for (let k = 0; k < b.lines; k++) counts.set(pageOf.get(`${i}:${k}`)!, (counts.get(pageOf.get(`${i}:${k}`)!) ?? 0) + 1);
          if (b.lines <= 3) expect(counts.size, `block ${i} split`).toBeLessThanOrEqual(1);
          else for (const count of counts.values()) expect(count, `block ${i}`).toBeGreaterThanOrEqual(2);
          // A run of headings is on one page with two lines of the block it leads to, or all of one with three or fewer.
          if (b.keepWithNext && !blocks[i - 1]?.keepWithNext) {
            const page = pageOf.get(`${i}:0`);
            let j = i + 1;
            for (; blocks[j]!.keepWithNext || blocks[j]!.lines === 0; j++) if (blocks[j]!.lines > 0) expect(pageOf.get(`${j}:0`), `heading ${j} after ${i}`).toBe(page);
            const need = blocks[j]!.lines <= 3 ? blocks[j]!.lines : 2;
            for (let k = 0; k < need; k++) expect(pageOf.get(`${j}:${k}`), `heading ${i}, line ${k} of block ${j}`).toBe(page);
          }
        });
      }),
      { numRuns: 1000, seed: 20261123 },
    );
  });

  it('keeps a heading with all three lines of a three-line paragraph, and a run of headings together', () => {
    // Two lines of the paragraph would fit under the heading; the third cannot go alone to the next page.
    const three = paginate([para(3), para(2, { spaceAfter: 5 }), para(1, { keepWithNext: true, spaceBefore: 5, spaceAfter: 5 }), para(3)], frame);
    expect(three.map((p) => p.lines.map((l) => l.block))).toEqual([[0, 0, 0, 1, 1], [2, 3, 3, 3]]);
    // 一、 then （一）: the first heading does not stay behind when the second must move on.
    const run = paginate([para(8), para(1, { keepWithNext: true }), para(1, { keepWithNext: true }), para(5)], frame);
    expect(run.map((p) => p.lines.map((l) => l.block))).toEqual([[0, 0, 0, 0, 0, 0, 0, 0], [1, 2, 3, 3, 3, 3, 3]]);
  });
});

describe('footnotes at the foot of the page', () => {
  const noteFrame = { ...frame, noteRule: 4 };
  const note = (id: number, lines: number) => ({ note: id, lines, lineHeight: 6 });

  it('puts a note on the page of the line that refers to it, below the text, ending at the bottom', () => {
    const blocks = [para(4), para(3, { notes: [undefined, [note(0, 2)], undefined] }), para(4)];
    const pages = paginate(blocks, noteFrame);
    const page = pages[0]!;
    expect(page.notes!.map((n) => [n.note, n.line])).toEqual([[0, 0], [0, 1]]);
    expect(page.notes!.at(-1)!.top + 6).toBeCloseTo(100, 6);
    const lastText = Math.max(...page.lines.map((l) => l.top + 10));
    expect(lastText + 4).toBeLessThanOrEqual(page.notes![0]!.top + 1e-6);
    expectComplete(blocks, pages);
  });

  it('never separates a reference from its note: the line goes to the next page with it', () => {
    // Nine lines fill 90 of 100; a line referring to a 3-line note (4 + 18) cannot stay.
    const blocks = [para(9), para(3, { notes: [[note(0, 3)], undefined, undefined] })];
    const pages = paginate(blocks, noteFrame);
    const refPage = pages.findIndex((p) => p.lines.some((l) => l.block === 1 && l.line === 0));
    expect(pages[refPage]!.notes!.some((n) => n.note === 0 && n.line === 0)).toBe(true);
    expectComplete(blocks, pages);
  });

  it('continues a long note at the foot of the next page, before that page\'s own notes', () => {
    const blocks = [para(5, { notes: [[note(0, 12)], undefined, undefined, undefined, undefined] }), para(12, { notes: [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, [note(1, 1)], undefined, undefined, undefined] })];
    const pages = paginate(blocks, noteFrame);
    const first = pages[0]!.notes!.filter((n) => n.note === 0).length;
    expect(first).toBeGreaterThanOrEqual(2);
    expect(first).toBeLessThan(12);
    const second = pages[1]!.notes!;
    expect(second[0]).toMatchObject({ note: 0, line: first });
    expect(pages.flatMap((p) => p.notes ?? []).filter((n) => n.note === 0).map((n) => n.line)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    // Note 1 comes after the rest of note 0 on its page.
    const withOne = pages.find((p) => p.notes?.some((n) => n.note === 1))!;
    const at = withOne.notes!.findIndex((n) => n.note === 1);
    expect(withOne.notes!.slice(0, at).every((n) => n.note === 0)).toBe(true);
    expectComplete(blocks, pages);
  });

  it('places pages without notes exactly as before notes existed', () => {
    const blocks = [para(7), para(5, { keepWithNext: true }), para(9)];
    expect(paginate(blocks, noteFrame)).toEqual(paginate(blocks, frame));
  });
});

/**
 * A 公文's 版记 (the foot group: BlockBox.foot and every block after it) on the back of the last
 * sheet (Frame.footOnEvenPage; GB/T 9704-2012 9, 7.4.1, 7.5): on the page where the text ends when
 * that page is even and holds it; alone on the next page, numbered, when the text ends on an odd
 * page; after a blank page, both without a number, when the text ends on a full even page.
 */
describe('the foot group on an even page (a 公文 printed on both sides)', () => {
  const record = [para(1, { foot: true }), para(1)];
  const duplex: Frame = { ...frame, footOnEvenPage: true };
  const footOf = (pages: Page[]) => pages.findIndex((p) => p.lines.some((l) => l.block >= 1));
  const textPages = (pages: Page[]) => pages.filter((p) => p.lines.some((l) => l.block === 0)).length;

  for (const text of [3, 8, 9, 10, 13, 18, 19, 20, 23, 28, 30]) {
    it(`text of ${text} lines`, () => {
      const blocks = [para(text), ...record];
      const plain = paginate(blocks, frame);
      const pages = paginate(blocks, duplex);
      expectComplete(blocks, pages);
      // The text's pages as they were.
      expect(pages.slice(0, textPages(plain)).map((p) => p.lines.filter((l) => l.block === 0))).toEqual(plain.slice(0, textPages(plain)).map((p) => p.lines.filter((l) => l.block === 0)));
      const at = footOf(pages);
      // An even page (index odd), the last, its last line on the frame's last.
      expect(at % 2).toBe(1);
      expect(at).toBe(pages.length - 1);
      const last = pages[at]!.lines.at(-1)!;
      expect(last.top + 10).toBe(100);
      const plainAt = footOf(plain);
      const withText = plain[plainAt]!.lines.some((l) => l.block === 0);
      if (withText && plainAt % 2 === 1) {
        // Even page with room: where it was.
        expect(pages).toEqual(plain);
      } else if (!withText && plainAt % 2 === 0) {
        // Alone after a full even page: a blank page, then the 版记's, neither numbered.
        expect(pages).toHaveLength(plain.length + 1);
        expect(pages[at - 1]).toEqual({ lines: [], blank: true, unnumbered: true });
        expect(pages[at]!.unnumbered).toBe(true);
      } else {
        // After an odd page (with room or without): alone on the next page, numbered.
        expect(pages[at]!.lines.every((l) => l.block >= 1)).toBe(true);
        expect(pages[at - 1]!.lines.some((l) => l.block === 0)).toBe(true);
        expect(pages.some((p) => p.unnumbered || p.blank)).toBe(false);
      }
    });
  }

  it('covers each case: with the text on page 2; alone after pages 1 and 3; after a blank page', () => {
    const where = (text: number) => {
      const pages = paginate([para(text), ...record], duplex);
      return `${footOf(pages) + 1}${pages[footOf(pages)]!.lines.some((l) => l.block === 0) ? '+text' : ''}${pages.some((p) => p.blank) ? ' after a blank' : ''}`;
    };
    expect([3, 13, 20, 23].map(where)).toEqual(['2', '2+text', '4 after a blank', '4']);
  });

  it('keeps the rest of a note on the odd page after a full even page, numbered, and the 版记 on the next (no blank page between a note and its rest)', () => {
    // The text's tenth line refers to a 14-line note; the text ends on a full page 2 and the note runs on to page 3.
    const notes = [...Array<undefined>(9)].map(() => undefined).concat([[{ note: 0, lines: 14, lineHeight: 6 }]] as never) as BlockBox['notes'];
    const blocks = [para(10, { notes }), para(2, { foot: true })];
    const noted: Frame = { top: 0, bottom: 100, noteRule: 4, footOnEvenPage: true };
    const pages = paginate(blocks, noted);
    expectComplete(blocks, pages);
    const textEnds = pages.findLastIndex((p) => p.lines.some((l) => l.block === 0));
    expect(textEnds).toBe(1);
    // Page 3: the note's rest, no text, numbered; page 4: the 版记, numbered; no blank page.
    expect(pages).toHaveLength(4);
    expect(pages[2]!.lines).toEqual([]);
    expect(pages[2]!.notes!.length).toBeGreaterThan(0);
    expect(pages.some((p) => p.blank || p.unnumbered)).toBe(false);
    expect(footOf(pages)).toBe(3);
  });

  it('leaves a document without a foot group as it is', () => {
    const blocks = [para(13)];
    expect(paginate(blocks, duplex)).toEqual(paginate(blocks, frame));
  });
});
