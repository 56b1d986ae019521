/**
 * Images, links and footnotes, read back from every format: a 简报 with a photo, an inline icon,
 * a link, a contact line with a long address and a footnote, as a union office writes it. The
 * PDF through pdf.js (the images' boxes from the operator list, the link annotations, the glyphs
 * of the notes and the rule), the DOCX through its XML (drawing extents, relationships, footnotes)
 * and LibreOffice, the TXT as bytes. The test images are made here (pngjs) or are the tiny files in
 * test/fixtures/images (made with ImageMagick, see its README).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { PNG } from 'pngjs';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSource, renderDocument } from '../src/api.js';
import { presets } from '../src/styles/index.js';
import type { Diagnostic } from '../src/errors.js';
import { libreOfficeToPdf, partText, unzipDocx } from './helpers/docx.js';
import { asyncErrorOf } from './helpers/errors.js';
import { linesOf, readPdf, type PdfGlyph, type PdfPage } from './helpers/pdf.js';
import { has, PYTHON } from './helpers/programs.js';
import { root } from './helpers/seed.js';

const MM = 72 / 25.4;
const FIXTURES = join(root, 'test/fixtures/images');

/** A PNG of w × h pixels (RGB, or RGBA with alpha falling from left to right), at `dpi` when given (pHYs). */
export function makePng(w: number, h: number, options: { alpha?: boolean; dpi?: number } = {}): Buffer {
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      png.data[i] = (x * 255) / w;
      png.data[i + 1] = (y * 255) / h;
      png.data[i + 2] = 160;
      png.data[i + 3] = options.alpha ? 255 - (x * 255) / w : 255;
    }
  }
  const bytes = PNG.sync.write(png, { colorType: options.alpha ? 6 : 2 });
  return options.dpi ? withPhys(bytes, options.dpi) : bytes;
}

/** The PNG with a pHYs chunk (pixels per metre) after IHDR. */
function withPhys(png: Buffer, dpi: number): Buffer {
  const ppm = Math.round(dpi / 0.0254);
  const data = Buffer.alloc(9);
  data.writeUInt32BE(ppm, 0);
  data.writeUInt32BE(ppm, 4);
  data[8] = 1;
  const chunk = Buffer.alloc(21);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)), 17);
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]);
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A JPEG with an EXIF block saying orientation `o` (little-endian TIFF, one IFD entry), right after SOI. */
export function withOrientation(jpeg: Uint8Array, o: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x0112, 10);
  tiff.writeUInt16LE(3, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt16LE(o, 18);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([Buffer.from(jpeg.subarray(0, 2)), app1, body, Buffer.from(jpeg.subarray(2))]);
}

export interface PdfImageBox {
  name: string;
  /** Page, and the box in points from the page's top left corner. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The matrix the unit square is drawn with (PDF space, y up). */
  matrix: number[];
}

/** Every image drawn, from pdf.js's operator list: the CTM at each paintImageXObject. */
export async function pdfImages(bytes: Uint8Array): Promise<{ boxes: PdfImageBox[]; links: Array<{ page: number; url?: string; dest?: unknown; rect: number[] }> }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const boxes: PdfImageBox[] = [];
  const links: Array<{ page: number; url?: string; dest?: unknown; rect: number[] }> = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const height = (page.view as number[])[3]!;
    const ops = await page.getOperatorList();
    let ctm = [1, 0, 0, 1, 0, 0];
    const stack: number[][] = [];
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i];
      const args = ops.argsArray[i] as unknown[];
      if (fn === OPS.save) stack.push(ctm);
      else if (fn === OPS.restore) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
      else if (fn === OPS.transform) {
        const [a, b, c, d, e, f] = (typeof args[0] === 'number' ? args : Array.from(args[0] as ArrayLike<number>)) as number[];
        const m = ctm;
        ctm = [a! * m[0]! + b! * m[2]!, a! * m[1]! + b! * m[3]!, c! * m[0]! + d! * m[2]!, c! * m[1]! + d! * m[3]!, e! * m[0]! + f! * m[2]! + m[4]!, e! * m[1]! + f! * m[3]! + m[5]!];
      } else if (fn === OPS.paintImageXObject) {
        const corners = [[0, 0], [1, 0], [0, 1], [1, 1]].map(([u, v]) => [ctm[0]! * u! + ctm[2]! * v! + ctm[4]!, ctm[1]! * u! + ctm[3]! * v! + ctm[5]!]);
        const xs = corners.map((c) => c[0]!);
        const ys = corners.map((c) => c[1]!);
        boxes.push({ name: String(args[0]), page: n, x: Math.min(...xs), y: height - Math.max(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys), matrix: ctm });
      }
    }
    for (const a of await page.getAnnotations()) {
      if (a.subtype === 'Link') links.push({ page: n, ...(a.url ? { url: a.url as string } : {}), ...(a.dest ? { dest: a.dest } : {}), rect: a.rect as number[] });
    }
  }
  await pdf.destroy();
  return { boxes, links };
}

