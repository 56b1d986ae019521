/**
 * The 公文 signature block beyond one issuer's (GB/T 9704-2012 7.3.5) and the upward document's
 * 签发人 (7.2.6), measured in the PDF as pdf.js reads it back (glyph positions, image boxes, rules)
 * against the standard's numbers within 0.5 mm, and in LibreOffice's rendering of the DOCX within
 * 1 mm of the PDF's places.
 *
 * - 7.3.5.3 签发人签名章: 正文下空二行右空四字加盖签名章, 签名章左空二字标注签发人职务, 以签名章为准
 *   上下居中; 签名章下空一行右空四字编排成文日期; joint: one row per 签发人, in order, aligned.
 * - 7.3.5.1 joint issuers with seals: 署名 in order, each seal 居中下压 its 署名, the last on the
 *   署名 and the date (右空四字), the seals level, 互不相交或相切, within the 版心, the first row's
 *   top within a line below the text.
 * - 7.3.5.2 joint issuers without seals: the 主办机关's 署名 first, the others one under another.
 * - 7.2.6 签发人: `签发人：` 仿宋, names 楷体, 居右空一字, two names a line, the 发文字号 居左空一字
 *   on the line of the last 签发人, the red line 4 mm below it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSource, renderDocument } from '../src/api.js';
import { errorOf } from './helpers/errors.js';
import { gongwen } from '../src/styles/gongwen.js';
import { MM, TOL, TOL_LO, L, CH, page, area } from './helpers/gongwen.js';
import { linesOf, readPdf, type PdfGlyph, type PdfImageBox, type PdfPage } from './helpers/pdf.js';
import { redFrame } from './helpers/images.js';
import { libreOfficeToPdf, partText, unzipDocx } from './helpers/docx.js';
import { has, PYTHON } from './helpers/programs.js';
import { spawnSync } from 'node:child_process';
import { root } from './helpers/seed.js';
import { paginate, type BlockBox } from '../src/typeset/paginate.js';

const top = (g: PdfGlyph) => g.y - 0.88 * g.size;
const textOf = (l: PdfGlyph[]) => l.map((g) => g.char).join('');
const right = (l: PdfGlyph[]) => Math.max(...l.map((g) => g.x + g.width));
const centre = (l: PdfGlyph[]) => (l[0]!.x + right(l)) / 2;
const middle = (i: PdfImageBox) => ({ x: i.left + i.width / 2, y: i.top + i.height / 2 });

/** The glyphs of the line that holds `text` on a page; an error naming the page's lines if none does. */
function lineWith(p: PdfPage, text: string): PdfGlyph[] {
  // The last such line: a 署名 comes after the 发文机关标志 that may hold its name.
  const l = linesOf(p.glyphs).findLast((x) => textOf(x).includes(text));
  if (!l) throw new Error(`no line with ${text}: ${linesOf(p.glyphs).map(textOf).join(' / ')}`);
  return l;
}
/** The glyphs of `text` within its line (several names share a line). */
function glyphsOf(p: PdfPage, text: string): PdfGlyph[] {
  const l = lineWith(p, text);
  const at = textOf(l).indexOf(text);
  return l.slice(at, at + [...text].length);
}

const dir = mkdtempSync(join(tmpdir(), 'wenshu-gw-sig-'));
// Stand-ins: 签名章 30 × 15, 26 × 12 and 30 × 18 mm; the example seal, 42 mm across.
writeFileSync(join(dir, 's1.png'), redFrame(30, 15));
writeFileSync(join(dir, 's2.png'), redFrame(26, 12));
writeFileSync(join(dir, 's3.png'), redFrame(30, 18));
const SEAL = `${root}content/seal.png`;
const BODY = '为做好有关工作，现将事项通知如下。';
const source = (extra: string, body = BODY) =>
  `---\ntitle: 关于开展职工互助保障活动的通知\npreset: gongwen\ndate: 2026-11-23\nissuer: 滇南市总工会文件\nnumber: 滇南工发〔2026〕12号\n${extra}---\n${body}\n`;
const pdfOf = async (extra: string, body?: string) => readPdf(await renderDocument(parseSource(source(extra, body), join(dir, 'n.md')), 'pdf'));
const docxPdfOf = async (extra: string, name: string) => {
  const path = join(dir, `${name}.docx`);
  writeFileSync(path, await renderDocument(parseSource(source(extra), join(dir, 'n.md')), 'docx'));
  return readPdf(libreOfficeToPdf(path));
};
const textBottom = (p: PdfPage) => top(lineWith(p, '现将事项')[0]!) + L;

const STAMP_ONE = 'signature: 滇南市人民政府市长\nstamp: s1.png\n';
const STAMP_THREE = 'signature: [滇南市人民政府市长, 滇南市总工会主席, 滇南市人力资源和社会保障局局长]\nstamp: [s1.png, s2.png, s3.png]\n';

