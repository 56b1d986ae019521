/**
 * The paginator's boxes of the prepared blocks, as the PDF makes them (src/exporters/pdf), for
 * what must know the PDF's page breaks without a PDF: a 公文's signature page (signatureSqueeze),
 * which the DOCX tightens as the PDF does. Text is broken by the same line breaker with the same
 * widths (faces' advance tables, the grid rule); a table is a box per row, as tall as its tallest
 * cell; a figure whole grid lines; a note's reference brings the note's lines to its line's page.
 *
 * A figure too tall for a page with its caption is scaled here too (settleFigures), from the
 * caption's lines as the PDF breaks them.
 *
 * The pieces the PDF shares with this (figureLineHeight, rowBox, notesPerLine, and cellOptions and
 * rowHeight in tables.ts) are what keeps the two from drifting apart.
 */
import type { BoundBlock, FaceRun, PlacedImage } from '../styles/blocks.js';
import type { TextStyle } from '../styles/types.js';
import { layoutParagraph, type Line, type Measure, type StyledRun } from '../typeset/index.js';
import type { BlockBox, NoteBox } from '../typeset/paginate.js';
import { faceMeasure, facesById, FullWidthGrid } from './measure.js';
import { lineOptions, textBox } from './pages.js';
import { cellOptions, rowHeight } from './tables.js';
import type { TypesetDocument } from './index.js';

/** A figure's height for the paginator: its image's, in whole grid lines on a grid (so that the text after it stays on the grid). */
export function figureLineHeight(doc: Pick<TypesetDocument, 'pitch'>, figure: PlacedImage): number {
  return doc.pitch ? Math.ceil(figure.height / doc.pitch.line - 1e-6) * doc.pitch.line : figure.height;
}

/** A table row in the flow: the table's space before on its first row and after on its last, the header rows kept with the first body row. */
export function rowFlow(style: TextStyle, row: number, rows: number, headRows: number): { spaceBefore: number; spaceAfter: number; keepWithNext: boolean } {
  return { spaceBefore: row === 0 ? (style.spaceBefore ?? 0) : 0, spaceAfter: row === rows - 1 ? (style.spaceAfter ?? 0) : 0, keepWithNext: row < headRows && row < rows - 1 };
}

/**
 * A table row's box: one line as tall as the row (or, a row taller than a page, `slices` of one
 * text line each), never moved to the grid; `repeat` is the height of the header (and
 * continuation caption) drawn again above it on a page it starts; `notes`, those its cells are
 * the first to refer to.
 */
export function rowBox(
  row: { spaceBefore: number; spaceAfter: number; keepWithNext: boolean; landscape?: boolean },
  height: number,
  options: { slices?: { count: number; height: number }; repeat?: number; notes?: NoteBox[] } = {},
): BlockBox {
  const { slices, repeat, notes } = options;
  return {
    ...(notes && notes.length > 0 ? { notes: [notes, ...Array.from({ length: (slices?.count ?? 1) - 1 }, () => undefined)] } : {}),
    lineHeight: slices?.height ?? height, lines: slices?.count ?? 1, spaceBefore: row.spaceBefore, spaceAfter: row.spaceAfter,
    keepWithNext: row.keepWithNext, free: true, ...(row.landscape ? { landscape: true } : {}),
    ...(repeat ? { repeat } : {}),
  };
}

/** The notes each line refers to first (a note goes to the page of its first reference), marking them referred. */
export function notesPerLine(lines: readonly Line[], noteOf: (run: number) => number | undefined, referred: Set<number>, box: (note: number) => NoteBox): Array<NoteBox[] | undefined> {
  return lines.map((line) => {
    let notes: NoteBox[] | undefined;
    for (const g of line.glyphs) {
      const note = noteOf(g.run);
      if (note === undefined || referred.has(note)) continue;
      referred.add(note);
      (notes ??= []).push(box(note));
    }
    return notes;
  });
}

/**
 * The PDF's lines of text blocks (see src/exporters/pdf): each block's runs (an inline list marker
 * first, a title broken between its phrases as broken) by the same line breaker, measured alike
 * (a note's reference smaller and close against the text, an inline image as its box). `styled`
 * makes a run so at a size; `measure` measures what it makes.
 */
export function pdfTextLines(doc: TypesetDocument, blocks: readonly BoundBlock[]): {
  styled: (r: FaceRun, size: number) => StyledRun;
  measure: Measure;
  lines: (b: BoundBlock) => { lines: Line[]; runs: FaceRun[] };
} {
  const k = doc.grid.scale;
  const images = new Map<string, number>();
  const faces = faceMeasure(facesById(blocks), doc.grid);
  const measure: Measure = (text, font, size) => images.get(font) ?? faces(text, font, size);
  const styled = (r: FaceRun, size: number): StyledRun => {
    if (r.piece.image) {
      const key = `image ${r.piece.image.width}`;
      images.set(key, r.piece.image.width);
      return { text: r.text, font: key, size };
    }
    if (r.piece.note !== undefined) return { text: r.text, font: r.face.id, size: size * doc.preset.notes.referenceScale, attached: true };
    return { text: r.text, font: r.face.id, size };
  };
  const lines = (b: BoundBlock) => {
    const width = doc.typeWidth - (b.block.left + b.block.right) * k;
    const runs = [...(b.block.markerInline && b.marker ? b.marker : []), ...(b.phrased ?? b.runs)];
    return { lines: layoutParagraph(runs.map((r) => styled(r, b.block.style.size)), measure, lineOptions(doc, b.block, width)), runs };
  };
  return { styled, measure, lines };
}

