/**
 * The elements of a 公文 beyond its body (GB/T 9704-2012 clauses 7.2–7.4), measured in the PDF as
 * pdf.js reads it back: glyph positions and colours, the stroked rules, the seal's image box, each
 * against the standard's number within 0.5 mm. Also the TXT's reading order, and the front-matter
 * keys' errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSource, renderDocument } from '../src/api.js';
import { errorOf } from './helpers/errors.js';
import { gongwen } from '../src/styles/gongwen.js';
import { MM, TOL, pitch, L, CH, page, area } from './helpers/gongwen.js';
import { linesOf, readPdf, type PdfGlyph, type PdfPage, type ReadPdf } from './helpers/pdf.js';
import { essayPath, root } from './helpers/seed.js';
import { loadSource } from '../src/api.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libreOfficeToPdf } from './helpers/docx.js';
import { has } from './helpers/programs.js';

/** The top of a CJK glyph's em box: 0.88 em above its baseline. */
const top = (g: PdfGlyph) => g.y - 0.88 * g.size;
const RED = '#ff0000';

const source = (extra: string, body = '为做好有关工作，现将事项通知如下。') =>
  `---\ntitle: 关于开展职工互助保障活动的通知\npreset: gongwen\ndate: 2026-11-23\n${extra}---\n${body}\n`;
const FULL = `copy: "000012"
secrecy: 秘密★1年
urgency: 加急
issuer: 滇南市总工会文件
number: 滇南工发〔2026〕12号
to: 各县（市、区）总工会，各基层工会
attachments:
  - 2027年度职工互助保障活动参保名额分配表
  - title: 职工互助保障活动参保申请表
signature: 滇南市总工会
seal: ${root}content/seal.png
note: 联系人：李明，联系电话：0876-2123456
cc: 滇南市人民政府办公室，云南省总工会
printer: 滇南市总工会办公室
printed: 2026-11-24
`;
const ATTACHED = `为做好有关工作，现将事项通知如下。

# 附件1

各县总工会按名额组织参保。

# 附件2

参保职工填写本表。
`;

/** The glyphs of the line that holds `text` (its first occurrence) on a page. */
function lineWith(p: PdfPage, text: string): PdfGlyph[] {
  const line = linesOf(p.glyphs).find((l) => l.map((g) => g.char).join('').includes(text));
  if (!line) throw new Error(`no line with ${text} on the page: ${linesOf(p.glyphs).map((l) => l.map((g) => g.char).join('')).join(' / ')}`);
  return line;
}
const textOf = (l: PdfGlyph[]) => l.map((g) => g.char).join('');
const right = (l: PdfGlyph[]) => Math.max(...l.map((g) => g.x + g.width));
const centre = (l: PdfGlyph[]) => (l[0]!.x + right(l)) / 2;

let pdf: ReadPdf;
beforeAll(async () => {
  pdf = await readPdf(await renderDocument(parseSource(source(FULL, ATTACHED), `${root}content/test-notice.md`), 'pdf'));
});