describe('签发人签名章 (7.3.5.3) in the PDF', () => {
  it('one 签发人: the stamp four characters in, two blank lines below the text; the 职务 two characters to its left, centred on it; the date a blank line below, four characters in', async () => {
    const p = (await pdfOf(STAMP_ONE)).pages[0]!;
    expect(p.images).toHaveLength(1);
    const stamp = p.images[0]!;
    expect(Math.abs(stamp.width - 30 * MM)).toBeLessThan(TOL);
    expect(Math.abs(stamp.left + stamp.width - (area.right - 4 * CH))).toBeLessThan(TOL);
    const title = lineWith(p, '滇南市人民政府市长');
    expect(textOf(title)).toBe('滇南市人民政府市长');
    expect(Math.abs(right(title) - (stamp.left - 2 * CH))).toBeLessThan(TOL);
    expect(Math.abs(top(title[0]!) + title[0]!.size / 2 - middle(stamp).y)).toBeLessThan(TOL);
    // 正文下空二行: at least two blank lines between the text and the stamp, less than three.
    const gap = stamp.top - textBottom(p);
    expect(gap).toBeGreaterThan(2 * L - TOL);
    expect(gap).toBeLessThan(3 * L);
    // 签名章下空一行 (the stamp may reach a millimetre into it), 右空四字, on the grid.
    const date = lineWith(p, '2026年11月23日');
    const below = top(date[0]!) - (stamp.top + stamp.height);
    expect(below).toBeGreaterThan(L - 1 * MM - TOL);
    expect(below).toBeLessThan(2 * L);
    expect(Math.abs(right(date) - (area.right - 4 * CH))).toBeLessThan(TOL);
    const row = (top(date[0]!) - area.top) / L;
    expect(Math.abs(row - Math.round(row)) * L).toBeLessThan(TOL);
  });

  it('three 签发人: one row each in order, the stamps on one axis without overlapping, the 职务 ending together two characters left of the widest', async () => {
    const pdf = await pdfOf(STAMP_THREE);
    const p = pdf.pages.find((pg) => pg.images.length > 0)!;
    expect(p.images).toHaveLength(3);
    const stamps = [...p.images].sort((a, b) => a.top - b.top);
    expect(stamps.map((s) => Math.round(s.height / MM))).toEqual([15, 12, 18]);
    const axis = area.right - 4 * CH - 15 * MM;
    for (const s of stamps) expect(Math.abs(middle(s).x - axis)).toBeLessThan(TOL);
    for (let i = 1; i < 3; i++) expect(stamps[i]!.top).toBeGreaterThanOrEqual(stamps[i - 1]!.top + stamps[i - 1]!.height - 0.01);
    const titles = ['滇南市人民政府市长', '滇南市总工会主席', '滇南市人力资源和社会保障局局长'].map((t) => lineWith(p, t));
    titles.forEach((t, i) => {
      expect(Math.abs(right(t) - (axis - 15 * MM - 2 * CH)), `职务 ${i}`).toBeLessThan(TOL);
      expect(Math.abs(top(t[0]!) + t[0]!.size / 2 - middle(stamps[i]!).y), `centred ${i}`).toBeLessThan(TOL);
    });
    expect(top(titles[0]![0]!)).toBeLessThan(top(titles[1]![0]!));
    expect(top(titles[1]![0]!)).toBeLessThan(top(titles[2]![0]!));
    const date = lineWith(p, '2026年11月23日');
    const last = stamps[2]!;
    expect(top(date[0]!) - (last.top + last.height)).toBeGreaterThan(L - 1 * MM - TOL);
    expect(Math.abs(right(date) - (area.right - 4 * CH))).toBeLessThan(TOL);
  });

  it('refuses a stamp without the 职务 it stands beside, and a list of images that does not match the names, at the key', () => {
    const error = (extra: string) => {
      const e = errorOf(() => parseSource(source(extra), 'bad.md'));
      expect(e.kind).toBe('input');
      return e.message;
    };
    expect(error('stamp: s1.png\n')).toMatch(/bad\.md:7:8: 'stamp' needs 'signature': the 签发人职务/);
    expect(error('signature: [甲局局长, 乙局局长]\nstamp: s1.png\n')).toMatch(/bad\.md:8:8: 'stamp' must list one image per 'signature' name.*\(2 names, 1 image\)/);
    expect(error('signature: [甲局, 乙局, 丙局]\nseal: [a.png, b.png]\n')).toMatch(/'seal' must list one image per 'signature' name.*\(3 names, 2 images\)/);
    expect(error('signature: 甲局\nseal: a.png\nstamp: b.png\n')).toMatch(/'stamp' and 'seal' cannot both be given/);
  });
});

