/**
 * Tables (issue 15), read back from every output: the model from the Markdown, the PDF's cells by
 * its own rules (pdf.js glyph positions grouped by the vertical rules, rows by the horizontal
 * ones), its tags, the DOCX's w:tbl (widths equal to the PDF's columns) and python-docx's cells,
 * LibreOffice's rendering of the DOCX (column widths within 2 mm of the PDF's), and the TXT's
 * columns by display width.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importFile, parseSource, renderDocument } from '../src/api.js';
import type { Diagnostic } from '../src/errors.js';
import type { Table } from '../src/model/index.js';
import { inlineText } from '../src/model/text.js';
import { cannotEndLine, cannotStartLine } from '../src/typeset/index.js';
import { displayWidth } from '../src/exporters/txt/table.js';
import { libreOfficeToPdf, unzipDocx, partText } from './helpers/docx.js';
import { errorOf } from './helpers/errors.js';
import { readPdf, type PdfGlyph, type PdfPage, type PdfRule } from './helpers/pdf.js';
import { has, PYTHON } from './helpers/programs.js';

const MM = 72 / 25.4;

const source = (body: string, preset = 'gongwen') => `---\ntitle: 关于2026年度培训名额分配的通知\npreset: ${preset}\n---\n\n${body}`;

const QUOTA = `各单位：现将2026年度培训名额分配如下。

Table: 表1　2026年度名额分配表

| 序号 | 单位 | 名额 | 备注 |
|:-:|:--|--:|:--|
| 1 | 办公室 | 3 | 含一名新进人员，须于11月30日前报到。 |
| 2 | 财务处 | 12 | 《会计法》培训班 |
| 3 | 信息中心（网络与数据管理） | 105 | Email: info@example.org |

请各单位认真组织。
`;

/** The source cells of a table, as plain text, header first. */
const cellsOf = (t: Table) => [...t.head, ...t.body].map((r) => r.cells.map((c) => inlineText(c.children)));
const solid = (s: string) => s.replace(/\s+/g, '');

/** Distinct positions, sorted: those within half a point of the one before are the same (a renderer's rounding; the first is kept, unrounded). */
const distinct = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b).reduce<number[]>((out, x) => (out.length > 0 && x - out.at(-1)! < 0.5 ? out : [...out, x]), []);
const vertical = (r: PdfRule) => r.width >= 0.25 && Math.abs(r.x1 - r.x2) < 0.01 && Math.abs(r.y1 - r.y2) > 0.01;
const horizontal = (r: PdfRule) => r.width >= 0.25 && Math.abs(r.y1 - r.y2) < 0.01 && Math.abs(r.x1 - r.x2) > 0.01;

/**
 * A page's table cells read back by its rules alone: rows between consecutive horizontal rules,
 * columns between consecutive vertical ones, each cell's glyphs in reading order.
 */
function cellsByRules(page: PdfPage): string[][] {
  const xs = distinct(page.rules.filter(vertical).map((r) => r.x1));
  const ys = distinct(page.rules.filter(horizontal).map((r) => r.y1));
  const rows: string[][] = [];
  for (let r = 0; r + 1 < ys.length; r++) {
    const inRow = page.glyphs.filter((g) => g.y > ys[r]! && g.y < ys[r + 1]!);
    if (inRow.length === 0) continue;
    rows.push(
      xs.slice(0, -1).map((x, c) =>
        inRow
          .filter((g) => g.x + g.width / 2 > x && g.x + g.width / 2 < xs[c + 1]!)
          .sort((a, b) => a.y - b.y || a.x - b.x)
          .map((g) => g.char)
          .join(''),
      ),
    );
  }
  return rows;
}

