/**
 * The special formats of a 公文 (GB/T 9704-2012 clause 10) and 套打, measured in the PDF as pdf.js
 * reads it back, against the clauses' numbers within 0.5 mm; and in the DOCX as LibreOffice renders
 * it, within 1 mm. Each format's page 1 and last page.
 *
 * 10.1 信函格式: 标志 上边缘至上页边为30 mm, centred; 发文机关标志下4 mm处印一条红色双线（上粗下细），
 *   距下页边20 mm处印一条红色双线（上细下粗），线长均为170 mm，居中排布; 份号, 密级和保密期限,
 *   紧急程度 顶格居版心左边缘 under the first double line, one a line, the first 3号汉字高度的7/8
 *   below it; 发文字号 顶格居版心右边缘 under it at the same distance; 标题 two lines below the last
 *   element above it; 第一页不显示页码; 版记不加印发机关和印发日期、分隔线; 联合行文时，使用主办机关标志.
 * 10.2 命令格式: 标志 (…命令 or …令) 上边缘至版心上边缘为20 mm, red, centred; 发文机关标志下空二行
 *   居中编排令号，令号下空二行编排正文 (the signature, 7.3.5.3, is tested with the signatures).
 * 10.3 纪要格式: 标志 (…纪要) 上边缘至版心上边缘为35 mm; 出席 in 3号黑体 在正文或附件说明下空一行
 *   左空二字, 后标全角冒号, the names in 3号仿宋, 回行时与冒号后的首字对齐; 请假, 列席 each on a new
 *   line the same way.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSource, renderDocument } from '../src/api.js';
import { WenshuError } from '../src/errors.js';
import { gongwen } from '../src/styles/gongwen.js';
import { MM, TOL, TOL_LO, pitch, L, CH, page, area } from './helpers/gongwen.js';
import { linesOf, readPdf, type PdfGlyph, type PdfPage, type ReadPdf } from './helpers/pdf.js';
import { libreOfficeToPdf } from './helpers/docx.js';
import { has } from './helpers/programs.js';
import { root } from './helpers/seed.js';

const middle = (area.left + area.right) / 2;
/** The top of a CJK glyph's em box: 0.88 em above its baseline. */
const top = (g: PdfGlyph) => g.y - 0.88 * g.size;
const RED = '#ff0000';
/** 3号 (16 pt) 汉字高度的7/8 (10.1). */
const SEVEN_EIGHTHS = (16 * 7) / 8;

const textOf = (l: PdfGlyph[]) => l.map((g) => g.char).join('');
const right = (l: PdfGlyph[]) => Math.max(...l.map((g) => g.x + g.width));
const centre = (l: PdfGlyph[]) => (l[0]!.x + right(l)) / 2;
function lineWith(p: PdfPage, text: string): PdfGlyph[] {
  const line = linesOf(p.glyphs).find((l) => textOf(l).includes(text));
  if (!line) throw new Error(`no line with ${text} on the page: ${linesOf(p.glyphs).map(textOf).join(' / ')}`);
  return line;
}
/** The line just under `l` on the page. */
const lineAfter = (p: PdfPage, l: PdfGlyph[]) => linesOf(p.glyphs).find((m) => top(m[0]!) > top(l[0]!) + 0.5 * L)!;
const onGrid = (y: number) => {
  const row = (y - area.top) / L;
  return Math.abs(row - Math.round(row)) * L;
};