describe('joint issuers (7.3.5.1, 7.3.5.2) in the PDF', () => {
  for (const names of [['滇南市总工会', '滇南市人力资源和社会保障局'], ['滇南市总工会', '滇南市人社局', '滇南市财政局']]) {
    it(`${names.length} issuers with seals: the 署名 side by side in order, each seal centred on its 署名, level and apart, the last on the date`, async () => {
      const p = (await pdfOf(`signature: [${names.join(', ')}]\nseal: [${names.map(() => SEAL).join(', ')}]\n`)).pages[0]!;
      const seals = [...p.images].sort((a, b) => a.left - b.left);
      expect(seals).toHaveLength(names.length);
      const sigs = names.map((n) => glyphsOf(p, n));
      // One line, in the issuers' order.
      for (const s of sigs) expect(Math.abs(top(s[0]!) - top(sigs[0]![0]!))).toBeLessThan(0.01);
      for (let i = 1; i < sigs.length; i++) expect(sigs[i]![0]!.x).toBeGreaterThan(right(sigs[i - 1]!));
      seals.forEach((s, i) => expect(Math.abs(middle(s).x - centre(sigs[i]!)), `seal ${i} on its 署名`).toBeLessThan(TOL));
      // Level, apart (互不相交或相切), within the 版心.
      for (const s of seals) expect(Math.abs(s.top - seals[0]!.top)).toBeLessThan(0.01);
      for (let i = 1; i < seals.length; i++) expect(seals[i]!.left - (seals[i - 1]!.left + seals[i - 1]!.width)).toBeGreaterThan(1 * MM);
      expect(seals[0]!.left).toBeGreaterThanOrEqual(area.left - 0.01);
      expect(seals.at(-1)!.left + seals.at(-1)!.width).toBeLessThanOrEqual(area.right + 0.01);
      // The last seal on the last 署名 and the date, the date 右空四字 under the last 署名.
      const date = lineWith(p, '2026年11月23日');
      expect(Math.abs(right(date) - (area.right - 4 * CH))).toBeLessThan(TOL);
      expect(Math.abs(centre(date) - middle(seals.at(-1)!).x)).toBeLessThan(TOL);
      expect(Math.abs(top(date[0]!) - (top(sigs[0]![0]!) + L))).toBeLessThan(TOL);
      expect(seals.at(-1)!.top + seals.at(-1)!.height).toBeGreaterThan(top(date[0]!) + 16);
      // 首排印章顶端应当上距正文一行之内.
      const gap = seals[0]!.top - textBottom(p);
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeLessThanOrEqual(L);
    });
  }

  for (const names of [['滇南市总工会', '滇南市财政局'], ['滇南市总工会', '滇南市人力资源和社会保障局', '滇南市财政局']]) {
    it(`${names.length} issuers without seals: the 主办机关 first, the others one under another, the date on the line after`, async () => {
      const p = (await pdfOf(`signature: [${names.join(', ')}]\n`)).pages[0]!;
      const sigs = names.map((n) => lineWith(p, n));
      sigs.forEach((s, i) => {
        expect(textOf(s)).toBe(names[i]);
        if (i > 0) expect(Math.abs(top(s[0]!) - (top(sigs[i - 1]![0]!) + L))).toBeLessThan(TOL);
      });
      const date = lineWith(p, '2026年11月23日');
      expect(Math.abs(top(date[0]!) - (top(sigs.at(-1)![0]!) + L))).toBeLessThan(TOL);
      expect(Math.abs(top(sigs[0]![0]!) - (textBottom(p) + L))).toBeLessThan(TOL);
      expect(right(date)).toBeLessThanOrEqual(area.right - 2 * CH + TOL);
    });
  }
});

describe('an upward document\'s 签发人 (7.2.6) in the PDF', () => {
  it('sets 签发人： in 仿宋 and the names in 楷体 one character in from the right, the 发文字号 one in from the left on the last 签发人\'s line, the red line 4 mm below', async () => {
    const p = (await pdfOf('signer: [张三, 李四, 王五]\n')).pages[0]!;
    const label = glyphsOf(p, '签发人：');
    expect(label[0]!.font).toMatch(/Fandol|Fang/i);
    const first = glyphsOf(p, '张三');
    const last = glyphsOf(p, '王五');
    for (const n of [first, last, glyphsOf(p, '李四')]) expect(n[0]!.font).toMatch(/WenKai|Kai/i);
    // Two names a line, in order; the second line's name under the first name.
    expect(Math.abs(top(glyphsOf(p, '李四')[0]!) - top(first[0]!))).toBeLessThan(0.01);
    expect(glyphsOf(p, '李四')[0]!.x).toBeGreaterThan(right(first));
    expect(Math.abs(top(last[0]!) - (top(first[0]!) + L))).toBeLessThan(TOL);
    expect(Math.abs(last[0]!.x - first[0]!.x)).toBeLessThan(TOL);
    expect(Math.abs(right(lineWith(p, '李四')) - (area.right - CH))).toBeLessThan(TOL);
    const number = glyphsOf(p, '滇南工发〔2026〕12号');
    expect(Math.abs(number[0]!.x - (area.left + CH))).toBeLessThan(TOL);
    expect(Math.abs(top(number[0]!) - top(last[0]!))).toBeLessThan(0.01);
    const red = p.rules.filter((r) => r.color === '#ff0000');
    expect(red).toHaveLength(1);
    expect(Math.abs(red[0]!.y1 - (top(number[0]!) + 16 + 4 * MM))).toBeLessThan(TOL);
    // 7.2.6 编排在发文机关标志下空二行位置: the first 签发人 line two blank lines below the 标志.
    const mark = lineWith(p, '滇南市总工会文件');
    const gap = top(first[0]!) - (top(mark[0]!) + mark[0]!.size);
    expect(gap).toBeGreaterThanOrEqual(2 * L - 0.01);
    expect(gap).toBeLessThan(3 * L);
  });
});