describe('GFM pipe tables in the Markdown', () => {
  it('reads cells, alignment and a caption before the table; pads short rows', () => {
    const doc = parseSource(source(QUOTA.replace('| 3 | 信息中心（网络与数据管理） | 105 | Email: info@example.org |', '| 3 | 信息中心 |')));
    const table = doc.blocks.find((b) => b.type === 'table') as Table;
    expect(table.align).toEqual(['center', 'left', 'right', 'left']);
    expect(inlineText(table.caption!)).toBe('表1　2026年度名额分配表');
    expect(cellsOf(table)).toEqual([
      ['序号', '单位', '名额', '备注'],
      ['1', '办公室', '3', '含一名新进人员，须于11月30日前报到。'],
      ['2', '财务处', '12', '《会计法》培训班'],
      ['3', '信息中心', '', ''],
    ]);
    // The caption paragraph is the table's, not text of its own.
    expect(doc.blocks.map((b) => b.type)).toEqual(['paragraph', 'table', 'paragraph']);
    // Each cell knows where it is: line 11 (front matter 3 lines, blank, text, blank, caption, blank, header, delimiter), column 9.
    expect(table.body[0]!.cells[1]!.span?.start).toMatchObject({ line: 12, column: 7 });
  });

  it("takes a caption after the table first (pandoc's order), as ': …' too, and keeps its number as written", () => {
    const doc = parseSource(source('| a | b |\n|---|---|\n| 1 | 2 |\n\n: 表3　后置标题\n\n| c |\n|---|\n| 3 |\n'));
    const tables = doc.blocks.filter((b): b is Table => b.type === 'table');
    expect(tables.map((t) => t.caption && inlineText(t.caption))).toEqual(['表3　后置标题', undefined]);
    expect(doc.blocks.map((b) => b.type)).toEqual(['table', 'table']);
  });

  it('reads a table inside a quote and inside a list item', () => {
    const doc = parseSource(source('> | a | b |\n> |---|---|\n> | 1 | 2 |\n\n- 事项：\n\n  | c | d |\n  |---|---|\n  | 3 | 4 |\n'));
    const quote = doc.blocks[0]!;
    const list = doc.blocks[1]!;
    expect(quote.type === 'blockquote' && cellsOf(quote.children[0] as Table)).toEqual([['a', 'b'], ['1', '2']]);
    expect(list.type === 'list' && cellsOf(list.items[0]!.children[1] as Table)).toEqual([['c', 'd'], ['3', '4']]);
  });

  it('refuses a row with more cells than the header, at its first extra cell, and a table without text', () => {
    const e = errorOf(() => parseSource(source('| a | b |\n|---|---|\n| 1 | 2 | 3 |\n\n|  |  |\n|--|--|\n|  |  |\n'), 'x.md'));
    const lines = e.diagnostics.map((d) => `${d.line}:${d.column} ${d.message.slice(0, 30)}`);
    expect(lines).toEqual(['8:11 this table row has 3 cells, bu', '10:1 this table has no text in any ']);
  });
});

/**
 * The QUOTA table's cells on `page` (between its rules): each head's text centred in its cell (within
 * `tol` points), while 名额's figures end at the cell's right (right-aligned) and 单位's names
 * start at its left.
 */
function expectHeadsCentred(page: PdfPage, tol = 1): void {
  const xs = distinct(page.rules.filter(vertical).map((r) => r.x1));
  const ys = distinct(page.rules.filter(horizontal).map((r) => r.y1));
  const inCell = (row: number, col: number) =>
    page.glyphs.filter((g) => g.y > ys[row]! && g.y < ys[row + 1]! && g.x + g.width / 2 > xs[col]! && g.x + g.width / 2 < xs[col + 1]!);
  const ink = (glyphs: PdfGlyph[]) => ({ left: Math.min(...glyphs.map((g) => g.x)), right: Math.max(...glyphs.map((g) => g.x + g.width)) });
  ['序号', '单位', '名额', '备注'].forEach((head, c) => {
    const glyphs = inCell(0, c);
    expect(glyphs.map((g) => g.char).join('')).toBe(head);
    const { left, right } = ink(glyphs);
    expect(Math.abs(left - xs[c]! - (xs[c + 1]! - right)), head).toBeLessThan(tol);
  });
  // Body cells keep their column's alignment: 名额 right (12 ends where 105 ends), 单位 left.
  const [twelve, hundred] = [ink(inCell(2, 2)), ink(inCell(3, 2))];
  expect(Math.abs(twelve.right - hundred.right)).toBeLessThan(tol);
  expect(xs[3]! - twelve.right).toBeLessThan(twelve.left - xs[2]!);
  const [office, finance] = [ink(inCell(1, 1)), ink(inCell(2, 1))];
  expect(Math.abs(office.left - finance.left)).toBeLessThan(tol);
}