/** How many lines the PDF breaks each text block of `blocks` into: one for a row of names set by tab stops or a figure, an empty list item's marker on a line of its own. */
export function blockLines(doc: TypesetDocument, blocks: readonly BoundBlock[]): (b: BoundBlock) => number {
  const { lines } = pdfTextLines(doc, blocks);
  return (b) => countOf(b, b.block.kind === 'imprint' || b.block.tabs || b.block.figure ? [] : lines(b).lines);
}

const countOf = (b: BoundBlock, lines: readonly Line[]) => (b.block.kind === 'imprint' || b.block.tabs || b.block.figure ? 1 : lines.length === 0 && b.marker ? 1 : lines.length);

/** The boxes of `blocks` (the first of the document's), and for each box the index of its block; undefined where the PDF's boxes cannot be known so (a landscape table, a row taller than a page). */
export function paginationBoxes(doc: TypesetDocument, blocks: readonly BoundBlock[]): { boxes: BlockBox[]; of: number[] } | undefined {
  const { preset } = doc;
  const k = doc.grid.scale;
  const { styled, measure, lines: textLines } = pdfTextLines(doc, [...blocks, ...doc.notes]);
  // Table cells are set off the grid (as their widths were measured in src/prepare).
  const raw = faceMeasure(facesById(blocks), new FullWidthGrid(1));
  const cellMeasure: Measure = (text, font, size) => (font.startsWith('image ') ? measure(text, font, size) : raw(text, font, size));

  const noteLines: number[] = [];
  for (const b of doc.notes) noteLines[b.block.note!] = (noteLines[b.block.note!] ?? 0) + countOf(b, textLines(b).lines);
  const noteBox = (note: number): NoteBox => ({ note, lines: noteLines[note] ?? 0, lineHeight: preset.notes.text.lineHeight });
  const referred = new Set<number>();

  const boxes: BlockBox[] = [];
  const of: number[] = [];
  const typeHeight = doc.preset.page.height - doc.preset.page.margin.top - doc.preset.page.margin.bottom;
  for (const [i, b] of blocks.entries()) {
    const t = b.block.table;
    if (t && b.cells) {
      const g = t.geometry!;
      if (g.landscape) return undefined;
      let repeat = 0;
      if (b.continued) repeat += layoutParagraph(b.continued.map((r) => styled(r, t.style.caption.size)), measure, lineOptions(doc, { kind: 'tableCaption', style: { ...t.style.caption, align: 'center' }, firstIndent: 0 }, doc.typeWidth - (b.block.left + b.block.right) * k)).length * t.style.caption.lineHeight;
      const heights = b.cells.map((row, r) => {
        const header = r < t.headRows;
        const size = header ? g.header.size : g.body.size;
        const cells = row.map((runs, c) => layoutParagraph(runs.map((x) => styled(x, size)), cellMeasure, cellOptions(t, header, c)));
        const notes = cells.flatMap((lines, c) => notesPerLine(lines, (run) => row[c]![run]?.piece.note, referred, noteBox).flatMap((n) => n ?? []));
        return { height: rowHeight(t, header, cells.map((l) => l.length)), notes };
      });
      for (const [r] of b.cells.entries()) if (r < t.headRows) repeat += heights[r]!.height;
      for (const [r, { height, notes }] of heights.entries()) {
        if (height > typeHeight - (r >= t.headRows ? repeat : 0)) return undefined;
        boxes.push(rowBox(rowFlow(b.block.style, r, b.cells.length, t.headRows), height, { notes, ...(r >= t.headRows && repeat > 0 ? { repeat } : {}) }));
        of.push(i);
      }
      continue;
    }
    const { lines, runs } = b.block.figure || b.block.kind === 'imprint' || b.block.tabs ? { lines: [], runs: [] } : textLines(b);
    const notes = runs.some((r) => r.piece.note !== undefined) ? notesPerLine(lines, (run) => runs[run]?.piece.note, referred, noteBox) : undefined;
    boxes.push({ ...textBox(doc, b.block, countOf(b, lines), b.block.figure ? figureLineHeight(doc, b.block.figure) : undefined), ...(notes ? { notes } : {}) });
    of.push(i);
  }
  return { boxes, of };
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
  let lines: ((b: BoundBlock) => number) | undefined;
  doc.blocks.forEach((b, i) => {
    const figure = b.block.figure;
    if (!figure) return;
    const caption = doc.blocks[i + 1]?.block.kind === 'caption' ? doc.blocks[i + 1] : undefined;
    let room = typeHeight;
    if (caption) {
      lines ??= blockLines(doc, doc.blocks);
      room -= (caption.block.style.spaceBefore ?? 0) + lines(caption) * caption.block.style.lineHeight;
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
