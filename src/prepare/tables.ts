/**
 * A table's geometry, worked out once for the PDF and the DOCX (so their columns agree by
 * construction): column widths measured with our fonts and our line breaker's rules
 * (src/typeset/widths.ts), and what happens to a table too wide for its text block:
 *
 * 1. every column gets at least its least decent width — its widest unbreakable stretch, its names
 *    and units (body cells of up to four ems) whole, its short heads two hanzi a line, its running
 *    text three, padding included — and the rest of the width is shared out so that the table is
 *    as short as it can be (see `share`);
 * 2. when that does not fit, the cell text steps down 0.5 pt at a time to the preset's floor (a
 *    warning names the table's line);
 * 3. when it still does not fit, the table is set on a page turned to landscape (its text block is
 *    the type area turned: as wide as the type area is high), at the preset's size again if it fits;
 * 4. when no size and no orientation gives the decent widths, steps 2 and 3 again with the bare
 *    minimums (names may then be cut);
 * 5. past that, the columns are their minimums shrunk to the width: the line breaker then cuts
 *    what it must (nothing ever runs off the page).
 *
 * Widths are whole twips (1/20 pt), the unit of the DOCX's w:tblGrid, and add up to the width.
 */
import type { Diagnostic } from '../errors.js';
import type { BoundBlock, FaceRun, TableGeometry } from '../styles/blocks.js';
import type { TableStyle } from '../styles/types.js';
import { contentWidths, type ContentWidths, type LayoutOptions, type Measure } from '../typeset/index.js';

const STEP = 0.5;
/**
 * Room added to every column's widths: a cell exactly as wide as its text wraps in LibreOffice
 * and Word (their widths are rounded to twips, their layout to device units).
 */
const SLACK = 1;

/** The geometry of a table block set in `width` points (`landscapeWidth` when turned). */
export function tableGeometry(
  bound: BoundBlock,
  measure: Measure,
  width: number,
  landscapeWidth: number,
  report: { file: string; warn?: (d: Diagnostic) => void },
): TableGeometry {
  const table = bound.block.table!;
  const style = table.style;
  const sizesAt = (step: number) => {
    const at = (s: { size: number; lineHeight: number }) => ({ size: s.size - step * STEP, lineHeight: (s.lineHeight * (s.size - step * STEP)) / s.size });
    return { header: at(style.header), body: at(style.text) };
  };
  const steps = Math.max(0, Math.floor((style.text.size - style.minSize) / STEP + 1e-9));
  const where = table.span ? { line: table.span.start.line, column: table.span.start.column } : {};
  const measured = new Map<number, Measured>();
  const columnsAt = (step: number) => {
    if (!measured.has(step)) measured.set(step, columnWidths(bound, measure, sizesAt(step), style.padding.x));
    return measured.get(step)!;
  };
  // First with every short cell set decently, then (a table of many columns) with the bare minimums.
  for (const decent of [true, false]) {
    for (const [w, landscape] of [[width, false], [landscapeWidth, true]] as const) {
      for (let step = 0; step <= steps; step++) {
        const columns = columnsAt(step);
        const least = decent ? leastWidths(columns) : columns.columns.map((c) => c.min);
        if (sum(least) > w + 1e-6) continue;
        const sizes = sizesAt(step);
        if (step > 0 || landscape) {
          const size = sizes.body.size;
          const how = [step > 0 ? `its text is set at ${size} pt instead of ${style.text.size} pt` : '', landscape ? 'it is set on a landscape page' : ''].filter(Boolean).join(' and ');
          report.warn?.({ file: report.file, ...where, message: `this table is too wide for the page: ${how}`, code: 'table' });
        }
        return { widths: share(columns, least, w), ...sizes, landscape };
      }
    }
  }
  // Too wide even turned and at the floor: the minimums, shrunk to the width (lines are cut by character where they must be).
  const last = columnsAt(steps).columns;
  const sizes = sizesAt(steps);
  report.warn?.({ file: report.file, ...where, message: `this table is too wide even on a landscape page at ${sizes.body.size} pt: lines in its cells are broken inside words`, code: 'table' });
  const total = sum(last.map((c) => c.min));
  return { widths: wholeTwips(last.map((c) => (c.min * landscapeWidth) / total), landscapeWidth), ...sizes, landscape: true };
}

interface ColumnWidths {
  min: number;
  max: number;
}

/** One cell's widest line (padding not included) and the em of its text, for counting its lines at a width. */
interface CellWidth {
  content: number;
  em: number;
  head: boolean;
}

