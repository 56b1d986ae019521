/**
 * The 版记 on the last face of a 公文 printed on both sides, and the page numbers before it,
 * measured in the PDF as pdf.js reads it back and in LibreOffice's rendering of the DOCX.
 *
 * GB/T 9704-2012 9: 公文应双面印刷. 7.4.1: 末条分隔线与公文最后一面的版心下边缘重合. 7.5: 公文的版记页前有
 * 空白页的，空白页和版记页均不编排页码. The last face of a sheet printed on both sides is an even page:
 * - the text ends on an odd page (room for the 版记 or not): the 版记 alone on the next page, numbered;
 * - the text ends on an even page with room: the 版记 below it there;
 * - the text ends on a full even page: a blank page, then the 版记's, neither numbered.
 *
 * The bodies are one-line paragraphs (LibreOffice breaks them as the PDF does); which body ends
 * where is read from the PDF of the same source with an own preset that turns `duplex` off (the
 * 版记 on the page where the text ends, or the next), never assumed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSource, renderDocument } from '../src/api.js';
import { wenshu } from './helpers/cli.js';
import { TOL, TOL_LO, L, area } from './helpers/gongwen.js';
import { linesOf, readPdf, type PdfGlyph, type PdfPage } from './helpers/pdf.js';
import { libreOfficeToPdf } from './helpers/docx.js';
import { has } from './helpers/programs.js';

const top = (g: PdfGlyph) => g.y - 0.88 * g.size;
const textOf = (glyphs: readonly PdfGlyph[]) => glyphs.map((g) => g.char).join('');
const dir = mkdtempSync(join(tmpdir(), 'wenshu-back-face-'));
writeFileSync(join(dir, 'simplex.yaml'), 'extends: gongwen\nduplex: false\n');

const FORMATS = {
  文件: 'issuer: 滇南市总工会文件\nnumber: 滇南工发〔2026〕12号\n',
  命令: 'format: 命令\nissuer: 滇南市人民政府令\nnumber: 第12号\n',
  纪要: 'format: 纪要\nissuer: 滇南市总工会办公会议纪要\nattendees: [李明, 王芳]\n',
  信函: 'format: 信函\nissuer: 滇南市总工会\nnumber: 滇南工函〔2026〕31号\n',
} as const;
type Format = keyof typeof FORMATS;
const bodyOf = (k: number) => Array.from({ length: k }, (_, i) => `第${i + 1}段职工互助保障活动是惠及广大职工的民心工程。`).join('\n\n');
const source = (k: number, format: Format, preset = 'gongwen') =>
  `---\ntitle: 关于开展职工互助保障活动的通知\npreset: ${preset}\ndate: 2026-11-23\n${FORMATS[format]}signature: 滇南市总工会\ncc: 滇南市人民政府办公室，云南省总工会\nprinter: 滇南市总工会办公室\nprinted: 2026-11-24\n---\n${bodyOf(k)}\n`;
const docOf = (k: number, format: Format, preset?: string) => parseSource(source(k, format, preset), join(dir, `${format}-${k}.md`));
const pdfOf = async (k: number, format: Format, preset?: string) => (await readPdf(await renderDocument(docOf(k, format, preset), 'pdf'))).pages;

/** What is drawn below the type area: the page number (LibreOffice does not mark it as an artifact). */
const numberOf = (p: PdfPage) => textOf(p.glyphs.filter((g) => top(g) > area.bottom)).replace(/[\s—–-]/g, '');
/** The page that holds the 版记 (its 抄送), and the page the text ends on (the 成文日期). */
const recordPage = (pages: PdfPage[]) => pages.findIndex((p) => linesOf(p.glyphs).some((l) => textOf(l).startsWith('抄送：')));
const textEnd = (pages: PdfPage[]) => pages.findIndex((p) => linesOf(p.glyphs).some((l) => textOf(l).includes('2026年11月23日') && top(l[0]!) < area.bottom));

/** Where the text ends without duplex printing: its page (1-based) and whether the 版记 fits below it. */
type Case = 'page 1, room' | 'page 2, room' | 'page 2, full' | 'page 3';
const caseOf = (pages: PdfPage[]): Case | undefined => {
  const [end, record] = [textEnd(pages) + 1, recordPage(pages) + 1];
  if (end === 1 && record === 1) return 'page 1, room';
  if (end === 2) return record === 2 ? 'page 2, room' : 'page 2, full';
  if (end === 3) return 'page 3';
  return undefined;
};

/**
 * The first body of one-line paragraphs that ends in each case, and its PDFs with and without
 * duplex printing; and the longest that ends on page 2 with the 版记 below it (page 2 filled to
 * its last line).
 */
