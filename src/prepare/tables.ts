/**
 * A table's geometry, worked out once for the PDF and the DOCX (so their columns agree by
 * construction): column widths as CSS's automatic table layout gives them, measured with our
 * fonts and our line breaker's rules (src/typeset/widths.ts), and what happens to a table too
 * wide for its text block:
 *
 * 1. every column gets at least its minimum (its widest unbreakable stretch, plus padding) and the
 *    rest of the width is shared out in proportion to how much more each would take unbroken;
 * 2. when even the minimums do not fit, the cell text steps down 0.5 pt at a time to the preset's
 *    floor (a warning names the table's line);
 * 3. when it still does not fit, the table is set on a page turned to landscape (its text block is
 *    the type area turned: as wide as the type area is high), at the preset's size again if it fits;
 * 4. past that, the columns are their minimums shrunk to the width: the line breaker then cuts
 *    what it must (nothing ever runs off the page).
 *
 * Widths are whole twips (1/20 pt), the unit of the DOCX's w:tblGrid, and add up to the width.
 */
import type { Diagnostic } from '../errors.js';
import type { BoundBlock, FaceRun, TableGeometry } from '../styles/blocks.js';
import { contentWidths, type ContentWidths, type Measure } from '../typeset/index.js';

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
  const at = (step: number, w: number) => {
    const sizes = sizesAt(step);
    const columns = columnWidths(bound, measure, sizes, style.padding.x);
    return { sizes, columns, fits: sum(columns.map((c) => c.min)) <= w + 1e-6 };
  };
  for (const [w, landscape] of [[width, false], [landscapeWidth, true]] as const) {
    for (let step = 0; step <= steps; step++) {
      const tried = at(step, w);
      if (!tried.fits) continue;
      if (step > 0 || landscape) {
        const size = tried.sizes.body.size;
        const how = [step > 0 ? `its text is set at ${size} pt instead of ${style.text.size} pt` : '', landscape ? 'it is set on a landscape page' : ''].filter(Boolean).join(' and ');
        report.warn?.({ file: report.file, ...where, message: `this table is too wide for the page: ${how}`, code: 'table' });
      }
      return { widths: share(tried.columns, w), ...tried.sizes, landscape };
    }
  }
  // Too wide even turned and at the floor: the minimums, shrunk to the width (lines are cut by character where they must be).
  const last = at(steps, landscapeWidth);
  report.warn?.({ file: report.file, ...where, message: `this table is too wide even on a landscape page at ${last.sizes.body.size} pt: lines in its cells are broken inside words`, code: 'table' });
  const total = sum(last.columns.map((c) => c.min));
  return { widths: wholeTwips(last.columns.map((c) => (c.min * landscapeWidth) / total), landscapeWidth), ...last.sizes, landscape: true };
}

interface ColumnWidths {
  min: number;
  max: number;
}

/** Each column's narrowest and widest, over its cells (header cells at the header's size), padding included. */
function columnWidths(bound: BoundBlock, measure: Measure, sizes: { header: { size: number }; body: { size: number } }, padding: number): ColumnWidths[] {
  const table = bound.block.table!;
  const cells = bound.cells!;
  const columns = table.align.map(() => ({ min: 2 * padding + SLACK, max: 2 * padding + SLACK }));
  const measured = new Map<string, ContentWidths>();
  cells.forEach((row, r) => {
    const size = r < table.headRows ? sizes.header.size : sizes.body.size;
    row.forEach((runs, c) => {
      // Cells of one run repeat (numbers, 是/否, unit names): measured once per text, face and size.
      const key = runs.length === 1 ? `${size}\u0000${runs[0]!.face.id}\u0000${runs[0]!.text}` : undefined;
      let w = key === undefined ? undefined : measured.get(key);
      if (!w) {
        w = contentWidths(styledRuns(runs, size), measure, size);
        if (key !== undefined) measured.set(key, w);
      }
      const col = columns[c]!;
      col.min = Math.max(col.min, w.min + 2 * padding + SLACK);
      col.max = Math.max(col.max, w.max + 2 * padding + SLACK);
    });
  });
  return columns;
}

/** A cell's runs for the line breaker, by face id (what the prepared stage's measure reads). */
export function styledRuns(runs: readonly FaceRun[], size: number): Array<{ text: string; font: string; size: number }> {
  return runs.map((r) => ({ text: r.text, font: r.face.id, size }));
}

/**
 * The width shared out. When every column fits unbroken, each gets its widest line and the rest in
 * proportion to it, so that the table fills the text block as Chinese office tables do. Otherwise
 * the narrow columns (序号, 名额: those whose widest line is within a fair share of what is left)
 * keep their lines whole, as Word's and the browsers' automatic layouts do, and the others get
 * their minimum and what is left in proportion to how much more each would take unbroken.
 */
function share(columns: readonly ColumnWidths[], width: number): number[] {
  const maxes = sum(columns.map((c) => c.max));
  if (maxes <= width) return wholeTwips(columns.map((c) => c.max + ((width - maxes) * c.max) / maxes), width);
  const whole = new Set<number>();
  for (let changed = true; changed; ) {
    changed = false;
    const rest = columns.map((_, i) => i).filter((i) => !whole.has(i));
    const left = width - sum([...whole].map((i) => columns[i]!.max));
    const mins = sum(rest.map((i) => columns[i]!.min));
    for (const i of rest) {
      // Whole only if what is left still gives every other column its minimum.
      if (columns[i]!.max <= left / rest.length && left - columns[i]!.max >= mins - columns[i]!.min) {
        whole.add(i);
        changed = true;
        break;
      }
    }
  }
  const rest = columns.map((_, i) => i).filter((i) => !whole.has(i));
  const left = width - sum([...whole].map((i) => columns[i]!.max));
  const mins = sum(rest.map((i) => columns[i]!.min));
  const wish = sum(rest.map((i) => columns[i]!.max - columns[i]!.min));
  const widths = columns.map((c, i) => (whole.has(i) ? c.max : c.min + (wish > 0 ? ((c.max - c.min) * (left - mins)) / wish : (left - mins) / rest.length)));
  return wholeTwips(widths, width);
}

/** Widths rounded to whole twips, the last one taking what rounding left, so that they add up to `width` (itself rounded). */
function wholeTwips(widths: readonly number[], width: number): number[] {
  const out = widths.map((w) => Math.round(w * 20) / 20);
  const total = Math.round(width * 20) / 20;
  out[out.length - 1] = Math.round((total - sum(out.slice(0, -1))) * 20) / 20;
  return out;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