describe('tables in the PDF', () => {
  let page: PdfPage;
  let roles: string[];
  beforeAll(async () => {
    const pdf = await readPdf(await renderDocument(parseSource(source(QUOTA)), 'pdf'));
    page = pdf.pages[0]!;
    roles = page.roles;
  });

  it('reads back cell by cell between its own rules (a 0.5 pt grid in 公文)', () => {
    const table = parseSource(source(QUOTA)).blocks.find((b) => b.type === 'table') as Table;
    expect(cellsByRules(page).map((r) => r.map(solid))).toEqual(cellsOf(table).map((r) => r.map(solid)));
    expect(distinct(page.rules.map((r) => r.width))).toEqual([0.5]);
  });

  it('sets the columns by their content: the narrow ones keep their text on one line', () => {
    const xs = distinct(page.rules.filter(vertical).map((r) => r.x1));
    const widths = xs.slice(1).map((x, i) => x - xs[i]!);
    // 序号 and 名额 (two 14 pt hanzi of 黑体 with 4 pt padding) are narrow, 备注 the widest; the table fills the 156 mm type area.
    expect(widths[0]).toBeLessThan(40);
    expect(widths[2]).toBeLessThan(40);
    expect(Math.max(...widths)).toBe(widths[3]);
    expect(xs.at(-1)! - xs[0]!).toBeCloseTo(156 * MM, 1);
  });

  it('centres every head over its column, the head of the right-aligned 名额 too; body cells as their column', () => {
    expectHeadsCentred(page);
  });

  it('tags Table, TR, TH and TD in reading order, the caption inside the table', () => {
    const from = roles.indexOf('Table');
    expect(roles.slice(from, from + 12)).toEqual(['Table', 'Caption', 'TR', 'TH', 'TH', 'TH', 'TH', 'TR', 'TD', 'TD', 'TD', 'TD']);
    expect(roles.filter((r) => r === 'TD')).toHaveLength(12);
  });

  it('starts the text after a table on the next line of the 公文 grid', () => {
    const lastRule = Math.max(...page.rules.filter(horizontal).map((r) => r.y1));
    const after = page.glyphs.find((g) => g.char === '请')!;
    const top = 37 * MM;
    const pitch = (225 * MM) / 22;
    // Text sits at the top of its grid line (textInLine 'top'): baseline = line top + 0.88 em.
    const lineTop = after.y - 0.88 * 16;
    expect(lineTop).toBeGreaterThanOrEqual(lastRule - 0.01);
    const lines = (lineTop - top) / pitch;
    expect(Math.abs(lines - Math.round(lines))).toBeLessThan(1e-3);
  });

  it('draws a three-line table in the handout preset: 1 pt top and bottom rules, a 0.5 pt rule under the header', async () => {
    const pdf = await readPdf(await renderDocument(parseSource(source(QUOTA, 'handout')), 'pdf'));
    const rules = pdf.pages[0]!.rules;
    expect(rules.filter(vertical)).toEqual([]);
    const lines = rules.filter(horizontal).sort((a, b) => a.y1 - b.y1);
    expect(lines.map((r) => r.width)).toEqual([1, 0.5, 1]);
  });
});

describe('a table longer than a page', () => {
  const rows = Array.from({ length: 60 }, (_, i) => `| ${i + 1} | 第${i + 1}工会小组 | ${(i * 37) % 100} | 第${i + 1}行的备注文字 |`);
  const long = `Table: 表2　各小组会员人数\n\n| 序号 | 小组 | 人数 | 备注 |\n|:-:|:--|--:|:--|\n${rows.join('\n')}\n`;
  let pages: PdfPage[];
  beforeAll(async () => {
    pages = (await readPdf(await renderDocument(parseSource(source(long)), 'pdf'))).pages;
  });

  it('continues on more pages, each starting with the header row again and （续表）', () => {
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages.slice(1)) {
      const cells = cellsByRules(page);
      expect(cells[0]!.map(solid)).toEqual(['序号', '小组', '人数', '备注']);
      // The caption with （续表） above the header, as an artifact (the text reads once).
      expect(solid(page.artifacts)).toContain('表2　各小组会员人数（续表）'.replace(/\s/g, ''));
    }
  });

  it('splits no row: every row read back whole, each once, in order', () => {
    const body = pages.flatMap((p, i) => cellsByRules(p).slice(1).map((r) => ({ r, i })));
    expect(body.map(({ r }) => r.map(solid))).toEqual(rows.map((line) => line.split('|').slice(1, -1).map((c) => solid(c))));
  });
});

describe('clreq rules inside cells', () => {
  it('breaks cell text in a narrow column with no closing mark at a line start and no opening mark at a line end', async () => {
    const text = '根据《中华工会章程》（2023年修订），“会员”应当：遵守章程、执行决议、参加活动、交纳会费。';
    const md = source(`| 项目 | 说明 | 说明二 | 说明三 | 说明四 |\n|---|---|---|---|---|\n| 义务 | ${text} | ${text} | ${text} | ${text} |\n`);
    const page = (await readPdf(await renderDocument(parseSource(md), 'pdf'))).pages[0]!;
    const xs = distinct(page.rules.filter(vertical).map((r) => r.x1));
    const ys = distinct(page.rules.filter(horizontal).map((r) => r.y1));
    let checked = 0;
    for (let c = 1; c + 1 < xs.length; c++) {
      // By the glyph's middle, a little right: an opening bracket at a line start is drawn with its blank half left of the cell (compressed).
      const mid = (g: PdfGlyph) => g.x + g.width * 0.6;
      const inColumn = page.glyphs.filter((g) => mid(g) > xs[c]! && mid(g) < xs[c + 1]! && g.y > ys[1]! && g.y < ys[2]!);
      const lines = new Map<number, PdfGlyph[]>();
      for (const g of inColumn) lines.set(Math.round(g.y), [...(lines.get(Math.round(g.y)) ?? []), g]);
      const sorted = [...lines.values()].map((l) => l.sort((a, b) => a.x - b.x).map((g) => g.char).join(''));
      expect(sorted.length).toBeGreaterThan(3);
      for (const line of sorted) {
        expect(cannotStartLine([...line][0]!), line).toBe(false);
        expect(cannotEndLine([...line].at(-1)!), line).toBe(false);
        checked++;
      }
      expect(solid(sorted.join(''))).toBe(solid(text));
    }
    expect(checked).toBeGreaterThan(12);
  });
});

