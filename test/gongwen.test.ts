import * as fontkit from 'fontkit';
/**
 * The 公文 preset (GB/T 9704-2012) in PDF, proved from the glyph positions pdf.js reads back:
 * margins, the 22 × 28 grid, fonts per element, heading levels by numbering, page numbers, the
 * signature block and its date, and the clreq rules on the grid.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSource, parseSource, renderDocument } from '../src/api.js';
import { openFace, resolveFaces } from '../src/fonts/index.js';
import { paginate, type BlockBox } from '../src/typeset/paginate.js';
import { fidelityKey } from '../src/model/text.js';
import { formatDate, gridPitch, headingLevel, headingStyle, presets, signatureInsets } from '../src/styles/index.js';
import { gongwen } from '../src/styles/gongwen.js';
import { mm } from '../src/styles/types.js';
import { cannotEndLine, cannotStartLine, isClosing } from '../src/typeset/index.js';
import { linesOf, readPdf, type PdfGlyph, type PdfPage, type ReadPdf } from './helpers/pdf.js';
import { essayPath, firstDifference, seedKey } from './helpers/seed.js';

const MM = 72 / 25.4;
const HALF_MM = 0.5 * MM;
const { margin, width: pageWidth, height: pageHeight } = gongwen.page;
const area = { left: margin.left, right: pageWidth - margin.right, top: margin.top, bottom: pageHeight - margin.bottom };
const pitch = gridPitch(gongwen)!;
const HAN = /^\p{Script=Han}$/u;
/** Where FandolFang and the other CJK faces put the em box's top above the baseline. */
const ASCENT = 0.88;

interface GridLine {
  page: number;
  /** Grid line index on the page, 0 to 21. */
  slot: number;
  glyphs: PdfGlyph[];
  text: string;
}

/** The text lines inside the type area, each with its grid slot from its em box's top. */
function gridLines(doc: ReadPdf): GridLine[] {
  return doc.pages.flatMap((p, page) =>
    linesOf(p.glyphs)
      .filter((l) => l[0]!.y < area.bottom)
      .map((glyphs) => {
        const g = glyphs[0]!;
        return { page, slot: (g.y - ASCENT * g.size - area.top) / pitch.line, glyphs, text: glyphs.map((x) => x.char).join('') };
      }),
  );
}

const render = async (md: string, name = 'gw.md') => readPdf(await renderDocument(parseSource(md, name), 'pdf', { preset: 'gongwen' }));
/** Right edge of a glyph's cell on the grid (a full-width glyph advances by the pitch, not its em). */
/** Where a glyph's cell ends: a full-width glyph, or a half-width digit (公文's digits: half-width), is set at the grid's scale. */
const cellEnd = (g: PdfGlyph) => g.x + (Math.abs(g.width - g.size) < 0.01 || Math.abs(g.width - g.size / 2) < 0.01 ? g.width * pitch.scale : g.width);