const LONG = Array.from({ length: 14 }, (_, i) => `第${i + 1}项，请贵局在职工书屋图书配送、阅读活动组织和场地保障方面给予支持，并指定专人负责联络。`).join('\n\n');
const LETTER = `---
title: 滇南市总工会关于商请支持职工书屋建设的函
preset: gongwen
format: 信函
date: 2026-11-23
copy: "000031"
secrecy: 秘密★1年
urgency: 特急
issuer: [滇南市总工会, 滇南市教育局]
number: 滇南工函〔2026〕31号
to: 滇南市文化和旅游局
signature: 滇南市总工会
cc: 滇南市人民政府办公室
printer: 滇南市总工会办公室
printed: 2026-11-24
---
为推进全市职工书屋建设，我会拟于2027年新建职工书屋50家。现就有关事项函商如下。

${LONG}
`;
const COMMAND = `---
title: 关于公布《滇南市职工互助保障办法》的命令
preset: gongwen
format: 命令
date: 2026-11-23
issuer: 滇南市人民政府令
number: 第12号
---
《滇南市职工互助保障办法》已经2026年11月20日市人民政府第35次常务会议通过，现予公布，自2027年1月1日起施行。
`;
const MINUTES = `---
title: 滇南市总工会2026年第12次主席办公会议纪要
preset: gongwen
format: 纪要
date: 2026-11-23
issuer: 滇南市总工会办公会议纪要
attendees: [李明（市总工会主席）, 王芳（市总工会常务副主席）, 赵强, 孙丽, 周建国, 吴敏, 郑华, 钱多多, 欧阳晓燕, 司马相如, 诸葛亮, 陈晓东, 刘洋, 黄志刚, 林小燕]
absent: 杨帆（出差）
observers: [何军（市财政局）, 马丽（市人社局）]
---
2026年11月20日，市总工会主席李明主持召开主席办公会议，研究职工互助保障活动等事项。现纪要如下。

# 一、关于职工互助保障活动

会议同意2027年度职工互助保障活动方案，由保障部牵头组织实施。
`;
const NOTICE = `---
title: 关于开展职工互助保障活动的通知
preset: gongwen
date: 2026-11-23
copy: "000012"
urgency: 加急
issuer: [滇南市总工会, 滇南市人力资源和社会保障局]
number: 滇南工发〔2026〕12号
to: 各基层工会
signature: 滇南市总工会
---
为做好有关工作，现将事项通知如下。
`;
const preprinted = (source: string) => source.replace('preset: gongwen\n', 'preset: gongwen\npreprinted: true\n');
/**
 * Checks that every line of the 出席 list (in the type area, through the pages) ends after a 、 or
 * with the last name and starts with a name, and returns the lines' text.
 */
function expectNamesWhole(pages: readonly PdfPage[]): string[] {
  const names = /attendees: \[(.*)\]/.exec(MINUTES)![1]!.split(', ');
  const lines = pages.flatMap((p) => linesOf(p.glyphs).filter((l) => top(l[0]!) < area.bottom).map(textOf));
  const [from, to] = [lines.findIndex((l) => l.startsWith('出席：')), lines.findIndex((l) => l.startsWith('请假：'))];
  const list = lines.slice(from, to);
  expect(list.join('')).toBe(`出席：${names.join('、')}`);
  expect(list.length).toBeGreaterThan(2);
  list.forEach((line, i) => {
    if (i < list.length - 1) expect(line, list.join('／')).toMatch(/、$/);
    if (i > 0) expect(names.some((n) => line.startsWith(n)), list.join('／')).toBe(true);
  });
  return list;
}

const pdfOf = async (source: string) => readPdf(await renderDocument(parseSource(source, `${root}content/formats.md`), 'pdf'));

const docs: Record<'letter' | 'command' | 'minutes', ReadPdf> = {} as never;
beforeAll(async () => {
  [docs.letter, docs.command, docs.minutes] = await Promise.all([pdfOf(LETTER), pdfOf(COMMAND), pdfOf(MINUTES)]);
});

/** The red double lines of a 信函, top to bottom. */
const redRules = (p: PdfPage) => p.rules.filter((r) => r.color === RED).sort((a, b) => a.y1 - b.y1);