describe('a 报名表 of seven columns in a narrow text block', () => {
  const form = (size: string) => `---\ntitle: 2027年职工技能竞赛报名表\npreset: handout\npage:\n  size: ${size}\n---\n\n请各单位按时报送。\n\n` +
    '| 序号 | 姓名 | 性别 | 出生年月 | 工作单位及职务 | 参赛工种 | 联系电话 |\n|:-:|---|:-:|---|---|---|---|\n' +
    '| 1 | 张三 | 男 | 1988.06 | 蒙自市供电局变电运维班班长 | 电工 | 13800000000 |\n' +
    '| 2 | 欧阳晓燕 | 女 | 1995.11 | 个旧市第一人民医院护理部 | 护理 | 13912345678 |\n';
  /** How many lines (baselines) `text` is set on, where it first stands in reading order. */
  const linesOf = (pages: readonly PdfPage[], text: string) => {
    for (const page of pages) {
      const glyphs = page.glyphs.filter((g) => text.includes(g.char));
      for (let i = 0; i + text.length <= glyphs.length; i++) {
        const run = glyphs.slice(i, i + text.length);
        if (run.map((g) => g.char).join('') !== text) continue;
        return distinct(run.map((g) => g.y)).length;
      }
    }
    throw new Error(`${text} not found`);
  };

  it('keeps names whole, sets heads two hanzi a line or whole, and makes the long column the one that wraps (B5)', async () => {
    const pages = (await readPdf(await renderDocument(parseSource(form('B5')), 'pdf'))).pages;
    for (const word of ['欧阳晓燕', '张三', '序号', '性别', '电工']) expect(linesOf(pages, word), word).toBe(1);
    // The table is as short as the width allows: the longest cell (13 hanzi) takes at most three lines, not five.
    expect(linesOf(pages, '蒙自市供电局变电运维班班长')).toBeLessThanOrEqual(3);
  });

  it('turns the table to landscape on A5 rather than cut a name into single hanzi', async () => {
    const warnings: Diagnostic[] = [];
    const pages = (await readPdf(await renderDocument(parseSource(form('A5'), 'form.md'), 'pdf', { onWarning: (d) => warnings.push(d) }))).pages;
    expect(warnings.map((w) => w.message).join()).toMatch(/landscape/);
    const turned = pages.find((p) => p.glyphs.some((g) => g.char === '晓'))!;
    const name = turned.glyphs.filter((g) => '欧阳晓燕'.includes(g.char));
    // Turned, a line of text runs up the page: the four hanzi share one x.
    expect(name).toHaveLength(4);
    expect(distinct(name.map((g) => g.x))).toHaveLength(1);
  });
});

