import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate, paginateLazily, type BlockBox, type Frame, type Page } from '../src/exporters/pdf/paginate.js';

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
          // What decided this page lies on it or on the next one (ten lines), plus one block of look-ahead.
          const next = out[n + 1]?.page.lines ?? [];
          const reach = Math.max(-1, ...page.lines.map((l) => l.block), ...next.map((l) => l.block));
          if (n < out.length - 1) expect(furthest).toBeLessThanOrEqual(reach + 1);
        }
      }),
      { numRuns: 500, seed: 20261123 },
    );
  });
});
