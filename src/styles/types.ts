/**
 * Style presets are data: page geometry and one text style per kind of element. Exporters read
 * numbers from here instead of branching on a preset's name.
 */
import type { FontRole } from '../model/index.js';

/** Lengths are in PostScript points (1/72 in) unless a name says otherwise. */
export interface TextStyle {
  role: FontRole;
  bold?: boolean;
  /** Font size in points. */
  size: number;
  /** Baseline-to-baseline distance in points. */
  lineHeight: number;
  align: 'justify' | 'left' | 'center' | 'right';
  /** First-line indent in em of this style's size. */
  indentEm?: number;
  /** Whole-block left indent in em (block quotes, lists). */
  leftEm?: number;
  /** Right inset in em, for right-aligned lines such as the byline. */
  rightEm?: number;
  /** Blank space before and after the block, in points. */
  spaceBefore?: number;
  spaceAfter?: number;
}

export interface PageStyle {
  /** Paper width and height in points. */
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface FooterStyle {
  role: FontRole;
  size: number;
  /** Text of the page number, `{n}` standing for the number: '{n}' or '— {n} —'. */
  format: string;
  /** Distance from the bottom of the type area to the footer's baseline, in points. */
  belowTypeArea: number;
  /** Where the number sits: centred, or outside edge (odd right, even left) inset by `insetEm`. */
  placement: 'center' | 'outside';
  insetEm?: number;
}

/** A fixed grid of lines and characters (公文: 22 × 28); everything snaps to it when present. */
export interface GridStyle {
  linesPerPage: number;
  charsPerLine: number;
  /**
   * Line pitch in points: type-area height / linesPerPage (公文: 637.795 / 22 = 28.991 pt). Stated
   * for exporters that cannot derive it (Word wants whole twips: floor to 579 tw = 28.95 pt, or the
   * 22nd line overflows). Every text style's lineHeight on a grid page is a multiple of it.
   */
  linePitch?: number;
  /**
   * Character pitch in points: type-area width / charsPerLine (公文: 442.205 / 28 = 15.793 pt). A
   * full-width character of the body size advances by this instead of its em (Word: w:charSpace =
   * (charPitch - body.size) × 4096); indents and insets in em count grid characters.
   */
  charPitch?: number;
  /**
   * Where text sits inside its grid line: 'top' puts the em box at the top of the line box and the
   * leading below it, so the first line's characters start exactly at the top margin (公文's 天头
   * is measured to the top of the first line's characters); 'center' (default) splits the leading.
   */
  textInLine?: 'top' | 'center';
}

/**
 * Heading level by the heading's own numbering (公文: 一、 → level 1, （一） → 2, 1. → 3, （1） → 4):
 * the first rule whose pattern matches the heading text gives the index (1-based) into
 * `StylePreset.headings`. Headings that match no rule keep their Markdown level.
 */
export interface HeadingRule {
  /** A JavaScript RegExp source (Unicode mode), tested against the heading's plain text. */
  pattern: string;
  level: number;
  /** A heading it matches, for documentation and tests. */
  example: string;
}

/**
 * The signature block (GB/T 9704-2012 7.3.5.2, documents without a seal): the byline (issuing body)
 * right-aligned with `rightEm` characters to spare, the date on the next line starting `dateShiftEm`
 * characters right of the byline's start; when that would push the date past the inset, the date
 * gets the inset and the byline moves left with it. `signatureInsets()` does the arithmetic.
 */
export interface SignatureStyle {
  /** Print doc.meta.date (in `dateFormat`) under the byline, or alone when there is no byline. */
  date: boolean;
  /** Smallest right inset of either line, in characters (em of the byline's size, grid pitch on a grid). */
  rightEm: number;
  /** The date starts this many characters right of where the byline starts. */
  dateShiftEm: number;
  /** 'right': the date right-aligned at the byline's inset instead (a handout's date under its byline). */
  dateAlign?: 'shifted' | 'right';
}

/**
 * Footnotes: at the foot of the page that refers to them, below a short rule, in a smaller size.
 * PDF and DOCX both follow it (DOCX: w:footnotePr and the FootnoteText style).
 */
export interface NoteStyle {
  /** ①②③ restarting on each page (the Chinese book convention), or 1 2 3 through the document. */
  numbering: 'circled' | 'arabic';
  /** The notes' text; its marker hangs in `markerEm` ems of it on the left. */
  text: TextStyle;
  markerEm: number;
  /** A reference in the text: this fraction of the text's size, its baseline raised by `rise` of the text's size. */
  referenceScale: number;
  rise: number;
  /** The rule above the notes: its length (points), thickness, and the space above it (from the text) and below it. */
  rule: { width: number; thickness: number; above: number; below: number };
}

/** Where a figure's image and caption sit: space above the image and below the caption, in points. */
export interface FigureStyle {
  spaceBefore: number;
  spaceAfter: number;
  caption: TextStyle;
}

/**
 * Tables: their rules, cell text and padding, what happens when one is too wide, and the caption.
 * PDF and DOCX both draw from these numbers (column widths are worked out once, in src/prepare).
 */
export interface TableStyle {
  /**
   * 'grid': every cell boxed in `thin` lines (公文 and form-like tables: 报名表, 名额分配表).
   * 'threeLine': 三线表, a `thick` 顶线 above the header and 底线 under the last row, a `thin`
   * 栏目线 under the header, nothing else (reports).
   */
  rules: 'grid' | 'threeLine';
  /** Line widths in points. */
  thin: number;
  thick: number;
  /** Body cells' text; `align` is the default of a column whose alignment row says nothing. */
  text: TextStyle;
  /** Header cells' text (centred, in a heavier face). */
  header: TextStyle;
  /** Space between a cell's rules and its text, in points: left and right, top and bottom. */
  padding: { x: number; y: number };
  /**
   * The smallest size cell text steps down to (in 0.5 pt steps) when the table is too wide even
   * with every column at its narrowest; a warning names the table's line. Past it, the table is
   * set on a page turned to landscape.
   */
  minSize: number;
  /** The caption, above the table (as written: 表1　……). */
  caption: TextStyle;
  /** Printed after the caption on each page the table continues on (（续表）); none when undefined. */
  continued?: string;
  /** Space above the table (caption included) and below it, in points. */
  spaceBefore: number;
  spaceAfter: number;
}

/**
 * The elements of a 公文 beyond title and text (GB/T 9704-2012 clauses 7.2–7.4, 10): where each
 * sits, in points; the preset's comment names the clause of each number.
 */
export interface OfficialStyle {
  /** The red of the 发文机关标志 and the separator line, RRGGBB in sRGB. */
  red: string;
  /** 份号 (digits), 密级/紧急程度 (黑体), 发文字号, 签发人: one grid line each, this style. */
  head: TextStyle;
  /** 发文机关标志: role, largest size (shrunk to fit the type width), top edge below the type area's top. */
  issuer: { role: FontRole; size: number; top: number; jointLineHeight: number };
  /** Blank grid lines between the 标志 and the 发文字号. */
  numberLinesBelow: number;
  /** The red separator: this far below the 发文字号's characters, this thick. */
  ruleBelow: number;
  ruleThickness: number;
  /** Blank grid lines between the red line and the title. */
  titleLinesBelow: number;
  /** 签发人 and 发文字号 of an upward document: insets in characters from the right and the left. */
  signerRightEm: number;
  numberLeftEm: number;
  /** With a seal (7.3.5.1): the date this many characters in from the right, the 署名 centred over it, after this many blank lines. */
  sealDateRightEm: number;
  sealLinesBefore: number;
  /** Joint issuers' seals (7.3.5.1): at least this far apart, in points (互不相交或相切). */
  sealGap: number;
  /** 7.3.5.3: the 签发人职务 this many characters left of the 签名章. */
  stampTitleGapEm: number;
  /** 7.3.5.5: a signature block that does not fit its page is fitted by tightening the page's line pitch by up to this many lines. */
  squeezeLines: number;
  /** 附注 and 附件说明: characters in from the left. */
  noteIndentEm: number;
  /** 附件N, flush left in 黑体; the attachment's title in the title style on the line after a blank one. */
  attachmentLabel: TextStyle;
  /** 版记: its text style (4号), insets in characters of the body, rule thicknesses (outer, inner). */
  record: { text: TextStyle; insetEm: number; outer: number; inner: number };
  /**
   * Printed on both sides (9): the 版记 on an even page, the last face (7.4.1) — on the page where
   * the text ends when that is even and has room, else alone on the next even page, after a blank
   * page where the text ends on a full even page; that blank page and the 版记 page after it carry
   * no page number (7.5). False: the 版记 at the foot of the page where the text ends, or the next.
   */
  duplex: boolean;
  /**
   * 信函格式 (10.1): 标志 top from the page top, double lines (170 mm) 4 mm below it and 20 mm above
   * the page bottom, their thicknesses and gap; the 份号 and the 发文字号 this far below the upper lines.
   */
  letter: { issuerTop: number; lineLength: number; lineBelow: number; bottomLineAbove: number; thick: number; thin: number; gap: number; elementsBelow: number };
  /** 命令格式 (10.2): 标志 top below the type area's top. */
  command: { issuerTop: number };
  /** 纪要格式 (10.3): the face of the 出席：/请假：/列席： labels (黑体; the names are in the body's). */
  attendanceLabel: FontRole;
}

/**
 * How list items are set. 'hanging' (the default): the marker hangs in the list's left inset
 * (`listItem.leftEm`), wrapped lines align with the text after it, each nesting level one inset
 * further. 'inline': every item is a natural paragraph (公文, GB/T 9704-2012 7.3.3 每个自然段左空二字，
 * 回行顶格): its first line indented `listItem.indentEm` characters, the marker at the start of
 * that line with the text straight after it, wrapped lines at the left margin, nesting adding no inset.
 */
export interface ListStyle {
  marker: 'hanging' | 'inline';
  /**
   * Ordered-list markers by nesting depth, `{n}` standing for the item's number: 公文 ['{n}.', '（{n}）']
   * (the standard's third and fourth levels); deeper levels reuse the last. Default '{n}.' at every depth.
   */
  ordered?: string[];
}

export interface StylePreset {
  name: string;
  description: string;
  page: PageStyle;
  grid?: GridStyle;
  title: TextStyle;
  /** The `subtitle:` line below the title (——在……上的讲话); its spaceBefore is the gap under the title. */
  subtitle: TextStyle;
  body: TextStyle;
  /** Heading styles by level, 1 first; deeper levels reuse the last one. */
  headings: TextStyle[];
  quote: TextStyle;
  listItem: TextStyle;
  /** Marker placement and ordered markers of lists (see ListStyle); without it, hanging markers 1. and ● ○ ■. */
  list?: ListStyle;
  byline: TextStyle;
  footer: FooterStyle;
  /** Date format for signature blocks; 公文 writes 2026年11月23日. */
  dateFormat: 'iso' | 'chinese';
  /**
   * Digits of text whose Latin is set in the `latin` role's face (仿宋 text, or 宋 with a user's
   * Latin face): `'half-width'` sets them, and the marks inside numbers (28.9%, 2026-12-20), in
   * that face's half-width forms, half a cell each, as 仿宋_GB2312 does (src/fonts/half-width.ts);
   * default `'proportional'`. Latin letters keep their own widths either way.
   */
  digits?: 'proportional' | 'half-width';
  /** Heading level by numbering instead of Markdown level, first match wins (公文). */
  headingNumbering?: HeadingRule[];
  /** Signature block placement and the date under the byline; without it the byline is set by `byline` alone. */
  signature?: SignatureStyle;
  /** Footnotes (see NoteStyle). */
  notes: NoteStyle;
  /** Block images and their captions. */
  figure: FigureStyle;
  /** Tables (see TableStyle). */
  table: TableStyle;
  /** Space before the first block after a list, so that it does not read as one more item. */
  afterList: number;
  /** 公文 elements (版头, 主送, 附件, 署名 with seal, 附注, 版记); without it they are set as plain blocks. */
  official?: OfficialStyle;
}

export const MM = 72 / 25.4;
export const mm = (n: number): number => n * MM;