/** The sizes of the drawings in document.xml (wp:extent, points) with their alt text. */
export function docxDrawings(xml: string): Array<{ width: number; height: number; descr: string; rel: string }> {
  return [...xml.matchAll(/<wp:inline\b[\s\S]*?<wp:extent cx="(\d+)" cy="(\d+)"\/>[\s\S]*?<wp:docPr [^>]*descr="([^"]*)"[\s\S]*?r:embed="([^"]+)"/g)].map((m) => ({
    width: Number(m[1]) / 12700,
    height: Number(m[2]) / 12700,
    descr: m[3]!,
    rel: m[4]!,
  }));
}

const BRIEFING = `---
title: 工会工作简报（第12期）
date: 2026-11-20
byline: 市总工会办公室
---
11月18日，市总工会举办“职工书屋”建设现场推进会，各区县工会负责同志参加会议。会议通报了今年“职工书屋”建设情况[^1]，交流了经验做法。

![推进会现场](photo.png "图1　推进会现场"){width=60%}

会上，各单位围绕书屋管理、图书更新和阅读活动![书屋标志](icon.png)等方面作了交流发言。详细情况请见[市总工会网站](https://www.example.org/news/2026/1118.html)。

联系人：王老师，电话：0871-12345678，邮箱：wang.laoshi@example.org。网址：https://www.example.org/zhigong/shuwu/baoming/2026/index.html?from=jianbao&id=12 请于11月30日前报名。

同一张照片再用一次：

![推进会现场（局部）](photo.png){width=30mm}

[^1]: 截至10月底，全市共建成“职工书屋”326家，其中全国示范点12家，省级示范点45家。
`;

let dir: string;
let pdf: Uint8Array;
let docx: Uint8Array;
let txt: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wenshu-media-'));
  writeFileSync(join(dir, 'photo.png'), makePng(600, 400, { dpi: 150 }));
  writeFileSync(join(dir, 'icon.png'), makePng(64, 64, { alpha: true }));
  writeFileSync(join(dir, 'jianbao.md'), BRIEFING);
  const doc = await loadSource(join(dir, 'jianbao.md'), { config: false });
  pdf = await renderDocument(doc, 'pdf');
  docx = await renderDocument(doc, 'docx');
  txt = new TextDecoder().decode(await renderDocument(doc, 'txt'));
}, 60_000);