describe.skipIf(!has('soffice'))('the signature block and 签发人 in the DOCX, rendered by LibreOffice', () => {
  /** LibreOffice sets text lower in an exact line than the PDF: text is compared by grid line, images against their text. */
  const sameLine = (a: PdfGlyph, b: PdfGlyph) => Math.abs(top(a) - top(b)) < 0.35 * L;
  let stampPdf: PdfPage;
  let stampLo: PdfPage;
  let sealPdf: PdfPage;
  let sealLo: PdfPage;
  const SEALS = `signature: [滇南市总工会, 滇南市人社局, 滇南市财政局]\nseal: [${SEAL}, ${SEAL}, ${SEAL}]\n`;
  beforeAll(async () => {
    stampPdf = (await pdfOf(STAMP_ONE)).pages[0]!;
    stampLo = (await docxPdfOf(STAMP_ONE, 'stamp')).pages[0]!;
    sealPdf = (await pdfOf(SEALS)).pages[0]!;
    sealLo = (await docxPdfOf(SEALS, 'seals')).pages[0]!;
  }, 240_000);

  it('anchors the 签名章 where the PDF draws it, the 职务 on the PDF\'s line and at its place', () => {
    expect(stampLo.images).toHaveLength(1);
    const [a, b] = [stampLo.images[0]!, stampPdf.images[0]!];
    expect(Math.abs(a.left - b.left)).toBeLessThan(TOL_LO);
    expect(Math.abs(a.width - b.width)).toBeLessThan(TOL_LO);
    const [ta, tb] = [lineWith(stampLo, '市长'), lineWith(stampPdf, '市长')];
    expect(sameLine(ta[0]!, tb[0]!)).toBe(true);
    expect(Math.abs(right(ta) - right(tb))).toBeLessThan(TOL_LO);
    // The stamp against its 职务, as in the PDF.
    expect(Math.abs(a.top - top(ta[0]!) - (b.top - top(tb[0]!)))).toBeLessThan(TOL_LO);
    const [da, db] = [lineWith(stampLo, '2026'), lineWith(stampPdf, '2026')];
    expect(sameLine(da[0]!, db[0]!)).toBe(true);
    expect(Math.abs(right(da) - (area.right - 4 * CH))).toBeLessThan(TOL_LO);
  });

  it('sets joint issuers\' 署名 side by side with their seals where the PDF does', () => {
    expect(sealLo.images).toHaveLength(3);
    const a = [...sealLo.images].sort((x, y) => x.left - y.left);
    const b = [...sealPdf.images].sort((x, y) => x.left - y.left);
    for (const name of ['滇南市总工会', '滇南市人社局', '滇南市财政局']) {
      const [ga, gb] = [glyphsOf(sealLo, name), glyphsOf(sealPdf, name)];
      expect(Math.abs(centre(ga) - centre(gb)), name).toBeLessThan(TOL_LO);
      expect(sameLine(ga[0]!, gb[0]!)).toBe(true);
    }
    const sigA = glyphsOf(sealLo, '滇南市总工会')[0]!;
    const sigB = glyphsOf(sealPdf, '滇南市总工会')[0]!;
    a.forEach((s, i) => {
      expect(Math.abs(s.left - b[i]!.left), `seal ${i}`).toBeLessThan(TOL_LO);
      expect(Math.abs(s.top - top(sigA) - (b[i]!.top - top(sigB))), `seal ${i} against its 署名`).toBeLessThan(TOL_LO);
    });
  });

  it.each([['one', 'signer: 张三\n', ['签发人：', '张三']], ['three', 'signer: [张三, 李四, 王五]\n', ['签发人：', '张三', '李四', '王五']]] as const)('puts %s 签发人 and the 发文字号 where the PDF does, the red line 4 mm below', async (_, extra, texts) => {
    const p = (await docxPdfOf(extra, 'signer')).pages[0]!;
    const q = (await pdfOf(extra)).pages[0]!;
    for (const text of [...texts, '滇南工发〔2026〕12号']) {
      const [a, b] = [glyphsOf(p, text), glyphsOf(q, text)];
      expect(Math.abs(a[0]!.x - b[0]!.x), `${text} ${a[0]!.x} ${b[0]!.x}`).toBeLessThan(TOL_LO);
      expect(Math.abs(top(a[0]!) - top(b[0]!)), text).toBeLessThan(TOL_LO);
    }
    const number = glyphsOf(p, '〔2026〕');
    const red = p.rules.filter((r) => r.color === '#ff0000');
    expect(Math.abs(red[0]!.y1 - (top(number[0]!) + 16 + 4 * MM))).toBeLessThan(TOL_LO);
  }, 120_000);
});

/**
 * The tags: each 公文 element its own structure type, mapped to P in the RoleMap (so a reader
 * that knows only the standard types reads a paragraph), with the element's Chinese name as /T;
 * the seals and stamps Figures with /Alt. Read by pikepdf, an independent reader, from the file.
 */
