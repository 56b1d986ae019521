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
  const { preset, typeWidth, line, measure } = g;
  const os = preset.official!;
  const m = preset.page.margin;
  const placed: PlacedHead[] = [];
  const at = (bound: BoundBlock, top: number, left: number, width: number, size = bound.block.style.size) => placed.push({ bound, top: m.top + top, left: m.left + left, width, size });
  const ofKind = (h: string) => head.filter((b) => b.block.head === h);

  // 7.2.1–7.2.3: 份号, 密级, 紧急程度 on lines 1, 2, 3 (as many as there are), flush left.
  let row = 0;
  for (const b of head.filter((b) => b.block.head === 'copy' || b.block.head === 'secrecy' || b.block.head === 'urgency')) at(b, row++ * line, 0, typeWidth);

  // 7.2.4 (10.1, 10.2): the 标志's top edge; its size the preset's, or smaller to fit the type width.
  const format = official.format;
  const top = format === '信函' ? os.letter.issuerTop - m.top : format === '命令' ? os.command.issuerTop : os.issuer.top;
  const names = ofKind('issuer');
  const suffix = ofKind('issuerSuffix')[0];
  let size = os.issuer.size;
  const gap = () => (suffix ? size / 2 : 0);
  const widest = () => names.reduce((w, b) => Math.max(w, textWidth(b, measure, size)), 0);
  const total = () => widest() + (suffix ? gap() + textWidth(suffix, measure, size) : 0);
  if (total() > typeWidth) size = (size * typeWidth) / total();
  const pitch = names.length > 1 ? size * os.issuer.jointLineHeight : size;
  const column = widest();
  const left = (typeWidth - total()) / 2;
  names.forEach((b, i) => at(b, top + i * pitch, names.length > 1 ? left : 0, names.length > 1 ? column : typeWidth, size));
  // Joint issuers: the format's word to their right, centred on the column of names.
  const height = names.length > 0 ? (names.length - 1) * pitch + size : size; // 套打: the space of one line of the 标志
  if (suffix) at(suffix, top + (height - size) / 2, left + column + gap(), textWidth(suffix, measure, size) + 1, size);
  const markBottom = top + height;

  // 7.2.5 发文字号 two blank lines below the 标志 (on the grid); an upward document's on the line of the last 签发人.
  const numberRow = Math.ceil(markBottom / line - 1e-6) + os.numberLinesBelow;
  const signers = ofKind('signer');
  signers.forEach((b, i) => at(b, (numberRow - (signers.length - 1 - i)) * line, 0, typeWidth));
  const number = ofKind('number')[0];
  if (number) at(number, numberRow * line, 0, typeWidth);

  const rules: PlacedRule[] = [];
  let ruleY: number;
  if (format === '信函') {
    // 10.1: double lines 170 mm, centred on the page, 4 mm below the 标志 (thick over thin) and 20 mm above the page bottom (thin over thick).
    const l = os.letter;
    const x1 = (preset.page.width - l.lineLength) / 2;
    const x2 = x1 + l.lineLength;
    const y = m.top + markBottom + l.lineBelow;
    rules.push({ x1, x2, y: y + l.thick / 2, thickness: l.thick, color: os.red }, { x1, x2, y: y + l.thick + l.gap + l.thin / 2, thickness: l.thin, color: os.red });
    const yb = preset.page.height - l.bottomLineAbove;
    rules.push({ x1, x2, y: yb - l.thick / 2, thickness: l.thick, color: os.red }, { x1, x2, y: yb - l.thick - l.gap - l.thin / 2, thickness: l.thin, color: os.red });
    ruleY = markBottom + l.lineBelow + l.thick + l.gap + l.thin;
  } else {
    // 7.2.7: the red line 4 mm below the 发文字号's characters, as wide as the type area.
    ruleY = (number ? numberRow * line + os.head.size : markBottom) + os.ruleBelow;
    if (!official.preprinted) rules.push({ x1: m.left, x2: m.left + typeWidth, y: m.top + ruleY, thickness: os.ruleThickness, color: os.red });
  }
  // 7.3.1: the title two blank lines below the red line.
  const bodyTop = m.top + (Math.ceil(ruleY / line - 1e-6) + os.titleLinesBelow) * line;

  settleHangs(blocks, g);
  const sealAt = seal && official.signature ? settleSeal(blocks, g, seal) : undefined;
  return { head: placed, rules, bodyTop, ...(sealAt ? { seal: sealAt } : {}), noFirstPageNumber: format === '信函' };
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