describe('信函格式 (10.1) in the PDF', () => {
  it('sets the 主办机关\'s 标志 in red 30 mm from the page top, centred, the other issuer left out', () => {
    const p = docs.letter.pages[0]!;
    const mark = lineWith(p, '滇南市总工会');
    expect(textOf(mark)).toBe('滇南市总工会');
    for (const g of mark) expect(g.color).toBe(RED);
    expect(Math.abs(top(mark[0]!) - 30 * MM)).toBeLessThan(TOL);
    expect(Math.abs(centre(mark) - middle)).toBeLessThan(TOL);
    expect(textOf(p.glyphs)).not.toContain('教育局');
  });

  it('draws red double lines of 170 mm centred, thick over thin 4 mm below the 标志 and thin over thick 20 mm above the page bottom', () => {
    const p = docs.letter.pages[0]!;
    const mark = lineWith(p, '滇南市总工会');
    const rules = redRules(p);
    expect(rules).toHaveLength(4);
    for (const r of rules) {
      expect(Math.abs(r.x2 - r.x1 - 170 * MM)).toBeLessThan(TOL);
      expect(Math.abs((r.x1 + r.x2) / 2 - middle)).toBeLessThan(TOL);
      expect(r.y1).toBeCloseTo(r.y2, 3);
    }
    const [thick1, thin1, thin2, thick2] = rules as [typeof rules[0], typeof rules[0], typeof rules[0], typeof rules[0]];
    // 上粗下细 under the 标志, 上细下粗 at the bottom.
    expect(thick1.width).toBeGreaterThan(2 * thin1.width);
    expect(thick2.width).toBeGreaterThan(2 * thin2.width);
    expect(Math.abs(thick1.y1 - thick1.width / 2 - (top(mark[0]!) + mark[0]!.size + 4 * MM))).toBeLessThan(TOL);
    expect(thin1.y1 - thin1.width / 2).toBeGreaterThan(thick1.y1 + thick1.width / 2);
    expect(thin1.y1 - thick1.y1).toBeLessThan(2 * MM);
    expect(Math.abs(thick2.y1 + thick2.width / 2 - (page.height - 20 * MM))).toBeLessThan(TOL);
    expect(thick2.y1 - thin2.y1).toBeLessThan(2 * MM);
    expect(thick2.y1).toBeGreaterThan(thin2.y1);
  });

  it('puts 份号, 密级, 紧急程度 flush left under the lines, 7/8 of a 3号 character below them, and the 发文字号 flush right on the first line', () => {
    const p = docs.letter.pages[0]!;
    const under = redRules(p)[1]!;
    const lineBottom = under.y1 + under.width / 2;
    const rows = ['000031', '秘密★1年', '特急'].map((t) => lineWith(p, t));
    rows.forEach((l, i) => {
      expect(Math.abs(l[0]!.x - area.left), textOf(l)).toBeLessThan(TOL);
      expect(Math.abs(top(l[0]!) - (lineBottom + SEVEN_EIGHTHS + i * L)), textOf(l)).toBeLessThan(TOL);
    });
    const number = rows[0]!.filter((g) => g.x > middle);
    expect(textOf(number)).toBe('滇南工函〔2026〕31号');
    expect(Math.abs(right(number) - area.right)).toBeLessThan(TOL);
    expect(Math.abs(top(number[0]!) - (lineBottom + SEVEN_EIGHTHS))).toBeLessThan(TOL);
    for (const g of number) expect(g.color).toBe('#000000');
  });

  it('starts the title two lines below the last element (紧急程度), on the grid', () => {
    const p = docs.letter.pages[0]!;
    const urgency = lineWith(p, '特急');
    const title = lineWith(p, '关于商请');
    const gap = top(title[0]!) - (top(urgency[0]!) + 16);
    expect(gap).toBeGreaterThanOrEqual(2 * L - 0.01);
    expect(gap).toBeLessThan(3 * L);
    expect(onGrid(top(title[0]!))).toBeLessThan(TOL);
  });

  it('prints no page number on page 1, and numbers the pages from page 2', () => {
    const [first, ...rest] = docs.letter.pages;
    expect(rest.length).toBeGreaterThan(0);
    expect(first!.glyphs.filter((g) => top(g) > area.bottom)).toEqual([]);
    rest.forEach((p, i) => expect(textOf(p.glyphs.filter((g) => top(g) > area.bottom))).toContain(String(i + 2)));
  });

  it('ends the last page with the 版记\'s 抄送 on the last line, without 印发 line or separator lines', () => {
    const p = docs.letter.pages.at(-1)!;
    const cc = lineWith(p, '抄送：');
    expect(Math.abs(top(cc[0]!) - (area.bottom - L))).toBeLessThan(TOL);
    expect(Math.abs(cc[0]!.x - (area.left + CH))).toBeLessThan(TOL);
    expect(textOf(p.glyphs)).not.toContain('印发');
    expect(p.rules).toEqual([]);
  });
});

