/**
 * Where a 公文's elements go, worked out once for the PDF and the DOCX (GB/T 9704-2012; the
 * numbers are the preset's, `official` in src/styles/gongwen.ts, each with its clause):
 *
 * - the 版头 on page 1: each element's top and box, the 标志 at its size fitted to the type width,
 *   the red separator line, and the grid line where the title starts;
 * - the hanging labels (附件：1., 抄送：) measured, so that wrapped lines align after them;
 * - the signature block with seals (7.3.5.1): the date four characters in, the 署名 centred over
 *   it, the seal centred on the date, its centre a quarter line above the middle of the two lines;
 *   joint issuers' seals side by side, each on its 署名, the last on the date;
 * - with 签发人签名章 (7.3.5.3): the stamp four characters in, the 职务 two characters to its left,
 *   centred on it, one row per 签发人, the date a blank line below the last stamp.
 */
import { layoutParagraph, type Line, type Measure, type StyledRun } from '../typeset/index.js';
import { runsByLine } from './measure.js';
import type { BoundBlock, FaceRun, PlacedImage, PlacedMark } from '../styles/blocks.js';
import type { StylePreset } from '../styles/types.js';
import type { Official } from '../model/index.js';

/** A 版头 element placed on page 1: its box in points from the page's top left corner. */
export interface PlacedHead {
  bound: BoundBlock;
  /** Top of its characters' em box. */
  top: number;
  left: number;
  width: number;
  /** Its size as set (the 标志 may be narrowed to fit). */
  size: number;
}

/** A straight line across the page, in points from the top left corner, and its colour (RRGGBB). */
export interface PlacedRule {
  x1: number;
  x2: number;
  y: number;
  thickness: number;
  color: string;
}

export interface OfficialLayout {
  head: PlacedHead[];
  /** The red separator(s) of the 版头 (信函: two double lines). */
  rules: PlacedRule[];
  /** Where the text starts on page 1 (a grid line): two lines below the red line. */
  bodyTop: number;
  /** No page number on page 1 (信函, 10.1). */
  noFirstPageNumber: boolean;
}

interface Geometry {
  measure: Measure;
  preset: StylePreset;
  typeWidth: number;
  /** Grid line pitch and the grid's scale (character pitch over the body size). */
  line: number;
  scale: number;
}

/** The width of text set solid, character by character (the grid's full-width rule applies to each). */
function charsWidth(measure: Measure, text: string, face: string, size: number): number {
  let w = 0;
  for (const ch of text) if (ch !== '\n') w += measure(ch, face, size);
  return w;
}

/** The width of the first `count` characters of a bound block's text, each in its run's face. */
function prefixWidth(b: BoundBlock, count: number, measure: Measure, size: number): number {
  let w = 0;
  let left = count;
  for (const r of b.runs) {
    const chars = [...r.text].slice(0, left);
    w += charsWidth(measure, chars.join(''), r.face.id, size);
    left -= chars.length;
    if (left <= 0) break;
  }
  return w;
}

/** The width of a bound block's text on one line at `size`. */
function textWidth(b: BoundBlock, measure: Measure, size: number): number {
  return b.runs.reduce((w, r) => w + charsWidth(measure, r.text, r.face.id, size), 0);
}

/** The images of the signature block, at their own sizes: the issuers' seals or the 签发人's stamps. */
export interface SignatureImages {
  seals?: PlacedImage[];
  stamps?: PlacedImage[];
}

export function placeOfficial(official: Official, head: BoundBlock[], g: Geometry, images: SignatureImages, blocks: BoundBlock[]): OfficialLayout {
  const { placed, rules, bodyTop } = official.format === '信函' ? placeLetterHead(official, head, g) : placeHead(official, head, g);
  // 套打: the 标志 and the red lines are printed on the paper already; everything else where it was.
  const blank = (h: PlacedHead) => official.preprinted && (h.bound.block.head === 'issuer' || h.bound.block.head === 'issuerSuffix');
  settleHangs(blocks, g);
  if (official.signature && images.stamps) settleStamps(blocks, g, images.stamps);
  else if (official.signature && images.seals?.length === 1) settleSeal(blocks, g, images.seals[0]!);
  else if (official.signature && images.seals) settleJointSeals(blocks, g, images.seals);
  return { head: placed.filter((h) => !blank(h)), rules: official.preprinted ? [] : rules, bodyTop, noFirstPageNumber: official.format === '信函' };
}

