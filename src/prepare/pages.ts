/**
 * What the page breaks depend on, shared by the PDF (which breaks its own pages) and the DOCX
 * (which leaves them to the word processor but must know where a 公文's signature block falls):
 * the frame of a page and a text block's box for the paginator (src/typeset/paginate.ts), and the
 * options each block's lines are broken with.
 *
 * `signatureSqueeze` paginates a 公文's text as the PDF does, up to its signature block, to tell
 * the DOCX whether the block's page is tightened (GB/T 9704-2012 7.3.5.5, 调整行距) and by how much.
 */
import type { BoundBlock, PlacedMark, StyledBlock } from '../styles/blocks.js';
import { layoutParagraph, type LayoutOptions, type Measure } from '../typeset/index.js';
import { paginate, type BlockBox, type Frame } from '../typeset/paginate.js';
import { faceMeasure, facesById } from './measure.js';
import type { TypesetDocument } from './index.js';

/** The type area of an upright page, in points from the page's top left corner. */
export function typeAreaOf(doc: Pick<TypesetDocument, 'preset'>): { left: number; right: number; top: number; bottom: number } {
  const { page } = doc.preset;
  return { left: page.margin.left, right: page.width - page.margin.right, top: page.margin.top, bottom: page.height - page.margin.bottom };
}

/** The paginator's frame: the type area, the 公文 grid and 版头, and the room a note rule takes (with notes). */
export function pageFrame(doc: TypesetDocument, noteRule?: number): Frame {
  const area = typeAreaOf(doc);
  const { preset } = doc;
  return {
    top: area.top, bottom: area.bottom, ...(doc.pitch ? { grid: doc.pitch.line } : {}),
    ...(doc.official ? { firstTop: doc.official.bodyTop, squeeze: preset.official!.squeezeLines, ...(preset.official!.duplex ? { footOnEvenPage: true } : {}) } : {}),
    ...(noteRule !== undefined ? { noteRule } : {}),
    landscapeBottom: area.top + (area.right - area.left),
    // Page breaks balanced on the body's pitch (the grid's on a grid): full pages end together.
    pitch: doc.pitch?.line ?? preset.body.lineHeight,
    ...(doc.pitch ? {} : { register: preset.body.lineHeight }),
  };
}

/** How far below the top of its block's first line the lowest of the images pressed on it reaches (a seal hangs below the date). */
export const marksReach = (marks: readonly PlacedMark[]): number => marks.reduce((r, m) => Math.max(r, m.centerBelow + m.image.height / 2), 0);

/** What a block's box is made of, in the PDF's flow block or the prepared styled block alike. */
type Boxed = Pick<StyledBlock, 'kind' | 'style' | 'keepWithNext' | 'keepWithPrevious' | 'marks' | 'breakBefore' | 'foot'> & { landscape?: boolean; figure?: unknown };

/** The box of a block of text lines (or of a figure, one line `lineHeight` tall) for the paginator. */
export function textBox(doc: TypesetDocument, block: Boxed, lines: number, lineHeight = block.style.lineHeight): BlockBox {
  return {
    lineHeight,
    lines,
    spaceBefore: block.style.spaceBefore ?? 0,
    spaceAfter: block.style.spaceAfter ?? 0,
    keepWithNext: block.keepWithNext,
    ...(block.keepWithPrevious ? { keepWithPrevious: true } : {}),
    ...(doc.official && doc.document.meta.official?.signature && (block.kind === 'byline' || block.kind === 'date') ? { squeezes: true } : {}),
    ...(block.kind === 'attendance' ? { together: true } : {}),
    ...(block.figure ? { float: true } : {}),
    ...(block.marks ? { reach: marksReach(block.marks) } : {}),
    ...(block.landscape ? { landscape: true } : {}),
    ...(block.breakBefore ? { breakBefore: true } : {}),
    ...(block.foot ? { foot: true } : {}),
  };
}

/** The options a block's lines are broken with, in `width` (the type area's less the block's insets). */
export function lineOptions(doc: TypesetDocument, block: Pick<StyledBlock, 'kind' | 'style' | 'firstIndent'>, width: number): LayoutOptions {
  const k = doc.grid.scale;
  // A heading never ends in a single character, even where it is not justified.
  return { width, em: block.style.size * k, firstIndent: block.firstIndent * k, align: block.style.align, gridScale: k, grid: doc.pitch !== undefined, ...(block.kind === 'heading' ? { avoidRunt: true } : {}) };
}

/** A 公文 signature block's page, tightened (7.3.5.5): which blocks give up the room, and how much. */
export interface SignatureSqueeze {
  /** The blocks (indices in `doc.blocks`) wholly on the page before the signature block, and their lines. */
  blocks: Array<{ block: number; lines: number }>;
  /** The height taken out of the page: whole grid lines on a grid. */
  shift: number;
}

/**
 * Whether the PDF tightens the lines of a 公文's signature page (7.3.5.5), and what the DOCX
 * needs to do the same: the page's whole paragraphs before the 署名 give up the height the PDF
 * takes out, from their lines (a paragraph begun on the page before keeps its pitch, or the word
 * processor would pull more of it back there). Undefined when nothing is tightened, or where the
 * text before the signature holds what only the PDF lays out (tables, figures, notes, inline
 * images: their boxes are its own).
 */