describe('a 简报 with a photo, an icon, a link and a footnote', () => {
  it('draws the photo centred at 60% of the text width, its caption under it, the same file embedded once', async () => {
    const { boxes } = await pdfImages(pdf);
    const typeWidth = 210 * MM - 2 * 27 * MM;
    const photo = boxes.find((b) => Math.abs(b.width - 0.6 * typeWidth) < 0.01)!;
    expect(photo.height).toBeCloseTo((0.6 * typeWidth * 400) / 600, 2);
    expect(photo.x + photo.width / 2).toBeCloseTo(105 * MM, 2);
    // The second use: 30 mm wide, the same XObject.
    const detail = boxes.find((b) => Math.abs(b.width - 30 * MM) < 0.01)!;
    expect(detail.name).toBe(photo.name);
    const raw = Buffer.from(pdf).toString('latin1');
    expect(raw.match(/\/Subtype \/Image/g)!.length).toBe(3); // photo, icon, the icon's soft mask
    // The caption's glyphs sit under the photo, centred.
    const read = await readPdf(pdf);
    const caption = linesOf(read.pages[0]!.glyphs).find((l) => l.map((g) => g.char).join('').includes('推进会现场'))!;
    expect(caption[0]!.y).toBeGreaterThan(photo.y + photo.height);
    expect((caption[0]!.x + caption.at(-1)!.x + caption.at(-1)!.width) / 2).toBeCloseTo(105 * MM, 0);
    expect(read.pages[0]!.roles).toContain('Figure');
  });

  it('sets the icon in its line at text height, on the baseline', async () => {
    const { boxes } = await pdfImages(pdf);
    const icon = boxes.find((b) => Math.abs(b.height - 12) < 0.01)!;
    expect(icon.width).toBeCloseTo(12, 2);
    const read = await readPdf(pdf);
    const line = linesOf(read.pages[0]!.glyphs).find((l) => l.map((g) => g.char).join('').includes('阅读活动'))!;
    expect(icon.y + icon.height).toBeCloseTo(line[0]!.y, 1);
  });

  it('agrees with the DOCX on every image size within 0.5 mm, alt text as descr, bytes as given', async () => {
    const { boxes } = await pdfImages(pdf);
    const parts = unzipDocx(docx);
    const drawings = docxDrawings(partText(parts, 'word/document.xml'));
    expect(drawings.map((d) => d.descr)).toEqual(['推进会现场', '书屋标志', '推进会现场（局部）']);
    const inPdf = [...boxes].sort((a, b) => a.page - b.page || a.y - b.y);
    expect(inPdf.length).toBe(3);
    drawings.forEach((d, i) => {
      expect(Math.abs(d.width - inPdf[i]!.width) / MM).toBeLessThan(0.5);
      expect(Math.abs(d.height - inPdf[i]!.height) / MM).toBeLessThan(0.5);
    });
    // One part per file, the bytes as given.
    const rels = partText(parts, 'word/_rels/document.xml.rels');
    const media = Object.keys(parts).filter((n) => n.startsWith('word/media/'));
    expect(media.length).toBe(2);
    expect(Buffer.from(parts['word/media/image1.png']!).equals(readFileSync(join(dir, 'photo.png')))).toBe(true);
    expect(drawings[0]!.rel).toBe(drawings[2]!.rel);
    expect(rels).toContain('Target="media/image1.png"');
    expect(partText(parts, '[Content_Types].xml')).toContain('<Default Extension="png" ContentType="image/png"/>');
  });

  it('links: PDF annotations with the URIs, DOCX hyperlinks with external relationships, TXT text（url）', async () => {
    const { links } = await pdfImages(pdf);
    const urls = links.map((l) => l.url);
    expect(urls).toContain('https://www.example.org/news/2026/1118.html');
    expect(urls).toContain('mailto:wang.laoshi@example.org');
    expect(urls.some((u) => u?.startsWith('https://www.example.org/zhigong/shuwu/baoming/2026/index.html?from=jianbao'))).toBe(true);
    // The address ends before the 。 that follows it.
    expect(urls).not.toContain('mailto:wang.laoshi@example.org。');
    const read = await readPdf(pdf);
    expect(read.pages[0]!.roles).toContain('Link');
    const parts = unzipDocx(docx);
    const rels = partText(parts, 'word/_rels/document.xml.rels');
    expect(rels).toMatch(/Type="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships\/hyperlink" Target="https:\/\/www\.example\.org\/news\/2026\/1118\.html" TargetMode="External"/);
    expect(rels).toContain('Target="mailto:wang.laoshi@example.org" TargetMode="External"');
    const xml = partText(parts, 'word/document.xml');
    expect(xml).toMatch(/<w:hyperlink r:id="rIdLink\d+" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"\/><\/w:rPr><w:t xml:space="preserve">市总工会网站<\/w:t>/);
    expect(partText(parts, 'word/styles.xml')).toContain('w:styleId="Hyperlink"');
    expect(txt).toContain('详细情况请见市总工会网站（https://www.example.org/news/2026/1118.html）。');
    // An address that is its own text is not repeated.
    expect(txt).toContain('邮箱：wang.laoshi@example.org。网址：https://www.example.org/zhigong/');
    expect(txt).toContain('[图：推进会现场]\n图1　推进会现场');
    expect(txt).toContain('阅读活动[图：书屋标志]等方面');
  });

  it('puts the footnote at the foot of its page, below a short rule, smaller, marked ①', async () => {
    const read = await readPdf(pdf);
    const page = read.pages[0]!;
    const lines = linesOf(page.glyphs);
    const note = lines.find((l) => l.map((g) => g.char).join('').includes('截至10月底'))!;
    const reference = lines.find((l) => l.map((g) => g.char).join('').includes('建设情况'))!;
    // The reference: ① set small and raised (on a baseline of its own) right after 况.
    const mark = page.glyphs.find((g) => g.char === '①' && g.size < 9)!;
    expect(mark.size).toBeCloseTo(12 * 0.6, 2);
    const kuang = reference.find((g) => g.char === '况')!;
    expect(mark.y).toBeLessThan(kuang.y);
    expect(mark.x).toBeCloseTo(kuang.x + kuang.width, 1);
    // The note: on the same page, at the foot, 9 pt, its marker ① first.
    expect(note[0]!.char).toBe('①');
    expect(note[1]!.size).toBe(9);
    expect(note[0]!.y).toBeGreaterThan(Math.max(...lines.filter((l) => l !== note && l[0]!.size >= 10.5 && l[0]!.y < 297 * MM - 30 * MM).map((l) => l[0]!.y)));
    expect(note[0]!.y).toBeLessThanOrEqual(297 * MM - 30 * MM);
    // The rule: a stroke a quarter of the type width, between the text and the note.
    const raw = Buffer.from(pdf);
    const rule = await ruleOf(raw);
    expect(rule.width).toBeCloseTo((210 - 54) * MM / 4, 1);
    expect(rule.y).toBeLessThan(note[0]!.y - 9 * 0.88);
    expect(page.roles).toContain('Note');
  });

  it('writes the footnote as a Word footnote, numbered ①②③ per page', () => {
    const parts = unzipDocx(docx);
    const notes = partText(parts, 'word/footnotes.xml');
    expect(notes).toMatch(/<w:footnote w:type="separator" w:id="-1">/);
    expect(notes).toMatch(/<w:footnote w:id="1">[\s\S]*<w:footnoteRef\/>[\s\S]*截至10月底/);
    const xml = partText(parts, 'word/document.xml');
    expect(xml).toMatch(/建设情况<\/w:t><\/w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"\/><\/w:rPr><w:footnoteReference w:id="1"\/>/);
    const settings = partText(parts, 'word/settings.xml');
    expect(settings).toMatch(/<w:footnotePr><w:pos w:val="pageBottom"\/><w:numFmt w:val="decimalEnclosedCircleChinese"\/><w:numStart w:val="1"\/><w:numRestart w:val="eachPage"\/><w:footnote w:id="-1"\/><w:footnote w:id="0"\/><\/w:footnotePr>/);
    expect(settings).toContain('<w:doNotExpandShiftReturn/>');
    expect(txt.trimEnd().split('\n').at(-1)).toBe('①截至10月底，全市共建成“职工书屋”326家，其中全国示范点12家，省级示范点45家。');
    expect(txt).toContain('建设情况①，');
  });

  it('sets the contact line with its long address no wider than any other justified line', async () => {
    expectContactLinesNotSpread(await readPdf(pdf), 12);
  });

  it('in the 公文 preset too, whose 28-character lines leave an address less room', async () => {
    const doc = await loadSource(join(dir, 'jianbao.md'), { config: false });
    expectContactLinesNotSpread(await readPdf(await renderDocument(doc, 'pdf', { preset: 'gongwen' })), 16);
  });

  it('is byte-identical across runs', async () => {
    const doc = await loadSource(join(dir, 'jianbao.md'), { config: false });
    expect(Buffer.from(await renderDocument(doc, 'pdf')).equals(Buffer.from(pdf))).toBe(true);
    expect(Buffer.from(await renderDocument(doc, 'docx')).equals(Buffer.from(docx))).toBe(true);
  });

  it.skipIf(!has('soffice'))('LibreOffice renders the pictures of the DOCX at their size', async () => {
    const path = join(dir, 'jianbao.docx');
    writeFileSync(path, docx);
    const { boxes } = await pdfImages(libreOfficeToPdf(path));
    const mine = (await pdfImages(pdf)).boxes;
    expect(boxes.length).toBe(3);
    for (const b of mine) expect(boxes.some((o) => Math.abs(o.width - b.width) / MM < 0.5 && Math.abs(o.height - b.height) / MM < 0.5)).toBe(true);
  }, 180_000);
});

/**
 * The contact paragraph's lines on page 1 are spread no wider than the page's other body lines
 * (`size` pt), within a sixteenth of an em: a line that ends inside a Latin word cannot fill its
 * width exactly, and what is left goes into its gaps.
 */
function expectContactLinesNotSpread(read: Awaited<ReturnType<typeof readPdf>>, size: number): void {
  const lines = linesOf(read.pages[0]!.glyphs).filter((l) => Math.abs(l[0]!.size - size) < 0.01);
  // The widest gap between two hanzi on a line: how far the line was spread.
  const spread = (line: typeof lines[number]) => {
    let widest = 0;
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]!;
      const b = line[i]!;
      if (/\p{Script=Han}/u.test(a.char) && /\p{Script=Han}/u.test(b.char)) widest = Math.max(widest, b.x - (a.x + a.width));
    }
    return widest;
  };
  const contact = lines.filter((l) => /联系人|example\.org|报名/.test(l.map((g) => g.char).join('')));
  // (Not the line with the inline icon, whose gap between 活动 and 等 holds the picture.)
  const others = lines.filter((l) => !contact.includes(l) && !/活动等/.test(l.map((g) => g.char).join('')));
  expect(contact.length).toBeGreaterThanOrEqual(2);
  expect(others.length).toBeGreaterThanOrEqual(2);
  const worstOther = Math.max(...others.map(spread));
  for (const line of contact) expect(spread(line), line.map((g) => g.char).join('')).toBeLessThanOrEqual(worstOther + size / 16);
}