interface HeadPlacement {
  placed: PlacedHead[];
  rules: PlacedRule[];
  bodyTop: number;
}

/** Places head elements, `top` and `left` from the type area's top left corner. */
function placer(g: Geometry) {
  const m = g.preset.page.margin;
  const placed: PlacedHead[] = [];
  const at = (bound: BoundBlock, top: number, left: number, width: number, size = bound.block.style.size) => placed.push({ bound, top: m.top + top, left: m.left + left, width, size });
  return { placed, at };
}

/**
 * The 发文机关标志 (7.2.4) with its top edge `top` below the type area's: one name, or joint
 * issuers stacked with the format's word to their right, centred on them; at the preset's size, or
 * smaller to fit the type width. Returns its bottom edge.
 */
function placeMark(head: BoundBlock[], g: Geometry, top: number, at: ReturnType<typeof placer>['at']): number {
  const { measure, typeWidth, preset } = g;
  const os = preset.official!;
  const names = head.filter((b) => b.block.head === 'issuer');
  const suffix = head.find((b) => b.block.head === 'issuerSuffix');
  let size = os.issuer.size;
  const gap = () => (suffix ? size / 2 : 0);
  const widest = () => names.reduce((w, b) => Math.max(w, textWidth(b, measure, size)), 0);
  const total = () => widest() + (suffix ? gap() + textWidth(suffix, measure, size) : 0);
  // Down to a half point (the DOCX's unit of size): rounded up, a 标志 that fills the width wraps there.
  if (total() > typeWidth) size = Math.floor(((size * typeWidth) / total()) * 2) / 2;
  const pitch = names.length > 1 ? size * os.issuer.jointLineHeight : size;
  const column = widest();
  const left = (typeWidth - total()) / 2;
  names.forEach((b, i) => at(b, top + i * pitch, names.length > 1 ? left : 0, names.length > 1 ? column : typeWidth, size));
  const height = names.length > 0 ? (names.length - 1) * pitch + size : size;
  if (suffix) at(suffix, top + (height - size) / 2, left + column + gap(), textWidth(suffix, measure, size) + 1, size);
  return top + height;
}

/**
 * 文件格式 (7.2), 命令格式 (10.2) and 纪要格式 (10.3): 份号, 密级, 紧急程度 on lines 1–3 flush left
 * (7.2.1–7.2.3); the 标志 35 mm below the type area's top (7.2.4; 纪要 too, 10.3), a 命令's 20 mm
 * (10.2); the 发文字号 (a 命令's 令号) two blank grid lines below it, centred, or for an upward
 * document on the line of the last 签发人 (7.2.5, 7.2.6). Then the red line 4 mm below the 发文字号
 * and the title two blank lines below it (7.2.7, 7.3.1); a 命令 has no red line, its text starts
 * two blank lines below the 令号 (令号下空二行编排正文).
 */