describe('公文 版头 (7.2) in the PDF', () => {
  it('puts 份号, 密级 and 紧急程度 flush left on lines 1–3, 密级 and 紧急程度 in 黑体', () => {
    const p = pdf.pages[0]!;
    const rows = [['000012', 0], ['秘密★1年', 1], ['加急', 2]] as const;
    for (const [text, row] of rows) {
      const l = lineWith(p, text);
      expect(Math.abs(l[0]!.x - area.left), text).toBeLessThan(TOL);
      expect(Math.abs(top(l[0]!) - (area.top + row * L)), text).toBeLessThan(TOL);
      expect(l[0]!.size).toBeCloseTo(16, 1);
    }
    expect(lineWith(p, '加急')[0]!.font).toMatch(/Sans/);
    expect(lineWith(p, '秘密')[0]!.font).toMatch(/Sans/);
  });

  it('sets the 发文机关标志 in red 小标宋, centred, its top edge 35 mm below the type area', () => {
    const l = lineWith(pdf.pages[0]!, '滇南市总工会文件');
    for (const g of l) expect(g.color).toBe(RED);
    expect(Math.abs(top(l[0]!) - (area.top + 35 * MM))).toBeLessThan(TOL);
    expect(Math.abs(centre(l) - (area.left + area.right) / 2)).toBeLessThan(TOL);
    expect(l[0]!.font).toMatch(/Black|Title/);
  });

  it('centres the 发文字号 two blank lines below the 标志, and draws the red line 4 mm below it, 156 mm wide', () => {
    const p = pdf.pages[0]!;
    const mark = lineWith(p, '滇南市总工会文件');
    const number = lineWith(p, '滇南工发〔2026〕12号');
    expect(Math.abs(centre(number) - (area.left + area.right) / 2)).toBeLessThan(TOL);
    const gap = top(number[0]!) - (top(mark[0]!) + mark[0]!.size);
    expect(gap).toBeGreaterThanOrEqual(2 * L - 0.01);
    expect(gap).toBeLessThan(3 * L);
    for (const g of number) expect(g.color).toBe('#000000');
    const red = p.rules.filter((r) => r.color === RED);
    expect(red).toHaveLength(1);
    const rule = red[0]!;
    expect(Math.abs(rule.y1 - (top(number[0]!) + 16 + 4 * MM))).toBeLessThan(TOL);
    expect(rule.y1).toBeCloseTo(rule.y2, 3);
    expect(Math.abs(rule.x1 - area.left)).toBeLessThan(TOL);
    expect(Math.abs(rule.x2 - rule.x1 - 156 * MM)).toBeLessThan(TOL);
  });

  it('starts the title two blank lines below the red line, on the grid, and the 主送机关 flush left one line below the title', () => {
    const p = pdf.pages[0]!;
    const rule = p.rules.find((r) => r.color === RED)!;
    const title = lineWith(p, '关于开展');
    const gap = top(title[0]!) - rule.y1;
    expect(gap).toBeGreaterThan(2 * L - 0.01);
    expect(gap).toBeLessThan(3 * L);
    const row = (top(title[0]!) - area.top) / L;
    expect(Math.abs(row - Math.round(row)) * L).toBeLessThan(TOL);
    const to = lineWith(p, '各县（市、区）总工会');
    const lastTitle = linesOf(p.glyphs).filter((l) => l[0]!.size > 20 && l[0]!.color !== RED).at(-1)!;
    expect(Math.abs(top(to[0]!) - (top(lastTitle[0]!) + 2 * L))).toBeLessThan(TOL);
    expect(Math.abs(to[0]!.x - area.left)).toBeLessThan(TOL);
    expect(textOf(to).endsWith('：')).toBe(true);
  });
});

