/**
 * Where a 公文's elements go, worked out once for the PDF and the DOCX (GB/T 9704-2012; the
 * numbers are the preset's, `official` in src/styles/gongwen.ts, each with its clause):
 *
 * - the 版头 on page 1: each element's top and box, the 标志 at its size fitted to the type width,
 *   the red separator line, and the grid line where the title starts;
 * - the hanging labels (附件：1., 抄送：) measured, so that wrapped lines align after them;
 * - the signature block with a seal (7.3.5.1): the date four characters in, the 署名 centred over
 *   it, the seal centred on the date, its centre a quarter line above the middle of the two lines.
 */
import { layoutParagraph, type Measure } from '../typeset/index.js';
import type { BoundBlock, PlacedImage } from '../styles/blocks.js';
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
  /** The seal, centred on the date: its centre from the type area's left, and below the top of the 署名's first line. */
  seal?: { image: PlacedImage; centerX: number; centerBelowByline: number };
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

/** The width of a bound block's text on one line at `size`. */
function textWidth(b: BoundBlock, measure: Measure, size: number): number {
  return b.runs.reduce((w, r) => w + charsWidth(measure, r.text, r.face.id, size), 0);
}

export function placeOfficial(official: Official, head: BoundBlock[], g: Geometry, seal: PlacedImage | undefined, blocks: BoundBlock[]): OfficialLayout {
  const { placed, rules, bodyTop } = official.format === '信函' ? placeLetterHead(official, head, g) : placeHead(official, head, g);
  // 套打: the 标志 and the red lines are printed on the paper already; everything else where it was.
  const blank = (h: PlacedHead) => official.preprinted && (h.bound.block.head === 'issuer' || h.bound.block.head === 'issuerSuffix');
  settleHangs(blocks, g);
  const sealAt = seal && official.signature ? settleSeal(blocks, g, seal) : undefined;
  return {
    head: placed.filter((h) => !blank(h)),
    rules: official.preprinted ? [] : rules,
    bodyTop,
    ...(sealAt ? { seal: sealAt } : {}),
    noFirstPageNumber: official.format === '信函',
  };
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
  if (total() > typeWidth) size = (size * typeWidth) / total();
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
  const numberRow = Math.ceil(markBottom / line - 1e-6) + os.numberLinesBelow;
  const signers = ofKind('signer');
  signers.forEach((b, i) => at(b, (numberRow - (signers.length - 1 - i)) * line, 0, typeWidth));
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

/** 附件：1. and 抄送：: the block's left inset clears the label, its first line hangs back by it. */
function settleHangs(blocks: BoundBlock[], g: Geometry): void {
  const char = g.preset.body.size;
  blocks.forEach((b, i) => {
    const hang = b.block.hang;
    if (!hang) return;
    const face = b.runs[0]!.face.id;
    const size = b.block.style.size;
    const label = charsWidth(g.measure, hang.label, face, size);
    const lead = hang.lead ? charsWidth(g.measure, hang.lead, face, size) : 0;
    const block = { ...b.block, left: hang.at * char + (lead + label) / g.scale, firstIndent: -label / g.scale };
    const width = g.typeWidth - (block.left + block.right) * g.scale;
    const runs = b.runs.map((r) => ({ text: r.text, font: r.face.id, size }));
    const lines = layoutParagraph(runs, g.measure, { width, em: size * g.scale, firstIndent: block.firstIndent * g.scale, align: block.style.align }).length;
    blocks[i] = { ...b, block, lines };
  });
}

/**
 * 7.3.5.1: the date `sealDateRightEm` characters in from the right, the 署名 centred over it; the
 * seal centred on the date, its centre a quarter line above the middle of the 署名 and the date
 * (they sit 居印章中心偏下), which with two blank lines above puts its top within a line of the text.
 */
function settleSeal(blocks: BoundBlock[], g: Geometry, image: PlacedImage): OfficialLayout['seal'] {
  const os = g.preset.official!;
  const dateAt = blocks.findIndex((b) => b.block.kind === 'date');
  const bylineAt = blocks.findIndex((b) => b.block.kind === 'byline');
  if (bylineAt < 0) return undefined;
  const char = g.preset.byline.size;
  const widthOf = (b: BoundBlock) => b.runs.map((r) => r.text).join('').split('\n').reduce((w, t) => Math.max(w, charsWidth(g.measure, t, b.runs[0]!.face.id, b.block.style.size)), 0);
  const bylineLines = blocks[bylineAt]!.runs.map((r) => r.text).join('').split('\n').length;
  const dateWidth = dateAt >= 0 ? solidWidth(blocks[dateAt]!, g) : widthOf(blocks[bylineAt]!);
  const dateRight = os.sealDateRightEm * char * g.scale;
  const bylineRight = Math.max(0, dateRight + (dateWidth - widthOf(blocks[bylineAt]!)) / 2);
  const withRight = (i: number, right: number) => (blocks[i] = { ...blocks[i]!, block: { ...blocks[i]!.block, right: right / g.scale } });
  withRight(bylineAt, bylineRight);
  if (dateAt >= 0) withRight(dateAt, dateRight);
  const lines = bylineLines + (dateAt >= 0 ? 1 : 0);
  return { image, centerX: g.typeWidth - dateRight - dateWidth / 2, centerBelowByline: (lines * g.line) / 2 - g.line / 4 };
}

/** The date's width written solid (2026年11月23日, no quarter em between hanzi and digits). */
function solidWidth(b: BoundBlock, g: Geometry): number {
  return textWidth(b, g.measure, b.block.style.size);
}