describe('gongwen preset data', () => {
  it('is registered and states the GB/T 9704-2012 numbers', () => {
    expect(presets.gongwen).toBe(gongwen);
    expect(pageWidth).toBeCloseTo(mm(210), 6);
    expect(pageHeight).toBeCloseTo(mm(297), 6);
    expect([margin.top, margin.left, margin.right, margin.bottom].map((v) => v / MM)).toEqual([37, 28, 26, 35].map((v) => expect.closeTo(v, 6)));
    expect(area.right - area.left).toBeCloseTo(mm(156), 6);
    expect(area.bottom - area.top).toBeCloseTo(mm(225), 6);
    expect(gongwen.grid).toMatchObject({ linesPerPage: 22, charsPerLine: 28 });
    // The stated pitches are the derived ones: 22 lines and 28 characters fill the type area.
    expect(pitch.line * 22).toBeCloseTo(area.bottom - area.top, 6);
    expect(pitch.char * 28).toBeCloseTo(area.right - area.left, 6);
    expect(pitch.line).toBeCloseTo(28.991, 3);
    expect(pitch.char).toBeCloseTo(15.793, 3);
  });

  it('keeps every style on the grid: line heights and spaces are whole grid lines', () => {
    const styles = [gongwen.title, gongwen.body, gongwen.quote, gongwen.listItem, gongwen.byline, ...gongwen.headings];
    for (const s of styles) {
      for (const v of [s.lineHeight, s.spaceBefore ?? 0, s.spaceAfter ?? 0]) expect(v / pitch.line).toBeCloseTo(Math.round(v / pitch.line), 6);
      expect(s.lineHeight).toBeGreaterThan(0);
    }
    expect(gongwen.title).toMatchObject({ role: 'title', size: 22, align: 'center' });
    expect(gongwen.title.spaceAfter).toBeCloseTo(pitch.line, 6); // one blank grid line before the body
    expect(gongwen.body).toMatchObject({ role: 'fang', size: 16, indentEm: 2, align: 'justify' });
    expect(gongwen.headings.map((h) => [h.role, h.size])).toEqual([['sans', 16], ['kai', 16], ['fang', 16], ['fang', 16]]);
    expect(gongwen.footer).toMatchObject({ role: 'serif', size: 14, format: '— {n} —', placement: 'outside' });
    expect((gongwen.footer.insetEm ?? 0) * gongwen.footer.size).toBeCloseTo(16, 6); // one body character
  });

  it('levels headings by their numbering, every example of every rule included', () => {
    for (const rule of gongwen.headingNumbering!) expect(headingLevel(gongwen, rule.example, 3), rule.example).toBe(rule.level);
    const cases: Array<[string, number]> = [
      ['一、总体要求', 1], ['十二、其他', 1], ['一要增强会员意识。', 1], ['五要增强服务意识。', 1], ['二是加强领导', 1],
      ['（一）工作目标', 2], ['(三)分工', 2], ['1. 加强领导', 3], ['12．责任', 3], ['（1）明确责任', 4], ['(2)落实', 4],
      // No numbering: the Markdown level stays.
      ['总体要求', 2], ['1.5倍工资', 2], ['十分重要的事', 2],
    ];
    for (const [text, level] of cases) expect(headingLevel(gongwen, text, 2), text).toBe(level);
    expect(headingStyle(gongwen, 1).role).toBe('sans');
    expect(headingStyle(gongwen, 2).role).toBe('kai');
    expect(headingStyle(gongwen, 4).role).toBe('fang');
    expect(headingStyle(gongwen, 6)).toBe(gongwen.headings[3]);
    // The handout has no numbering rules: Markdown levels as before.
    expect(headingLevel(presets.handout!, '一、总体要求', 2)).toBe(2);
  });

  it('writes dates in Arabic digits without leading zeros, and computes signature insets', () => {
    expect(formatDate('2026-11-23', 'chinese')).toBe('2026年11月23日');
    expect(formatDate('2026-01-05', 'chinese')).toBe('2026年1月5日');
    expect(formatDate('2026-01-05', 'iso')).toBe('2026-01-05');
    expect(formatDate('2026年', 'chinese')).toBe('2026年');
    const rule = gongwen.signature!;
    // A short issuing body (6 characters) over a date of 7: the date takes the 2-character inset,
    // and the body starts 2 characters left of the date.
    expect(signatureInsets(6 * 16, 7 * 16, 16, rule)).toEqual({ byline: 5 * 16, date: 2 * 16 });
    // A long byline (14) keeps its 2-character inset; the date starts 2 characters right of its start.
    expect(signatureInsets(14 * 16, 7 * 16, 16, rule)).toEqual({ byline: 2 * 16, date: 7 * 16 });
  });
});