function placeHead(official: Official, head: BoundBlock[], g: Geometry): HeadPlacement {
  const { preset, typeWidth, line } = g;
  const os = preset.official!;
  const m = preset.page.margin;
  const { placed, at } = placer(g);
  const ofKind = (h: string) => head.filter((b) => b.block.head === h);
  let row = 0;
  for (const b of head.filter((b) => b.block.head === 'copy' || b.block.head === 'secrecy' || b.block.head === 'urgency')) at(b, row++ * line, 0, typeWidth);

  const command = official.format === '命令';
  const markBottom = placeMark(head, g, command ? os.command.issuerTop : os.issuer.top, at);
  // 7.2.6: the 签发人 two blank lines below the 标志, one line after another (两个姓名一行), the
  // 发文字号 on the last one's line; a wrapped line's names start under the first name (回行时与上一行
  // 第一个签发人姓名对齐), the first line set one character in from the right.
  const signers = ofKind('signer');
  const numberRow = Math.ceil(markBottom / line - 1e-6) + os.numberLinesBelow + Math.max(0, signers.length - 1);
  const firstName = signers[0] && signerNameX(signers[0], g);
  signers.forEach((b, i) => {
    const wrapped = i > 0 && firstName !== undefined ? { ...b, block: { ...b.block, style: { ...b.block.style, align: 'left' as const }, left: firstName / g.scale, right: 0 } } : b;
    at(wrapped, (numberRow - (signers.length - 1 - i)) * line, 0, typeWidth);
  });
  const number = ofKind('number')[0];
  if (number) at(number, numberRow * line, 0, typeWidth);
  const numberBottom = number || signers.length > 0 ? numberRow * line + os.head.size : markBottom;

  const rules: PlacedRule[] = [];
  let above = numberBottom;
  if (!command) {
    above = numberBottom + os.ruleBelow;
    rules.push({ x1: m.left, x2: m.left + typeWidth, y: m.top + above, thickness: os.ruleThickness, color: os.red });
  }
  return { placed, rules, bodyTop: m.top + (Math.ceil(above / line - 1e-6) + os.titleLinesBelow) * line };
}

/**
 * 信函格式 (10.1): the 主办机关's 标志 30 mm from the page top, centred; red double lines 170 mm
 * long, centred on the type area, 4 mm below the 标志 (thick over thin) and 20 mm above the page
 * bottom (thin over thick); under the upper lines, 3号汉字高度的7/8 below them, the 份号, 密级,
 * 紧急程度 flush left one to a line and the 发文字号 flush right on the first line; the title two
 * blank lines below the last of them, on the grid.
 */
function placeLetterHead(official: Official, head: BoundBlock[], g: Geometry): HeadPlacement {
  const { preset, typeWidth, line } = g;
  const os = preset.official!;
  const l = os.letter;
  const m = preset.page.margin;
  const { placed, at } = placer(g);
  const markBottom = placeMark(head, g, l.issuerTop - m.top, at);
  const x1 = m.left + (typeWidth - l.lineLength) / 2;
  const x2 = x1 + l.lineLength;
  const y = m.top + markBottom + l.lineBelow;
  const yb = preset.page.height - l.bottomLineAbove;
  const rules: PlacedRule[] = [
    { x1, x2, y: y + l.thick / 2, thickness: l.thick, color: os.red },
    { x1, x2, y: y + l.thick + l.gap + l.thin / 2, thickness: l.thin, color: os.red },
    { x1, x2, y: yb - l.thick - l.gap - l.thin / 2, thickness: l.thin, color: os.red },
    { x1, x2, y: yb - l.thick / 2, thickness: l.thick, color: os.red },
  ];
  const first = markBottom + l.lineBelow + l.thick + l.gap + l.thin + l.elementsBelow;
  let row = 0;
  for (const b of head.filter((b) => b.block.head === 'copy' || b.block.head === 'secrecy' || b.block.head === 'urgency')) at(b, first + row++ * line, 0, typeWidth);
  // The 发文字号 flush right on the first line; 签发人 (not a 信函's, but kept) on the lines after it.
  const right = (b: BoundBlock, r: number) => at({ ...b, block: { ...b.block, left: 0, right: 0, style: { ...b.block.style, align: 'right' } } }, first + r * line, 0, typeWidth);
  const number = head.find((b) => b.block.head === 'number');
  if (number) right(number, 0);
  const signers = head.filter((b) => b.block.head === 'signer');
  signers.forEach((b, i) => right(b, i + (number ? 1 : 0)));
  const rows = Math.max(row, signers.length + (number ? 1 : 0));
  const lastBottom = rows > 0 ? first + (rows - 1) * line + os.head.size : first - l.elementsBelow;
  return { placed, rules, bodyTop: m.top + (Math.ceil(lastBottom / line - 1e-6) + os.titleLinesBelow) * line };
}

