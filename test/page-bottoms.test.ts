import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSource, renderDocument, resolvePreset } from '../src/api.js';
import { paginate, type BlockBox, type Frame, type Page } from '../src/typeset/paginate.js';
import { linesOf, readPdf } from './helpers/pdf.js';
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

  it('never leaves a heading with fewer than two lines of its text: a hole nothing can share out is taken up above the page\'s headings, on a grid in whole grid lines', () => {
    // Page 1 alone (nothing before it to share with): a heading that needs three lines where two
    // are left goes to page 2 whole with its two lines, and page 1 would end two lines short.
    const blocks = [para(3), heading({ spaceBefore: 10, spaceAfter: 0 }), para(3), heading({ spaceBefore: 10, spaceAfter: 0 }), para(5)];
    expect(gaps(blocks, paginate(blocks, greedy))).toEqual([20]);
    const pages = paginate(blocks, balanced);
    expectComplete(blocks, pages);
    const second = pages.find((p) => p.lines.some((l) => l.block === 3))!;
    expect(second.lines.filter((l) => l.block === 4).length).toBeGreaterThanOrEqual(2);
    // The first heading takes the two lines above it: the page ends where a full one does.
    expect(gaps(blocks, pages)).toEqual([0]);
    const top = (ps: Page[], block: number) => ps[0]!.lines.find((l) => l.block === block)!.top;
    expect(top(pages, 1) - top(paginate(blocks, greedy), 1)).toBeCloseTo(20, 6);
    // On a grid every line stays on its grid line: the run of headings takes one whole empty grid
    // line above it (at most one each), and the page ends one line short (issue 17: at most one).
    const grid = paginate(blocks, { ...balanced, grid: 10 });
    expect(gaps(blocks, grid)).toEqual([10]);
    expect(top(grid, 1) - top(paginate(blocks, greedy), 1)).toBeCloseTo(10, 6);
    for (const l of grid.flatMap((p) => p.lines)) expect(l.top % 10).toBeCloseTo(0, 6);
    expect(grid[1]!.lines.filter((l) => l.block === 4).length).toBeGreaterThanOrEqual(2);
  });

  it('leaves a widow or an orphan only where nothing else avoids a hole, at a cost (on a grid)', () => {
    const balanced: Frame = { top: 0, bottom: 100, pitch: 10, grid: 10 };
    // Page 1 alone, 8 lines, then a paragraph of 3 (never split 2 + 1): greedy ends page 1 two
    // lines short; a single line at the head of page 2 costs less than that hole.
    const alone = [para(8), para(3)];
    expect(gaps(alone, paginate(alone, greedy))).toEqual([20]);
    const widowed = paginate(alone, balanced);
    expectComplete(alone, widowed);
    expect(gaps(alone, widowed)).toEqual([0]);
    expect(widowed[1]!.lines).toHaveLength(1);
    // With a page before it that can end a line earlier, the shortfall is shared instead: no widow.
    const shared = [para(12), para(6), para(3)];
    expect(gaps(shared, paginate(shared, greedy))).toEqual([0, 20]);
    const pages = paginate(shared, balanced);
    expectComplete(shared, pages);
    expect(gaps(shared, pages)).toEqual([10, 10]);
    expect(pages[2]!.lines.map((l) => l.block)).toEqual([2, 2, 2]);
  });

  it('shares the hole a 公文 run of headings leaves over the pages before it: never more than one empty grid line (issue 17)', () => {
    // 22 lines a page on a grid; 84 lines of text fill three pages and 18 lines of the fourth,
    // where 一、（一）1. with two lines of their text need five and four are left.
    const gongwen: Frame = { top: 0, bottom: 220, grid: 10, pitch: 10 };
    const blocks = [para(84), heading({ spaceBefore: 0, spaceAfter: 0 }), heading({ spaceBefore: 0, spaceAfter: 0 }), heading({ spaceBefore: 0, spaceAfter: 0 }), para(6)];
    const bottoms = (pages: Page[]) => pages.slice(0, -1).map((p) => 220 - (p.lines[p.lines.length - 1]!.top + 10));
    expect(bottoms(paginate(blocks, { ...gongwen, pitch: undefined }))).toEqual([0, 0, 0, 40]);
    const pages = paginate(blocks, gongwen);
    expectComplete(blocks, pages);
    expect(Math.max(...bottoms(pages))).toBeLessThanOrEqual(10);
    const chain = pages.find((p) => p.lines.some((l) => l.block === 1))!;
    expect(chain.lines.filter((l) => l.block >= 1 && l.block <= 3)).toHaveLength(3);
    expect(chain.lines.filter((l) => l.block === 4).length).toBeGreaterThanOrEqual(2);
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

  it('gives up a line of a paragraph that refers to a note when a page before a hole ends a line shorter', () => {
    // The heading needs three lines where two are left on page 3; the paragraph before it refers
    // to a note on page 1 (the note and its rule take two lines there). Pages 2 and 3 each end a
    // line shorter, though their lines are of a block with a reference.
    const note = [{ note: 0, lines: 1, lineHeight: 10 }];
    const blocks = [para(26, { notes: [undefined, undefined, note] }), heading({ spaceBefore: 0, spaceAfter: 0 }), para(5)];
    const pages = paginate(blocks, { ...balanced, noteRule: 10 });
    expectComplete(blocks, pages);
    expect(pages[0]!.notes?.map((n) => n.note)).toEqual([0]);
    // From each page's last line to the top of its notes (the frame's bottom without notes).
    const short = pages.slice(0, -1).map((p) => {
      const last = p.lines[p.lines.length - 1]!;
      return (p.notes ? p.notes[0]!.top - 10 : 100) - (last.top + 10);
    });
    expect(short).toEqual([0, 10, 10]);
  });

  it('公文: a line that refers to a note fits in the last three grid lines with the rule and two lines of the note', () => {
    // The preset's own numbers: its grid, its notes' line height and its rule's space.
    const gw = resolvePreset('gongwen');
    const pitch = gw.grid!.linePitch!;
    const lines = gw.grid!.linesPerPage;
    const frame: Frame = { top: 0, bottom: pitch * lines, grid: pitch, pitch, noteRule: gw.notes.rule.above + gw.notes.rule.below };
    const line = (n: number, extra: Partial<BlockBox> = {}) => ({ ...para(n, extra), lineHeight: pitch });
    const note = [{ note: 0, lines: 2, lineHeight: gw.notes.text.lineHeight }];
    // The reference is on the page's third line from the foot, the paragraph's third (three lines on each page).
    const blocks = [line(lines - 5), line(6, { notes: [undefined, undefined, note] })];
    const pages = paginate(blocks, frame);
    expectComplete(blocks, pages);
    expect(pages[0]!.lines.map((l) => `${l.block}:${l.line}`)).toContain('1:2');
    expect(pages[0]!.notes?.map((n) => n.note)).toEqual([0, 0]);
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

/**
 * Every page's body lines (glyphs of the body size inside the type area) as text at their
 * baselines, and where a full page's text would end on it: the last body baseline, or on a page
 * with footnotes, the last body baseline moved down by the room the notes take (from the top of
 * their rule's space to the type area's bottom), so that a page whose text and notes fill it ends
 * where a page of text alone does.
 */
async function bodyPages(text: string, preset: string) {
  const doc = parseSource(text.replace(/^---\n/, `---\npreset: ${preset}\n`));
  const p = resolvePreset(undefined, doc);
  const pdf = await readPdf(await renderDocument(doc, 'pdf'));
  const bottom = p.page.height - p.page.margin.bottom;
  const pages = pdf.pages.map((page) => {
    const body = page.glyphs.filter((g) => g.y <= bottom + 1 && g.size >= p.body.size * 0.95);
    const lines = linesOf(body).map((l) => ({ y: l[0]!.y, text: l.map((g) => g.char).join('').replace(/\s/g, '') }));
    const last = lines[lines.length - 1]?.y ?? 0;
    // The note rule: a short rule below the text, inside the type area.
    const rule = page.rules.filter((r) => Math.abs(r.y1 - r.y2) < 0.01 && r.y1 > last && r.y1 <= bottom && Math.abs(r.x2 - r.x1 - p.notes.rule.width) < 1)[0];
    const notes = rule ? bottom - (rule.y1 - p.notes.rule.above) : 0;
    return { lines, last, notes, end: last + notes };
  });
  return { pages, pitch: p.grid?.linePitch ?? p.body.lineHeight };
}

/** The headings of a source, as their text is set (spaces dropped). */
const headingsOf = (text: string) => new Set(text.split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => l.replace(/^#+ /, '').replace(/\s/g, '')));

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

const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六'];
/**
 * A 工作报告 of my own whose runs of headings 一、（一）1. fall at every height of a page: sections
 * of different lengths, each opening with a run of three headings and a second run of two inside.
 */
const report = (() => {
  const sentence = '各级工会组织要紧紧围绕中心、服务大局，把维护职工合法权益落到实处，推动工作取得新成效。';
  const parts: string[] = ['---\ntitle: 关于2026年度全市工会重点工作推进情况的报告\n---', sentence.repeat(3)];
  numerals.forEach((n, s) => {
    parts.push(`# ${n}、重点工作推进情况`, `## （一）组织建设`, `### 1. 基层组织覆盖`);
    for (let p = 0; p < 2 + (s % 3); p++) parts.push(sentence.repeat(1 + ((s * 5 + p * 3) % 7)));
    parts.push(`## （二）服务职工`, `### 1. 困难帮扶`, sentence.repeat(2 + (s % 4)));
  });
  return parts.join('\n\n') + '\n';
})();

/** The 30-page kind of document with footnotes of one to three lines, every fourth paragraph one. */
const withNotes = (() => {
  const note = '据市总工会统计，全年共走访慰问困难职工家庭，发放帮扶资金，覆盖全部基层工会。';
  const defs: string[] = [];
  const parts = (generateDocument(essay, 12) as string).split('\n\n').map((part, i) => {
    if (i % 4 !== 2 || !/^[\u4e00-\u9fff]/u.test(part) || part.length < 80) return part;
    const id = defs.length + 1;
    defs.push(`[^${id}]: ${note.repeat(1 + (id % 4))}`);
    const cut = part.indexOf('。') + 1 || 40;
    return `${part.slice(0, cut)}[^${id}]${part.slice(cut)}`;
  });
  return [...parts, ...defs].join('\n\n') + '\n';
})();

describe('page bottoms in the PDF', () => {
  const essay30 = generateDocument(essay, 30) as string;
  const documents: Record<string, string> = { essay, 'a 30-page document': essay30, 'a mixed report': mixed, 'a 工作报告 with runs of headings': report, 'a document with footnotes': withNotes };
  // Every full page ends within a pitch of the lowest (a page with notes: its text and notes together).
  const even: Array<[string, string]> = Object.keys(documents).flatMap((name) => ['handout', 'gongwen', 'handout-a5'].map((preset): [string, string] => [name, preset]));
  for (const [name, preset] of even) {
    it(`${name}, ${preset}: every full page's last body baseline is within a pitch of the lowest`, async () => {
      const { pages, pitch } = await bodyPages(documents[name]!, preset);
      if (name !== 'essay') expect(pages.length).toBeGreaterThan(4);
      if (name === 'a document with footnotes') expect(pages.filter((p) => p.notes > 0).length).toBeGreaterThan(3);
      const ends = pages.slice(0, -1).map((p) => p.end);
      expect(Math.max(...ends) - Math.min(...ends)).toBeLessThanOrEqual(pitch + 0.01);
    }, 60_000);
  }
  for (const [name, text] of Object.entries(documents)) {
    for (const preset of ['handout', 'gongwen', 'handout-a5']) {
      it(`${name}, ${preset}: a run of headings is followed on its page by two lines of its text`, async () => {
        const { pages } = await bodyPages(text, preset);
        if (name === 'a document with footnotes') expect(pages.filter((p) => p.notes > 0).length).toBeGreaterThan(3);
        const headings = headingsOf(text);
        let runs = 0;
        pages.forEach((p, n) => {
          p.lines.forEach((l, k) => {
            if (!headings.has(l.text) || (k > 0 && headings.has(p.lines[k - 1]!.text))) return;
            runs++;
            let after = k;
            while (after < p.lines.length && headings.has(p.lines[after]!.text)) after++;
            expect(p.lines.length - after, `page ${n + 1}: ${l.text}`).toBeGreaterThanOrEqual(2);
          });
        });
        // The headings were found in the PDF (the test is about something).
        expect(runs).toBeGreaterThan(name === 'essay' ? 4 : 10);
      }, 60_000);
    }
  }
});