describe('命令格式 (10.2) in the PDF', () => {
  it('sets the 标志 in red 20 mm below the type area, centred, and the 令号 centred two blank lines below it', () => {
    const p = docs.command.pages[0]!;
    const mark = lineWith(p, '滇南市人民政府令');
    for (const g of mark) expect(g.color).toBe(RED);
    expect(Math.abs(top(mark[0]!) - (area.top + 20 * MM))).toBeLessThan(TOL);
    expect(Math.abs(centre(mark) - middle)).toBeLessThan(TOL);
    const number = lineWith(p, '第12号');
    expect(textOf(number)).toBe('第12号');
    expect(Math.abs(centre(number) - middle)).toBeLessThan(TOL);
    const gap = top(number[0]!) - (top(mark[0]!) + mark[0]!.size);
    expect(gap).toBeGreaterThanOrEqual(2 * L - 0.01);
    expect(gap).toBeLessThan(3 * L);
    expect(onGrid(top(number[0]!))).toBeLessThan(TOL);
  });

  it('starts the text two blank lines below the 令号, with no title and no red line', () => {
    const p = docs.command.pages.at(-1)!;
    const number = lineWith(p, '第12号');
    const text = lineAfter(p, number);
    expect(textOf(text)).toMatch(/^《滇南市职工互助保障办法》/);
    expect(Math.abs(top(text[0]!) - (top(number[0]!) + 3 * L))).toBeLessThan(TOL);
    expect(text[0]!.x - area.left).toBeCloseTo(2 * CH, 0);
    expect(p.rules).toEqual([]);
    expect(textOf(p.glyphs)).not.toContain('的命令');
    expect(textOf(p.glyphs.filter((g) => top(g) > area.bottom))).toContain('1');
  });

  it('takes a 令号 (第12号) only in a 命令, with the error at its place otherwise', () => {
    const source = COMMAND.replace('format: 命令\n', '');
    let message = '';
    try {
      parseSource(source, 'order.md');
    } catch (e) {
      if (!(e instanceof WenshuError)) throw e;
      message = e.message;
    }
    expect(message).toMatch(/order\.md:6:9: 'number' 第12号 is a 令号, for 'format: 命令'/);
  });
});