/** Where the first 签发人 name starts, from the type area's left: the first line is set right, one character in. */
function signerNameX(b: BoundBlock, g: Geometry): number {
  const size = b.block.style.size;
  const label = b.runs.filter((r) => r.piece.role === 'fang');
  const all = textWidth(b, g.measure, size);
  const labelWidth = label.reduce((w, r) => w + charsWidth(g.measure, r.text, r.face.id, size), 0);
  return g.typeWidth - b.block.right * g.scale - all + labelWidth;
}

/** 附件：1. and 抄送：: the block's left inset clears the label, its first line hangs back by it. */
function settleHangs(blocks: BoundBlock[], g: Geometry): void {
  const char = g.preset.body.size;
  blocks.forEach((b, i) => {
    const hang = b.block.hang;
    if (!hang) return;
    // The lead (附件： before 2.) is not in the block's text: it is measured in the block's own face.
    const face = (b.runs.find((r) => r.face.role === b.block.style.role) ?? b.runs[0]!).face.id;
    const size = b.block.style.size;
    // The label is the start of the block's text: measured in the faces its runs set it in (1. in the Latin face, maybe half-width).
    const label = prefixWidth(b, [...hang.label].length, g.measure, size);
    const lead = hang.lead ? charsWidth(g.measure, hang.lead, face, size) : 0;
    const block = { ...b.block, left: hang.at * char + (lead + label) / g.scale, firstIndent: -label / g.scale };
    const width = g.typeWidth - (block.left + block.right) * g.scale;
    const runs = b.runs.map((r) => ({ text: r.text, font: r.face.id, size, ...(r.piece.word !== undefined ? { word: r.piece.word } : {}) }));
    const layout = (w: number) => layoutParagraph(runs, g.measure, { width: w, em: size * g.scale, firstIndent: block.firstIndent * g.scale, align: block.style.align, gridScale: g.scale });
    if (b.block.kind !== 'attendance') {
      blocks[i] = { ...b, block, lines: layout(width).length };
      return;
    }
    // A 纪要's list of names breaks between names (the runs keep each name whole). The breaks are
    // written here, for the DOCX, whose word processor would break a name anywhere; and so that
    // they hold there, each line must fit set solid: it squeezes no marks (）、 take a cell each,
    // a 、 at the line's end its whole cell), so a line the PDF fits by squeezing would wrap again
    // there, inside a name. Laid out narrower by what a line set solid runs over, until none does.
    let laid = layout(width);
    for (let w = width, tries = 0; tries < 4; tries++) {
      const over = laid.reduce((most, line) => Math.max(most, unsqueezedWidth(line, runs, g.measure, size) - (width - line.indent)), 0);
      if (over <= 1e-6) break;
      laid = layout((w -= over));
    }
    const phrased = laid.length > 1 ? runsByLine(b.runs, laid) : undefined;
    blocks[i] = { ...b, block, lines: laid.length, ...(phrased ? { phrased } : {}) };
  });
}

/** A line's width set solid, every mark in its whole cell (as a word processor sets it). */
function unsqueezedWidth(line: Line, runs: readonly StyledRun[], measure: Measure, size: number): number {
  return line.glyphs.reduce((w, glyph) => w + charsWidth(measure, glyph.text, runs[glyph.run]!.font, size), 0);
}

/** The signature block's blocks: the 署名 (or 职务) rows and the date, each settled in place. */
interface SignatureBlocks {
  bylines: number[];
  date: number;
  /** The date's width set solid. */
  dateWidth: number;
  /** The date's right inset in points, 7.3.5.1 and 7.3.5.3: four characters. */
  dateRight: number;
  set: (i: number, change: Partial<BoundBlock['block']>) => void;
  widthOf: (i: number) => number;
}

