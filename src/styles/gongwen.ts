import { mm, type StylePreset, type TextStyle } from './types.js';

/**
 * 公文: the layout of GB/T 9704-2012 (党政机关公文格式), numbers from section 5 of the shared
 * Chinese typesetting reference (chinese-typesetting.md). Every number an exporter needs is here, derived from the
 * standard's own figures so that they cannot disagree:
 *
 * - A4, 天头 (top) 37 mm, 订口 (left) 28 mm, type area 156 × 225 mm, so right 26 mm, bottom 35 mm.
 * - A grid of 22 lines × 28 characters filling the type area: line pitch 225 mm / 22 = 28.991 pt
 *   (Word: exact line spacing, w:docGrid linePitch floor(637.795 × 20 / 22) = 579 tw = 28.95 pt),
 *   character pitch 156 mm / 28 = 15.793 pt, i.e. a 16 pt character narrowed by 0.207 pt
 *   (Word: w:docGrid type linesAndChars, charSpace = (15.793 − 16) × 4096 = −848).
 * - Every style's lineHeight is one line pitch (exact line spacing), and nothing has space before
 *   or after except whole grid lines, so every line stays on the grid. Indents and insets in em
 *   count grid characters (2 em = 2 × 15.793 pt on the grid).
 * - Fonts by role: title = 小标宋 (stand-in Noto Serif SC Black), fang = 仿宋 (FandolFang),
 *   sans = 黑体 (Noto Sans SC), kai = 楷体 (LXGW WenKai), serif = 宋体 (Noto Serif SC).
 */
const TYPE_WIDTH = mm(156);
const TYPE_HEIGHT = mm(225);
const LINES = 22;
const CHARS = 28;
/** 28.991 pt: 22 lines fill 225 mm exactly. */
const LINE = TYPE_HEIGHT / LINES;
/** 15.793 pt: 28 characters fill 156 mm exactly. */
const CHAR = TYPE_WIDTH / CHARS;
/** 19.327 pt: a note line, two thirds of a grid line (see notes). */
const NOTE_LINE = (LINE * 2) / 3;
/** 3号, the body size. */
const BODY = 16;

/** A 3号 仿宋 line on the grid: exact line spacing of one pitch, no space around. */
const onGrid = (role: TextStyle['role'], extra: Partial<TextStyle> = {}): TextStyle => ({
  role, size: BODY, lineHeight: LINE, align: 'justify', spaceBefore: 0, spaceAfter: 0, ...extra,
});