/**
 * The stroke drawn as the notes' rule, `q w x0 y m x1 y l S Q`, found in the page's inflated
 * content stream (its coordinates from the page's top, as pdfkit's pages run).
 */
async function ruleOf(bytes: Buffer): Promise<{ width: number; y: number }> {
  const raw = bytes.toString('latin1');
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let text: string;
    try {
      text = zlib.inflateSync(bytes.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    const rule = /q [\d.]+ w ([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S Q/.exec(text);
    if (rule) return { width: Number(rule[3]) - Number(rule[1]), y: Number(rule[2]) };
  }
  throw new Error('no rule drawn');
}

describe('images of every kind the issue names', () => {
  const kinds = ['rgb.jpg', 'grey.jpg', 'cmyk.jpg', 'deep16.png', 'palette.png', 'interlaced.png', 'alpha.png'];

  it.each(kinds)('%s: embedded, drawn at its size from its resolution', async (file) => {
    const d = mkdtempSync(join(tmpdir(), 'wenshu-kind-'));
    writeFileSync(join(d, file), readFileSync(join(FIXTURES, file)));
    writeFileSync(join(d, 'a.md'), `---\ntitle: 图\n---\n![${file}](${file})\n`);
    const doc = await loadSource(join(d, 'a.md'), { config: false });
    const bytes = await renderDocument(doc, 'pdf');
    const { boxes } = await pdfImages(bytes);
    expect(boxes.length).toBe(1);
    const dpi = file === 'rgb.jpg' ? 150 : file === 'grey.jpg' ? 72 : file === 'cmyk.jpg' ? 37 * 2.54 : 96; // cmyk.jpg: JFIF 37 dots a centimetre
    expect(boxes[0]!.width).toBeCloseTo((40 / dpi) * 72, 1);
    expect(boxes[0]!.height).toBeCloseTo((20 / dpi) * 72, 1);
    const drawing = docxDrawings(partText(unzipDocx(await renderDocument(doc, 'docx')), 'word/document.xml'))[0]!;
    expect(Math.abs(drawing.width - boxes[0]!.width) / MM).toBeLessThan(0.5);
  });

  it('turns a JPEG as its EXIF orientation says, in the PDF and the DOCX', async () => {
    const d = mkdtempSync(join(tmpdir(), 'wenshu-exif-'));
    writeFileSync(join(d, 'turned.jpg'), withOrientation(readFileSync(join(FIXTURES, 'rgb.jpg')), 6));
    writeFileSync(join(d, 'a.md'), '---\ntitle: 图\n---\n![竖](turned.jpg)\n');
    const doc = await loadSource(join(d, 'a.md'), { config: false });
    const { boxes } = await pdfImages(await renderDocument(doc, 'pdf'));
    // Stored 40 × 20 at 150 dpi, shown turned a quarter: 20 wide, 40 high.
    expect(boxes[0]!.width).toBeCloseTo((20 / 150) * 72, 2);
    expect(boxes[0]!.height).toBeCloseTo((40 / 150) * 72, 2);
    // Orientation 6 turns clockwise: the stored top row runs down the right side.
    const [a, b, c, dd] = boxes[0]!.matrix;
    expect([Math.sign(a!), Math.sign(b!), Math.sign(c!), Math.sign(dd!)]).toEqual([0, -1, 1, 0]);
    const xml = partText(unzipDocx(await renderDocument(doc, 'docx')), 'word/document.xml');
    expect(xml).toMatch(/<a:xfrm rot="5400000">/);
    expect(docxDrawings(xml)[0]!.width).toBeCloseTo((20 / 150) * 72, 1);
  });

  it('flattens transparency onto white for PDF/A-1, with a warning at the image', async () => {
    const d = mkdtempSync(join(tmpdir(), 'wenshu-pdfa-'));
    writeFileSync(join(d, 'alpha.png'), readFileSync(join(FIXTURES, 'alpha.png')));
    writeFileSync(join(d, 'a.md'), '---\ntitle: 图\n---\n正文。\n\n![透明](alpha.png)\n');
    const doc = await loadSource(join(d, 'a.md'), { config: false });
    const warnings: Diagnostic[] = [];
    const bytes = await renderDocument(doc, 'pdf', { pdfa: '1b', onWarning: (w) => warnings.push(w) });
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('/SMask');
    expect(warnings.map((w) => [w.line, w.column, w.message])).toEqual([[6, 1, "the image 'alpha.png' is transparent, which PDF/A-1 does not allow: it is set on white"]]);
    const plain = await renderDocument(doc, 'pdf');
    expect(Buffer.from(plain).toString('latin1')).toContain('/SMask');
  });

  it('exports a 50-megapixel photo without decoding it', async () => {
    // The peak memory of a fresh process exporting the document to PDF and DOCX, with the photo
    // and with a small image of the same kind: decoding 10,000 × 5,000 RGB pixels alone would take
    // 150 MB more. (Measured in a process of its own, as its VmHWM: this one's heap says nothing
    // reliable, and getrusage's maxRSS keeps this process's peak across the child's exec.)
    const peak = (w: number, h: number) => {
      const d = mkdtempSync(join(tmpdir(), 'wenshu-big-'));
      writeFileSync(join(d, 'big.png'), bigPng(w, h));
      writeFileSync(join(d, 'a.md'), '---\ntitle: 大图\n---\n![大图](big.png)\n');
      const script = `import { exportFile } from ${JSON.stringify(pathToFileURL(join(root, 'dist/index.js')).href)};
        await exportFile(${JSON.stringify(join(d, 'a.md'))}, { to: ['pdf', 'docx'], outDir: ${JSON.stringify(d)}, config: false });
        process.stdout.write(/VmHWM:\\s*(\\d+)/.exec((await import('node:fs')).readFileSync('/proc/self/status', 'utf8'))[1]);`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '' } });
      expect(r.status, r.stderr).toBe(0);
      return { kb: Number(r.stdout), dir: d };
    };
    const small = peak(640, 320);
    const big = peak(10_000, 5_000);
    expect((big.kb - small.kb) / 1024).toBeLessThan(60);
    // Never wider than the text block, in both formats.
    const { boxes } = await pdfImages(readFileSync(join(big.dir, 'a.pdf')));
    expect(boxes[0]!.width).toBeCloseTo((210 - 54) * MM, 1);
    expect(docxDrawings(partText(unzipDocx(readFileSync(join(big.dir, 'a.docx'))), 'word/document.xml'))[0]!.width).toBeCloseTo((210 - 54) * MM, 1);
  }, 120_000);
});