describe('公文 主体 (7.3) in the PDF', () => {
  it('sets the 附件说明 a blank line below the text, two characters in, the second name aligned with the first', () => {
    const p = pdf.pages[0]!;
    const text = lineWith(p, '现将事项通知如下');
    const first = lineWith(p, '附件：1.');
    const second = lineWith(p, '2.职工');
    expect(Math.abs(top(first[0]!) - (top(text[0]!) + 2 * L))).toBeLessThan(TOL);
    expect(Math.abs(first[0]!.x - (area.left + 2 * CH))).toBeLessThan(TOL);
    const one = first.find((g) => g.char === '1')!;
    expect(Math.abs(second[0]!.x - one.x)).toBeLessThan(TOL);
    expect(textOf(first).endsWith('分配表')).toBe(true);
  });

  it('with a seal (7.3.5.1): the date four characters in, the 署名 centred over it, the seal centred on the date, its top within a line below the text', () => {
    const p = pdf.pages[0]!;
    const date = lineWith(p, '2026年11月23日');
    const sig = lineWith(p, '滇南市总工会').filter(() => true);
    const sigLine = linesOf(p.glyphs).find((l) => textOf(l) === '滇南市总工会')!;
    expect(sig).toBeDefined();
    expect(Math.abs(right(date) - (area.right - 4 * CH))).toBeLessThan(TOL);
    expect(Math.abs(centre(sigLine) - centre(date))).toBeLessThan(TOL);
    expect(Math.abs(top(date[0]!) - (top(sigLine[0]!) + L))).toBeLessThan(TOL);
    expect(textOf(sigLine)).not.toMatch(/[（）]/);
    expect(p.images).toHaveLength(1);
    const seal = p.images[0]!;
    expect(Math.abs(seal.width - 42 * MM)).toBeLessThan(TOL);
    expect(Math.abs(seal.left + seal.width / 2 - centre(date))).toBeLessThan(TOL);
    const textBottom = top(lineWith(p, '2.职工')[0]!) + L;
    expect(seal.top).toBeGreaterThan(textBottom);
    expect(seal.top - textBottom).toBeLessThanOrEqual(L);
    // Centre of the seal above the middle of 署名 and date: they sit low in it (居印章中心偏下).
    const middle = (top(sigLine[0]!) + top(date[0]!) + L) / 2;
    expect(seal.top + seal.height / 2).toBeLessThan(middle);
    expect(seal.top + seal.height).toBeGreaterThan(top(date[0]!) + 16);
  });

  it('sets the 附注 in parentheses two characters in, on the line after the date', () => {
    const p = pdf.pages[0]!;
    const date = lineWith(p, '2026年11月23日');
    const note = lineWith(p, '联系人');
    expect(textOf(note)).toBe('（联系人：李明，联系电话：0876-2123456）');
    expect(Math.abs(note[0]!.x - (area.left + 2 * CH))).toBeLessThan(TOL);
    expect(Math.abs(top(note[0]!) - (top(date[0]!) + L))).toBeLessThan(TOL);
  });

  it('without a seal (7.3.5.2): the 署名 two characters in from the right, the date under it moved two characters right', async () => {
    const plain = FULL.replace(/seal: .*\n/, '');
    const p = (await readPdf(await renderDocument(parseSource(source(plain), `${root}content/t.md`), 'pdf'))).pages[0]!;
    const sig = linesOf(p.glyphs).find((l) => textOf(l) === '滇南市总工会')!;
    const date = lineWith(p, '2026年11月23日');
    expect(p.images).toHaveLength(0);
    expect(Math.abs(date[0]!.x - (sig[0]!.x + 2 * CH))).toBeLessThan(TOL);
    expect(Math.abs(right(date) - (area.right - 2 * CH))).toBeLessThan(TOL);
    expect(Math.abs(top(sig[0]!) - (top(lineWith(p, '分配表')[0]!) + 2 * L))).toBeGreaterThanOrEqual(0);
  });
});

describe('公文 附件 (7.3.7) and 版记 (7.4) in the PDF', () => {
  it('starts each attachment on a new page: 附件N in 黑体 flush left on line 1, its title centred on line 3', () => {
    for (const [n, text] of [[1, '各县总工会'], [2, '参保职工']] as const) {
      const p = pdf.pages.find((pg) => textOf(pg.glyphs).includes(text))!;
      const label = lineWith(p, `附件${n}`);
      expect(textOf(label)).toBe(`附件${n}`);
      expect(label[0]!.font).toMatch(/Sans/);
      expect(Math.abs(label[0]!.x - area.left)).toBeLessThan(TOL);
      expect(Math.abs(top(label[0]!) - area.top)).toBeLessThan(TOL);
      const title = linesOf(p.glyphs)[1]!;
      expect(Math.abs(top(title[0]!) - (area.top + 2 * L))).toBeLessThan(TOL);
      expect(Math.abs(centre(title) - (area.left + area.right) / 2)).toBeLessThan(TOL);
      expect(title[0]!.size).toBeCloseTo(22, 1);
    }
    // Pages 2 and 3 (the 版记 follows on page 4, the back of the second sheet: gongwen-back-face.test.ts).
    expect(['各县总工会', '参保职工'].map((text) => pdf.pages.findIndex((pg) => textOf(pg.glyphs).includes(text)))).toEqual([1, 2]);
  });

  it('puts the 版记 on the last lines of the last page: 0.35/0.25/0.35 mm rules as wide as the type area, the last on its bottom edge', () => {
    const p = pdf.pages.at(-1)!;
    const rules = p.rules.filter((r) => r.color === '#000000').sort((a, b) => a.y1 - b.y1);
    expect(rules).toHaveLength(3);
    expect(rules.map((r) => r.width / MM).map((w) => Math.round(w * 100) / 100)).toEqual([0.35, 0.25, 0.35]);
    for (const r of rules) {
      expect(Math.abs(r.x1 - area.left)).toBeLessThan(TOL);
      expect(Math.abs(r.x2 - area.right)).toBeLessThan(TOL);
    }
    expect(Math.abs(rules[2]!.y1 - area.bottom)).toBeLessThan(TOL);
    const cc = lineWith(p, '抄送：');
    const imprint = lineWith(p, '印发');
    expect(textOf(cc)).toBe('抄送：滇南市人民政府办公室，云南省总工会。');
    expect(cc[0]!.size).toBeCloseTo(14, 1);
    expect(Math.abs(cc[0]!.x - (area.left + CH))).toBeLessThan(TOL);
    expect(Math.abs(imprint[0]!.x - (area.left + CH))).toBeLessThan(TOL);
    expect(Math.abs(right(imprint) - (area.right - CH))).toBeLessThan(TOL);
    expect(textOf(imprint)).toMatch(/^滇南市总工会办公室.*2026年11月24日印发$/);
    // Each line between its rules: 抄送 between the first two, 印发 between the last two, on the last grid line.
    expect(top(cc[0]!)).toBeGreaterThan(rules[0]!.y1);
    expect(top(cc[0]!) + 14).toBeLessThan(rules[1]!.y1);
    expect(top(imprint[0]!)).toBeGreaterThan(rules[1]!.y1);
    expect(Math.abs(top(imprint[0]!) - (area.bottom - L))).toBeLessThan(TOL);
  });
});

