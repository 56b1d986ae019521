/**
 * The document model: plain typed data shared by every reader and exporter.
 *
 * Nothing here knows about Markdown, PDF or DOCX. Readers build it, exporters consume it.
 * Positions are kept so that a later stage (font coverage, lint) can still point at the
 * source line and column of a character.
 */

/** A point in a source file. `line` and `column` are 1-based, `offset` is a 0-based UTF-16 index. */
export interface Point {
  line: number;
  column: number;
  offset: number;
}

export interface Span {
  start: Point;
  end: Point;
}

// ---------------------------------------------------------------- inlines

export interface Text {
  type: 'text';
  value: string;
  /**
   * Where `value` starts in the source. The reader makes one text node per source line (a soft
   * line break already resolved: nothing between hanzi, a space between Latin words, at the end
   * of the line's node), so counting characters from `span.start` finds each one exactly.
   * Columns count code points.
   */
  span?: Span;
}

export interface Emphasis {
  type: 'emphasis';
  children: Inline[];
  span?: Span;
}

export interface Strong {
  type: 'strong';
  children: Inline[];
  span?: Span;
}

/** A hard line break inside a paragraph (Markdown: two trailing spaces or a backslash). */
export interface LineBreak {
  type: 'break';
  span?: Span;
}

/** A hyperlink: an external address (https:, mailto:) or a heading of this document (#id). */
export interface Link {
  type: 'link';
  url: string;
  title?: string;
  children: Inline[];
  span?: Span;
}

/** A length as the source gives it: `50mm`, `60%` (of the text width), `300px` (at 96 dpi). */
export interface Dimension {
  value: number;
  unit: 'mm' | 'cm' | 'in' | 'pt' | 'px' | '%';
}

/** An image file (PNG or JPEG, relative to the source), inside a line or as a figure's content. */
export interface Image {
  type: 'image';
  src: string;
  alt: string;
  title?: string;
  width?: Dimension;
  height?: Dimension;
  span?: Span;
}

/** A reference to a footnote of Document.footnotes by its label (`[^1]` refers to label `1`). */
export interface FootnoteReference {
  type: 'footnoteReference';
  label: string;
  span?: Span;
}

export type Inline = Text | Emphasis | Strong | LineBreak | Link | Image | FootnoteReference;

// ---------------------------------------------------------------- blocks

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

export interface Heading {
  type: 'heading';
  /** 1 is a section heading: the document title lives in metadata, not in a heading. */
  level: HeadingLevel;
  children: Inline[];
  /** Its identifier, for links to it (`#…`): `{#id}` as written, else pandoc's automatic one from its text. */
  id?: string;
  span?: Span;
}

export interface Paragraph {
  type: 'paragraph';
  children: Inline[];
  span?: Span;
}

export interface BlockQuote {
  type: 'blockquote';
  children: Block[];
  span?: Span;
}

export interface ListItem {
  type: 'listItem';
  children: Block[];
  span?: Span;
}

export interface List {
  type: 'list';
  ordered: boolean;
  /** First number of an ordered list (1 unless the source says otherwise). */
  start: number;
  items: ListItem[];
  span?: Span;
}

export interface ThematicBreak {
  type: 'thematicBreak';
  span?: Span;
}

/** An image set on its own, centred, with its caption (`图1　……`, as written) below it. */
export interface Figure {
  type: 'figure';
  image: Image;
  caption: Inline[];
  span?: Span;
}

export type Alignment = 'left' | 'center' | 'right';

export interface TableCell {
  type: 'tableCell';
  children: Inline[];
  span?: Span;
}

export interface TableRow {
  type: 'tableRow';
  cells: TableCell[];
  span?: Span;
}

/**
 * A table: header rows (repeated on every page it continues on), body rows, one alignment per
 * column (undefined: the preset's default), and the caption as written (`表1　2026年度名额分配表`).
 * Every row has as many cells as there are columns.
 */
export interface Table {
  type: 'table';
  align: Array<Alignment | undefined>;
  head: TableRow[];
  body: TableRow[];
  caption?: Inline[];
  span?: Span;
}

export type Block = Heading | Paragraph | BlockQuote | List | ThematicBreak | Figure | Table;

/** A footnote's text, referred to by FootnoteReference nodes with its label. */
export interface Footnote {
  label: string;
  children: Block[];
  span?: Span;
}

// ---------------------------------------------------------------- metadata

/** PDF/A conformance levels a document can ask for (part and conformance: 1b, 2b, 2u, 3b, 3u). */
export const pdfaLevels = ['1b', '2b', '2u', '3b', '3u'] as const;
export type PdfaLevel = (typeof pdfaLevels)[number];

/** A font role a style can ask for; `src/fonts` resolves each to a concrete face. */
/**
 * Roles a style asks for (宋 serif, 黑 sans, 楷 kai, 仿宋 fang, 小标宋 title), and `latin`: the face
 * for Latin letters and digits in 宋 and 仿宋 text (src/fonts/latin.ts), never a style's own role.
 */
export type FontRole = 'serif' | 'sans' | 'kai' | 'fang' | 'title' | 'latin';