describe.skipIf(!has('pikepdf'))('公文 elements in the PDF structure tree', () => {
  const TREE = `
import json, sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
root = pdf.Root.StructTreeRoot
rolemap = {str(k)[1:]: str(v)[1:] for k, v in root.RoleMap.items()} if '/RoleMap' in root else {}
doc = root.K if isinstance(root.K, pikepdf.Dictionary) else root.K[0]
kids = doc.K if isinstance(doc.K, pikepdf.Array) else [doc.K]
out = []
for k in kids:
    if isinstance(k, pikepdf.Dictionary) and '/S' in k:
        out.append({'type': str(k.S)[1:], 'title': str(k.T) if '/T' in k else None, 'alt': str(k.Alt) if '/Alt' in k else None})
print(json.dumps({'rolemap': rolemap, 'elements': out}, ensure_ascii=False))
`;
  let files = 0;
  const tree = async (extra: string, text = source(extra)) => {
    const path = join(dir, `tree-${++files}.pdf`);
    writeFileSync(path, await renderDocument(parseSource(text, join(dir, 'n.md')), 'pdf'));
    const run = spawnSync(PYTHON, ['-c', TREE, path], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as { rolemap: Record<string, string>; elements: Array<{ type: string; title: string | null; alt: string | null }> };
  };

  it('gives each element of the 版头, 主体 and 版记 a type of its own, mapped to P, titled with its name', async () => {
    const extra = `copy: "000012"\nsecrecy: 秘密★1年\nurgency: 加急\nsigner: 张三\nto: 各基层工会\nattachments: [名额分配表]\nsignature: 滇南市总工会\nseal: ${SEAL}\nnote: 联系人：李明\ncc: 滇南市人民政府办公室\nprinter: 滇南市总工会办公室\nprinted: 2026-11-24\n`;
    const t = await tree(extra);
    const want: Array<[string, string]> = [
      ['GongwenCopyNumber', '份号'], ['GongwenSecrecy', '密级和保密期限'], ['GongwenUrgency', '紧急程度'], ['GongwenIssuerMark', '发文机关标志'],
      ['GongwenSigner', '签发人'], ['GongwenNumber', '发文字号'], ['GongwenAddressee', '主送机关'], ['GongwenAttachmentNote', '附件说明'],
      ['GongwenSignature', '发文机关署名'], ['GongwenDate', '成文日期'], ['GongwenRemark', '附注'], ['GongwenCopyTo', '抄送机关'], ['GongwenImprint', '印发机关和印发日期'],
    ];
    // In reading order, each once.
    const found = want.map(([type, title]) => {
      const at = t.elements.findIndex((e) => e.type === type);
      expect(at, type).toBeGreaterThanOrEqual(0);
      expect(t.elements[at]!.title, type).toBe(title);
      expect(t.rolemap[type], type).toBe('P');
      return at;
    });
    expect([...found].sort((a, b) => a - b)).toEqual(found);
    expect(t.elements.find((e) => e.type === 'H1')).toBeDefined();
    expect(t.elements.filter((e) => e.type === 'Figure').map((e) => e.alt)).toEqual(['印章']);
    // The seal in reading order: right after the 署名 it presses on, before the date.
    expect(t.elements.findIndex((e) => e.type === 'Figure')).toBe(found[want.findIndex(([type]) => type === 'GongwenSignature')]! + 1);
    // Every type in the tree is standard or mapped.
    const standard = new Set(['Document', 'P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'Figure', 'Table', 'Caption', 'Note', 'L', 'LI', 'Link']);
    for (const e of t.elements) expect(standard.has(e.type) || t.rolemap[e.type] !== undefined, e.type).toBe(true);
  });

  it('tags each 签名章 and each joint issuer\'s seal as a Figure with its alternate text, and each row of 署名', async () => {
    const stamps = await tree(STAMP_THREE);
    expect(stamps.elements.filter((e) => e.type === 'Figure').map((e) => e.alt)).toEqual(['签发人签名章', '签发人签名章', '签发人签名章']);
    expect(stamps.elements.filter((e) => e.type === 'GongwenSignature')).toHaveLength(3);
    const seals = await tree(`signature: [甲局, 乙局]\nseal: [${SEAL}, ${SEAL}]\n`);
    expect(seals.elements.filter((e) => e.type === 'Figure').map((e) => e.alt)).toEqual(['印章', '印章']);
    expect(seals.elements.filter((e) => e.type === 'GongwenSignature')).toHaveLength(1);
    // In reading order: each 签名章 after its 职务, the seals after the row of 署名 they press on, all before the date.
    const block = (t: typeof stamps) => t.elements.map((e) => e.type).filter((x) => x === 'GongwenSignature' || x === 'Figure' || x === 'GongwenDate');
    expect(block(stamps)).toEqual(['GongwenSignature', 'Figure', 'GongwenSignature', 'Figure', 'GongwenSignature', 'Figure', 'GongwenDate']);
    expect(block(seals)).toEqual(['GongwenSignature', 'Figure', 'Figure', 'GongwenDate']);
  });

  it('leaves a document without 公文 keys with standard types only and no RoleMap', async () => {
    const t = await tree('', `---\ntitle: 关于开展职工互助保障活动的通知\npreset: gongwen\ndate: 2026-11-23\n---\n${BODY}\n`);
    expect(t.rolemap).toEqual({});
    for (const e of t.elements) expect(e.type.startsWith('Gongwen')).toBe(false);
  });
});

/**
 * 7.3.5.5: 当公文排版后所剩空白处不能容下印章或签发人签名章、成文日期时，可以采取调整行距、字距的措施解决.
 * Bodies of growing length push the sealed signature past page 1's end: where two lines or less
 * are missing, page 1's text lines come closer together and the signature stays with them, its
 * seal ending on the last grid line; beyond that the end of the text goes over with it. Never a
 * signature or a date alone on a page.
 *
 * The seal is part of what must fit (7.3.5.1: it presses on the 署名 and the date, which sit 居印章中心
 * 偏下, so a 42 mm seal reaches some 8 mm below the date's line): on the date set on the last line
 * it would hang out of the 版心 into the margin where the page number stands 7 mm below (7.5).
 */
describe('a signature block that does not fit its page (7.3.5.5) in the PDF', () => {
  it('tightens the line pitch of the page rather than leave the signature alone, by two lines at most', async () => {
    let squeezed = 0;
    for (let k = 6; k <= 11; k++) {
      const body = Array.from({ length: k }, (_, i) => `第${i + 1}段职工互助保障活动是惠及广大职工的民心工程。`).join('\n\n');
      const pdf = await pdfOf(`signature: 滇南市总工会\nseal: ${SEAL}\n`, body);
      const p = pdf.pages.find((pg) => pg.images.length > 0)!;
      const lines = linesOf(p.glyphs).filter((l) => l[0]!.y < area.bottom);
      const date = lineWith(p, '2026年11月23日');
      const sig = lineWith(p, '滇南市总工会');
      const text = lines.filter((l) => textOf(l).startsWith('第'));
      expect(text.length, `k=${k}: text on the signature's page`).toBeGreaterThan(0);
      expect(top(sig[0]!)).toBeLessThan(top(date[0]!));
      expect(top(date[0]!) + L, `k=${k}`).toBeLessThanOrEqual(area.bottom + TOL);
      // The seal within the 版心, and its top within a line below the text (not on it).
      const seal = p.images[0]!;
      expect((seal.top + seal.height - area.bottom) / MM, `k=${k}: mm the seal hangs below the type area`).toBeLessThanOrEqual(0.5);
      // From the bottom of the last text line's box (the em box centred in a grid line).
      const gap = seal.top - (top(text.at(-1)![0]!) + (L + text.at(-1)![0]!.size) / 2);
      expect(gap, `k=${k}`).toBeGreaterThan(0);
      expect(gap, `k=${k}`).toBeLessThanOrEqual(L);
      const pitches = text.slice(1).map((l, i) => l[0]!.y - text[i]![0]!.y);
      const tight = pitches.length > 0 && Math.min(...pitches) < L - 0.5;
      if (!tight) continue;
      squeezed++;
      // One page, the text evenly closer, by two lines at most in all; the signature block on the grid.
      expect(pdf.pages, `k=${k}`).toHaveLength(1);
      for (const d of pitches) expect(Math.abs(d - pitches[0]!)).toBeLessThan(0.05);
      expect((L - pitches[0]!) * pitches.length).toBeLessThanOrEqual(2 * L + 0.01);
      const row = (top(date[0]!) - area.top) / L;
      expect(Math.abs(row - Math.round(row)) * L).toBeLessThan(TOL);
      // As low as the seal lets it: the seal ends on the last grid line.
      expect(seal.top + seal.height, `k=${k}`).toBeGreaterThan(area.bottom - L);
    }
    expect(squeezed).toBeGreaterThan(0);
  }, 60_000);
});

describe('paginate: Frame.squeeze (7.3.5.5), without a PDF', () => {
  const para = (lines: number): BlockBox => ({ lineHeight: L, lines, spaceBefore: 0, spaceAfter: 0, keepWithNext: false });
  const signature: BlockBox = { lineHeight: L, lines: 2, spaceBefore: L, spaceAfter: 0, keepWithNext: false, keepWithPrevious: true, squeezes: true };
  const frame = { top: 0, bottom: 22 * L, grid: L, pitch: L };
  for (const [text, pages] of [[19, 1], [20, 1], [21, 1], [22, 2]] as const) {
    it(`${text} lines of text and a signature of 1 + 2 lines: ${pages} page(s), the text tightened by what was missing`, () => {
      const out = paginate([para(text), signature], { ...frame, squeeze: 2 });
      expect(out).toHaveLength(pages);
      const last = out.at(-1)!;
      expect(last.lines.filter((l) => l.block === 0).length).toBeGreaterThan(0);
      const sig = last.lines.filter((l) => l.block === 1);
      expect(sig).toHaveLength(2);
      // The signature on the grid; its last line the page's last when it was squeezed in.
      for (const l of sig) expect(Math.abs(l.top / L - Math.round(l.top / L))).toBeLessThan(1e-6);
      const missing = text + 3 - 22;
      const body = last.lines.filter((l) => l.block === 0);
      const pitch = body.length > 1 ? body[1]!.top - body[0]!.top : L;
      if (pages === 1 && missing > 0) {
        expect(body).toHaveLength(text);
        expect(sig[1]!.top).toBeCloseTo(21 * L, 6);
        expect(pitch * (body.length - 1) + L).toBeCloseTo((body.length - missing) * L, 6);
      } else expect(pitch).toBeCloseTo(L, 6);
      if (pages === 2) expect(paginate([para(text), signature], { ...frame, squeeze: 2 })[0]!.lines.length).toBeLessThan(22);
      // Without the squeeze the text goes over with the signature.
      if (missing > 0) expect(paginate([para(text), signature], frame).length).toBe(2);
    });
  }

  // A seal (reach: 2.8 lines below the 署名's top, 0.8 below the date) is part of what must fit.
  const sealed: BlockBox = { ...signature, spaceBefore: 2 * L, reach: 2.8 * L };
  for (const [text, pages, shift] of [[17, 1, 0], [18, 1, 1], [19, 1, 2], [20, 2, 0]] as const) {
    it(`${text} lines of text and a sealed signature: ${pages} page(s), the text tightened by ${shift} line(s), the seal within the frame`, () => {
      const out = paginate([para(text), sealed], { ...frame, squeeze: 2 });
      expect(out).toHaveLength(pages);
      const last = out.at(-1)!;
      const sig = last.lines.filter((l) => l.block === 1);
      const body = last.lines.filter((l) => l.block === 0);
      expect(body.length).toBeGreaterThan(0);
      expect(sig[0]!.top + sealed.reach!).toBeLessThanOrEqual(22 * L + 1e-6);
      const pitch = body.length > 1 ? body[1]!.top - body[0]!.top : L;
      expect(pitch * (body.length - 1) + L).toBeCloseTo((body.length - shift) * L, 6);
      // Pressed as low as it fits: the seal ends on the last grid line.
      if (pages === 1 && shift > 0) expect(sig[0]!.top + sealed.reach!).toBeGreaterThan(21 * L);
    });
  }
});

/**
 * 7.3.5.5 in the DOCX, as LibreOffice breaks its pages: the same bodies of 6 to 11 one-line
 * paragraphs, with a seal and without. The 署名 and the date keep with the end of the text
 * (w:keepNext from the text's last paragraph on, the block's paragraphs w:keepLines), and where
 * the PDF tightens the signature's page the DOCX sets those paragraphs closer by the same grid
 * lines (signatureSqueeze): as many pages as the PDF, never a 署名 or a date without text above it.
 */
describe.skipIf(!has('soffice'))('a signature block that does not fit its page (7.3.5.5) in the DOCX, rendered by LibreOffice', () => {
  const bodyOf = (k: number) => Array.from({ length: k }, (_, i) => `第${i + 1}段职工互助保障活动是惠及广大职工的民心工程。`).join('\n\n');
  const cases = [true, false].flatMap((seal) => [6, 7, 8, 9, 10, 11].map((k) => ({ seal, k })));
  const results: Array<{ seal: boolean; k: number; pdf: PdfPage[]; lo: PdfPage[] }> = [];
  beforeAll(async () => {
    for (const { seal, k } of cases) {
      const extra = `signature: 滇南市总工会\n${seal ? `seal: ${SEAL}\n` : ''}`;
      const doc = parseSource(source(extra, bodyOf(k)), join(dir, 'n.md'));
      const path = join(dir, `squeeze-${k}-${seal}.docx`);
      writeFileSync(path, await renderDocument(doc, 'docx'));
      results.push({ seal, k, pdf: (await readPdf(await renderDocument(doc, 'pdf'))).pages, lo: (await readPdf(libreOfficeToPdf(path))).pages });
    }
  }, 600_000);
  const bodyLines = (p: PdfPage) => linesOf(p.glyphs).filter((l) => l[0]!.y < area.bottom);
  /** Whether the text on the signature's page is set closer than the grid (the PDF tightened it). */
  const tightened = (pages: PdfPage[]) => {
    const text = bodyLines(pages.find((p) => bodyLines(p).some((l) => textOf(l).includes('2026年11月23日')))!).filter((l) => textOf(l).startsWith('第'));
    return text.slice(1).some((l, i) => l[0]!.y - text[i]![0]!.y < L - 0.5);
  };

  it('never leaves the 署名 or the date on a page without text above it', () => {
    for (const { seal, k, lo } of results) {
      for (const mark of ['滇南市总工会', '2026年11月23日']) {
        const p = lo.find((pg) => bodyLines(pg).some((l) => textOf(l).includes(mark) && !textOf(l).includes('文件')))!;
        const at = bodyLines(p).findIndex((l) => textOf(l).includes(mark) && !textOf(l).includes('文件'));
        expect(bodyLines(p).slice(0, at).some((l) => textOf(l).startsWith('第')), `k=${k} seal=${seal}: ${mark}`).toBe(true);
      }
    }
  });

  it('fits on as many pages as the PDF, the tightened cases too', () => {
    let squeezed = 0;
    for (const { seal, k, pdf, lo } of results) {
      expect(lo.length, `k=${k} seal=${seal}`).toBe(pdf.length);
      if (!tightened(pdf)) continue;
      squeezed++;
      // Set closer in the DOCX too, the date on the PDF's grid line (LibreOffice sets text lower in a line).
      expect(tightened(lo), `k=${k} seal=${seal}`).toBe(true);
      const date = (pages: PdfPage[]) => top(lineWith(pages.at(-1)!, '2026年11月23日')[0]!);
      expect(Math.abs(date(lo) - date(pdf)), `k=${k} seal=${seal}`).toBeLessThan(0.35 * L);
      if (seal) expect((lo.at(-1)!.images[0]!.top + lo.at(-1)!.images[0]!.height - area.bottom) / MM, `k=${k}: mm below the type area`).toBeLessThan(1);
    }
    expect(squeezed).toBeGreaterThanOrEqual(3);
  });
});

/**
 * The same where a table or a footnote comes before the signature: the DOCX knows the PDF's pages
 * from the PDF's boxes of them (src/prepare/boxes.ts), so the signature's page is tightened
 * alike. The bodies grow until the PDF tightens the signature's page (page 2, after a page that
 * holds the table or the note); LibreOffice's rendering must have the PDF's pages and the date on
 * the PDF's grid line, within 1 mm of it once LibreOffice's place of text in a line (measured on
 * the first paragraph, which no squeeze moves) is taken off.
 */
describe.skipIf(!has('soffice'))('7.3.5.5 after a table or a footnote, in the DOCX rendered by LibreOffice', () => {
  const TABLE = '| 单位 | 名额 | 备注 |\n|---|---|---|\n| 蒙自市总工会 | 1200 | 含非公企业 |\n| 个旧市总工会 | 900 | |\n| 开远市总工会 | 800 | |';
  const para = (i: number) => `第${i + 1}段职工互助保障活动是惠及广大职工的民心工程。`;
  const bodies = {
    table: (k: number) => [para(0), TABLE, ...Array.from({ length: k - 1 }, (_, i) => para(i + 1))].join('\n\n'),
    footnote: (k: number) => [`${para(0).replace('。', '[^1]。')}`, ...Array.from({ length: k - 1 }, (_, i) => para(i + 1)), '[^1]: 截至10月底，全市共建成“职工书屋”326家。'].join('\n\n'),
  };
  const extra = `signature: 滇南市总工会\nseal: ${SEAL}\n`;
  const bodyLines = (p: PdfPage) => linesOf(p.glyphs).filter((l) => l[0]!.y < area.bottom);
  /** The smallest pitch between the body's lines on the last page, in grid lines. */
  const pitchOf = (pages: PdfPage[]) => {
    const text = bodyLines(pages.at(-1)!).filter((l) => textOf(l).startsWith('第'));
    return Math.min(...text.slice(1).map((l, i) => (l[0]!.y - text[i]![0]!.y) / L));
  };
  const results: Record<string, Array<{ k: number; pdf: PdfPage[]; lo: PdfPage[] }>> = { table: [], footnote: [] };
  beforeAll(async () => {
    for (const [kind, body] of Object.entries(bodies)) {
      // The PDF's bodies from a page and a bit on, until two of them are tightened: those, and the one before.
      const pdfs: Array<{ k: number; doc: ReturnType<typeof parseSource>; pdf: PdfPage[] }> = [];
      for (let k = 16; k <= 40 && pdfs.filter((x) => pitchOf(x.pdf) < 0.99).length < 2; k++) {
        const doc = parseSource(source(extra, body(k)), join(dir, 'n.md'));
        pdfs.push({ k, doc, pdf: (await readPdf(await renderDocument(doc, 'pdf'))).pages });
      }
      const first = pdfs.findIndex((x) => pitchOf(x.pdf) < 0.99);
      for (const { k, doc, pdf } of pdfs.slice(Math.max(0, first - 1))) {
        const path = join(dir, `after-${kind}-${k}.docx`);
        writeFileSync(path, await renderDocument(doc, 'docx'));
        results[kind]!.push({ k, pdf, lo: (await readPdf(libreOfficeToPdf(path))).pages });
      }
    }
  }, 600_000);

  it.each(['table', 'footnote'])('after a %s: the PDF\'s pages, the signature\'s page set closer alike, the date on the PDF\'s grid line', (kind) => {
    const cases = results[kind]!;
    const tightened = cases.filter((c) => pitchOf(c.pdf) < 0.99);
    expect(tightened.length, kind).toBe(2);
    // The table or the note is on page 1, the tightened signature on page 2.
    const held = (p: PdfPage) => (kind === 'table' ? textOf(linesOf(p.glyphs).flat()).includes('蒙自市总工会') : textOf(linesOf(p.glyphs).flat()).includes('职工书屋'));
    for (const { k, pdf, lo } of cases) {
      expect(pdf.length, `k=${k}`).toBe(2);
      expect(held(pdf[0]!) && held(lo[0]!), `k=${k}`).toBe(true);
      expect(lo.length, `k=${k}: LibreOffice's pages`).toBe(pdf.length);
      // Set closer in the DOCX where the PDF is, by as much.
      expect(Math.abs(pitchOf(lo) - pitchOf(pdf)), `k=${k}`).toBeLessThan(0.01);
      const firstLine = (pages: PdfPage[]) => top(lineWith(pages[0]!, '第1段')[0]!);
      const date = (pages: PdfPage[]) => top(lineWith(pages.at(-1)!, '2026年11月23日')[0]!);
      const inLine = firstLine(lo) - firstLine(pdf);
      expect(Math.abs(date(lo) - inLine - date(pdf)) / MM, `k=${k}: mm off the PDF's date`).toBeLessThan(1);
      // The seal within the type area, as in the PDF.
      const seal = lo.at(-1)!.images[0]!;
      expect((seal.top + seal.height - area.bottom) / MM, `k=${k}: mm below the type area`).toBeLessThan(1);
    }
  });
});

describe('the signature block kept with the text in the DOCX (Word\'s terms)', () => {
  it('keeps the text\'s last paragraph with the 署名 (keepNext, at least two of its lines: widowControl), the 署名 of several lines and the date whole (keepLines)', async () => {
    const doc = parseSource(source('signature: [滇南市总工会, 滇南市人社局, 滇南市财政局]\n', `${BODY}\n\n${BODY}`), join(dir, 'n.md'));
    const xml = partText(unzipDocx(await renderDocument(doc, 'docx')), 'word/document.xml');
    const paras = xml.match(/<w:p>[\s\S]*?<\/w:p>/g)!;
    const at = paras.findIndex((p) => p.includes('<w:pStyle w:val="Byline"/>'));
    const pPr = (p: string) => /<w:pPr>[\s\S]*?<\/w:pPr>/.exec(p)![0];
    expect(pPr(paras[at - 1]!)).toMatch(/<w:keepNext\/>[\s\S]*<w:widowControl\/>/);
    expect(pPr(paras[at]!)).toMatch(/<w:keepNext\/><w:keepLines\/>/);
    expect(pPr(paras[at + 1]!)).toMatch(/<w:pStyle w:val="Date"\/><w:keepLines\/>/);
    // Only there: the rest of the text is as before.
    expect(paras.filter((p) => p.includes('<w:widowControl/>'))).toHaveLength(1);
  });
});