describe('纪要格式 (10.3) in the PDF', () => {
  it('sets the 标志 in red 35 mm below the type area, centred', () => {
    const p = docs.minutes.pages[0]!;
    const mark = lineWith(p, '办公会议纪要');
    expect(textOf(mark)).toBe('滇南市总工会办公会议纪要');
    for (const g of mark) expect(g.color).toBe(RED);
    expect(Math.abs(top(mark[0]!) - (area.top + 35 * MM))).toBeLessThan(TOL);
    expect(Math.abs(centre(mark) - middle)).toBeLessThan(TOL);
  });

  it('lists 出席, 请假, 列席 a blank line below the text, two characters in, the labels in 黑体, wrapped names after the colon', () => {
    // The lists may run onto the next page: lines through the document, each with its page.
    const lines = docs.minutes.pages.flatMap((p, page) => linesOf(p.glyphs).filter((l) => top(l[0]!) < area.bottom).map((l) => ({ l, page })));
    const find = (text: string) => lines.findIndex(({ l }) => textOf(l).includes(text));
    /** Line `j` is on the grid line after line `i`'s (or the first of the next page). */
    const follows = (i: number, j: number, by = 1) => {
      const [a, b] = [lines[i]!, lines[j]!];
      if (a.page === b.page) return Math.abs(top(b.l[0]!) - top(a.l[0]!) - by * L) < TOL;
      return b.page === a.page + 1 && Math.abs(top(b.l[0]!) - area.top) < TOL;
    };
    const present = find('出席：');
    // The text's last line (where it breaks depends on the line breaker: the sentence ends …组织实施。).
    expect(textOf(lines[present - 1]!.l)).toMatch(/实施。$/);
    expect(follows(present - 1, present, 2)).toBe(true);
    const first = lines[present]!.l;
    expect(Math.abs(first[0]!.x - (area.left + 2 * CH))).toBeLessThan(TOL);
    expect(textOf(first.slice(0, 3))).toBe('出席：');
    for (const g of first.slice(0, 2)) expect(g.font).toMatch(/Sans/);
    const name = first[3]!;
    expect(name.char).toBe('李');
    expect(name.font).not.toMatch(/Sans/);
    expect(name.size).toBeCloseTo(16, 1);
    // The names wrap, aligned with the first name after the colon, to the line before 请假.
    const absent = find('请假：');
    expect(absent - present).toBeGreaterThan(1);
    for (let i = present + 1; i < absent; i++) {
      expect(follows(i - 1, i)).toBe(true);
      expect(Math.abs(lines[i]!.l[0]!.x - name.x)).toBeLessThan(TOL);
    }
    // 请假 and 列席 each on the line after the list before, two characters in.
    const observers = find('列席：');
    expect(follows(absent - 1, absent)).toBe(true);
    expect(observers).toBe(absent + 1);
    expect(follows(absent, observers)).toBe(true);
    for (const i of [absent, observers]) {
      const l = lines[i]!.l;
      expect(Math.abs(l[0]!.x - (area.left + 2 * CH))).toBeLessThan(TOL);
      expect(l[0]!.font).toMatch(/Sans/);
      expect(l[3]!.font).not.toMatch(/Sans/);
    }
    expect(textOf(lines[observers]!.l)).toBe('列席：何军（市财政局）、马丽（市人社局）');
  });

  it('breaks the 出席 list after a 、, never inside a name (欧阳晓燕, not 欧阳／晓燕)', () => {
    expectNamesWhole(docs.minutes.pages);
  });

  it('never splits the 出席 list across pages, wherever the text before it ends (issue 17)', async () => {
    // One-line paragraphs move the list down the page a grid line at a time, past the page's foot.
    let split = 0;
    const pages = new Set<number>();
    for (let n = 0; n <= 30; n++) {
      const source = MINUTES.replace('现纪要如下。\n', `现纪要如下。\n${'\n会议要求各单位认真抓好落实。\n'.repeat(n)}`);
      const pdf = await pdfOf(source);
      const lines = pdf.pages.flatMap((p, page) => linesOf(p.glyphs).filter((l) => top(l[0]!) < area.bottom).map((l) => ({ text: textOf(l), page })));
      const [from, to] = [lines.findIndex((l) => l.text.startsWith('出席：')), lines.findIndex((l) => l.text.startsWith('请假：'))];
      expect(to - from).toBeGreaterThan(2); // a list of three lines or more
      const present = new Set(lines.slice(from, to).map((l) => l.page));
      pages.add(lines[from]!.page);
      if (present.size > 1) split++;
    }
    // The list went past two pages' feet (the test is about something), split in none.
    expect(pages.size).toBe(3);
    expect(split).toBe(0);
  }, 120_000);

  it('ends with the date on the last page, after the lists', () => {
    const p = docs.minutes.pages.at(-1)!;
    const date = lineWith(p, '2026年11月23日');
    expect(top(date[0]!)).toBeGreaterThan(top(lineWith(p, '列席：')[0]!));
  });

  it('writes the lists in the TXT after the text, the labels two characters in', async () => {
    const txt = new TextDecoder().decode(await renderDocument(parseSource(MINUTES, `${root}content/formats.md`), 'txt'));
    expect(txt).toContain('\u3000\u3000出席：李明（市总工会主席）、王芳');
    expect(txt.indexOf('请假：杨帆（出差）')).toBeGreaterThan(txt.indexOf('出席：'));
    expect(txt.indexOf('列席：何军')).toBeGreaterThan(txt.indexOf('请假：'));
    expect(txt.indexOf('2026年11月23日')).toBeGreaterThan(txt.indexOf('列席：'));
  });
});

describe('套打 (preprinted) in the PDF', () => {
  /** Every glyph that is not the 标志's, as text at its place. */
  const placesOf = (p: PdfPage) => p.glyphs.filter((g) => g.color !== RED).map((g) => `${g.char}@${g.x.toFixed(1)},${g.y.toFixed(1)}`);
  for (const [name, source] of [['文件 (joint issuers)', NOTICE], ['信函', LETTER]] as const) {
    it(`${name}: leaves the 标志 and the red lines blank, every other element where it was`, async () => {
      const [plain, blank] = await Promise.all([pdfOf(source), pdfOf(preprinted(source))]);
      const [p, q] = [plain.pages[0]!, blank.pages[0]!];
      expect(p.glyphs.some((g) => g.color === RED)).toBe(true);
      expect(redRules(p).length).toBeGreaterThan(0);
      expect(q.glyphs.filter((g) => g.color === RED)).toEqual([]);
      expect(redRules(q)).toEqual([]);
      expect(placesOf(q)).toEqual(placesOf(p));
      expect(blank.pages.length).toBe(plain.pages.length);
    });
  }
});

/**
 * The same formats in the DOCX as LibreOffice renders it (no CJK font installed: the DOCX's
 * embedded subsets draw), within 1 mm. LibreOffice sets a flow line's text lower in its exact line
 * than the PDF (by 4–8 pt with these faces): text in the flow is compared with the PDF's by grid line.
 */