export function signatureSqueeze(doc: TypesetDocument): SignatureSqueeze | undefined {
  const blocks = doc.blocks;
  const byline = blocks.findIndex((b) => b.block.kind === 'byline');
  if (!doc.official || !doc.document.meta.official?.signature || byline < 0 || !doc.preset.official?.squeezeLines) return undefined;
  // The signature block and what keeps with it (date, 附注), up to the attachments or the 版记.
  let end = byline;
  while (end + 1 < blocks.length && blocks[end + 1]!.block.keepWithPrevious) end++;
  const upTo = blocks.slice(0, end + 1);
  if (upTo.some((b) => b.block.table || b.block.figure || b.runs.some((r) => r.piece.note !== undefined || r.piece.image))) return undefined;
  const measure = faceMeasure(facesById(upTo), doc.grid);
  const boxes = upTo.map((b) => textBox(doc, b.block, linesOf(doc, b, measure)));
  const page = paginate(boxes, pageFrame(doc)).find((p) => p.lines.some((l) => l.block === byline))!;
  const shift = page.squeezed ?? 0;
  if (shift <= 0) return undefined;
  const on = (i: number) => page.lines.filter((l) => l.block === i).length;
  const whole = [...new Set(page.lines.map((l) => l.block))].filter((i) => i < byline && on(i) === boxes[i]!.lines);
  const height = whole.reduce((h, i) => h + boxes[i]!.lines * boxes[i]!.lineHeight, 0);
  // Never tighter than the PDF lets a page get (by a quarter).
  if (shift * 4 > height + 1e-6) return undefined;
  return { blocks: whole.map((block) => ({ block, lines: boxes[block]!.lines })), shift };
}

/**
 * Where the PDF puts a 公文's 版记 when it is printed on both sides (OfficialStyle.duplex,
 * src/typeset/back-face.ts), for the DOCX to put it on the same face: `text`, below the text on its
 * last (even) page; `next`, alone on the page after it, numbered; `afterBlank`, after a blank page,
 * neither numbered. Undefined without a 版记 or duplex printing, or where the text holds what only
 * the PDF lays out (tables, figures, notes, inline images), whose height this cannot know.
 */
export type RecordFace = 'text' | 'next' | 'afterBlank';

export function recordFace(doc: TypesetDocument): RecordFace | undefined {
  const blocks = doc.blocks;
  const first = blocks.findIndex((b) => b.block.foot);
  if (!doc.official || !doc.preset.official?.duplex || first < 0) return undefined;
  if (blocks.some((b) => b.block.table || b.block.figure || b.runs.some((r) => r.piece.note !== undefined || r.piece.image))) return undefined;
  const measure = faceMeasure(facesById(blocks), doc.grid);
  const boxes = blocks.map((b) => textBox(doc, b.block, linesOf(doc, b, measure)));
  const page = paginate(boxes, pageFrame(doc)).find((p) => p.lines.some((l) => l.block >= first))!;
  if (page.unnumbered) return 'afterBlank';
  return page.lines.some((l) => l.block < first) ? 'text' : 'next';
}

/** A little more than the body faces' descent below the baseline, in ems (FandolFang 0.272 by its OS/2 winDescent, Noto Serif SC 0.286 by hhea and OS/2). */
const DESCENT = 0.3;

/**
 * A figure and its caption go on one page together: a picture taller than the type area less its
 * caption (the caption's lines as the PDF breaks them, and the space above them) is scaled down,
 * keeping its proportions, until the two fit an empty page; on a grid the picture takes whole
 * grid lines, so it fits in the whole lines left. The PDF and the DOCX both set it at that size.
 * Without this a tall photo with a long caption was taller than any page: it could not float, was
 * set where it fell, ran below the type area and left its caption on the next page.
 */
export function settleFigures(doc: TypesetDocument): void {
  const { page } = doc.preset;
  const typeHeight = page.height - page.margin.top - page.margin.bottom;
  let measure: Measure | undefined;
  doc.blocks.forEach((b, i) => {
    const figure = b.block.figure;
    if (!figure) return;
    const caption = doc.blocks[i + 1]?.block.kind === 'caption' ? doc.blocks[i + 1] : undefined;
    let room = typeHeight;
    if (caption) {
      measure ??= faceMeasure(facesById(doc.blocks), doc.grid);
      room -= (caption.block.style.spaceBefore ?? 0) + linesOf(doc, caption, measure) * caption.block.style.lineHeight;
    }
    if (doc.pitch) room = Math.floor(room / doc.pitch.line + 1e-6) * doc.pitch.line;
    // A word processor sets the picture on its paragraph's baseline, with the font's descent below
    // it (LibreOffice: on a grid, a picture of exactly 19 grid lines takes 20): leave it that room.
    room -= DESCENT * doc.preset.body.size;
    if (figure.height <= room + 1e-6) return;
    // Never to nothing: a caption as tall as a page leaves the picture a line.
    const height = Math.max(room, doc.pitch?.line ?? doc.preset.body.lineHeight);
    const scale = height / figure.height;
    doc.blocks[i] = { ...b, block: { ...b.block, figure: { ...figure, width: figure.width * scale, height } } };
  });
}

/** How many lines the PDF breaks a block into (a title broken between its phrases: as many as it has). */
function linesOf(doc: TypesetDocument, b: BoundBlock, measure: Measure): number {
  const k = doc.grid.scale;
  if (b.block.kind === 'imprint' || b.block.tabs) return 1;
  const width = doc.typeWidth - (b.block.left + b.block.right) * k;
  // An inline list marker (公文) is the paragraph's first text.
  const text = [...(b.block.markerInline && b.marker ? b.marker : []), ...(b.phrased ?? b.runs)];
  const runs = text.map((r) => ({ text: r.text, font: r.face.id, size: b.block.style.size }));
  const lines = layoutParagraph(runs, measure, lineOptions(doc, b.block, width)).length;
  // An empty list item still shows its marker, on a line of its own.
  return lines === 0 && b.marker ? 1 : lines;
}