describe('公文 in TXT and without 公文 keys', () => {
  it('writes every element as text in reading order, the 署名 without brackets', async () => {
    const txt = new TextDecoder().decode(await renderDocument(parseSource(source(FULL, ATTACHED), `${root}content/t.md`), 'txt'));
    const order = ['000012', '秘密★1年', '加急', '滇南市总工会文件', '滇南工发〔2026〕12号', '关于开展职工', '各县（市、区）总工会，各基层工会：', '现将事项', '附件：1.2027年度', '2.职工互助', '\n滇南市总工会\n', '2026年11月23日', '（联系人', '附件1', '各县总工会', '附件2', '参保职工', '抄送：滇南市人民政府办公室，云南省总工会。', '2026年11月24日印发'];
    let at = -1;
    for (const piece of order) {
      const next = txt.indexOf(piece, at + 1);
      expect(next, piece).toBeGreaterThan(at);
      at = next;
    }
    expect(txt).not.toContain('（滇南市总工会）');
  });

  it('keeps the essay author note in brackets under --preset gongwen', async () => {
    const essay = await loadSource(essayPath);
    const p = (await readPdf(await renderDocument(essay, 'pdf', { preset: 'gongwen' }))).pages.at(-1)!;
    expect(textOf(p.glyphs)).toContain('（作者系中共马关县委副书记）');
    expect(p.rules).toHaveLength(0);
  });

  it('gives a source with only a title and body the plain 公文 body: title on line 1, no rules', async () => {
    const p = (await readPdf(await renderDocument(parseSource(source(''), 'plain.md'), 'pdf'))).pages[0]!;
    expect(Math.abs(top(p.glyphs[0]!) - area.top)).toBeLessThan(TOL);
    expect(p.rules).toHaveLength(0);
  });
});

describe('公文 front-matter keys', () => {
  const error = (extra: string) => {
    const e = errorOf(() => parseSource(source(extra), 'bad.md'));
    expect(e.kind).toBe('input');
    return e.message;
  };
  it('refuses a 发文字号 with 第 or a leading zero, and a 份号 that is not digits, at the value', () => {
    expect(error('number: 滇南工发〔2026〕第12号\n')).toMatch(/bad\.md:5:9: 'number' must not have 第/);
    expect(error('number: 滇南工发〔2026〕012号\n')).toMatch(/leading zero/);
    expect(error('number: 滇南工发12号\n')).toMatch(/year in brackets/);
    expect(error('copy: A12\n')).toMatch(/bad\.md:5:7: 'copy' must be a copy number of up to six digits/);
  });
  it('names the formats, suggests a misspelt key, and checks lists', () => {
    expect(error('format: 通知\n')).toMatch(/'format' must be one of 文件, 信函, 命令, 纪要/);
    expect(error('isuer: 滇南市总工会\n')).toMatch(/unknown front-matter key 'isuer' \(did you mean 'issuer'\?\)/);
    expect(error('attachments:\n  - titel: 表\n')).toMatch(/bad\.md:6:5: 'attachments.0' must be a title, or \{ title: …, file: … \}/);
    expect(error('printed: 2026-13-01\n')).toMatch(/'printed' must be a calendar date/);
    expect(error('preprinted: 是\n')).toMatch(/'preprinted' must be true or false/);
  });
  it('normalises what the standard fixes: 份号 to six digits, the year brackets to 〔〕', () => {
    const o = parseSource(source('copy: 12\nnumber: 滇南工发[2026]3号\nissuer: [甲局, 乙局]\ncc: 甲、乙\n'), 'ok.md').meta.official!;
    expect(o).toMatchObject({ format: '文件', copy: '000012', number: '滇南工发〔2026〕3号', issuer: ['甲局', '乙局'], cc: '甲，乙' });
    expect(parseSource(source(''), 'ok.md').meta.official).toBeUndefined();
  });
});