const found = new Map<Case | 'page 2, filled', { k: number; simplex: PdfPage[]; duplex: PdfPage[] }>();
beforeAll(async () => {
  let filled: { k: number; simplex: PdfPage[] } | undefined;
  for (let k = 1; !found.has('page 3') && k < 60; k++) {
    const simplex = await pdfOf(k, '文件', './simplex.yaml');
    const c = caseOf(simplex);
    if (c === 'page 2, room') filled = { k, simplex };
    if (c && !found.has(c)) found.set(c, { k, simplex, duplex: await pdfOf(k, '文件') });
  }
  if (filled) found.set('page 2, filled', { ...filled, duplex: await pdfOf(filled.k, '文件') });
}, 300_000);

/** The 版记 on an even page, its last rule on the type area's bottom edge; the page numbers as 7.5 says. */
function expectBackFace(pages: PdfPage[], end: number, tol: number, label: string): void {
  const at = recordPage(pages);
  expect(at % 2, `${label}: the 版记 on page ${at + 1}`).toBe(1);
  expect(at, label).toBe(pages.length - 1);
  const rules = pages[at]!.rules.filter((r) => Math.abs(r.x2 - r.x1) > 100).sort((a, b) => a.y1 - b.y1);
  expect(Math.abs(rules.at(-1)!.y1 - area.bottom), label).toBeLessThan(tol);
  const afterBlank = at - end === 2;
  if (afterBlank) {
    // A blank page between: nothing on it, and neither it nor the 版记 page numbered.
    expect(pages[at - 1]!.glyphs, label).toEqual([]);
    expect(pages[at - 1]!.rules, label).toEqual([]);
    expect(numberOf(pages[at]!), label).toBe('');
  } else {
    expect(at - end, label).toBeLessThanOrEqual(1);
    expect(numberOf(pages[at]!), label).toBe(String(at + 1));
  }
  // Every page before the blank one numbered.
  for (let n = 0; n <= end; n++) expect(numberOf(pages[n]!), `${label}: page ${n + 1}`).toBe(String(n + 1));
}