describe('gongwen pagination: a signature block keeps with the text before it', () => {
  const body = (lines: number): BlockBox => ({ lineHeight: 10, lines, spaceBefore: 0, spaceAfter: 0, keepWithNext: false });
  const sig = (spaceBefore: number, keepWithNext: boolean): BlockBox => ({ lineHeight: 10, lines: 1, spaceBefore, spaceAfter: 0, keepWithNext, keepWithPrevious: true });
  const frame = { top: 0, bottom: 100, grid: 10 };

  it('carries the last two lines of the paragraph over when the block does not fit', () => {
    const pages = paginate([body(9), sig(10, true), sig(0, false)], frame);
    expect(pages.map((p) => p.lines.map((l) => `${l.block}:${l.line}@${l.top}`))).toEqual([
      ['0:0@0', '0:1@10', '0:2@20', '0:3@30', '0:4@40', '0:5@50', '0:6@60'],
      ['0:7@0', '0:8@10', '1:0@30', '2:0@40'],
    ]);
  });

  it('leaves a page alone when the block fits', () => {
    const pages = paginate([body(7), sig(10, true), sig(0, false)], frame);
    expect(pages.length).toBe(1);
    expect(pages[0]!.lines.map((l) => l.top)).toEqual([0, 10, 20, 30, 40, 50, 60, 80, 90]);
  });

  it('carries a short paragraph whole, with the heading it keeps with', () => {
    const heading: BlockBox = { ...body(1), keepWithNext: true };
    const a = paginate([body(7), body(2), sig(10, false)], frame);
    expect(a.map((p) => p.lines.map((l) => l.block))).toEqual([[0, 0, 0, 0, 0, 0, 0], [1, 1, 2]]);
    const b = paginate([body(6), heading, body(2), sig(10, false)], frame);
    expect(b.map((p) => p.lines.map((l) => `${l.block}@${l.top}`))).toEqual([
      ['0@0', '0@10', '0@20', '0@30', '0@40', '0@50'],
      ['1@0', '2@10', '2@20', '3@40'],
    ]);
    // A long paragraph gives two lines, keeping the heading and the rest.
    const c = paginate([heading, body(8), sig(10, false)], frame);
    expect(c.map((p) => p.lines.map((l) => l.block))).toEqual([[0, 1, 1, 1, 1, 1, 1], [1, 1, 2]]);
    // Nothing would stay behind: the block starts the next page rather than emptying this one.
    const d = paginate([heading, body(2), sig(10, false)], { ...frame, bottom: 30 });
    expect(d.map((p) => p.lines.map((l) => l.block))).toEqual([[0, 1, 1], [2]]);
  });
});