describe.skipIf(!has('soffice'))('the formats in the DOCX, rendered by LibreOffice', () => {
  const lo: Record<'letter' | 'letterBlank' | 'command' | 'minutes' | 'noticeBlank', ReadPdf> = {} as never;
  let notice: ReadPdf;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-gw-formats-'));
    const sources = { letter: LETTER, letterBlank: preprinted(LETTER), command: COMMAND, minutes: MINUTES, noticeBlank: preprinted(NOTICE) };
    for (const [name, source] of Object.entries(sources)) {
      const docx = join(dir, `${name}.docx`);
      writeFileSync(docx, await renderDocument(parseSource(source, `${root}content/formats.md`), 'docx'));
      lo[name as keyof typeof lo] = await readPdf(libreOfficeToPdf(docx));
    }
    notice = await pdfOf(NOTICE);
  }, 600_000);
  const sameLine = (a: PdfGlyph, b: PdfGlyph) => Math.abs(top(a) - top(b)) < 0.35 * L;

  it('信函: the 标志 30 mm from the page top and the red double lines where the PDF has them, 170 mm, centred', () => {
    const [p, q] = [lo.letter.pages[0]!, docs.letter.pages[0]!];
    const mark = lineWith(p, '滇南市总工会');
    expect(textOf(mark)).toBe('滇南市总工会');
    for (const g of mark) expect(g.color).toBe(RED);
    expect(Math.abs(top(mark[0]!) - 30 * MM)).toBeLessThan(TOL_LO);
    expect(Math.abs(centre(mark) - middle)).toBeLessThan(TOL_LO);
    const [rules, pdfRules] = [redRules(p), redRules(q)];
    expect(rules).toHaveLength(4);
    rules.forEach((r, i) => {
      const want = pdfRules[i]!;
      expect(Math.abs(Math.abs(r.x2 - r.x1) - 170 * MM), `rule ${i}`).toBeLessThan(TOL_LO);
      expect(Math.abs(Math.min(r.x1, r.x2) - want.x1), `rule ${i}`).toBeLessThan(TOL_LO);
      expect(Math.abs(r.y1 - want.y1), `rule ${i}`).toBeLessThan(TOL_LO);
      expect(Math.abs(r.width - want.width), `rule ${i}`).toBeLessThan(0.05 * MM);
    });
  });

  it('信函: 份号, 密级, 紧急程度 flush left under the lines and the 发文字号 flush right on the first line; the title on the PDF\'s line', () => {
    const [p, q] = [lo.letter.pages[0]!, docs.letter.pages[0]!];
    for (const text of ['000031', '秘密★1年', '特急']) {
      const [a, b] = [lineWith(p, text)[0]!, lineWith(q, text)[0]!];
      expect(Math.abs(a.x - area.left), text).toBeLessThan(TOL_LO);
      expect(Math.abs(top(a) - top(b)), text).toBeLessThan(TOL_LO);
    }
    const number = lineWith(p, '000031').filter((g) => g.x > middle);
    expect(textOf(number)).toBe('滇南工函〔2026〕31号');
    expect(Math.abs(right(number) - area.right)).toBeLessThan(TOL_LO);
    expect(Math.abs(top(number[0]!) - top(lineWith(q, '000031')[0]!))).toBeLessThan(TOL_LO);
    expect(sameLine(lineWith(p, '关于商请')[0]!, lineWith(q, '关于商请')[0]!)).toBe(true);
  });

  it('信函: no page number on page 1, page numbers from page 2; the last page\'s 版记 without 印发 or rules', () => {
    const [first, ...rest] = lo.letter.pages;
    expect(rest.length).toBeGreaterThan(0);
    expect(first!.glyphs.filter((g) => top(g) > area.bottom)).toEqual([]);
    expect(textOf(rest[0]!.glyphs.filter((g) => top(g) > area.bottom))).toContain('2');
    const last = lo.letter.pages.at(-1)!;
    const cc = lineWith(last, '抄送：');
    expect(Math.abs(cc[0]!.x - (area.left + CH))).toBeLessThan(TOL_LO);
    expect(top(cc[0]!)).toBeGreaterThan(area.bottom - 2 * L);
    expect(textOf(last.glyphs)).not.toContain('印发');
    expect(last.rules.filter((r) => Math.abs(r.x2 - r.x1) > 100 * MM)).toEqual([]);
  });

  it('命令: the 标志 20 mm below the type area, the 令号 two blank lines below it, no red line, the text on the PDF\'s line', () => {
    const [p, q] = [lo.command.pages[0]!, docs.command.pages[0]!];
    const mark = lineWith(p, '滇南市人民政府令');
    for (const g of mark) expect(g.color).toBe(RED);
    expect(Math.abs(top(mark[0]!) - (area.top + 20 * MM))).toBeLessThan(TOL_LO);
    expect(Math.abs(centre(mark) - middle)).toBeLessThan(TOL_LO);
    const number = lineWith(p, '第12号');
    expect(Math.abs(centre(number) - middle)).toBeLessThan(TOL_LO);
    expect(Math.abs(top(number[0]!) - top(lineWith(q, '第12号')[0]!))).toBeLessThan(TOL_LO);
    expect(p.rules.filter((r) => r.color === RED)).toEqual([]);
    expect(sameLine(lineWith(p, '《滇南市')[0]!, lineWith(q, '《滇南市')[0]!)).toBe(true);
    expect(textOf(p.glyphs)).not.toContain('的命令');
  });

  it('纪要: the 标志 35 mm below the type area; 出席, 请假, 列席 two characters in, 黑体 labels, wrapped names after the colon', () => {
    const mark = linesOf(lo.minutes.pages[0]!.glyphs).find((l) => textOf(l) === '滇南市总工会办公会议纪要')!;
    expect(Math.abs(top(mark[0]!) - (area.top + 35 * MM))).toBeLessThan(TOL_LO);
    for (const g of mark) expect(g.color).toBe(RED);
    const lines = lo.minutes.pages.flatMap((p) => linesOf(p.glyphs).filter((l) => top(l[0]!) < area.bottom));
    const at = (label: string) => lines.findIndex((l) => textOf(l).startsWith(label));
    const [present, absent, observers] = [at('出席：'), at('请假：'), at('列席：')];
    expect(present).toBeGreaterThan(0);
    expect(absent).toBeGreaterThan(present + 1);
    expect(observers).toBe(absent + 1);
    const name = lines[present]![3]!;
    for (const i of [present, absent, observers]) {
      const l = lines[i]!;
      expect(Math.abs(l[0]!.x - (area.left + 2 * CH))).toBeLessThan(TOL_LO);
      expect(l[0]!.font).toMatch(/Sans/);
      expect(l[3]!.font).not.toMatch(/Sans/);
      expect(Math.abs(l[3]!.x - name.x)).toBeLessThan(TOL_LO);
    }
    for (let i = present + 1; i < absent; i++) expect(Math.abs(lines[i]![0]!.x - name.x)).toBeLessThan(TOL_LO);
  });

  it('纪要: the 出席 list breaks where the PDF breaks it, after a 、, never inside a name', () => {
    expect(expectNamesWhole(lo.minutes.pages)).toEqual(expectNamesWhole(docs.minutes.pages));
  });

  it('套打: the 标志 and red lines blank, the 份号, 发文字号 and title where the printed format has them', () => {
    for (const [blank, plain, texts] of [[lo.noticeBlank, notice, ['000012', '加急', '滇南工发〔2026〕12号']], [lo.letterBlank, docs.letter, ['000031', '特急', '滇南工函〔2026〕31号']]] as const) {
      const [p, q] = [blank.pages[0]!, plain.pages[0]!];
      expect(p.glyphs.filter((g) => g.color === RED)).toEqual([]);
      expect(p.rules.filter((r) => r.color === RED)).toEqual([]);
      for (const text of texts) {
        const [a, b] = [lineWith(p, text), lineWith(q, text)];
        const [ga, gb] = [a.find((g) => g.char === text[0])!, b.find((g) => g.char === text[0])!];
        // An element set flush right (the 信函's 发文字号) is placed by its right end: LibreOffice 7.4
        // spaces digits from hanzi (31号) whatever autoSpaceDE/DN say, which moves its start, not its end.
        const end = (l: PdfGlyph[]) => l.at(-1)!.x + l.at(-1)!.width;
        if (Math.abs(end(b) - area.right) < TOL) expect(Math.abs(end(a) - end(b)), text).toBeLessThan(TOL_LO);
        else expect(Math.abs(ga.x - gb.x), text).toBeLessThan(TOL_LO);
        expect(Math.abs(top(ga) - top(gb)), text).toBeLessThan(TOL_LO);
      }
      expect(sameLine(lineWith(p, '关于')[0]!, lineWith(q, '关于')[0]!)).toBe(true);
    }
  });
});