/** A user's own font for a role: a file, and for a collection (.ttc) the face by index or name. */
export interface FontOverride {
  path: string;
  face?: number | string;
  bold?: { path: string; face?: number | string; at?: FontKeyAt };
  at?: FontKeyAt;
}

/** A font file, and for a collection the face by index or name. */
export interface FontFile {
  path: string;
  face?: number | string;
  /** Where the source or config file names this font, for messages about it. */
  at?: FontKeyAt;
}

/** The file, line and column of the value that names a font. */
export interface FontKeyAt {
  file: string;
  line: number;
  column: number;
}

export type FontSettings = Partial<Record<FontRole, FontOverride>> & {
  /**
   * Faces tried, in order, for a character that the role's font (and the bundled serif) lack,
   * such as CJK Extension B. Every use is reported as a warning.
   */
  fallback?: FontFile[];
};

export interface Metadata {
  title: string;
  /** Printed below the title, smaller: the ——在……上的讲话 line of a speech or report. */
  subtitle?: string;
  /** Person or body responsible; goes into document properties. */
  author?: string;
  /** Printed after the last block, in full-width parentheses: （作者系中共马关县委副书记）. */
  byline?: string;
  /** BCP 47 language tag, zh-CN unless the source says otherwise. */
  lang: string;
  /** ISO calendar date, YYYY-MM-DD. */
  date?: string;
  keywords: string[];
  subject?: string;
  /** Style preset name (handout, gongwen …); the CLI's --preset wins over it. */
  preset?: string;
  /** Per-role font files that replace the bundled ones, and fallbacks for characters they lack. */
  fonts?: FontSettings;
  /** PDF/A level such as 1b, 2b, 3u; the CLI's --pdfa wins over it. */
  pdfa?: string;
  /** Paper size, margins, body size and line pitch, over the preset's own (see src/styles/page.ts). */
  page?: PageSettings;
  /** The elements of a 公文 beyond its title and text (GB/T 9704-2012); none of them is required. */
  official?: Official;
}

/** The four layouts of GB/T 9704-2012: the ordinary document (7) and the special formats (10). */
export const officialFormats = ['文件', '信函', '命令', '纪要'] as const;
export type OfficialFormat = (typeof officialFormats)[number];

/** An attachment (附件): its title, and its text from a Markdown file or from the source's 附件N section. */
export interface Attachment {
  title: string;
  /** A Markdown file (relative to the source) holding the attachment's text. */
  file?: string;
  /** Its text, read from `file` or from the source's `# 附件N` section. */
  blocks?: Block[];
}

/**
 * The 公文 elements, as front matter gives them (each documented in the README). Lists stay lists:
 * joint issuers, several signers, a 署名 per issuer.
 */
export interface Official {
  format: OfficialFormat;
  /** 份号, six digits. */
  copy?: string;
  /** 密级和保密期限 (机密★1年). */
  secrecy?: string;
  /** 紧急程度 (特急, 加急). */
  urgency?: string;
  /** 发文机关 (one, or several for a joint document), printed as the red 发文机关标志. */
  issuer?: string[];
  /** 发文字号: 滇南工发〔2026〕12号. */
  number?: string;
  /** 签发人, for an upward document. */
  signer?: string[];
  /** 主送机关. */
  to?: string;
  attachments?: Attachment[];
  /** 发文机关署名 (never in brackets), one per issuer. */
  signature?: string[];
  /** The seal images (印章), PNGs with transparency, one per 署名 (joint documents), pressed on the 署名 and date (7.3.5.1). */
  seal?: string[];
  /** Signature stamp images (签发人签名章, 7.3.5.3), one per 签发人; `signature` then holds the 签发人职务. */
  stamp?: string[];
  /** 附注, printed in parentheses. */
  note?: string;
  /** 抄送机关. */
  cc?: string;
  /** 印发机关 and 印发日期 (YYYY-MM-DD). */
  printer?: string;
  printed?: string;
  /** 套打: the 版头 is left blank for paper already printed with it. */
  preprinted?: boolean;
  /** 纪要: 出席, 请假, 列席. */
  attendees?: string[];
  absent?: string[];
  observers?: string[];
}

/** Page settings a source, a config file or an own preset gives; each left out keeps the preset's. */
export interface PageSettings {
  /** Paper width and height in millimetres. */
  size?: { width: number; height: number };
  /** Margins in millimetres. */
  margins?: { top?: number; right?: number; bottom?: number; left?: number };
  /** Body text size in points. */
  body?: number;
  /** Line pitch (baseline to baseline) of the body in points. */
  pitch?: number;
  /** Where the `page:` key is written, for messages about it. */
  at?: FontKeyAt;
}

export interface SourceInfo {
  /** Path as the user gave it, used in messages. */
  path: string;
  /** The decoded source text (after BOM removal and CRLF folding). */
  text: string;
  /** The raw bytes, for attaching the source to a PDF/A-3 file. */
  bytes?: Uint8Array;
}

export interface Document {
  meta: Metadata;
  blocks: Block[];
  /** Span of the title in the source (inside the front matter), for messages. */
  titleSpan?: Span;
  subtitleSpan?: Span;
  bylineSpan?: Span;
  /** Footnotes in the order they are first referred to. */
  footnotes?: Footnote[];
  source?: SourceInfo;
}