/** An RGB PNG of w × h pixels of one colour, written a row at a time into one deflate stream. */
function bigPng(w: number, h: number): Buffer {
  const row = Buffer.alloc(1 + w * 3, 0x80);
  row[0] = 0;
  const rows = Buffer.alloc(row.length * 64);
  for (let i = 0; i < 64; i++) row.copy(rows, i * row.length);
  const chunks: Buffer[] = [];
  const deflate = zlib.deflateSync(Buffer.concat(Array.from({ length: h / 64 }, () => rows)), { level: 9 });
  chunks.push(deflate);
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', chunks[0]!), chunk('IEND', Buffer.alloc(0))]);
}

describe('bad images: one line with file:line:col, nothing written', () => {
  const cases: Array<[string, (d: string) => void, string]> = [
    ['missing.png', () => {}, "the image 'missing.png' does not exist"],
    ['folder.png', (d) => mkdirSync(join(d, 'folder.png')), "the image 'folder.png' is a folder, not a file"],
    ['anim.gif', (d) => writeFileSync(join(d, 'anim.gif'), Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')), "the image 'anim.gif' is a GIF image (convert it to PNG), not a supported type: images must be PNG or JPEG"],
    ['drawing.png', (d) => writeFileSync(join(d, 'drawing.png'), '<svg xmlns="http://www.w3.org/2000/svg"/>'), "the image 'drawing.png' is SVG (convert it to PNG"],
    ['cut.png', (d) => writeFileSync(join(d, 'cut.png'), makePng(20, 20).subarray(0, 60)), "the image 'cut.png' is damaged"],
    ['flipped.png', (d) => {
      const png = makePng(20, 20);
      png[45] = png[45]! ^ 0xff;
      writeFileSync(join(d, 'flipped.png'), png);
    }, "the image 'flipped.png' is damaged: its IDAT chunk fails its CRC check"],
    ['cut.jpg', (d) => writeFileSync(join(d, 'cut.jpg'), readFileSync(join(FIXTURES, 'rgb.jpg')).subarray(0, 300)), "the image 'cut.jpg' is damaged"],
  ];

  it.each(cases)('%s', async (name, make, message) => {
    const d = mkdtempSync(join(tmpdir(), 'wenshu-bad-'));
    make(d);
    writeFileSync(join(d, 'a.md'), `---\ntitle: 图\n---\n正文。\n\n见图![图](${name})。\n`);
    const doc = await loadSource(join(d, 'a.md'), { config: false });
    const e = await asyncErrorOf(renderDocument(doc, 'txt'));
    expect(e.diagnostics[0]).toMatchObject({ line: 6, column: 3, code: 'image' });
    expect(e.message).toContain(message);
  });
});

describe('a figure too tall for what is left of the page', () => {
  /** The document's structure elements in reading order (pikepdf, an independent reader). */
  const TREE = `
import json, sys, pikepdf
root = pikepdf.open(sys.argv[1]).Root.StructTreeRoot
doc = root.K if isinstance(root.K, pikepdf.Dictionary) else root.K[0]
kids = doc.K if isinstance(doc.K, pikepdf.Array) else [doc.K]
print(json.dumps([str(k.S)[1:] for k in kids if isinstance(k, pikepdf.Dictionary) and '/S' in k]))
`;
  const para = (n: number) => `第${n}段：各级工会组织要紧紧围绕中心、服务大局，把维护职工合法权益落到实处，推动工作取得新成效，让广大职工群众有实实在在的获得感。`;
  const head = '---\ntitle: 工会工作简报\n---\n# 市总工会开展慰问活动\n\n12月5日，市总工会走访慰问困难职工120户，发放慰问金36万元。\n';
  const after = Array.from({ length: 24 }, (_, n) => para(n + 1)).join('\n\n');

  let withFigure: Uint8Array;
  let without: Uint8Array;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wenshu-tall-'));
    // 600 × 1600 px at 100 dpi: 152 × 406 mm, scaled to the text width it is still taller than what is left of page 1.
    writeFileSync(join(dir, 'tall.png'), makePng(600, 1600, { dpi: 100 }));
    writeFileSync(join(dir, 'with.md'), `${head}\n![慰问现场](tall.png "图1　慰问现场")\n\n${after}\n`);
    writeFileSync(join(dir, 'without.md'), `${head}\n${after}\n`);
    const render = async (name: string) => renderDocument(await loadSource(join(dir, name), { config: false }), 'pdf');
    [withFigure, without] = [await render('with.md'), await render('without.md')];
  }, 60_000);

  it('floats to the top of the next page with its caption; the text after it fills the page before, full within a line', async () => {
    const [read, plain] = [await readPdf(withFigure), await readPdf(without)];
    // Body lines: those at the size of the paragraph under the heading; the pitch between them.
    const size = linesOf(plain.pages[0]!.glyphs).find((l) => l.map((g) => g.char).join('').startsWith('12月5日'))![0]!.size;
    const body = (page: PdfPage) => linesOf(page.glyphs).filter((l) => l[0]!.size === size);
    const ys = body(plain.pages[0]!).map((l) => l[0]!.y);
    const pitch = Math.min(...ys.slice(1).map((y, k) => y - ys[k]!));
    // The photo is not on page 1, but at the top of page 2, its caption under it.
    const { boxes } = await pdfImages(withFigure);
    const photo = boxes.find((b) => b.height > 300)!;
    expect(photo.page).toBe(2);
    const topOfText = Math.min(...body(plain.pages[1]!).map((l) => l[0]!.y - size));
    expect(photo.y).toBeLessThan(topOfText + 1);
    const caption = linesOf(read.pages[1]!.glyphs).find((l) => l.map((g) => g.char).join('').includes('慰问现场'))!;
    expect(caption[0]!.y).toBeGreaterThan(photo.y + photo.height);
    // Page 1 holds the text after the photo and ends within a line of where a full page of text ends.
    const page1 = body(read.pages[0]!);
    expect(page1.some((l) => l.map((g) => g.char).join('').startsWith('第1段'))).toBe(true);
    const full = body(plain.pages[0]!).at(-1)![0]!.y;
    expect(full - page1.at(-1)![0]!.y).toBeLessThanOrEqual(pitch + 0.01);
    // The heading above it stays where it is without the photo.
    const headingY = (p: PdfPage) => linesOf(p.glyphs).find((l) => l.map((g) => g.char).join('').includes('慰问活动'))![0]!.y;
    expect(headingY(read.pages[0]!)).toBeCloseTo(headingY(plain.pages[0]!), 1);
  });

  it.skipIf(!has('pikepdf'))('keeps the source\'s reading order in the structure tree: the photo and its caption between the paragraph before and the text after', async () => {
    // Drawn after that text (on page 2, the text on page 1) ...
    expect((await pdfImages(withFigure)).boxes.find((b) => b.height > 300)!.page).toBe(2);
    expect((await readPdf(withFigure)).pages[0]!.text.replace(/\s/g, '')).toContain('第1段');
    // ... read where the source has it.
    const path = join(dir, 'with.pdf');
    writeFileSync(path, withFigure);
    const types = JSON.parse(spawnSync(PYTHON, ['-c', TREE, path], { encoding: 'utf8' }).stdout) as string[];
    const at = types.indexOf('Figure');
    expect(types.slice(at - 2, at + 3)).toEqual(['H2', 'P', 'Figure', 'Caption', 'P']);
  });
});

