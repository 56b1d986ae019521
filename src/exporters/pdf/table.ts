/**
 * A table's rows in the PDF: each cell's text broken by our line breaker in its column's width
 * (from src/prepare, so the DOCX has the same columns), the row as tall as its tallest cell plus
 * padding, and the rules the preset asks for: a full grid, or a three-line table (顶线 and 底线
 * thick, 栏目线 thin) whose top and bottom rules close the table's part on every page.
 *
 * Pagination takes each row as a block of one line (src/exporters/pdf/paginate.ts); the header
 * rows are laid out once and drawn again, with the caption and （续表）, above the first row of
 * every page the table continues on.
 */
import { cellOptions, rowHeight } from '../../prepare/index.js';
import { layoutParagraph, type Line, type Measure } from '../../typeset/index.js';
import type { FlowBlock, FlowRun, FlowTable } from './flow.js';

/** Where the baseline sits in a line box: CJK faces put the ideographic em box at 0.88 above it. */
const ASCENT = 0.88;

/** One cell laid out: a block of its own for drawing (its runs, its style at the table's size). */
export interface CellLayout {
  block: FlowBlock;
  lines: Line[];
  keys: string[];
  /** Left edge of the cell's text, and the width it is broken in. */
  left: number;
  width: number;
  /** Top of the cell's first line box, from the row's top (the text is centred in the row). */
  offset: number;
}

export interface RowLayout {
  cells: CellLayout[];
  height: number;
  /** Left edge of the table and each column's right edge, in page points. */
  edges: number[];
  /**
   * A row taller than a page is the one row that is split: into slices of one line of its text
   * each (the cells' text from the row's top, without padding), which pagination breaks between.
   */
  slices?: { count: number; height: number };
}

/** Makes a row taller than a page into slices of one text line each (see RowLayout.slices). */
export function sliceRow(row: RowLayout): void {
  const height = row.cells[0]?.block.style.lineHeight ?? row.height;
  const count = row.cells.reduce((n, c) => Math.max(n, c.lines.length), 1);
  for (const c of row.cells) c.offset = 0;
  row.slices = { count, height };
}

/**
 * The rules of one slice of a split row: the columns' lines down the slice, and across its top
 * and bottom where the row (or the page's part of it) begins and ends.
 */
export function sliceRules(table: FlowTable, index: number, row: RowLayout, top: number, edges: { top: boolean; bottom: boolean; opens: boolean; closes: boolean }): string[] {
  const { style } = table;
  const height = row.slices!.height;
  const x0 = row.edges[0]!;
  const x1 = row.edges.at(-1)!;
  const ops: string[] = [];
  const hline = (y: number, w: number) => ops.push(`${num(w)} w ${num(x0)} ${num(y)} m ${num(x1)} ${num(y)} l S`);
  if (style.rules === 'grid') {
    if (edges.top) hline(top, edges.opens ? style.thick : style.thin);
    if (edges.bottom) hline(top + height, edges.closes ? style.thick : style.thin);
    row.edges.forEach((x, i) => ops.push(`${num(i === 0 || i === row.edges.length - 1 ? style.thick : style.thin)} w ${num(x)} ${num(top)} m ${num(x)} ${num(top + height)} l S`));
  } else {
    if (edges.top && edges.opens) hline(top, style.thick);
    if (edges.bottom && edges.closes) hline(top + height, style.thick);
    else if (edges.bottom && index === table.headRows - 1) hline(top + height, style.thin);
  }
  return ops.length === 0 ? [] : [`q 2 J 0 G ${ops.join(' ')} Q`];
}

/** Lays out row `block.row` with its table's column widths from `left` (the table's left edge). */
export function layOutRow(block: FlowBlock, left: number, measure: Measure, keyOf: (r: FlowRun) => string): RowLayout {
  const { table, index } = block.row!;
  const { geometry: g, style } = table;
  const header = index < table.headRows;
  const sizes = header ? g.header : g.body;
  const text = header ? style.header : style.text;
  const pad = style.padding;
  const edges = [left];
  for (const w of g.widths) edges.push(edges.at(-1)! + w);
  const cells = table.cells[index]!.map((runs, c): CellLayout => {
    const options = cellOptions(table, header, c);
    const cellStyle = { ...text, size: sizes.size, lineHeight: sizes.lineHeight, align: options.align };
    const cellBlock: FlowBlock = { ...block, runs, style: cellStyle };
    const keys = runs.map(keyOf);
    const styled = runs.map((r, i) => ({ text: r.text, font: keys[i]!, size: r.size, ...(r.note !== undefined ? { attached: true } : {}) }));
    const lines = layoutParagraph(styled, measure, options);
    return { block: cellBlock, lines, keys, left: edges[c]! + pad.x, width: options.width, offset: 0 };
  });
  const height = rowHeight(table, header, cells.map((c) => c.lines.length));
  for (const c of cells) c.offset = (height - c.lines.length * c.block.style.lineHeight) / 2;
  return { cells, height, edges };
}

/** The baseline of line `line` of a cell in a row whose top is `top`. */
export function cellBaseline(cell: CellLayout, top: number, line: number): number {
  const s = cell.block.style;
  return top + cell.offset + line * s.lineHeight + (s.lineHeight - s.size) / 2 + ASCENT * s.size;
}

/** Where a row sits among its table's rows on a page: the first of the page's part, the last of it. */
export interface RowPlace {
  /** The row starts the table's part on this page (the table's first row, or the first under a repeated header). */
  opens: boolean;
  /** The last row of the table's part on this page (its last row, or the last before a page break). */
  closes: boolean;
}

/**
 * The rules of one row as PDF path operators (top-down page coordinates, as pdfkit's pages run):
 * a full grid boxes every cell (the outer frame `thick`, the inner lines `thin`); a three-line table
 * has its 顶线 above the part's first row, its 栏目线 under the last header row, its 底线 under the
 * part's last row.
 */
export function rowRules(table: FlowTable, index: number, row: RowLayout, top: number, place: RowPlace): string[] {
  const { style } = table;
  const x0 = row.edges[0]!;
  const x1 = row.edges.at(-1)!;
  const bottom = top + row.height;
  const ops: string[] = [];
  const hline = (y: number, w: number) => ops.push(`${num(w)} w ${num(x0)} ${num(y)} m ${num(x1)} ${num(y)} l S`);
  const vline = (x: number, w: number) => ops.push(`${num(w)} w ${num(x)} ${num(top)} m ${num(x)} ${num(bottom)} l S`);
  if (style.rules === 'grid') {
    hline(top, index === 0 || place.opens ? style.thick : style.thin);
    hline(bottom, place.closes ? style.thick : style.thin);
    row.edges.forEach((x, i) => vline(x, i === 0 || i === row.edges.length - 1 ? style.thick : style.thin));
  } else {
    if (place.opens) hline(top, style.thick);
    if (index === table.headRows - 1 && !place.closes) hline(bottom, style.thin);
    if (place.closes) hline(bottom, style.thick);
  }
  // Square caps close the corners where rules meet.
  return ops.length === 0 ? [] : [`q 2 J 0 G ${ops.join(' ')} Q`];
}

function num(n: number): string {
  return (Math.round(n * 1000) / 1000).toString();
}
