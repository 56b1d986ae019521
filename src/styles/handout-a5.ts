import { mm, type StylePreset } from './types.js';

/**
 * An A5 handout (148 × 210 mm), as a typesetter sizes a small page rather than shrinking the A4
 * one: 五号 (10.5 pt) 宋 body on an 18 pt pitch (1.71, the A4 handout's proportion), 31 characters
 * to the line and 27 lines to the page, both whole, so that a page of body text is full to the
 * character and to the line. The type area, 325.5 × 486 pt (114.8 × 171.5 mm), sits centred across
 * (16.6 mm each side) with 18 mm above it and 20.6 mm below it for the page number. Sizes step down
 * by 字号: title 小二 (18 pt), headings 四号 (14), 小四 (12) and 五号 (10.5) 黑, notes 8 pt, the page
 * number 小五 (9). Every block with its space around it takes whole lines of the pitch (a title
 * three, a heading two, a gap one), so body lines on every page sit in register on the same
 * 27 baselines and full pages end on the same one.
 */
const BODY = 10.5;
const LINE = 18;
const CHARS = 31;
const LINES = 27;
const TYPE_WIDTH = CHARS * BODY;
const TYPE_HEIGHT = LINES * LINE;
const SIDE = (mm(148) - TYPE_WIDTH) / 2;
const TOP = mm(18);

export const handoutA5: StylePreset = {
  name: 'handout-a5',
  description: 'A5 handout: 10.5 pt 宋体 body, 31 characters × 27 lines, for booklets (--impose booklet)',
  page: { width: mm(148), height: mm(210), margin: { top: TOP, right: SIDE, bottom: mm(210) - TOP - TYPE_HEIGHT, left: SIDE } },
  title: { role: 'sans', bold: false, size: 18, lineHeight: 27, align: 'center', spaceAfter: 27 },
  // 小四 楷体 under the title: title, subtitle and the gap after it take four lines (27 + 18 + 27).
  subtitle: { role: 'kai', size: 12, lineHeight: LINE, align: 'center', spaceBefore: 0, spaceAfter: 27 },
  body: { role: 'serif', size: BODY, lineHeight: LINE, align: 'justify', indentEm: 2, spaceAfter: 0 },
  // Levels 1–3 黑体 a 字号 apart, 四号, 小四, 五号 (14, 12, 10.5 pt), each with its space two lines.
  headings: [
    { role: 'sans', size: 14, lineHeight: 22, align: 'left', spaceBefore: 9, spaceAfter: 5 },
    { role: 'sans', size: 12, lineHeight: LINE, align: 'left', spaceBefore: 12, spaceAfter: 6 },
    { role: 'sans', size: 10.5, lineHeight: LINE, align: 'left', spaceBefore: 12, spaceAfter: 6 },
    // As in the A4 handout, levels 4–6 change face (楷, 宋 bold, 楷 bold), two lines each.
    { role: 'kai', size: 10.5, lineHeight: LINE, align: 'left', spaceBefore: 12, spaceAfter: 6 },
    { role: 'serif', bold: true, size: 10.5, lineHeight: LINE, align: 'left', spaceBefore: 12, spaceAfter: 6 },
    { role: 'kai', bold: true, size: 10.5, lineHeight: LINE, align: 'left', spaceBefore: 12, spaceAfter: 6 },
  ],
  quote: { role: 'kai', size: BODY, lineHeight: LINE, align: 'justify', indentEm: 2, leftEm: 2, rightEm: 2 },
  listItem: { role: 'serif', size: BODY, lineHeight: LINE, align: 'justify', leftEm: 2 },
  byline: { role: 'kai', size: BODY, lineHeight: LINE, align: 'right', spaceBefore: LINE },
  signature: { date: true, rightEm: 0, dateShiftEm: 0, dateAlign: 'right' },
  footer: { role: 'serif', size: 9, format: '{n}', belowTypeArea: mm(10), placement: 'center' },
  dateFormat: 'chinese',
  notes: {
    numbering: 'circled',
    text: { role: 'serif', size: 8, lineHeight: 12, align: 'justify' },
    markerEm: 1.5,
    referenceScale: 0.6,
    rise: 0.4,
    rule: { width: TYPE_WIDTH / 4, thickness: 0.4, above: 9, below: 4.5 },
  },
  figure: { spaceBefore: 9, spaceAfter: 9, caption: { role: 'sans', size: 9, lineHeight: 15, align: 'center', spaceBefore: 4.5 } },
  afterList: LINE,
  // The A4 handout's three-line table a size down: 小五 (9 pt) cells, 8 pt at the smallest; its space
  // around it is half a line each side, a line in all, so the text after it keeps its register.
  table: {
    rules: 'threeLine',
    thin: 0.4,
    thick: 0.8,
    text: { role: 'serif', size: 9, lineHeight: 13.5, align: 'left' },
    header: { role: 'sans', size: 9, lineHeight: 13.5, align: 'center' },
    padding: { x: 4, y: 2 },
    minSize: 8,
    caption: { role: 'sans', size: 9, lineHeight: 15, align: 'center', spaceBefore: 0, spaceAfter: 3 },
    continued: '（续表）',
    spaceBefore: LINE / 2,
    spaceAfter: LINE / 2,
  },
};