describe('PDF of the essay with the gongwen preset', () => {
  let pdf: ReadPdf;
  let lines: GridLine[];
  const face = openFace(resolveFaces().serif.regular);

  beforeAll(async () => {
    const doc = await loadSource(essayPath);
    pdf = await readPdf(await renderDocument(doc, 'pdf', { preset: 'gongwen' }));
    lines = gridLines(pdf);
  });

  const fontOf = (line: GridLine) => line.glyphs[0]!.font;
  const bodyLines = () => lines.filter((l) => /FandolFang/.test(fontOf(l)) && !/^\d/.test(l.text) && !l.text.startsWith('（作者'));

  it('reads back equal to the seed text, with the date added', () => {
    const text = pdf.pages.map((p) => p.text).join('');
    expect(text).toContain('2026年11月23日');
    expect(firstDifference(fidelityKey(text.replace('2026年11月23日', '')), seedKey())).toBe('equal');
  });

  it('is A4 with every line on the grid: 22 slots from 37 mm, none below the type area', () => {
    for (const p of pdf.pages) {
      expect(p.width).toBeCloseTo(mm(210), 1);
      expect(p.height).toBeCloseTo(mm(297), 1);
    }
    for (const l of lines) {
      expect(l.slot, l.text).toBeCloseTo(Math.round(l.slot), 3);
      expect(Math.round(l.slot)).toBeGreaterThanOrEqual(0);
      expect(Math.round(l.slot)).toBeLessThan(22);
    }
    // Top margin: the first line of every page has its characters' tops at 37 mm (± 0.5 mm).
    for (const p of pdf.pages.map((_, i) => lines.filter((l) => l.page === i))) {
      const g = p[0]!.glyphs[0]!;
      expect(Math.abs(g.y - ASCENT * g.size - mm(37))).toBeLessThan(HALF_MM);
    }
  });

  it('fills every page but the last to within a line of its 22, on consecutive grid lines', () => {
    // Page breaks are balanced (issue 18): a shortfall is shared out, a line a page, so a page
    // ends on the last slot or one above it (two on the first, which has none before it to share with).
    pdf.pages.slice(0, -1).forEach((_, i) => {
      const slots = lines.filter((l) => l.page === i).map((l) => Math.round(l.slot));
      const expected = i === 0 ? [0, 1, ...Array.from({ length: 19 }, (_, k) => k + 3)] : Array.from({ length: 22 }, (_, k) => k);
      expect(slots).toEqual(expected.slice(0, slots.length));
      expect(slots.at(-1)).toBeGreaterThanOrEqual(i === 0 ? 19 : 20);
    });
  });

  it('keeps the left and right margins to 0.5 mm and sets 28 characters on every full line', () => {
    let pure = 0;
    const paras = paragraphsOf(bodyLines());
    for (const para of paras) {
      para.forEach((l, i) => {
        const first = l.glyphs[0]!;
        const indent = i === 0 ? 2 * pitch.char : 0;
        const setLeft = isOpeningCut(l) ? first.x + first.width / 2 : first.x;
        expect(Math.abs(setLeft - (area.left + indent)), l.text).toBeLessThan(i === 0 ? 0.05 : HALF_MM);
        if (i === para.length - 1) return;
        // Justified: the last character's cell ends at the right margin (a closing mark may end half a cell early).
        const last = l.glyphs.at(-1)!;
        const end = cellEnd(last);
        const ok = Math.abs(end - area.right) < 0.5 || (isClosing(last.char) && Math.abs(end - pitch.char / 2 - area.right) < 0.5 + pitch.char / 2);
        expect(ok, `${l.text} ends at ${end.toFixed(2)}`).toBe(true);
        // A line of hanzi alone is exactly the grid: 28 characters (26 after the indent), one per cell.
        if (l.glyphs.every((g) => HAN.test(g.char))) {
          pure++;
          expect(l.glyphs.length + indent / pitch.char, l.text).toBeCloseTo(28, 6);
          l.glyphs.forEach((g, k) => expect(g.x).toBeCloseTo(area.left + indent + k * pitch.char, 1));
        }
      });
    }
    expect(paras.length).toBe(7);
    expect(pure).toBeGreaterThan(0);
  });

  it('keeps the clreq rules: no line starts with a closing mark or ends with an opening one, no runts', () => {
    for (const para of paragraphsOf(bodyLines())) {
      for (const l of para) {
        expect(cannotStartLine(l.glyphs[0]!.char), l.text).toBe(false);
        expect(cannotEndLine(l.glyphs.at(-1)!.char), l.text).toBe(false);
      }
      const last = para.at(-1)!.text;
      expect([...last].filter((c) => HAN.test(c)).length, `runt «${last}»`).toBeGreaterThan(1);
    }
  });

  it('sets the title in 22 pt 小标宋, centred in balanced lines broken between phrases, one blank line above the body', () => {
    const title = lines.filter((l) => /NotoSerifSC-Black/.test(fontOf(l)));
    expect(title.map((l) => l.text)).toEqual(['强化意识 认真履职', '全面提升工会工作层次与水平']);
    for (const l of title) {
      expect(l.page).toBe(0);
      expect(l.glyphs[0]!.size).toBeCloseTo(22, 3);
      const left = l.glyphs[0]!.x;
      const right = l.glyphs.at(-1)!.x + l.glyphs.at(-1)!.width;
      expect(Math.abs((left + right) / 2 - (area.left + area.right) / 2)).toBeLessThan(1);
    }
    expect(title.map((l) => Math.round(l.slot))).toEqual([0, 1]);
    const firstBody = lines.find((l) => l.page === 0 && /FandolFang/.test(fontOf(l)))!;
    expect(Math.round(firstBody.slot)).toBe(3);
  });

  it('sets the first-level headings (一要…意识。) in 黑体 on the grid, indented two characters', () => {
    const headings = lines.filter((l) => /NotoSansSC/.test(fontOf(l)));
    expect(headings.map((l) => l.text)).toEqual(['一要增强会员意识。', '二要增强工会意识。', '三要增强履职意识。', '四要增强主人意识。', '五要增强服务意识。']);
    for (const h of headings) {
      expect(h.glyphs[0]!.size).toBeCloseTo(16, 3);
      expect(h.glyphs[0]!.x).toBeCloseTo(area.left + 2 * pitch.char, 1);
      // Two lines of its paragraph follow it on the same page.
      const i = lines.indexOf(h);
      expect(lines[i + 2]?.page).toBe(h.page);
    }
    expect(bodyLines().every((l) => l.glyphs.every((g) => /FandolFang/.test(g.font) && Math.abs(g.size - 16) < 1e-3))).toBe(true);
  });

  it('numbers pages — n — in 14 pt 宋体, 7 mm below the type area, outside edge inset one character', () => {
    const dash = (fontkit.create(face.bytes) as fontkit.Font).glyphForCodePoint(0x2014).bbox.maxY / face.unitsPerEm;
    pdf.pages.forEach((p: PdfPage, i) => {
      const n = i + 1;
      expect(p.artifacts.trim()).toBe(`— ${n} —`);
      const footer = p.glyphs.filter((g) => g.y > area.bottom);
      expect(footer.map((g) => g.char).join('')).toBe(`— ${n} —`);
      for (const g of footer) {
        expect(g.font).toMatch(/NotoSerifSC-Regular/);
        expect(g.size).toBeCloseTo(14, 3);
      }
      // Half-width digits.
      for (const g of footer.filter((x) => /\d/.test(x.char))) expect(g.width).toBeLessThan(0.6 * 14);
      // The dashes' top edge 7 mm below the type area.
      expect(Math.abs(footer[0]!.y - dash * 14 - (area.bottom + mm(7)))).toBeLessThan(HALF_MM);
      const first = footer[0]!;
      const last = footer.at(-1)!;
      if (n % 2 === 1) expect(last.x + last.width).toBeCloseTo(area.right - 16, 1);
      else expect(first.x).toBeCloseTo(area.left + 16, 1);
    });
    expect(pdf.pages.length).toBeGreaterThanOrEqual(2);
  });

  it('places the byline and the date as a signature block, never alone on a page', () => {
    const byline = lines.find((l) => l.text.startsWith('（作者系'))!;
    const date = lines.find((l) => l.text === '2026年11月23日')!;
    expect(byline.glyphs.every((g) => /FandolFang/.test(g.font))).toBe(true);
    // The date's hanzi in 仿宋, its digits in the Latin face of the same weight (the latin role).
    expect(date.glyphs.every((g) => (/\d/.test(g.char) ? /NotoSerifSC-Light/ : /FandolFang/).test(g.font))).toBe(true);
    // One blank grid line under the text, the date on the next line.
    const before = lines[lines.indexOf(byline) - 1]!;
    expect(before.page).toBe(byline.page);
    expect(Math.round(byline.slot) - Math.round(before.slot)).toBe(2);
    expect(date.page).toBe(byline.page);
    expect(Math.round(date.slot) - Math.round(byline.slot)).toBe(1);
    // Byline right inset two characters; the date starts two characters right of the byline's start.
    expect(cellEnd(byline.glyphs.at(-1)!)).toBeCloseTo(area.right - 2 * pitch.char, 1);
    const bylineStart = byline.glyphs[0]!.x + pitch.char / 2; // （ at a line start loses its blank half (of a grid cell)
    expect(date.glyphs[0]!.x).toBeCloseTo(bylineStart + 2 * pitch.char, 1);
    // Written solid: each glyph starts where the previous one ends.
    date.glyphs.slice(1).forEach((g, k) => expect(g.x).toBeCloseTo(cellEnd(date.glyphs[k]!), 1));
  });
});