describe('the 版记 on the last face (GB/T 9704-2012 7.4.1, 7.5, 9) in the PDF', () => {
  it('finds bodies that end in each case', () => {
    expect([...found.keys()].sort()).toEqual(['page 1, room', 'page 2, filled', 'page 2, full', 'page 2, room', 'page 3']);
    // The fullest page 2 leaves no line between the date and the 版记.
    const p = found.get('page 2, filled')!.duplex[1]!;
    const date = linesOf(p.glyphs).find((l) => textOf(l).includes('2026年11月23日'))!;
    const cc = linesOf(p.glyphs).find((l) => textOf(l).startsWith('抄送：'))!;
    expect(top(cc[0]!) - top(date[0]!)).toBeLessThan(1.5 * L);
  });

  it('text ending on page 1 with room: the 版记 alone on page 2, numbered 2', () => {
    const { duplex } = found.get('page 1, room')!;
    expect(textEnd(duplex)).toBe(0);
    expect(recordPage(duplex)).toBe(1);
    expectBackFace(duplex, 0, TOL, 'page 1');
    // Nothing but the 版记 on page 2.
    expect(linesOf(duplex[1]!.glyphs).filter((l) => top(l[0]!) < area.bottom).map((l) => textOf(l).slice(0, 3))).toEqual(['抄送：', '滇南市']);
  });

  it('text ending on page 2 with room: the 版记 below it on page 2, as without duplex printing', () => {
    for (const c of ['page 2, room', 'page 2, filled'] as const) {
      const { duplex, simplex } = found.get(c)!;
      expect(duplex.length, c).toBe(2);
      expect(recordPage(duplex), c).toBe(textEnd(duplex));
      expectBackFace(duplex, 1, TOL, c);
      expect(duplex.map((p) => textOf(p.glyphs)), c).toEqual(simplex.map((p) => textOf(p.glyphs)));
    }
  });

  it('text ending on a full page 2: page 3 blank, the 版记 on page 4, neither numbered', () => {
    const { duplex, simplex } = found.get('page 2, full')!;
    // Without duplex printing the 版记 was alone on page 3, numbered 3.
    expect(numberOf(simplex[2]!)).toBe('3');
    expect(duplex.length).toBe(4);
    expectBackFace(duplex, 1, TOL, 'page 2 full');
  });

  it('text ending on page 3: the 版记 alone on page 4, numbered 4', () => {
    const { duplex } = found.get('page 3')!;
    expect(duplex.length).toBe(4);
    expectBackFace(duplex, 2, TOL, 'page 3');
  });

  it('does the same in the 命令 and 纪要 formats, and in a 信函 (whose page 1 has no number)', async () => {
    const { k } = found.get('page 1, room')!;
    for (const format of ['命令', '纪要', '信函'] as const) {
      const pages = await pdfOf(k, format);
      const end = textEnd(pages);
      expect(end, format).toBe(0);
      const at = recordPage(pages);
      expect(at, format).toBe(1);
      expect(at % 2, format).toBe(1);
      if (format === '信函') {
        // No rules in a 信函's 版记 (10.1): its 抄送 on the last line.
        expect(Math.abs(top(linesOf(pages[at]!.glyphs).find((l) => textOf(l).startsWith('抄送：'))![0]!) - (area.bottom - L))).toBeLessThan(TOL);
        expect(numberOf(pages[0]!)).toBe('');
        expect(numberOf(pages[1]!)).toBe('2');
      } else expectBackFace(pages, end, TOL, format);
    }
  });

  it('keeps the 版记 where the text ends with an own preset that says `duplex: false`', () => {
    const { simplex } = found.get('page 1, room')!;
    expect(simplex.length).toBe(1);
    expect(recordPage(simplex)).toBe(0);
  });

  it('refuses `duplex` in an own preset without a 版记, and one that is not true or false, at the value', () => {
    writeFileSync(join(dir, 'house.yaml'), 'extends: handout\nduplex: false\n');
    writeFileSync(join(dir, 'odd.yaml'), 'extends: gongwen\nduplex: 1\n');
    for (const [preset, message] of [['house.yaml', /house\.yaml:2:9: 'duplex' places a 公文's 版记: it needs a preset that has one \(gongwen\), not 'handout'/], ['odd.yaml', /odd\.yaml:2:9: 'duplex' must be true or false/]] as const) {
      writeFileSync(join(dir, 'h.md'), `---\ntitle: 标题\npreset: ./${preset}\n---\n正文。\n`);
      const r = wenshu(['export', join(dir, 'h.md'), '-o', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.js/);
    }
  });
});

describe.skipIf(!has('soffice'))('the 版记 on the last face in the DOCX, as LibreOffice renders it', () => {
  const lo = new Map<Case | 'page 2, filled', PdfPage[]>();
  beforeAll(async () => {
    for (const [c, { k }] of found) {
      const path = join(dir, `lo-${k}.docx`);
      writeFileSync(path, await renderDocument(docOf(k, '文件'), 'docx'));
      lo.set(c, (await readPdf(libreOfficeToPdf(path))).pages);
    }
  }, 600_000);

  // Not 'page 2, filled': LibreOffice takes the 版记 to page 3 where the PDF fills page 2 to its last line with it (the empty paragraph it is anchored to no longer fits).
  for (const c of ['page 1, room', 'page 2, room', 'page 2, full', 'page 3'] as const) {
    it(`${c}: the PDF's pages, the 版记 on the same even page, numbered as in the PDF`, () => {
      const pages = lo.get(c)!;
      const pdf = found.get(c)!.duplex;
      expect(pages.length).toBe(pdf.length);
      expect(textEnd(pages)).toBe(textEnd(pdf));
      expect(recordPage(pages)).toBe(recordPage(pdf));
      expect(pages.map(numberOf)).toEqual(pdf.map(numberOf));
      expectBackFace(pages, textEnd(pages), TOL_LO, `LibreOffice, ${c}`);
    });
  }

  it('a body with a table, ending on page 1 with room: the 版记 alone on page 2 in LibreOffice too (the PDF\'s boxes of the rows tell the DOCX)', async () => {
    const table = '| 单位 | 会员数 | 联系人 |\n| --- | --- | --- |\n| 第一工会 | 120 | 张三 |\n| 第二工会 | 85 | 李四 |\n';
    const withTable = (preset?: string) => parseSource(source(1, '文件', preset).replace(/\n$/, `\n\n${table}`), join(dir, 'table.md'));
    // Printed on one side, the 版记 would stand below the text on page 1.
    const simplex = (await readPdf(await renderDocument(withTable('./simplex.yaml'), 'pdf'))).pages;
    expect([textEnd(simplex), recordPage(simplex)]).toEqual([0, 0]);
    const doc = withTable();
    const pdf = (await readPdf(await renderDocument(doc, 'pdf'))).pages;
    expect([textEnd(pdf), recordPage(pdf)]).toEqual([0, 1]);
    const path = join(dir, 'lo-table.docx');
    writeFileSync(path, await renderDocument(doc, 'docx'));
    const pages = (await readPdf(libreOfficeToPdf(path))).pages;
    expect(pages.length).toBe(pdf.length);
    expect([textEnd(pages), recordPage(pages)]).toEqual([0, 1]);
    expect(pages.map(numberOf)).toEqual(pdf.map(numberOf));
  }, 240_000);
});
