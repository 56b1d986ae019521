import { describe, expect, it } from 'vitest';
import { paginate, type BlockBox } from '../src/exporters/pdf/paginate.js';

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
