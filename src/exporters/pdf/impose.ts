/**
 * Imposition (`--impose 2up|booklet`): the pages of a finished PDF placed two to a sheet of twice
 * their width (A5 pages on A4 landscape), in reading order (2up) or in booklet order, for printing
 * on both sides and folding once (blank pages made up to a multiple of four).
 *
 * It works on the PDF's bytes after the exporter made them, with pdf-lib, which reads a PDF and
 * turns each page into a form XObject with its own resources (fonts copied once for all pages):
 * pdfkit only writes PDFs and cannot read one back, and laying the document out a second time
 * onto sheets would need a second pagination path through the exporter. The imposed file is a
 * printing aid: untagged, no outline or links (the unimposed PDF, always written too, keeps them).
 */
import { PDFDocument } from 'pdf-lib';
import type { Imposition } from './impose-modes.js';

/** One side of a sheet: the page (0-based) on its left and on its right half; null is blank. */
export type SheetSide = readonly [left: number | null, right: number | null];

/**
 * The sides of the sheets in printing order. 2up: pages 1 2, 3 4, … . Booklet, for n pages made up
 * to N = 4k: sheet s has on its front N−2s and 2s+1, on its back 2s+2 and N−2s−1 (1-based), so that
 * the sheets, printed on both sides (flip on the short edge), stacked and folded, read 1 … N.
 */
export function sheetOrder(pages: number, mode: Imposition): SheetSide[] {
  const page = (i: number) => (i < pages ? i : null);
  const sides: SheetSide[] = [];
  if (mode === '2up') {
    for (let i = 0; i < pages; i += 2) sides.push([i, page(i + 1)]);
    return sides;
  }
  const total = Math.max(4, Math.ceil(pages / 4) * 4);
  for (let s = 0; s < total / 4; s++) {
    sides.push([page(total - 1 - 2 * s), page(2 * s)]);
    sides.push([page(2 * s + 1), page(total - 2 - 2 * s)]);
  }
  return sides;
}

const MM = 72 / 25.4;
/** Sheets a pair of pages fits on with at most 2 mm to spare: A5 on A4, B5 on B4, A4 on A3 (landscape). */
const SHEETS: ReadonlyArray<readonly [number, number]> = [
  [297, 210],
  [353, 250],
  [420, 297],
];

/** The sheet for two pages of w × h points side by side: a standard one when it fits that closely, else exactly 2w × h. */
export function sheetSize(w: number, h: number): { width: number; height: number } {
  const fit = SHEETS.find(([sw, sh]) => sw * MM >= 2 * w - 0.5 && sw * MM - 2 * w <= 2 * MM + 0.5 && sh * MM >= h - 0.5 && sh * MM - h <= 2 * MM + 0.5);
  return fit ? { width: fit[0] * MM, height: fit[1] * MM } : { width: 2 * w, height: h };
}

export interface ImposeInfo {
  title: string;
  /** The document's date (the files' dates come from it, so that exports are reproducible). */
  date: Date;
}

/**
 * The imposed PDF of `bytes`. Pages meet at the sheet's centre, the fold, and sit centred top to
 * bottom; what the sheet has to spare goes to the outer edges.
 */
export async function imposePdf(bytes: Uint8Array, mode: Imposition, info: ImposeInfo): Promise<Uint8Array> {
  const source = await PDFDocument.load(bytes, { updateMetadata: false });
  const out = await PDFDocument.create({ updateMetadata: false });
  const count = source.getPageCount();
  const { width: w, height: h } = source.getPage(0).getSize();
  const sheet = sheetSize(w, h);
  const pages = await out.embedPdf(source, [...Array(count).keys()]);
  const y = (sheet.height - h) / 2;
  for (const [left, right] of sheetOrder(count, mode)) {
    const side = out.addPage([sheet.width, sheet.height]);
    if (left !== null) side.drawPage(pages[left]!, { x: sheet.width / 2 - w, y });
    if (right !== null) side.drawPage(pages[right]!, { x: sheet.width / 2, y });
  }
  out.setTitle(info.title);
  out.setCreator('wenshu');
  out.setProducer('wenshu (pdf-lib)');
  out.setCreationDate(info.date);
  out.setModificationDate(info.date);
  return out.save({ useObjectStreams: false });
}