describe('a table that continues under a figure put off to the top of the page', () => {
  it('repeats its caption with （续表） and its header row there, between the figure and the row that continues it (issue 18)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-float-table-'));
    // 300 × 1200 px at 96 dpi: 120 mm tall as asked, more than is left of page 1 after 12 paragraphs.
    writeFileSync(join(dir, 'tall.png'), makePng(300, 1200));
    const para = (n: number) => `第${n}段：各级工会组织要紧紧围绕中心、服务大局，把维护职工合法权益落到实处，推动工作取得新成效，让广大职工群众有实实在在的获得感。`;
    const rows = Array.from({ length: 30 }, (_, k) => `| ${k + 1} | 第${k + 1}基层工会 | ${(k + 1) * 3} |`).join('\n');
    const paras = Array.from({ length: 11 }, (_, k) => para(k + 1)).join('\n\n');
    writeFileSync(join(dir, 'a.md'), `---\ntitle: 工会工作简报\n---\n${paras}\n\n![现场](tall.png "图1　现场"){height=120mm}\n\nTable: 表1　名额\n\n| 序号 | 单位 | 名额 |\n|--|--|--:|\n${rows}\n`);
    const pdf = await renderDocument(await loadSource(join(dir, 'a.md'), { config: false }), 'pdf');
    const { pages } = await readPdf(pdf);
    const photo = (await pdfImages(pdf)).boxes.find((b) => b.height > 300)!;
    // The photo was put off to page 2, and the table began on page 1 (its first rows there).
    expect(photo.page).toBe(2);
    const text = (l: PdfGlyph[]) => l.map((g) => g.char).join('');
    expect(linesOf(pages[0]!.glyphs).some((l) => text(l).startsWith('1第1基层工会'))).toBe(true);
    const lines = linesOf(pages[1]!.glyphs);
    const y = (what: (s: string) => boolean) => lines.find((l) => what(text(l)))?.[0]!.y ?? NaN;
    const row = lines.find((l) => /^\d+第\d+基层工会/.test(text(l)))!;
    // On page 2: the photo, its caption, 表1　名额（续表）, the header row, then the row that goes on.
    expect(photo.y + photo.height).toBeLessThan(y((s) => s.includes('现场')));
    expect(y((s) => s.includes('现场'))).toBeLessThan(y((s) => s.includes('（续表）')));
    expect(y((s) => s.includes('（续表）'))).toBeLessThan(y((s) => s.startsWith('序号')));
    expect(y((s) => s.startsWith('序号'))).toBeLessThan(row[0]!.y);
    expect(text(row).startsWith('1第1')).toBe(false);
  }, 60_000);
});