interface Measured {
  columns: ColumnWidths[];
  cells: CellWidth[][];
  /** What a column adds to its text's width: the padding on both sides and the slack. */
  pad: number;
}

/** Each column's narrowest and widest, over its cells (header cells at the header's size), padding included. */
function columnWidths(bound: BoundBlock, measure: Measure, sizes: { header: { size: number }; body: { size: number } }, padding: number): Measured {
  const table = bound.block.table!;
  const pad = 2 * padding + SLACK;
  const columns = table.align.map(() => ({ min: pad, max: pad }));
  const measured = new Map<string, ContentWidths>();
  const cells = bound.cells!.map((row, r) => {
    const size = r < table.headRows ? sizes.header.size : sizes.body.size;
    return row.map((runs, c) => {
      // Cells of one run repeat (numbers, 是/否, unit names): measured once per text, face and size.
      const key = runs.length === 1 ? `${size}\u0000${runs[0]!.face.id}\u0000${runs[0]!.text}` : undefined;
      let w = key === undefined ? undefined : measured.get(key);
      if (!w) {
        w = contentWidths(styledRuns(runs, size), measure, size);
        if (key !== undefined) measured.set(key, w);
      }
      const col = columns[c]!;
      col.min = Math.max(col.min, w.min + pad);
      col.max = Math.max(col.max, w.max + pad);
      return { content: w.max, em: size, head: r < table.headRows };
    });
  });
  return { columns, cells, pad };
}

/** The narrowest each column may be: its minimum, with its names and units whole, its short heads two hanzi a line and its running text three. */
function leastWidths({ columns, cells, pad }: Measured): number[] {
  return columns.map((c, i) => Math.max(c.min, decentWidth(cells, i, pad) ?? 0));
}

/** A cell's runs for the line breaker, by face id (what the prepared stage's measure reads). */
export function styledRuns(runs: readonly FaceRun[], size: number): Array<{ text: string; font: string; size: number }> {
  return runs.map((r) => ({ text: r.text, font: r.face.id, size }));
}

/**
 * The width shared out. When every column fits unbroken, each gets its widest line and the rest in
 * proportion to it, so that the table fills the text block as Chinese office tables do.
 *
 * Otherwise the table is made as short as it can be: starting from every column's least width, the
 * width goes, step by step, to the column where it takes the most lines off the table for the
 * width it costs — a row is as tall as its tallest cell, and among layouts of one height the one
 * with fewer lines in all wins, so that a name (欧阳晓燕) or a short head (参赛工种) is kept whole
 * rather than a long cell made a line shorter in a row that another cell keeps tall, and a name is
 * kept whole (a head two hanzi a line) before the table is made a few lines shorter elsewhere. Shares in
 * proportion to each column's wish (CSS's automatic layout) cut a 报名表's names and heads into one
 * hanzi a line beside a wide 联系电话 column. Lines are counted as whole ems of text a line, which
 * is what hanzi take; the line breaker then sets the cells at the widths chosen.
 */
function share({ columns, cells, pad }: Measured, least: readonly number[], width: number): number[] {
  const maxes = sum(columns.map((c) => c.max));
  if (maxes <= width) return wholeTwips(columns.map((c) => c.max + ((width - maxes) * c.max) / maxes), width);
  const widths = least.slice();
  let left = width - sum(widths);
  const lines = cells.map((row) => row.map((cell, c) => linesAt(cell, widths[c]! - pad)));
  // A line of table height weighs 1000; a short cell set worse than decently (see `decentLines`)
  // weighs four such lines: 欧阳/晓燕 or 序/号 is harder to read than a table a few lines taller.
  const cost = (rowLines: readonly number[], r: number) =>
    1000 * rowLines.reduce((a, b) => Math.max(a, b), 0) + sum(rowLines.map((k, c) => k + (k > decentLines(cells[r]![c]!) ? 4000 : 0)));
  for (;;) {
    let best: { column: number; width: number; score: number } | undefined;
    columns.forEach((col, c) => {
      // The next width at which a cell loses a line, and the width that sets the column's short
      // cells decently (a step to the first would not show what the second gains).
      for (const next of [nextWidth(cells, lines, c, pad, col.max), decentWidth(cells, c, pad)]) {
        if (next === undefined || next <= widths[c]! + 1e-6 || next - widths[c]! > left + 1e-6) continue;
        let gain = 0;
        lines.forEach((row, r) => {
          const after = row.slice();
          after[c] = linesAt(cells[r]![c]!, next - pad);
          gain += cost(row, r) - cost(after, r);
        });
        const score = gain / (next - widths[c]!);
        if (gain > 0 && (!best || score > best.score + 1e-9)) best = { column: c, width: next, score };
      }
    });
    if (!best) break;
    left -= best.width - widths[best.column]!;
    widths[best.column] = best.width;
    lines.forEach((row, r) => (row[best!.column] = linesAt(cells[r]![best!.column]!, best!.width - pad)));
  }
  // What no line can be taken off with goes to the columns that still break, by how much more each would take.
  const wish = columns.map((c, i) => Math.max(0, c.max - widths[i]!));
  const wished = sum(wish);
  return wholeTwips(widths.map((w, i) => w + (wished > 0 ? (left * wish[i]!) / wished : (left * w) / sum(widths))), width);
}