describe('tables in the DOCX', () => {
  let parts: Record<string, Uint8Array>;
  let xml: string;
  let pdfColumns: number[];
  let dir: string;
  beforeAll(async () => {
    const doc = parseSource(source(QUOTA));
    dir = mkdtempSync(join(tmpdir(), 'wenshu-tables-'));
    const docx = await renderDocument(doc, 'docx');
    writeFileSync(join(dir, 'quota.docx'), docx);
    parts = unzipDocx(docx);
    xml = partText(parts, 'word/document.xml');
    const page = (await readPdf(await renderDocument(doc, 'pdf'))).pages[0]!;
    const xs = distinct(page.rules.filter(vertical).map((r) => r.x1));
    pdfColumns = xs.slice(1).map((x, i) => x - xs[i]!);
  });

  it('is a native w:tbl whose grid is the PDF\'s columns, header rows repeated, rows never split', () => {
    const grid = [...xml.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]) / 20);
    expect(grid).toHaveLength(4);
    grid.forEach((w, i) => expect(w).toBeCloseTo(pdfColumns[i]!, 1));
    const rows = [...xml.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((m) => m[1]!);
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.includes('<w:tblHeader/>'))).toEqual([true, false, false, false]);
    expect(rows.every((r) => r.includes('<w:cantSplit/>'))).toBe(true);
    expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
    // The 公文 grid: 0.5 pt (w:sz 4) single borders all round and inside.
    expect([...xml.matchAll(/<w:(top|left|bottom|right|insideH|insideV) w:val="single" w:sz="(\d+)"/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual(
      ['top:4', 'left:4', 'bottom:4', 'right:4', 'insideH:4', 'insideV:4'],
    );
    // Cell text in its own styles, which name an East Asian font.
    const styles = partText(parts, 'word/styles.xml');
    expect(styles).toMatch(/w:styleId="TableText".*?w:eastAsia="[^"]+"/s);
  });

  it('centres the header row\'s cells, whatever their column\'s alignment; body cells as their column (名额 right)', () => {
    const rows = [...xml.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((m) => [...m[1]!.matchAll(/<w:tc>(.*?)<\/w:tc>/g)].map((c) => c[1]!));
    const styles = partText(parts, 'word/styles.xml');
    const styleJc = (id: string) => new RegExp(`w:styleId="${id}".*?<w:jc w:val="(\\w+)"`, 's').exec(styles)?.[1];
    const jc = (cell: string, style: string) => /<w:jc w:val="(\w+)"/.exec(cell)?.[1] ?? styleJc(style);
    expect(rows[0]!.map((c) => jc(c, 'TableHeading'))).toEqual(['center', 'center', 'center', 'center']);
    expect(rows[1]!.map((c) => jc(c, 'TableText'))).toEqual(['center', 'left', 'right', 'left']);
  });

  it.skipIf(!has('soffice'))('centres the heads in LibreOffice as in the PDF', async () => {
    expectHeadsCentred((await readPdf(libreOfficeToPdf(join(dir, 'quota.docx')))).pages[0]!, 1.5);
  });

  it.skipIf(!has('pythonDocx'))('reads back the same cells in python-docx', () => {
    // A cell's text is every w:t in it: python-docx's cell.text leaves out the runs of a hyperlink.
    const script = [
      'import docx,json,sys',
      'from docx.oxml.ns import qn',
      'd=docx.Document(sys.argv[1])',
      "print(json.dumps([[''.join(t.text for t in c._tc.iter(qn('w:t'))) for c in r.cells] for r in d.tables[0].rows],ensure_ascii=False))",
    ].join('\n');
    const cells = JSON.parse(execFileSync(PYTHON, ['-c', script, join(dir, 'quota.docx')], { encoding: 'utf8' })) as string[][];
    expect(cells).toEqual(cellsOf(parseSource(source(QUOTA)).blocks.find((b) => b.type === 'table') as Table));
  });

  it.skipIf(!has('soffice'))('renders in LibreOffice with the PDF\'s column widths, within 2 mm', async () => {
    const page = (await readPdf(libreOfficeToPdf(join(dir, 'quota.docx')))).pages[0]!;
    const xs = distinct(page.rules.filter(vertical).map((r) => r.x1));
    const widths = xs.slice(1).map((x, i) => x - xs[i]!);
    expect(widths).toHaveLength(4);
    widths.forEach((w, i) => expect(Math.abs(w - pdfColumns[i]!)).toBeLessThan(2 * MM));
  });
});

describe('tables in the TXT', () => {
  const txt = async (options: { table?: 'pipe' | 'box'; wrap?: number } = {}) =>
    Buffer.from(await renderDocument(parseSource(source(QUOTA)), 'txt', { txt: options })).toString('utf8');

  it('lines up the columns by display width (a hanzi counts 2) in a pipe table, the caption on its own line', async () => {
    const lines = (await txt()).split('\n');
    const at = lines.indexOf('表1　2026年度名额分配表');
    expect(at).toBeGreaterThan(0);
    const table = lines.slice(at + 1, at + 6);
    expect(table.every((l) => l.startsWith('|') && l.endsWith('|'))).toBe(true);
    const bars = (l: string) => [...l].reduce<number[]>((acc, ch, i, all) => (ch === '|' ? [...acc, displayWidth(all.slice(0, i).join(''))] : acc), []);
    const first = bars(table[0]!);
    for (const l of table) expect(bars(l)).toEqual(first);
    expect(table[1]).toMatch(/^\|:-+:\|:-+\|-+:\|:-+\|$/);
    // Right-aligned numbers end at the bar.
    expect(table[4]).toContain('|  105 |');
  });

  it('centres a head over its column of right-aligned figures', async () => {
    const table = '| 单位 | 户数 |\n|:--|--:|\n| 办公室 | 12345678 |\n| 财务处 | 9 |\n';
    const lines = Buffer.from(await renderDocument(parseSource(source(table)), 'txt')).toString('utf8').split('\n');
    expect(lines).toContain('|  单位  |   户数   |');
    expect(lines).toContain('| 财务处 |        9 |');
  });

  it('draws boxes with --txt-table box and wraps cells inside their columns with --txt-wrap', async () => {
    const lines = (await txt({ table: 'box', wrap: 40 })).split('\n').filter((l) => /^[┌│├└]/.test(l));
    expect(lines[0]!.startsWith('┌')).toBe(true);
    expect(lines.at(-1)!.startsWith('└')).toBe(true);
    const widths = new Set(lines.map(displayWidth));
    expect([...widths]).toHaveLength(1);
    expect([...widths][0]).toBeLessThanOrEqual(40);
    // Wrapped text still reads whole, column by column.
    const notes = lines.filter((l) => l.startsWith('│')).map((l) => l.split('│')[4]!.trim()).join('');
    expect(notes).toContain('含一名新进人员，须于11月30日前报到。');
  });
});

describe('too wide for the page', () => {
  it('steps the cell text down, with a warning naming the table\'s line', async () => {
    // Hanzi break anywhere; amounts do not: six columns of them are wider than the text block at 10.5 pt.
    const amounts = Array.from({ length: 6 }, (_, i) => `${i + 1}2,345,678.90`);
    const md = source(`| ${amounts.map((_, i) => `第${i + 1}季度`).join(' | ')} |\n|${amounts.map(() => '--:').join('|')}|\n| ${amounts.join(' | ')} |\n`, 'handout');
    const warnings: Diagnostic[] = [];
    const page = (await readPdf(await renderDocument(parseSource(md, 'wide.md'), 'pdf', { onWarning: (d) => warnings.push(d) }))).pages[0]!;
    expect(warnings).toHaveLength(1);
    const m = /^this table is too wide for the page: its text is set at ([\d.]+) pt instead of 10\.5 pt$/.exec(warnings[0]!.message);
    expect(m, warnings[0]!.message).not.toBeNull();
    expect(warnings[0]!.line).toBe(6);
    const size = Number(m![1]);
    expect(size).toBeLessThan(10.5);
    expect(size).toBeGreaterThanOrEqual(9);
    expect(distinct(page.glyphs.filter((g) => g.char === '5').map((g) => g.size))).toEqual([size]);
    // Every amount stays whole on one line.
    for (const a of amounts) expect(page.text.replace(/\s+/g, '')).toContain(a);
    // Nothing runs off the type area.
    for (const g of page.glyphs) expect(g.x + g.width).toBeLessThanOrEqual(210 * MM - 27 * MM + 0.01);
  });
});

describe("an imported document's tables", () => {
  it('export: a web page table, imported, is a table in the PDF, the DOCX and the TXT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-tables-import-'));
    const html = join(dir, 'page.html');
    writeFileSync(
      html,
      '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>报名汇总</title></head><body><p>报名情况如下。</p>' +
        '<p>表1　报名汇总表</p><table><tr><th>姓名</th><th>单位</th><th>人数</th></tr><tr><td>张三</td><td>办公室</td><td>2</td></tr></table><p>完。</p></body></html>',
    );
    const result = await importFile(html, { out: join(dir, 'page.md') });
    expect(result.findings).toEqual([]);
    const doc = parseSource(result.source, join(dir, 'page.md'));
    const table = doc.blocks.find((b) => b.type === 'table') as Table;
    expect(inlineText(table.caption!)).toBe('表1　报名汇总表');
    const pdf = (await readPdf(await renderDocument(doc, 'pdf', { preset: 'gongwen' }))).pages[0]!;
    expect(cellsByRules(pdf)).toEqual([['姓名', '单位', '人数'], ['张三', '办公室', '2']]);
    const xml = partText(unzipDocx(await renderDocument(doc, 'docx')), 'word/document.xml');
    expect([...xml.matchAll(/<w:tc>/g)]).toHaveLength(6);
    const txt = Buffer.from(await renderDocument(doc, 'txt')).toString('utf8');
    expect(txt).toContain('| 张三 | 办公室 |');
  });
});