describe('a photo taller than the type area, with a caption of three lines (issue 18)', () => {
  const caption = '图1　慰问现场：市总工会领导走访慰问困难职工家庭，送去米面油等生活物资和慰问金，详细了解职工家庭生活、子女就学和就业等方面的困难，鼓励他们坚定信心、战胜困难';
  const para = (n: number) => `第${n}段：各级工会组织要紧紧围绕中心、服务大局，把维护职工合法权益落到实处，推动工作取得新成效，让广大职工群众有实实在在的获得感。`;
  const squash = (s: string) => s.replace(/\s/g, '');
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wenshu-taller-'));
    // 600 × 2400 px at 100 dpi: 152 × 610 mm, taller than any page's type area even at the text width.
    writeFileSync(join(dir, 'tall.png'), makePng(600, 2400, { dpi: 100 }));
    for (const preset of ['handout', 'gongwen']) {
      const after = Array.from({ length: 6 }, (_, n) => para(n + 1)).join('\n\n');
      writeFileSync(join(dir, `${preset}.md`), `---\ntitle: 工会工作简报\npreset: ${preset}\n---\n# 市总工会开展慰问活动\n\n12月5日，市总工会走访慰问困难职工120户，发放慰问金36万元。\n\n![慰问现场](tall.png "${caption}")\n\n${after}\n`);
    }
  });

  for (const preset of ['handout', 'gongwen'] as const) {
    it(`${preset}: scaled down to what the type area leaves its caption, proportions kept; floated with its whole caption; the DOCX at the same size`, async () => {
      const doc = await loadSource(join(dir, `${preset}.md`), { config: false });
      const pdf = await renderDocument(doc, 'pdf');
      const { page } = presets[preset]!;
      const areaBottom = page.height - page.margin.bottom;
      const { boxes } = await pdfImages(pdf);
      expect(boxes.length).toBe(1);
      const photo = boxes[0]!;
      // Proportions kept (600 × 2400 px), within the type area, at its top on page 2 (it floated: page 1 holds the text after it).
      expect(photo.width / photo.height).toBeCloseTo(600 / 2400, 3);
      expect(photo.page).toBe(2);
      expect(Math.abs(photo.y - page.margin.top)).toBeLessThan(1);
      const { pages } = await readPdf(pdf);
      expect(squash(pages[0]!.text)).toContain('第1段');
      // The whole caption on the photo's page, under it, its last line ending inside the type area.
      expect(squash(pages[1]!.text)).toContain(squash(caption));
      const captionGlyphs = pages[1]!.glyphs.filter((g) => caption.includes(g.char));
      expect(captionGlyphs.length).toBeGreaterThanOrEqual([...caption].length - 1);
      expect(Math.min(...captionGlyphs.map((g) => g.y - g.size / 2))).toBeGreaterThan(photo.y + photo.height);
      expect(Math.max(...captionGlyphs.map((g) => g.y))).toBeLessThan(areaBottom);
      // Nothing drawn below the type area but the page number.
      const body = pages[1]!.glyphs.filter((g) => !/[\d—\s]/.test(g.char));
      expect(Math.max(...body.map((g) => g.y))).toBeLessThan(areaBottom);
      // The DOCX: the same size within 0.5 mm.
      const docx = await renderDocument(doc, 'docx');
      const [drawing] = docxDrawings(partText(unzipDocx(docx), 'word/document.xml'));
      expect(Math.abs(drawing!.width - photo.width) / MM).toBeLessThan(0.5);
      expect(Math.abs(drawing!.height - photo.height) / MM).toBeLessThan(0.5);
    }, 60_000);

    it.skipIf(!has('soffice'))(`${preset}: LibreOffice sets the DOCX's picture at the PDF's size, its whole caption on the same page`, async () => {
      const doc = await loadSource(join(dir, `${preset}.md`), { config: false });
      const photo = (await pdfImages(await renderDocument(doc, 'pdf'))).boxes[0]!;
      const path = join(dir, `${preset}.docx`);
      writeFileSync(path, await renderDocument(doc, 'docx'));
      const lo = libreOfficeToPdf(path);
      const loPhoto = (await pdfImages(lo)).boxes[0]!;
      expect(Math.abs(loPhoto.height - photo.height) / MM).toBeLessThan(0.5);
      expect(Math.abs(loPhoto.width - photo.width) / MM).toBeLessThan(0.5);
      expect(squash((await readPdf(lo)).pages[loPhoto.page - 1]!.text)).toContain(squash(caption));
    }, 200_000);
  }
});