/**
 * The most lines a short cell (up to four ems) reads well in: a name or a unit in the body on one
 * line; a head two hanzi a line (出生/年月 is how Chinese forms set it, 序/号 is not). Longer cells
 * may take any number.
 */
function decentLines(cell: CellWidth): number {
  if (cell.content > 4 * cell.em + 1e-6) return Number.POSITIVE_INFINITY;
  return cell.head ? Math.ceil(cell.content / (2 * cell.em) - 1e-6) : 1;
}

/** The width that sets every cell of column `c` decently (undefined for a table without rows). */
function decentWidth(cells: readonly CellWidth[][], c: number, pad: number): number | undefined {
  let least: number | undefined;
  for (const row of cells) {
    const cell = row[c]!;
    // Running text narrower than three hanzi a line reads as badly as a name cut in two.
    const decent = cell.content > 4 * cell.em + 1e-6 ? 3 * cell.em : cell.head ? Math.min(cell.content, 2 * cell.em) : cell.content;
    least = Math.max(least ?? 0, decent + pad);
  }
  return least;
}

/** How many lines a cell takes in `room` points: whole ems of its text a line (at least one em). */
function linesAt(cell: CellWidth, room: number): number {
  if (cell.content <= room + 1e-6) return 1;
  const perLine = Math.max(cell.em, Math.floor(room / cell.em + 1e-6) * cell.em);
  return Math.ceil(cell.content / perLine - 1e-6);
}

/** The narrowest width above its present one at which a cell of column `c` takes a line fewer (never past the column's widest). */
function nextWidth(cells: readonly CellWidth[][], lines: readonly number[][], c: number, pad: number, max: number): number | undefined {
  let next: number | undefined;
  cells.forEach((row, r) => {
    const k = lines[r]![c]!;
    if (k <= 1) return;
    const cell = row[c]!;
    const room = Math.min(Math.ceil(cell.content / (k - 1) / cell.em - 1e-6) * cell.em, cell.content);
    const w = Math.min(room + pad, max);
    if (next === undefined || w < next) next = w;
  });
  return next;
}

/** Widths rounded to whole twips, the last one taking what rounding left, so that they add up to `width` (itself rounded). */
function wholeTwips(widths: readonly number[], width: number): number[] {
  const out = widths.map((w) => Math.round(w * 20) / 20);
  const total = Math.round(width * 20) / 20;
  out[out.length - 1] = Math.round((total - sum(out.slice(0, -1))) * 20) / 20;
  return out;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** What a row's cells are broken with and in: the table's geometry, its style, its columns' alignments. */
type RowTable = { geometry?: TableGeometry; style: Pick<TableStyle, 'padding'>; align: ReadonlyArray<'left' | 'center' | 'right'>; headAlign: ReadonlyArray<'left' | 'center' | 'right'> };

/** The options a cell's lines are broken with (off the grid): its column's width less the padding, at the row's size, never ending in a single character. */
export function cellOptions(t: RowTable, header: boolean, column: number): LayoutOptions {
  const g = t.geometry!;
  return { width: g.widths[column]! - 2 * t.style.padding.x, em: (header ? g.header : g.body).size, align: (header ? t.headAlign : t.align)[column]!, avoidRunt: true };
}

/** A row's height from its cells' line counts: its tallest cell (at least a line), with the padding above and below. */
export function rowHeight(t: RowTable, header: boolean, lines: readonly number[]): number {
  const g = t.geometry!;
  return lines.reduce((n, l) => Math.max(n, l), 1) * (header ? g.header : g.body).lineHeight + 2 * t.style.padding.y;
}
