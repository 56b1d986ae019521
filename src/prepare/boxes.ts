/**
 * The paginator's boxes of the prepared blocks, as the PDF makes them (src/exporters/pdf), for
 * what must know the PDF's page breaks without a PDF: a 公文's signature page (signatureSqueeze),
 * which the DOCX tightens as the PDF does. Text is broken by the same line breaker with the same
 * widths (faces' advance tables, the grid rule); a table is a box per row, as tall as its tallest
 * cell; a figure whole grid lines; a note's reference brings the note's lines to its line's page.
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

/** The boxes of `blocks` (the first of the document's), and for each box the index of its block; undefined where the PDF's boxes cannot be known so (a landscape table, a row taller than a page). */
export function paginationBoxes(doc: TypesetDocument, blocks: readonly BoundBlock[]): { boxes: BlockBox[]; of: number[] } | undefined {
  const { preset } = doc;
  const k = doc.grid.scale;
  const images = new Map<string, number>();
  const withImages = (m: Measure): Measure => (text, font, size) => images.get(font) ?? m(text, font, size);
  const measure = withImages(faceMeasure(facesById([...blocks, ...doc.notes]), doc.grid));
  // Table cells are set off the grid (as their widths were measured in src/prepare).
  const cellMeasure = withImages(faceMeasure(facesById(blocks), new FullWidthGrid(1)));
  /** A run as the PDF sets it: a note's reference smaller and close against the text, an image as its box. */
  const styled = (r: FaceRun, size: number): StyledRun => {
    if (r.piece.image) {
      const key = `image ${r.piece.image.width}`;
      images.set(key, r.piece.image.width);
      return { text: r.text, font: key, size };
    }
    if (r.piece.note !== undefined) return { text: r.text, font: r.face.id, size: size * preset.notes.referenceScale, attached: true };
    return { text: r.text, font: r.face.id, size };
  };
  const textLines = (b: BoundBlock): { lines: Line[]; runs: FaceRun[] } => {
    const width = doc.typeWidth - (b.block.left + b.block.right) * k;
    // An inline list marker (公文) is the paragraph's first text; a title broken between its phrases has them.
    const runs = [...(b.block.markerInline && b.marker ? b.marker : []), ...(b.phrased ?? b.runs)];
    const lines = layoutParagraph(runs.map((r) => styled(r, b.block.style.size)), measure, lineOptions(doc, b.block, width));
    return { lines, runs };
  };
  /** Lines of a text block: one for a row of names set by tab stops or a figure; an empty list item's marker on a line of its own. */
  const countOf = (b: BoundBlock, lines: readonly Line[]) => (b.block.kind === 'imprint' || b.block.tabs || b.block.figure ? 1 : lines.length === 0 && b.marker ? 1 : lines.length);

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