/**
 * The same elements in the DOCX as LibreOffice renders it (no CJK font installed: the DOCX's
 * embedded subsets draw), measured the same way, within 1 mm.
 */
describe.skipIf(!has('soffice'))('公文 elements in the DOCX, rendered by LibreOffice', () => {
  const TOL_LO = 1 * MM;
  let lo: ReadPdf;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-gw-el-'));
    const docx = join(dir, 'notice.docx');
    writeFileSync(docx, await renderDocument(parseSource(source(FULL, ATTACHED), `${root}content/test-notice.md`), 'docx'));
    lo = await readPdf(libreOfficeToPdf(docx));
  }, 240_000);

  it('places the 版头 as the PDF does: 份号 line 1, red 标志 35 mm below the type area, 发文字号, red line 4 mm below it', () => {
    const p = lo.pages[0]!;
    const copy = lineWith(p, '000012');
    expect(Math.abs(copy[0]!.x - area.left)).toBeLessThan(TOL_LO);
    expect(Math.abs(top(copy[0]!) - area.top)).toBeLessThan(TOL_LO);
    const mark = lineWith(p, '滇南市总工会文件');
    for (const g of mark) expect(g.color).toBe(RED);
    expect(Math.abs(top(mark[0]!) - (area.top + 35 * MM))).toBeLessThan(TOL_LO);
    expect(Math.abs(centre(mark) - (area.left + area.right) / 2)).toBeLessThan(TOL_LO);
    const number = lineWith(p, '〔2026〕');
    expect(Math.abs(centre(number) - (area.left + area.right) / 2)).toBeLessThan(TOL_LO);
    const gap = top(number[0]!) - (top(mark[0]!) + mark[0]!.size);
    expect(gap).toBeGreaterThanOrEqual(2 * L - TOL_LO);
    expect(gap).toBeLessThan(3 * L);
    // LibreOffice strokes a paragraph border twice, on the same place.
    const red = p.rules.filter((r) => r.color === RED);
    expect(new Set(red.map((r) => r.y1.toFixed(1))).size).toBe(1);
    expect(Math.abs(red[0]!.y1 - (top(number[0]!) + 16 + 4 * MM))).toBeLessThan(TOL_LO);
    expect(Math.abs(Math.abs(red[0]!.x2 - red[0]!.x1) - 156 * MM)).toBeLessThan(TOL_LO);
  });

  /** LibreOffice sets text lower in an exact line than the PDF (by 4–8 pt with these faces): flow elements are compared by grid line. */
  const sameLine = (a: PdfGlyph, b: PdfGlyph) => Math.abs(top(a) - top(b)) < 0.35 * L;

  it('starts the title on the PDF\'s grid line and breaks it where the PDF does; 主送机关 flush left on the line after it', () => {
    const p = lo.pages[0]!;
    const title = lineWith(p, '关于开展');
    const rule = p.rules.find((r) => r.color === RED)!;
    expect(top(title[0]!) - rule.y1).toBeGreaterThan(2 * L - TOL_LO);
    expect(top(title[0]!) - rule.y1).toBeLessThan(3 * L);
    expect(sameLine(title[0]!, lineWith(pdf.pages[0]!, '关于开展')[0]!)).toBe(true);
    const to = lineWith(p, '各基层工会');
    expect(Math.abs(to[0]!.x - area.left)).toBeLessThan(TOL_LO);
    expect(sameLine(to[0]!, lineWith(pdf.pages[0]!, '各基层工会')[0]!)).toBe(true);
  });

  it('sets the 附件说明 and the 署名 and date with the seal behind them where the PDF does', () => {
    const p = lo.pages[0]!;
    const q = pdf.pages[0]!;
    const [a1, b1] = [lineWith(p, '附件：1.'), lineWith(q, '附件：1.')];
    expect(Math.abs(a1[0]!.x - b1[0]!.x)).toBeLessThan(TOL_LO);
    expect(sameLine(a1[0]!, b1[0]!)).toBe(true);
    // The second name (which LibreOffice may carry to the next page with the signature block) aligned with the first.
    const second = lo.pages.flatMap((pg) => linesOf(pg.glyphs)).find((l) => textOf(l).startsWith('2.职工'))!;
    expect(Math.abs(second[0]!.x - a1.find((g) => g.char === '1')!.x)).toBeLessThan(TOL_LO);
    // On the PDF's page (page 1 holds 22 lines in LibreOffice too).
    const at = lo.pages.find((pg) => linesOf(pg.glyphs).some((l) => textOf(l) === '滇南市总工会'))!;
    expect(at).toBe(p);
    const sig = linesOf(at.glyphs).find((l) => textOf(l) === '滇南市总工会')!;
    const date = lineWith(at, '2026年11月23日');
    const pdfSig = linesOf(q.glyphs).find((l) => textOf(l) === '滇南市总工会')!;
    expect(Math.abs(centre(sig) - centre(pdfSig))).toBeLessThan(TOL_LO);
    expect(Math.abs(right(date) - (area.right - 4 * CH))).toBeLessThan(TOL_LO);
    expect(at.images).toHaveLength(1);
    const [a, b] = [at.images[0]!, q.images[0]!];
    expect(Math.abs(a.left - b.left)).toBeLessThan(TOL_LO);
    expect(Math.abs(a.width - b.width)).toBeLessThan(TOL_LO);
    // The seal's place against its 署名, as in the PDF.
    expect(Math.abs(a.top - top(sig[0]!) - (b.top - top(pdfSig[0]!)))).toBeLessThan(TOL_LO);
  });

  it('puts each attachment on a new page and the 版记 on the last lines of the last page, with its rules', () => {
    const label = lineWith(lo.pages.find((pg) => textOf(pg.glyphs).includes('参保职工'))!, '附件2');
    expect(Math.abs(label[0]!.x - area.left)).toBeLessThan(TOL_LO);
    expect(top(label[0]!) - area.top).toBeLessThan(0.35 * L);
    const p = lo.pages.at(-1)!;
    const rules = p.rules.filter((r) => Math.abs(r.x2 - r.x1) > 100 * MM).sort((a, b) => a.y1 - b.y1);
    expect(rules).toHaveLength(3);
    rules.forEach((r, i) => expect(Math.abs(r.width / MM - [0.35, 0.25, 0.35][i]!), `rule ${i}`).toBeLessThan(0.02));
    for (const r of rules) {
      expect(Math.abs(Math.min(r.x1, r.x2) - area.left)).toBeLessThan(TOL_LO);
      expect(Math.abs(Math.max(r.x1, r.x2) - area.right)).toBeLessThan(TOL_LO);
    }
    expect(Math.abs(rules[2]!.y1 - area.bottom)).toBeLessThan(TOL_LO);
    const cc = lineWith(p, '抄送：');
    expect(Math.abs(cc[0]!.x - (area.left + CH))).toBeLessThan(TOL_LO);
    const imprint = lineWith(p, '印发');
    expect(Math.abs(imprint[0]!.x - (area.left + CH))).toBeLessThan(TOL_LO);
    expect(Math.abs(right(imprint) - (area.right - CH))).toBeLessThan(TOL_LO);
    expect(top(cc[0]!)).toBeGreaterThan(rules[0]!.y1);
    expect(top(imprint[0]!)).toBeGreaterThan(rules[1]!.y1);
    expect(top(imprint[0]!) + 14).toBeLessThan(rules[2]!.y1);
  });
});