describe('a table too wide even at the smallest size: a page turned to landscape', () => {
  // Amounts do not break: eight columns of them are too wide for the 公文 type area (156 mm) at any size.
  const amounts = Array.from({ length: 8 }, (_, i) => `${i + 1}2,345,678.90`);
  const rows = Array.from({ length: 12 }, (_, r) => `| 工会${r + 1} | ${amounts.join(' | ')} |`);
  const md = source(`前文。\n\nTable: 附表1　经费预算明细表\n\n| 单位 | ${amounts.map((_, i) => `第${i + 1}月`).join(' | ')} |\n|:--|${amounts.map(() => '--:').join('|')}|\n${rows.join('\n')}\n\n后文。\n`);
  let pages: PdfPage[];
  let warnings: Diagnostic[];
  let docx: Uint8Array;
  beforeAll(async () => {
    warnings = [];
    const doc = parseSource(md, 'land.md');
    pages = (await readPdf(await renderDocument(doc, 'pdf', { onWarning: (d) => warnings.push(d) }))).pages;
    docx = await renderDocument(doc, 'docx');
  });

  it('says so, naming the line', () => {
    expect(warnings.map((w) => `${w.line}:${w.column}`)).toEqual(['8:1']);
    expect(warnings[0]!.message).toMatch(/set on a landscape page/);
  });

  it('in the PDF: the sheet stays A4 upright, the table set across it, its head toward the left edge, the page number where it always is', () => {
    const turned = pages.filter((p) => p.glyphs.some((g) => g.char === '月'));
    expect(turned.length).toBeGreaterThanOrEqual(2);
    // The text before and after is on pages of its own.
    expect(turned.some((p) => p.glyphs.some((g) => g.char === '前' || g.char === '后'))).toBe(false);
    for (const page of turned) {
      expect([page.width, page.height].map(Math.round)).toEqual([595, 842]);
      // An amount reads bottom to top: its digits share one x, each above the one before.
      const digits = page.glyphs.filter((g) => /[0-9]/.test(g.char) && g.y < 297 * MM - 35 * MM);
      // The largest group of digits on one x: a body row, its amounts one after another up the page.
      const groups = new Map<number, PdfGlyph[]>();
      for (const g of digits) groups.set(Math.round(g.x * 10), [...(groups.get(Math.round(g.x * 10)) ?? []), g]);
      const column = [...groups.values()].sort((a, b) => b.length - a.length)[0]!;
      expect(column.length).toBeGreaterThan(12);
      const amount = column.slice(0, 10);
      amount.slice(1).forEach((g, i) => expect(g.y).toBeLessThan(amount[i]!.y));
      // The caption (or its continuation) is nearest the left edge: the table's head.
      const caption = page.glyphs.filter((g) => g.char === '附');
      expect(caption).toHaveLength(1);
      const heads = page.glyphs.filter((g) => g.char === '月');
      for (const g of heads) expect(caption[0]!.x).toBeLessThan(g.x);
      for (const g of column) expect(heads[0]!.x).toBeLessThan(g.x);
      // Nothing outside the type area (28 mm … 210 − 26 mm across, 37 mm … 297 − 35 mm down), page number aside.
      for (const g of page.glyphs.filter((g) => g.y < 297 * MM - 35 * MM)) {
        expect(g.x).toBeGreaterThanOrEqual(28 * MM - 0.5);
        expect(g.x).toBeLessThanOrEqual(210 * MM - 26 * MM + 0.5);
      }
    }
    // The page numbers: — n — under the type area, odd pages right, even pages left, as on every page.
    pages.forEach((page, i) => {
      const number = page.glyphs.filter((g) => g.y > 297 * MM - 35 * MM);
      expect(number.length).toBeGreaterThan(0);
      const mid = (number[0]!.x + number.at(-1)!.x) / 2;
      if (i % 2 === 0) expect(mid).toBeGreaterThan(105 * MM);
      else expect(mid).toBeLessThan(105 * MM);
    });
  });

  it('in the PDF: a link in a cell of the turned table has its annotation over its own glyphs', async () => {
    const linked = parseSource(md.replace('| 工会1 |', '| [工会1](https://example.org/1) |'), 'land.md');
    const bytes = await renderDocument(linked, 'pdf');
    const read = (await readPdf(bytes)).pages;
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
    const found: Array<{ page: number; rect: number[] }> = [];
    for (let n = 1; n <= doc.numPages; n++) {
      for (const a of await (await doc.getPage(n)).getAnnotations()) if (a.subtype === 'Link' && a.url === 'https://example.org/1') found.push({ page: n - 1, rect: a.rect as number[] });
    }
    await doc.destroy();
    expect(found.length).toBeGreaterThanOrEqual(1);
    const page = found[0]!.page;
    expect(found.every((f) => f.page === page)).toBe(true);
    const height = read[page]!.height;
    // Each annotation's box in the page's top-down coordinates (one per line the link is set on).
    const boxes = found.map(({ rect }) => ({ left: rect[0]!, right: rect[2]!, top: height - rect[3]!, bottom: height - rect[1]! }));
    const glyphs = read[page]!.glyphs.filter((g) => '工会1'.includes(g.char));
    const covered = (g: PdfGlyph) => boxes.some((b) => g.x >= b.left - 1 && g.x <= b.right + 1 && g.y >= b.top - 1 && g.y <= b.bottom + 1);
    // The first row's 工会1 is covered, and no other row's 工会.
    expect(glyphs.filter(covered).map((g) => g.char).sort()).toEqual(['1', '会', '工']);
  });

  it('in the DOCX: a section of its own, turned (w:orient landscape), between portrait ones', () => {
    const xml = partText(unzipDocx(docx), 'word/document.xml');
    const sizes = [...xml.matchAll(/<w:pgSz ([^/]*)\/>/g)].map((m) => m[1]!);
    expect(sizes).toEqual(['w:w="11906" w:h="16838"', 'w:w="16838" w:h="11906" w:orient="landscape"', 'w:w="11906" w:h="16838"']);
    // The table sits in the landscape section: after the first section break, before the second.
    const [a, b] = [...xml.matchAll(/<w:sectPr>/g)].map((m) => m.index!);
    expect(xml.indexOf('<w:tbl>')).toBeGreaterThan(a!);
    expect(xml.indexOf('<w:tbl>')).toBeLessThan(b!);
    // Pages are numbered through: only the first section says where to start.
    expect([...xml.matchAll(/<w:pgNumType/g)]).toHaveLength(1);
  });

  it.skipIf(!has('soffice'))('in LibreOffice: the table on landscape pages, its header row repeated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-tables-land-'));
    writeFileSync(join(dir, 'land.docx'), docx);
    const lo = (await readPdf(libreOfficeToPdf(join(dir, 'land.docx')))).pages;
    const withTable = lo.filter((p) => p.glyphs.some((g) => g.char === '月'));
    expect(withTable.length).toBeGreaterThanOrEqual(2);
    for (const p of withTable) expect(p.width).toBeGreaterThan(p.height);
    expect(lo[0]!.width).toBeLessThan(lo[0]!.height);
  });
});