function signatureBlocks(blocks: BoundBlock[], g: Geometry): SignatureBlocks | undefined {
  const bylines = blocks.flatMap((b, i) => (b.block.kind === 'byline' ? [i] : []));
  if (bylines.length === 0) return undefined;
  const date = blocks.findIndex((b) => b.block.kind === 'date');
  const widthOf = (i: number) => {
    // The widest of its lines (or tab-separated parts), each character in its run's face.
    const b = blocks[i]!;
    let widest = 0;
    let line = 0;
    for (const r of b.runs) {
      r.text.split(/([\n\t])/u).forEach((part) => {
        if (part === '\n' || part === '\t') line = 0;
        else widest = Math.max(widest, (line += charsWidth(g.measure, part, r.face.id, b.block.style.size)));
      });
    }
    return widest;
  };
  return {
    bylines,
    date,
    dateWidth: date >= 0 ? solidWidth(blocks[date]!, g) : widthOf(bylines.at(-1)!),
    dateRight: g.preset.official!.sealDateRightEm * g.preset.byline.size * g.scale,
    set: (i, change) => (blocks[i] = { ...blocks[i]!, block: { ...blocks[i]!.block, ...change } }),
    widthOf,
  };
}

/**
 * 7.3.5.1, one issuer: the date `sealDateRightEm` characters in from the right, the 署名 centred
 * over it; the seal centred on the date, its centre a quarter line above the middle of the 署名
 * and the date (they sit 居印章中心偏下), which with two blank lines above puts its top within a
 * line of the text.
 */
function settleSeal(blocks: BoundBlock[], g: Geometry, image: PlacedImage): void {
  const s = signatureBlocks(blocks, g);
  if (!s) return;
  const at = s.bylines[0]!;
  const bylineLines = blocks[at]!.runs.map((r) => r.text).join('').split('\n').length;
  const lines = bylineLines + (s.date >= 0 ? 1 : 0);
  const mark = { image, centerX: g.typeWidth - s.dateRight - s.dateWidth / 2, centerBelow: (lines * g.line) / 2 - g.line / 4 };
  s.set(at, { right: Math.max(0, s.dateRight + (s.dateWidth - s.widthOf(at)) / 2) / g.scale, marks: [mark] });
  if (s.date >= 0) s.set(s.date, { right: s.dateRight / g.scale });
}

/**
 * 7.3.5.1, joint issuers: the 署名 in the issuers' order, side by side, each seal centred on its
 * 署名 (居中下压), the last seal on the last 署名 and the date, as with one issuer. The seals of a
 * row are level and `sealGap` apart (互不相交或相切), as many to a row as the type area holds (每排
 * 印章两端不得超出版心); a row's names are centred on their seals, the last row's right-aligned
 * to the date's column; the rows are whole grid lines apart, far enough for the seals not to
 * touch. The first row's seals sit as one issuer's does, within a line below the text.
 */
function settleJointSeals(blocks: BoundBlock[], g: Geometry, images: PlacedImage[]): void {
  const s = signatureBlocks(blocks, g);
  if (!s || s.bylines.length !== images.length) return;
  const os = g.preset.official!;
  const width = largest(images.map((i) => i.width));
  const height = largest(images.map((i) => i.height));
  const char = g.preset.byline.size * g.scale;
  // Names wider than a seal push the seals apart: a name keeps a character clear of the next.
  const pitch = Math.max(width + os.sealGap, largest(s.bylines.map((i) => s.widthOf(i) + char)));
  const last = g.typeWidth - s.dateRight - s.dateWidth / 2;
  const perRow = Math.max(1, Math.min(images.length, Math.floor((last - width / 2) / pitch + 1e-6) + 1));
  const rows: number[][] = [];
  for (let i = 0; i < images.length; i += perRow) rows.push(images.map((_, j) => j).slice(i, i + perRow));
  const column = (j: number, count: number) => last - (count - 1 - j) * pitch;
  // The seals' centre below the row's top: as one issuer's, on the 署名 and the date under it.
  const centerBelow = g.line - g.line / 4;
  const rowLines = Math.ceil((height + os.sealGap) / g.line - 1e-6);
  const first = blocks[s.bylines[0]!]!;
  const rowBlocks = rows.map((row, r): BoundBlock => {
    const tabs = row.map((_, j) => column(j, row.length));
    const tab = (): FaceRun => ({ text: '\t', face: first.runs[0]!.face, piece: { ...first.runs[0]!.piece, text: '\t' } });
    const runs = row.flatMap((j) => [tab(), ...blocks[s.bylines[j]!]!.runs]);
    const style = { ...first.block.style, align: 'left' as const, spaceBefore: r === 0 ? first.block.style.spaceBefore : (rowLines - 1) * g.line };
    const marks: PlacedMark[] = row.map((j, n) => ({ image: images[j]!, centerX: tabs[n]!, centerBelow }));
    return { ...first, runs, block: { ...first.block, style, pieces: runs.map((x) => x.piece), left: 0, right: 0, firstIndent: 0, tabs, marks, keepWithNext: true } };
  });
  blocks.splice(s.bylines[0]!, s.bylines.length);
  rowBlocks.forEach((b, r) => blocks.splice(s.bylines[0]! + r, 0, b));
  const date = blocks.findIndex((b) => b.block.kind === 'date');
  if (date >= 0) blocks[date] = { ...blocks[date]!, block: { ...blocks[date]!.block, right: s.dateRight / g.scale } };
}

