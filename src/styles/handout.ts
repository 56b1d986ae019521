import { mm, type StylePreset } from './types.js';

/**
 * The default: a printed handout. A4, 宋 body at 小四 (12 pt) with 1.75 line height, 黑 headings,
 * a centred 二号 title, the byline right-aligned in 楷 after the last paragraph and the date
 * (2026年11月23日) right-aligned under it.
 *
 * In register: every heading with its space above and below takes two body lines (42 pt), a
 * one-line title with its space three (63 pt), the gap after a list one, so that body lines sit on
 * the same 21 pt steps on every page and full pages end on the same baseline (or a whole line
 * above it, where a heading or a widow rule moves a line on).
 */
export const handout: StylePreset = {
  name: 'handout',
  description: 'A4 handout: 12 pt 宋体 body, 黑体 headings, centred title, page numbers centred',
  page: { width: mm(210), height: mm(297), margin: { top: mm(30), right: mm(27), bottom: mm(30), left: mm(27) } },
  title: { role: 'sans', bold: false, size: 22, lineHeight: 33, align: 'center', spaceAfter: 30 },
  // 三号 楷体 under the title; a one-line title with its subtitle and the space after them takes
  // four body lines (33 + 6 + 24 + 21 = 84 pt), in register like the rest.
  subtitle: { role: 'kai', size: 16, lineHeight: 24, align: 'center', spaceBefore: 6, spaceAfter: 21 },
  body: { role: 'serif', size: 12, lineHeight: 21, align: 'justify', indentEm: 2, spaceAfter: 0 },
  // Levels 1–3 黑体 a 字号 apart, 三号, 四号, 小四 (16, 14, 12 pt): at 14, 13, 12 the first three
  // differed by a point each, which no reader sees as a step.
  headings: [
    { role: 'sans', size: 16, lineHeight: 24, align: 'left', spaceBefore: 12, spaceAfter: 6 },
    { role: 'sans', size: 14, lineHeight: 22, align: 'left', spaceBefore: 12, spaceAfter: 8 },
    { role: 'sans', size: 12, lineHeight: 21, align: 'left', spaceBefore: 14, spaceAfter: 7 },
    // Below three levels of 黑体 the face changes, so that every level looks like itself:
    // 4 楷体, 5 宋体 bold, 6 楷体 bold (a level deeper than the style list reuses the last); two lines each.
    { role: 'kai', size: 12, lineHeight: 21, align: 'left', spaceBefore: 14, spaceAfter: 7 },
    { role: 'serif', bold: true, size: 12, lineHeight: 21, align: 'left', spaceBefore: 14, spaceAfter: 7 },
    { role: 'kai', bold: true, size: 12, lineHeight: 21, align: 'left', spaceBefore: 14, spaceAfter: 7 },
  ],
  quote: { role: 'kai', size: 12, lineHeight: 21, align: 'justify', indentEm: 2, leftEm: 2, rightEm: 2 },
  listItem: { role: 'serif', size: 12, lineHeight: 21, align: 'justify', leftEm: 2 },
  byline: { role: 'kai', size: 12, lineHeight: 21, align: 'right', spaceBefore: 12 },
  // `date:` printed right-aligned under the byline (or alone where the byline would be).
  signature: { date: true, rightEm: 0, dateShiftEm: 0, dateAlign: 'right' },
  footer: { role: 'serif', size: 10.5, format: '{n}', belowTypeArea: mm(12), placement: 'center' },
  dateFormat: 'chinese',
  // 小五 (9 pt) notes, ①②③ on each page, under a rule a quarter of the type width.
  notes: {
    numbering: 'circled',
    text: { role: 'serif', size: 9, lineHeight: 14, align: 'justify' },
    markerEm: 1.5,
    referenceScale: 0.6,
    rise: 0.4,
    rule: { width: mm(156) / 4, thickness: 0.5, above: 12, below: 6 },
  },
  figure: { spaceBefore: 10.5, spaceAfter: 10.5, caption: { role: 'sans', size: 10.5, lineHeight: 18, align: 'center', spaceBefore: 6 } },
  afterList: 21,
  // A three-line table (三线表) as reports set them: 1 pt 顶线 and 底线, a 0.5 pt 栏目线 under the
  // header; 五号 (10.5 pt) 宋体 cells, 黑体 heads, the caption above it like a figure's.
  table: {
    rules: 'threeLine',
    thin: 0.5,
    thick: 1,
    text: { role: 'serif', size: 10.5, lineHeight: 16, align: 'left' },
    header: { role: 'sans', size: 10.5, lineHeight: 16, align: 'center' },
    padding: { x: 5, y: 2.5 },
    minSize: 9,
    caption: { role: 'sans', size: 10.5, lineHeight: 18, align: 'center', spaceBefore: 0, spaceAfter: 3 },
    continued: '（续表）',
    spaceBefore: 10.5,
    spaceAfter: 10.5,
  },
};
