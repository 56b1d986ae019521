/**
 * A table as WordprocessingML: a native w:tbl whose w:tblGrid is the PDF's column widths (worked
 * out once in src/prepare), fixed layout so that Word and LibreOffice keep them, header rows
 * marked w:tblHeader (repeated on every page), every row w:cantSplit, the preset's rules as
 * borders (a full grid, or a three-line table's 顶线, 栏目线 and 底线) and its padding as cell
 * margins. Cell text is in the TableText and TableHeading styles (East Asian fonts, off the
 * character grid), each paragraph aligned as its column.
 */
import type { TableGeometry } from '../../styles/blocks.js';
import type { TableStyle } from '../../styles/types.js';
import type { DocxParagraph } from './content.js';
import { ordered } from './schema.js';
import { el, twips } from './xml.js';

export interface DocxTable {
  style: TableStyle;
  geometry: TableGeometry;
  /** Left inset of the table from the type area, in points (a table in a quote or list). */
  left: number;
  headRows: number;
  /** Each row's cells, one paragraph per line of the source cell. */
  rows: DocxParagraph[][][];
}

/** A border of `pt` points (w:sz counts eighths of a point), or none. */
const border = (side: string, pt: number | undefined) =>
  el(`w:${side}`, pt ? { 'w:val': 'single', 'w:sz': Math.round(pt * 8), 'w:space': 0, 'w:color': '000000' } : { 'w:val': 'nil' });

export function tableXml(table: DocxTable, paragraph: (p: DocxParagraph) => string): string {
  const { style, geometry: g } = table;
  const grid = style.rules === 'grid';
  const total = g.widths.reduce((a, b) => a + b, 0);
  const tblPr = ordered(
    'w:tblPr',
    {},
    el('w:tblW', { 'w:w': twips(total), 'w:type': 'dxa' }),
    el('w:tblInd', { 'w:w': twips(table.left), 'w:type': 'dxa' }),
    ordered(
      'w:tblBorders',
      {},
      border('top', style.thick),
      border('left', grid ? style.thick : undefined),
      border('bottom', style.thick),
      border('right', grid ? style.thick : undefined),
      border('insideH', grid ? style.thin : undefined),
      border('insideV', grid ? style.thin : undefined),
    ),
    el('w:tblLayout', { 'w:type': 'fixed' }),
    ordered(
      'w:tblCellMar',
      {},
      el('w:top', { 'w:w': twips(style.padding.y), 'w:type': 'dxa' }),
      el('w:left', { 'w:w': twips(style.padding.x), 'w:type': 'dxa' }),
      el('w:bottom', { 'w:w': twips(style.padding.y), 'w:type': 'dxa' }),
      el('w:right', { 'w:w': twips(style.padding.x), 'w:type': 'dxa' }),
    ),
  );
  const tblGrid = el('w:tblGrid', {}, g.widths.map((w) => el('w:gridCol', { 'w:w': twips(w) })).join(''));
  // The row and cell properties, the same in every row of a kind: made once (a table may have thousands of rows).
  const trPr = [ordered('w:trPr', {}, el('w:cantSplit'), el('w:tblHeader')), ordered('w:trPr', {}, el('w:cantSplit'))];
  const tcPr = (rule: boolean) =>
    g.widths.map((w) =>
      ordered(
        'w:tcPr',
        {},
        el('w:tcW', { 'w:w': twips(w), 'w:type': 'dxa' }),
        // A three-line table's 栏目线 is the last header row's bottom border.
        rule && ordered('w:tcBorders', {}, border('bottom', style.thin)),
        el('w:vAlign', { 'w:val': 'center' }),
      ),
    );
  const plainCells = tcPr(false);
  const ruledCells = tcPr(!grid);
  const rows = table.rows.map((cells, r) => {
    const header = r < table.headRows;
    const props = r === table.headRows - 1 && r < table.rows.length - 1 ? ruledCells : plainCells;
    const tcs = cells.map((paragraphs, c) => `<w:tc>${props[c]}${paragraphs.map(paragraph).join('')}</w:tc>`);
    return `<w:tr>${trPr[header ? 0 : 1]}${tcs.join('')}</w:tr>`;
  });
  return ordered('w:tbl', {}, tblPr, tblGrid, rows.join(''));
}