/**
 * 7.3.5.3, 签发人签名章: the stamp `sealDateRightEm` characters in from the right, at least two
 * blank lines below the text (正文下空二行); the 签发人职务 two characters to its left, the stamp
 * centred on it (以签名章为准上下居中), so the 职务 stays on a grid line. Joint 签发人 one row
 * each, in order, their stamps one under another on one axis (the widest four characters in), the
 * 职务 all ending two characters left of the widest; the date four characters in from the right,
 * a blank line below the last stamp (签名章下空一行).
 */
function settleStamps(blocks: BoundBlock[], g: Geometry, images: PlacedImage[]): void {
  const s = signatureBlocks(blocks, g);
  if (!s || s.bylines.length !== images.length) return;
  const os = g.preset.official!;
  const char = g.preset.byline.size * g.scale;
  // Whole grid lines; a stamp may reach up to a millimetre into the blank line below it (a 15 mm
  // stamp reaches 1 pt past its 职务's line, which would otherwise cost the date a whole line more).
  const lines = (pt: number) => Math.ceil((pt - SLACK) / g.line);
  // The stamps centred on one axis, as wide as the widest, the 职务 ending two characters left of it (上下对齐).
  const widest = largest(images.map((i) => i.width));
  const axis = g.typeWidth - s.dateRight - widest / 2;
  const right = s.dateRight + widest + os.stampTitleGapEm * char;
  let above = 0; // the previous stamp's reach below its row's top
  s.bylines.forEach((at, i) => {
    const image = images[i]!;
    const half = blocks[at]!.block.style.size / 2;
    // Rows from the end of what is above (the text, or the previous row's line): the stamp's top
    // two blank lines below the text, or below the previous stamp.
    const rowsDown = i === 0 ? lines(2 * g.line + image.height / 2 - half) : lines(above + image.height / 2 - half);
    const spaceBefore = i === 0 ? Math.max(1, rowsDown) * g.line : Math.max(0, rowsDown - 1) * g.line;
    s.set(at, { style: { ...blocks[at]!.block.style, spaceBefore, align: 'right' }, right: right / g.scale, marks: [{ image, centerX: axis, centerBelow: half }] });
    above = half + image.height / 2;
  });
  if (s.date >= 0) {
    // The date's top a blank line or more below the last stamp's bottom, on the grid.
    const rowsDown = lines(above + g.line);
    s.set(s.date, { style: { ...blocks[s.date]!.block.style, spaceBefore: (rowsDown - 1) * g.line }, right: s.dateRight / g.scale });
  }
}

/** The largest of some numbers (0 for none), without spreading them into a call. */
const largest = (xs: readonly number[]): number => xs.reduce((a, b) => Math.max(a, b), 0);

/** How far a 签名章 may reach into the blank line below it: 1 mm. */
const SLACK = 72 / 25.4;

/** The date's width written solid (2026年11月23日, no quarter em between hanzi and digits). */
function solidWidth(b: BoundBlock, g: Geometry): number {
  return textWidth(b, g.measure, b.block.style.size);
}