describe('gongwen headings by numbering, and preset from front matter', () => {
  it('sets 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋, whatever their Markdown level', async () => {
    const md = [
      '---', 'title: 关于做好年度工作的通知', 'preset: gongwen', '---',
      '各单位：', '', '# 一、总体要求', '', '正文内容。', '', '# （一）工作目标', '', '正文内容。', '',
      '## 1. 加强领导', '', '正文内容。', '', '# （1）明确责任', '', '正文内容。', '', '# 附则', '', '正文。',
    ].join('\n');
    // No preset in the request: the front matter's preset: gongwen applies.
    const doc = await readPdf(await renderDocument(parseSource(md, 'notice.md'), 'pdf'));
    const all = gridLines(doc);
    // The font of the heading's first hanzi (its number's digits are in the Latin face).
    const font = (text: string) => all.find((l) => l.text === text)?.glyphs.find((g) => /\p{Script=Han}/u.test(g.char))!.font;
    expect(font('一、总体要求')).toMatch(/NotoSansSC/);
    expect(font('（一）工作目标')).toMatch(/LXGWWenKai/);
    expect(font('1.加强领导')).toMatch(/FandolFang/);
    expect(font('（1）明确责任')).toMatch(/FandolFang/);
    expect(font('附则')).toMatch(/NotoSansSC/); // no numbering: Markdown level 1
    expect(font('正文内容。')).toMatch(/FandolFang/);
    for (const l of all) expect(l.slot, l.text).toBeCloseTo(Math.round(l.slot), 3);
    expect(doc.outline[0]!.items.map((o) => o.title)).toContain('一、总体要求');
  });

  it('fills every page but the last with 22 lines of 28 characters', async () => {
    const sentence = '国家机关公文格式标准规定版心尺寸行数字数与页码位置';
    // One long paragraph, so that no keep rule shortens a page.
    const doc = await render(`---\ntitle: 格式测试\n---\n${sentence.repeat(60)}完成。\n`);
    const all = gridLines(doc);
    expect(doc.pages.length).toBeGreaterThanOrEqual(3);
    doc.pages.slice(0, -1).forEach((_, i) => {
      const slots = all.filter((l) => l.page === i).map((l) => Math.round(l.slot));
      expect(slots.length, `page ${i + 1}`).toBe(i === 0 ? 21 : 22); // page 1: title, blank line, 20 lines
    });
    for (const l of all.filter((x) => x.glyphs.length >= 26 && x.glyphs.every((g) => HAN.test(g.char)))) {
      const indent = Math.round((l.glyphs[0]!.x - area.left) / pitch.char);
      expect(l.glyphs.length + indent, l.text).toBe(28);
      expect(cellEnd(l.glyphs.at(-1)!)).toBeCloseTo(area.right, 1);
    }
  });
});

/** Body lines split into paragraphs: a paragraph starts with a line indented two characters. */
function paragraphsOf(lines: GridLine[]): GridLine[][] {
  const out: GridLine[][] = [];
  for (const l of lines) {
    if (Math.abs(l.glyphs[0]!.x - (area.left + 2 * pitch.char)) < 0.5 || out.length === 0) out.push([l]);
    else out[out.length - 1]!.push(l);
  }
  return out;
}

/** An opening mark at a line start is set half a cell left (its blank half is cut). */
function isOpeningCut(l: GridLine): boolean {
  return /[（《“‘〔【「『]/u.test(l.glyphs[0]!.char);
}