export const gongwen: StylePreset = {
  name: 'gongwen',
  description: 'GB/T 9704-2012 公文: A4, 22 lines × 28 characters of 16 pt 仿宋, 小标宋 title, — 1 — page numbers outside',
  page: { width: mm(210), height: mm(297), margin: { top: mm(37), right: mm(26), bottom: mm(35), left: mm(28) } },
  grid: { linesPerPage: LINES, charsPerLine: CHARS, linePitch: LINE, charPitch: CHAR, textInLine: 'top' },
  // 2号 (22 pt) 小标宋, centred; a long title is set in balanced lines. One grid line per title line,
  // then one blank grid line before the body (spaceAfter = one pitch; the next line snaps to the grid).
  title: { role: 'title', size: 22, lineHeight: LINE, align: 'center', spaceBefore: 0, spaceAfter: LINE },
  // A subtitle (——在……上的讲话) is the usual 3号 楷体 line, centred on the grid line under the title;
  // the blank grid line then comes after it.
  subtitle: onGrid('kai', { align: 'center', spaceAfter: LINE }),
  // 3号 仿宋, first line indented two characters, justified.
  body: onGrid('fang', { indentEm: 2 }),
  // Levels by numbering (headingNumbering below), each indented two characters like the body:
  // 1 一、 黑体 · 2 （一） 楷体 · 3 1. 仿宋 · 4 （1） 仿宋. All 3号, none bold (the faces carry the weight).
  headings: [
    onGrid('sans', { indentEm: 2 }),
    onGrid('kai', { indentEm: 2 }),
    onGrid('fang', { indentEm: 2 }),
    onGrid('fang', { indentEm: 2 }),
  ],
  headingNumbering: [
    { pattern: '^[一二三四五六七八九十百零〇]+、', level: 1, example: '一、总体要求' },
    // The essay's 一要增强会员意识。 and the common 一是…: a Chinese numeral and 要/是 open a first-level point.
    { pattern: '^[一二三四五六七八九十]+[要是]', level: 1, example: '一要增强会员意识。' },
    { pattern: '^[（(][一二三四五六七八九十百零〇]+[）)]', level: 2, example: '（一）工作目标' },
    { pattern: '^[0-9０-９]+[.．](?![0-9０-９])', level: 3, example: '1. 加强领导' },
    { pattern: '^[（(][0-9０-９]+[）)]', level: 4, example: '（1）明确责任' },
  ],
  quote: onGrid('kai', { indentEm: 2, leftEm: 2, rightEm: 2 }),
  // 7.3.3 正文 每个自然段左空二字，回行顶格, and its numbers 1. （1） open natural paragraphs: a list item is
  // one, its marker at the start of the first line two characters in, the lines after it flush left;
  // an ordered list's items 1. and, nested, （1） (the standard's third and fourth levels).
  listItem: onGrid('fang', { indentEm: 2 }),
  list: { marker: 'inline', ordered: ['{n}.', '（{n}）'] },
  // 发文机关署名: one blank grid line below the text, right-aligned; placed with the date by `signature`.
  byline: onGrid('fang', { align: 'right', rightEm: 2, spaceBefore: LINE }),
  // 7.3.5.2 (no seal): byline 右空二字, the date under it 右移二字 from the byline's start.
  signature: { date: true, rightEm: 2, dateShiftEm: 2 },
  // 4号 (14 pt) half-width digits in 宋体 between em dashes. 7.5: the dashes are 7 mm below the type
  // area, so the baseline is 7 mm plus the height of the dash above the baseline (0.29 em in
  // Noto Serif SC and in 宋体). Odd pages right, even pages left, each inset one character of the
  // body (16 pt, expressed in the footer's em).
  footer: { role: 'serif', size: 14, format: '— {n} —', belowTypeArea: mm(7) + 0.29 * 14, placement: 'outside', insetEm: BODY / 14 },
  dateFormat: 'chinese',
  // Digits of 仿宋 text half a cell each, as in a 公文 set in 仿宋_GB2312: 2026年12月20日 is 7 cells and
  // a line holding it stays on the grid (src/fonts/half-width.ts).
  digits: 'half-width',
  // Notes are rare in 公文 (the standard has 附注 instead): 1 2 3 through the document, 4号 仿宋
  // under a rule a quarter of the type width, at the page's foot. Off the grid, on a pitch of their
  // own: two thirds of a grid line, as is the rule's space, so that three note lines (or the rule
  // and two) take two grid lines exactly: a line that refers to a note, the rule and the note's
  // first two lines fit in the last three grid lines of a page (at 20 pt they needed 89.5 pt of 87
  // and the line went to the next page, leaving three grid lines empty), and what text and notes
  // leave of a grid line between them is a third or two, never more.
  notes: {
    numbering: 'arabic',
    text: { role: 'fang', size: 14, lineHeight: NOTE_LINE, align: 'justify' },
    markerEm: 1.5,
    referenceScale: 0.6,
    rise: 0.4,
    rule: { width: TYPE_WIDTH / 4, thickness: 0.5, above: NOTE_LINE - 6, below: 6 },
  },
  // A figure takes whole grid lines (the line after it stays on the grid); its caption is a 3号 仿宋 line, centred.
  figure: { spaceBefore: 0, spaceAfter: 0, caption: onGrid('fang', { align: 'center' }) },
  // A list is paragraphs of the text: no blank line after it, the next paragraph on the next grid line.
  afterList: 0,
  // Tables (附件: 报名表, 名额分配表 …) as 公文 offices rule them: a full grid of 0.5 pt lines, 4号
  // (14 pt) 仿宋 cells off the grid, 黑体 column heads, the caption a 3号 黑体 line on the grid,
  // （续表） on every page a table continues on. The text after a table starts on the next grid line.
  table: {
    rules: 'grid',
    thin: 0.5,
    thick: 0.5,
    text: { role: 'fang', size: 14, lineHeight: 20, align: 'left' },
    header: { role: 'sans', size: 14, lineHeight: 20, align: 'center' },
    padding: { x: 4, y: 3 },
    minSize: 10.5,
    caption: onGrid('sans', { align: 'center' }),
    continued: '（续表）',
    spaceBefore: 0,
    spaceAfter: 0,
  },
  // The 公文 elements, clause by clause (GB/T 9704-2012 as we read it, see chinese-typesetting.md §5):
  official: {
    // 7.2.4 red, 5.2 red ink Y80% M80%: as a screen colour, the pure sRGB red that PDF/A accepts.
    red: 'FF0000',
    // 7.2.1 份号 6 digits 3号, 7.2.2 密级 3号黑体, 7.2.3 紧急程度 3号黑体, top left, lines 1–3.
    head: onGrid('fang', { align: 'left' }),
    // 7.2.4 发文机关标志: 小标宋, red, centred, top edge 35 mm below the type area's top. The size is
    // free in the standard; 初号 (42 pt), narrowed to fit 156 mm; joint issuers stacked 1.25 apart.
    issuer: { role: 'title', size: 42, top: mm(35), jointLineHeight: 1.25 },
    // 7.2.5 发文字号 two (blank) lines below the 标志; 7.2.7 the red line 4 mm below it, 156 mm wide
    // (its thickness is not given: 1 pt, as the 版记's heavy rule); 7.3.1 the title two lines below it.
    numberLinesBelow: 2,
    ruleBelow: mm(4),
    ruleThickness: 1,
    titleLinesBelow: 2,
    // 7.2.5/7.2.6 upward documents: 发文字号 one character in from the left, 签发人 one in from the right.
    signerRightEm: 1,
    numberLeftEm: 1,
    // 7.3.5.1 with a seal: date four characters in from the right, 署名 centred over it; two blank
    // lines above the 署名 so that the seal's top is within one line below the text.
    sealDateRightEm: 4,
    sealLinesBefore: 2,
    // 7.3.5.1 joint issuers: seals in a row 互不相交或相切 (the gap is ours: 4 mm, the 版心 holding
    // three 42 mm seals); 7.3.5.3 签名章左空二字标注签发人职务.
    sealGap: mm(4),
    stampTitleGapEm: 2,
    // 7.3.5.5 当公文排版后所剩空白处不能容下印章或签发人签名章、成文日期时，可以采取调整行距、字距的措施
    // 解决: the page's lines closer by up to two lines in all (22 lines at 26.4 pt instead of 29 pt);
    // beyond that the end of the text goes to the next page with the signature.
    squeezeLines: 2,
    // 7.3.4 附件说明 and 7.3.6 附注: two characters in.
    noteIndentEm: 2,
    // 7.3.7 附件: 附件N in 3号黑体 flush left on line 1.
    attachmentLabel: onGrid('sans', { align: 'left' }),
    // 7.4 版记: 4号仿宋, one character (of the body) in on each side; rules 0.35 mm and 0.25 mm.
    record: { text: { role: 'fang', size: 14, lineHeight: LINE, align: 'justify', spaceBefore: 0, spaceAfter: 0 }, insetEm: 1, outer: mm(0.35), inner: mm(0.25) },
    // 9 公文应双面印刷; 7.4.1 末条分隔线与公文最后一面的版心下边缘重合: the 版记 on an even page, the
    // back of the last sheet; 7.5 公文的版记页前有空白页的，空白页和版记页均不编排页码.
    duplex: true,
    // 10.1 信函: 标志 30 mm from the page top (上边缘至上页边为30 mm); double lines 170 mm long,
    // centred, 4 mm below the 标志 (上粗下细) and 20 mm above the page bottom (上细下粗). Their
    // thicknesses are not given: 1 mm and 0.35 mm, 0.7 mm apart. 份号, 密级, 紧急程度 flush left and
    // the 发文字号 flush right under the upper lines, 3号汉字高度的7/8 (14 pt) below them.
    letter: { issuerTop: mm(30), lineLength: mm(170), lineBelow: mm(4), bottomLineAbove: mm(20), thick: mm(1), thin: mm(0.35), gap: mm(0.7), elementsBelow: (16 * 7) / 8 },
    // 10.2 命令: 标志 (…命令 or …令) 20 mm below the type area's top; 令号 and text each after two blank lines.
    command: { issuerTop: mm(20) },
    // 10.3 纪要: 出席：, 请假：, 列席： in 3号黑体, the names in 3号仿宋.
    attendanceLabel: 'sans',
  },
};
