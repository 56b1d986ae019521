/**
 * Layout stays near-linear in every input shape: doubling the input at most a little more than
 * doubles the work. Work is counted in steps (clusters read, candidate lines looked at, glyphs
 * placed, blocks and lines paginated), not in time: timings live in `npm run bench`, whose scale
 * cases run the same shapes through the whole export.
 *
 * One step up is allowed once: the line breaker tries a pruned pass first and runs the full pass
 * only when the pruned one cannot prove its answer optimal, which for a long ragged paragraph
 * happens past some length and then always. So of two doublings in a row (n → 2n → 4n), one
 * must cost at most a little more than double; work that grows faster than linearly makes both
 * cost about four times as much.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate, type BlockBox, type Work } from '../src/typeset/paginate.js';
import { layoutParagraph, type Align } from '../src/typeset/index.js';
import { EM, fakeMeasure } from './helpers/fake-font.js';

/** Doubling may cost a little more than double (a last partial line, a last page), never more. */
const SLACK = 2.2;
const CONSTANT = 200;

function layoutWork(text: string, align: Align): number {
  const work: Work = { ops: 0 };
  layoutParagraph([{ text, font: 'serif', size: EM }], fakeMeasure, { width: 28 * EM, em: EM, firstIndent: 2 * EM, align, work });
  return work.ops;
}

function paginationWork(blocks: BlockBox[]): number {
  const work: Work = { ops: 0 };
  paginate(blocks, { top: 0, bottom: 220 }, work);
  return work.ops;
}

/** Of n → 2n → 4n, at least one doubling at most a little more than doubles the work. */
function expectNearLinear(work: (n: number) => number, n: number, what: string): void {
  const [one, two, four] = [work(n), work(2 * n), work(4 * n)];
  const ratio = Math.min((two - CONSTANT) / one, (four - CONSTANT) / two);
  expect(ratio, `${what}: ${one}, ${two}, ${four} steps for ${n}, ${2 * n}, ${4 * n}`).toBeLessThanOrEqual(SLACK);
}

describe('layout work grows linearly with the input', () => {
  // The shapes that once went quadratic (a run of dashes, a long word) and ordinary ones.
  const pieces = ['——', '……', '工', '会', '，', '。', '“', '”', '《', '》', 'a', 'Word', ' ', '2026', '\u200b', 'e\u0301', '——工会'];
  const unit = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }).map((p) => p.join(''));

  it('a paragraph of a repeated unit: twice as many units, at most a little more than twice the steps', () => {
    fc.assert(
      fc.property(unit, fc.integer({ min: 200, max: 1500 }), fc.constantFrom<Align>('justify', 'left', 'center'), (u, n, align) => {
        expectNearLinear((k) => layoutWork(u.repeat(k), align), n, `${JSON.stringify(u)}, ${align}`);
      }),
      { numRuns: 40, seed: 20261124 },
    );
  });

  it('runs of 10,000, 20,000 and 40,000 dashes (——)', () => {
    for (const align of ['justify', 'left'] as const) expectNearLinear((k) => layoutWork('——'.repeat(k), align), 10_000, `——, ${align}`);
  });
});

describe('pagination work grows linearly with the number of blocks', () => {
  const box = (lines: number, keepWithNext: boolean, keepWithPrevious = false): BlockBox => ({
    lineHeight: 20,
    lines,
    spaceBefore: 5,
    spaceAfter: 5,
    keepWithNext,
    ...(keepWithPrevious ? { keepWithPrevious } : {}),
  });
  // A block: how many lines, whether it keeps with the next (a heading) or the previous one.
  const block = fc.record({ lines: fc.integer({ min: 0, max: 14 }), next: fc.boolean(), previous: fc.boolean() });
  const pattern = fc.array(block, { minLength: 1, maxLength: 5 });

  it('a repeated pattern of headings, paragraphs and kept blocks', () => {
    fc.assert(
      fc.property(pattern, fc.integer({ min: 200, max: 2000 }), (p, n) => {
        const make = (times: number) => Array.from({ length: times }, () => p.map((b) => box(b.lines, b.next, b.previous))).flat();
        expectNearLinear((k) => paginationWork(make(k)), n, JSON.stringify(p));
      }),
      { numRuns: 40, seed: 20261124 },
    );
  });

  it('25,000, 50,000 and 100,000 consecutive headings', () => {
    const headings = (n: number) => [...Array.from({ length: n }, () => box(1, true)), box(3, false)];
    expectNearLinear((k) => paginationWork(headings(k)), 25_000, 'headings');
  });
});