describe('a figure put off before a table turned to landscape (issue 18)', () => {
  it('waits past the turned page and opens the next page with the text after the table, instead of a page of its own before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-float-turned-'));
    writeFileSync(join(dir, 'wide.png'), makePng(600, 300));
    const para = (n: number) => `第${n}段：各级工会组织要紧紧围绕中心、服务大局，把维护职工合法权益落到实处，推动工作取得新成效，让广大职工群众有实实在在的获得感。`;
    const columns = Array.from({ length: 14 }, (_, k) => k);
    const table = `| ${columns.map((k) => `列${k}`).join(' | ')} |\n|${columns.map(() => '---|').join('')}\n| ${columns.map(() => '市总工会职工服务中心').join(' | ')} |`;
    const paras = Array.from({ length: 5 }, (_, k) => para(k + 1)).join('\n\n');
    // Page 1 keeps two grid lines after 第99段: too few for the photo (4 lines) and its caption.
    writeFileSync(join(dir, 'a.md'), `---\ntitle: 关于开展活动的通知\npreset: gongwen\n---\n${paras}\n\n![现场](wide.png "图1　现场"){width=60%}\n\n${para(99)}\n\n${table}\n\n结束。\n`);
    const doc = await loadSource(join(dir, 'a.md'), { config: false });
    const pdf = await renderDocument(doc, 'pdf');
    const { pages } = await readPdf(pdf);
    const text = pages.map((p) => p.text.replace(/\s/g, ''));
    // Three pages, not four: the text, the turned table, then the photo with the text after the table.
    expect(text.length).toBe(3);
    expect(text[0]).toContain('第99段');
    expect(text[0]).not.toContain('图1');
    expect(text[1]).toContain('列13');
    expect(text[1]).not.toContain('图1');
    expect(text[2]).toContain('图1现场');
    expect(text[2]).toContain('结束。');
    const photo = (await pdfImages(pdf)).boxes[0]!;
    expect(photo.page).toBe(3);
    // At the top of the page, above the text that follows the table.
    const end = linesOf(pages[2]!.glyphs).find((l) => l.map((g) => g.char).join('').includes('结束'))!;
    expect(photo.y + photo.height).toBeLessThan(end[0]!.y);
    expect(Math.abs(photo.y - presets.gongwen!.page.margin.top)).toBeLessThan(1);
  }, 60_000);
});