describe('a note referred to from a cell', () => {
  it('is printed at the foot of the page of its row in the PDF, and is a footnote in the DOCX', async () => {
    const doc = parseSource(source('| 项目 | 说明 |\n|---|---|\n| 会费 | 按工资的0.5%交纳[^1] |\n\n[^1]: 以本人工资收入为基数。\n', 'handout'));
    const page = (await readPdf(await renderDocument(doc, 'pdf'))).pages[0]!;
    const lines = new Map<number, string>();
    for (const g of page.glyphs) lines.set(Math.round(g.y), (lines.get(Math.round(g.y)) ?? '') + g.char);
    // The note's line, below the table's, at the foot of the page.
    const noteLine = [...lines].find(([, text]) => text.includes('以本人工资收入为基数。'));
    expect(noteLine).toBeDefined();
    expect(noteLine![0]).toBeGreaterThan(297 * MM - 30 * MM - 40);
    const xml = partText(unzipDocx(await renderDocument(doc, 'docx')), 'word/document.xml');
    expect(xml).toMatch(/<w:tc>(?:(?!<\/w:tc>).)*<w:footnoteReference w:id="\d+"\/>/s);
  });
});

describe('a row taller than a page', () => {
  it('is the one row split: a text line at a time, over pages, the header repeated, nothing below the type area', async () => {
    const long = '工会工作面临许多新情况、新问题，需要我们认真研究、积极应对。'.repeat(60);
    const pages = (await readPdf(await renderDocument(parseSource(source(`| 序号 | 说明 |\n|---|---|\n| 1 | 短。 |\n| 2 | ${long} |\n| 3 | 短。 |\n`)), 'pdf'))).pages;
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const bottom = 297 * MM - 35 * MM;
    let text = '';
    for (const page of pages) {
      const body = page.glyphs.filter((g) => g.y < bottom + 1 && g.x > 79.37 + 40);
      for (const g of body) expect(g.y).toBeLessThanOrEqual(bottom);
      text += body.map((g) => g.char).join('');
      // Every page's part of the table is closed by a rule under its last line.
      const last = Math.max(...body.map((g) => g.y));
      const rules = page.rules.filter(horizontal).map((r) => r.y1);
      expect(rules.some((y) => y > last && y <= bottom + 0.01)).toBe(true);
    }
    // Read page after page, the repeated header (caption （续表）, 说明) taken out: the cell's text, whole and once.
    expect(solid(text).replace(/（续表）说明/g, '')).toContain(solid(long));
    for (const page of pages.slice(1)) expect((solid(page.artifacts).match(/（续表）序号说明/g) ?? []).length).toBe(1);
  });
});
