import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSource, renderDocument, resolvePreset } from '../src/api.js';
import { paginate, type BlockBox, type Frame, type Page } from '../src/typeset/paginate.js';
import { readPdf } from './helpers/pdf.js';
import { root } from './helpers/seed.js';
// @ts-expect-error: plain JavaScript, the benchmark's seeded document generator
import { generateDocument } from '../bench/lib/generate.mjs';

const para = (lines: number, extra: Partial<BlockBox> = {}): BlockBox => ({ lineHeight: 10, lines, spaceBefore: 0, spaceAfter: 0, keepWithNext: false, ...extra });
const heading = (extra: Partial<BlockBox> = {}) => para(1, { keepWithNext: true, spaceBefore: 5, spaceAfter: 5, ...extra });
/** Ten lines of 10 a page; balanced on a pitch of 10. */
const balanced: Frame = { top: 0, bottom: 100, pitch: 10 };
const greedy: Frame = { top: 0, bottom: 100 };

/** From each page's last line's bottom to the frame's bottom, all pages but the last. */
const gaps = (blocks: readonly BlockBox[], pages: readonly Page[]) =>
  pages.slice(0, -1).map((p) => {
    const last = p.lines[p.lines.length - 1]!;
    return 100 - (last.top + blocks[last.block]!.lineHeight);
  });

function expectComplete(blocks: BlockBox[], pages: Page[]): void {
  const placed = pages.flatMap((p) => p.lines.map((l) => `${l.block}:${l.line}`));
  expect(placed).toEqual(blocks.flatMap((b, i) => Array.from({ length: b.lines }, (_, k) => `${i}:${k}`)));
}

describe('balanced page breaks (pure)', () => {
  it('shares a shortfall a heading forces out over the pages before it, a line each', () => {
    // Three pages of running text, then a heading that needs 3 lines (itself and two lines of its
    // text) where 2 are left: filled greedily, page 3 ends 2 lines short.
    const blocks = [para(28), heading({ spaceBefore: 0, spaceAfter: 0 }), para(5)];
    const before = paginate(blocks, greedy);
    expect(gaps(blocks, before)).toEqual([0, 0, 20]);
    const after = paginate(blocks, balanced);
    expectComplete(blocks, after);
    expect(gaps(blocks, after)).toEqual([0, 10, 10]);
    // The heading still has its two lines.
    const headingPage = after.find((p) => p.lines.some((l) => l.block === 1))!;
    expect(headingPage.lines.filter((l) => l.block === 2).length).toBeGreaterThanOrEqual(2);
  });

  it('relaxes a rule, at a cost, only where sharing cannot help: the first page', () => {
    // Page 1 alone: nothing before it to share with; a heading with one line of its text goes in.
    const blocks = [para(7), heading({ spaceBefore: 10, spaceAfter: 0 }), para(8)];
    expect(gaps(blocks, paginate(blocks, greedy))).toEqual([30]);
    expect(gaps(blocks, paginate(blocks, balanced))).toEqual([0]);
  });

  it('is never worse than filling greedily, on random documents, every line once and inside the frame', () => {
    const docs = fc.array(
      fc.oneof(
        fc.integer({ min: 1, max: 14 }).map((n) => para(n)),
        fc.constant(heading()),
      ),
      { minLength: 1, maxLength: 60 },
    );
    fc.assert(
      fc.property(docs, (list) => {
        // Headings never last, never two in a row (what a source gives).
        const blocks = list.filter((b, i) => !(b.keepWithNext && (i === list.length - 1 || list[i + 1]!.keepWithNext)));
        const pages = paginate(blocks, balanced);
        expectComplete(blocks, pages);
        const greedyWorst = Math.max(0, ...gaps(blocks, paginate(blocks, greedy)));
        const worst = Math.max(0, ...gaps(blocks, pages));
        expect(worst).toBeLessThanOrEqual(greedyWorst + 1e-6);
        for (const p of pages) for (const l of p.lines) expect(l.top + 10).toBeLessThanOrEqual(100 + 1e-6);
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  it('keeps a footnote on its reference page when pages are refilled', () => {
    const note = [{ note: 0, lines: 2, lineHeight: 10 }];
    const blocks = [para(10), para(8, { notes: [undefined, undefined, undefined, undefined, undefined, note] }), heading(), para(10)];
    const pages = paginate(blocks, { ...balanced, noteRule: 5 });
    expectComplete(blocks, pages);
    const withRef = pages.findIndex((p) => p.lines.some((l) => l.block === 1 && l.line === 5));
    expect(pages[withRef]!.notes?.map((n) => n.note)).toEqual([0, 0]);
  });
});

/** The last body baseline of every page but the last (glyphs of the body size inside the type area). */
async function lastBaselines(text: string, preset: string): Promise<{ lasts: number[]; pitch: number; pages: number }> {
  const doc = parseSource(text.replace(/^---\n/, `---\npreset: ${preset}\n`));
  const p = resolvePreset(undefined, doc);
  const pdf = await readPdf(await renderDocument(doc, 'pdf'));
  const bottom = p.page.height - p.page.margin.bottom + 1;
  const lasts = pdf.pages.slice(0, -1).map((page) => Math.max(...page.glyphs.filter((g) => g.y <= bottom && g.size >= p.body.size * 0.95).map((g) => g.y)));
  return { lasts, pitch: p.grid?.linePitch ?? p.body.lineHeight, pages: pdf.pages.length };
}

const essay = readFileSync(`${root}/content/essay.md`, 'utf8');
/** A document of my own: every heading level, lists, quotes, short and long paragraphs. */
const mixed = (() => {
  const sentence = '工会组织要适应新形势、完成新任务，更好地服务职工群众，做好维权帮扶和困难救助工作。';
  const parts: string[] = ['---\ntitle: 关于进一步加强基层工会建设的工作报告\n---'];
  for (let s = 1; s <= 12; s++) {
    parts.push(`# 第${s}部分：总体要求`);
    for (let p = 0; p < 4; p++) parts.push(sentence.repeat(1 + ((s * 7 + p * 3) % 6)));
    if (s % 3 === 0) parts.push(`## （${s}）工作目标`, sentence.repeat(2), `### ${s}. 加强领导`, sentence.repeat(3));
    if (s % 4 === 1) parts.push(['1. 第一项任务。', '2. 第二项任务，' + sentence, '3. 第三项任务。'].join('\n'));
    if (s % 4 === 2) parts.push('> ' + sentence.repeat(3));
  }
  return parts.join('\n\n') + '\n';
})();

describe('page bottoms in the PDF', () => {
  const cases: Array<[string, string]> = [
    ['essay', essay],
    ['a 30-page document', generateDocument(essay, 30) as string],
    ['a mixed report', mixed],
  ];
  for (const [name, text] of cases) {
    for (const preset of ['handout', 'gongwen', 'handout-a5']) {
      it(`${name}, ${preset}: every full page's last body baseline is within a pitch of the lowest`, async () => {
        const { lasts, pitch, pages } = await lastBaselines(text, preset);
        if (name !== 'essay') expect(pages).toBeGreaterThan(4);
        expect(Math.max(...lasts) - Math.min(...lasts)).toBeLessThanOrEqual(pitch + 0.01);
      }, 60_000);
    }
  }
});
