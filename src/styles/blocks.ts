/**
 * Applying a preset to a document: the model becomes a flat list of styled blocks, each with its
 * kind, text style, insets and text pieces in font roles. Both the PDF and the DOCX exporter start
 * from this list, so they agree on every styling decision and a new rule is made once:
 *
 * - which style a block takes (title, heading by level, body, quote, list item, byline, rule);
 * - heading levels by numbering when the preset has rules for it (公文: 一、 （一） 1. （1）);
 * - emphasis in 楷 (黑 inside 楷), strong in the role's bold face;
 * - list markers, nesting insets (capped, src/styles/nesting.ts), empty items keeping their marker;
 * - the signature block: the byline and, when the preset asks, the date under it;
 * - what stays together (headings with what follows, the signature block with the text before it).
 *
 * `bindFaces` then checks that every character has a glyph and splits the pieces by the face that
 * draws each character. The prepared stage (src/prepare) does both once per export; exporters only
 * map the result to their own structures.
 */
import type { Diagnostic } from '../errors.js';
import { checkCoverage, fontChain, splitByFace, splitWithLatin, type Face, type FaceSet } from '../fonts/index.js';
import type { ImageInfo, ImageSet } from '../images/index.js';
import type { Block, Document, FontRole, Image, Inline, Span, TableCell } from '../model/index.js';
import { bylineText, headingInlines, inlineText, noteMarker, THEMATIC_BREAK_TEXT, type NoteNumbering } from '../model/text.js';
import { imageSize } from './images.js';
import { FORMAT_WORD, attendanceLines, markIssuers, officialText } from '../model/official.js';
import { inlineMarkers, itemMarker } from './lists.js';
import { nestedInsets } from './nesting.js';
import { formatDate, gridPitch, headingLevel, headingStyle } from './rules.js';
import type { StylePreset, TableStyle, TextStyle } from './types.js';

export type BlockKind =
  | 'title' | 'subtitle' | 'heading' | 'paragraph' | 'quote' | 'listItem' | 'byline' | 'date' | 'rule' | 'figure' | 'caption' | 'note'
  // A table (its rows of cells) and its caption above it.
  | 'table' | 'tableCaption'
  // 公文 (GB/T 9704-2012): the 版头 (placed on page 1, outside the flow), 主送机关, 附件说明, 附注,
  // an attachment's 附件N and title, the 版记's 抄送 and 印发 lines.
  | 'head' | 'addressee' | 'attachmentNote' | 'attendance' | 'remark' | 'attachmentLabel' | 'attachmentTitle' | 'cc' | 'imprint';

/** Which 版头 element a 'head' block is. */
export type HeadElement = 'copy' | 'secrecy' | 'urgency' | 'issuer' | 'issuerSuffix' | 'number' | 'signer';

/** An image as set: its file, its size in points, and its alt text (the PDF's /Alt, the DOCX's descr). */
export interface PlacedImage {
  file: ImageInfo;
  width: number;
  height: number;
  alt: string;
  span?: Span;
}

/** The text of a piece that stands for an inline image: one object replacement character. */
export const IMAGE_TEXT = '\ufffc';

/** A piece of text in one role and weight; `mark` says which inline markup produced it. */
export interface TextPiece {
  text: string;
  /** Where the text starts in the source, for diagnostics. */
  span?: Span;
  role: FontRole;
  bold: boolean;
  mark?: 'strong' | 'emphasis';
  /** The address the text links to: https:, mailto:, or `#id` of a heading. */
  link?: string;
  /**
   * A note's reference: the note's index (0-based) in the document's notes. The text is the
   * note's marker as numbered through the document (①, or 1); a format that numbers notes per
   * page (the PDF) draws its page's marker in its place, which is as wide.
   */
  note?: number;
  /** An inline image: the text is IMAGE_TEXT, set as one box of the image's size on the baseline. */
  image?: PlacedImage;
}

/** A table cell's text, in the style of its row (header or body) and the alignment of its column. */
export interface StyledCell {
  pieces: TextPiece[];
}

/**
 * A table as styled (kind 'table'): its rows of cells, header rows first, each column's
 * alignment, the text printed on a page it continues on (the caption and （续表）), and, once
 * src/prepare has measured it, its geometry: what the PDF and the DOCX both set it with.
 */
export interface StyledTable {
  style: TableStyle;
  /** Each column's alignment: in body rows (the preset's default where the source says none), in header rows (centred where it says none). */
  align: Array<'left' | 'center' | 'right'>;
  headAlign: Array<'left' | 'center' | 'right'>;
  /** Header rows first; `headRows` of them. */
  rows: StyledCell[][];
  headRows: number;
  /** Set in place of the caption on every page after the first (the caption and （续表）), when the preset asks. */
  continued?: TextPiece[];
  /** Where the table starts in the source, for messages. */
  span?: Span;
  geometry?: TableGeometry;
}

/**
 * A table's shape, worked out once from its text (src/prepare/tables.ts): every column's width in
 * points (the PDF's rules and the DOCX's w:tblGrid), the size its text is set at (the preset's,
 * or smaller when the table is too wide), and whether it is set on a page turned to landscape.
 */
export interface TableGeometry {
  widths: number[];
  /** Cell text sizes and line heights: the header's and the body's. */
  header: { size: number; lineHeight: number };
  body: { size: number; lineHeight: number };
  landscape: boolean;
}

export interface StyledBlock {
  kind: BlockKind;
  /** Heading level (1 for a section heading, by numbering when the preset says so); 0 for the title; undefined otherwise. */
  level?: number;
  style: TextStyle;
  pieces: TextPiece[];
  /**
   * Insets of the whole block from the type area, in points at the style's em: on a character
   * grid an exporter scales them by the grid pitch over the body size (quotes, list nesting, the
   * byline's and the date's right inset).
   */
  left: number;
  right: number;
  /** First-line indent in points (same scale as the insets), relative to `left`. */
  firstIndent: number;
  /** List marker of an item's first paragraph, set in the hanging space left of `left`, in the block's role. */
  marker?: TextPiece;
  /**
   * The marker opens the first line instead (StylePreset.list 'inline', 公文): it is the first text
   * after `firstIndent`, and the paragraph's wrapped lines start at `left`.
   */
  markerInline?: boolean;
  /** Headings and the title stay on the page with the start of what follows; the byline with its date. */
  keepWithNext: boolean;
  /** A signature block never starts a page alone: the end of the text before it comes along. */
  keepWithPrevious?: boolean;
  /** A figure's image (kind 'figure'), centred in the block's width. */
  figure?: PlacedImage;
  /** A table (kind 'table'). */
  table?: StyledTable;
  /** A note's paragraph (kind 'note', from `styleNotes`): which note, 0-based. */
  note?: number;
  /** A heading's id (links to `#id` go to it). */
  id?: string;
  /**
   * The list an item's first paragraph (the one with the marker) belongs to: its number in the
   * document (every list, nested ones too, has its own), its nesting depth (0 outermost), whether
   * it is ordered, its first number. The DOCX makes Word numbering of it.
   */
  list?: { id: number; depth: number; ordered: boolean; start: number };
  /** A 'head' block: which 版头 element (its place on page 1 is worked out in src/prepare). */
  head?: HeadElement;
  /** Drawn in this colour (RRGGBB): the red 发文机关标志. */
  color?: string;
  /** Starts a new page (an attachment). */
  breakBefore?: boolean;
  /** The 版记: this block and those after it end on the last line of the last page. */
  foot?: boolean;
  /** Rules as wide as the type area on the edges of the block's lines (版记), their thickness in points. */
  rules?: { above?: number; below?: number };
  /**
   * A label the block's wrapped lines hang after (附件：1., 抄送：): its text is the start of the
   * block's; src/prepare measures it and sets `left` and `firstIndent`. `lead` is text before the
   * block that the lines also clear (附件： before 2.), `at` the inset in characters before it.
   */
  hang?: { label: string; lead?: string; at: number };
  /**
   * Images pressed on the block (7.3.5: the seals on the 署名, a 签发人签名章 beside the 职务): each
   * one's centre in points from the type area's left edge and below the top of the block's first
   * line. src/prepare places them; the PDF draws them over the text, the DOCX anchors them behind it.
   */
  marks?: PlacedMark[];
  /**
   * A line of names at tab stops (joint issuers' 署名 side by side, 7.3.5.1): the text after each
   * tab ('\t') is centred on the stop, in points from the type area's left edge (src/prepare).
   */
  tabs?: number[];
}

/** An image pressed on a block (see StyledBlock.marks). */
export interface PlacedMark {
  image: PlacedImage;
  centerX: number;
  centerBelow: number;
}

/** Emphasis is set in 楷 (the Chinese convention); inside 楷 text it switches to 黑. */
export const emphasisRole = (role: FontRole): FontRole => (role === 'kai' ? 'sans' : 'kai');

interface Nesting {
  left: number;
  right: number;
  quote: boolean;
  depth: number;
}

/**
 * What placing images needs: the files (read in the prepared stage) and the width of the type
 * area. Without it a document with an image cannot be styled.
 */
export interface ImageContext {
  images: ImageSet;
}

/** The image of `node` at its size: its file from `images`, sized by `imageSize` for a block of this width. */
function placeImage(node: Image, context: ImageContext | undefined, box: { width: number; height: number; inline?: TextStyle }): PlacedImage {
  if (!context) throw new Error('images are placed with the files the prepared stage read');
  const file = context.images.get(node.src);
  const size = imageSize(file, node, box);
  return { file, ...size, alt: node.alt, ...(node.span ? { span: node.span } : {}) };
}

/** The document as styled blocks, in reading order: title, body blocks, then the signature block. */
export function styleBlocks(doc: Document, preset: StylePreset, context?: ImageContext): StyledBlock[] {
  const out: StyledBlock[] = [];
  const plain = (text: string, span: Span | undefined, t: TextStyle): TextPiece => ({ text, ...(span ? { span } : {}), role: t.role, bold: t.bold === true });
  const k = gridPitch(preset)?.scale ?? 1;
  const typeWidth = preset.page.width - preset.page.margin.left - preset.page.margin.right;
  const typeHeight = preset.page.height - preset.page.margin.top - preset.page.margin.bottom;
  const notes = noteNumbers(doc);
  const pieces = (inlines: readonly Inline[], style: TextStyle, nest: Nesting) =>
    textPieces(inlines, style, { notes, numbering: preset.notes.numbering, image: (node) => placeImage(node, context, { width: typeWidth - (nest.left + nest.right) * k, height: typeHeight, inline: style }) });
  // A block after a list is set apart from its last item (see StylePreset.afterList); one with space
  // above of its own (a heading) is apart already, and keeps it, so that it stays in register.
  let afterList = false;
  const push = (block: StyledBlock): void => {
    if (afterList) {
      const before = block.style.spaceBefore ? block.style.spaceBefore : preset.afterList;
      out.push({ ...block, style: { ...block.style, spaceBefore: before } });
      afterList = false;
    } else out.push(block);
  };

  const title = preset.title;
  // A subtitle takes the title's space below it: the title is followed by the subtitle's space before.
  const sub = doc.meta.subtitle ? preset.subtitle : undefined;
  const titleStyle = sub ? { ...title, spaceAfter: 0 } : title;
  // 10.2 命令: no title is printed, the text follows the 令号 (the title names the document).
  const untitled = preset.official !== undefined && doc.meta.official?.format === '命令';
  if (!untitled) out.push({ kind: 'title', level: 0, style: titleStyle, pieces: [plain(doc.meta.title, doc.titleSpan, title)], left: 0, right: 0, firstIndent: 0, keepWithNext: true });
  if (sub && !untitled) out.push({ kind: 'subtitle', style: sub, pieces: [plain(doc.meta.subtitle!, doc.subtitleSpan, sub)], left: 0, right: 0, firstIndent: 0, keepWithNext: true });
  const official = preset.official && doc.meta.official;
  if (official && official.to) {
    // 7.3.2 主送机关: the line after the title, flush left (wrapped lines too), ending with a full-width colon.
    const style = { ...preset.body, indentEm: 0 };
    out.push({ kind: 'addressee', style, pieces: [plain(addressee(official.to), undefined, style)], left: 0, right: 0, firstIndent: 0, keepWithNext: true });
  }

  let lists = 0;
  const walk = (blocks: readonly Block[], nest: Nesting, marker?: string, list?: StyledBlock['list']): void => {
    for (const block of blocks) {
      switch (block.type) {
        case 'heading': {
          // The level is the heading's numbering when the preset says so (公文: 一、 （一） 1. （1）), else its Markdown level.
          const level = headingLevel(preset, inlineText(block.children), block.level);
          const style = headingStyle(preset, level);
          push({
            kind: 'heading', level, style, pieces: pieces(headingInlines(block.children), style, nest),
            left: nest.left, right: nest.right, firstIndent: (style.indentEm ?? 0) * style.size, keepWithNext: true,
            ...(block.id ? { id: block.id } : {}),
          });
          break;
        }
        case 'paragraph': {
          const inList = marker !== undefined || nest.depth > 0;
          const kind = nest.quote ? 'quote' : inList ? 'listItem' : 'paragraph';
          const style = nest.quote ? preset.quote : inList ? preset.listItem : preset.body;
          // A hanging list's text starts at the inset; an inline list's paragraphs are indented like the body's.
          const indented = !inList || inlineMarkers(preset);
          push({
            kind, style, pieces: pieces(block.children, style, nest),
            left: nest.left, right: nest.right, firstIndent: indented ? (style.indentEm ?? 0) * style.size : 0, keepWithNext: false,
            // The marker is reported at its paragraph's position.
            ...(marker !== undefined ? { marker: plain(marker, block.span, style) } : {}),
            ...(marker !== undefined && inlineMarkers(preset) ? { markerInline: true } : {}),
            ...(marker !== undefined && list ? { list } : {}),
          });
          marker = undefined;
          break;
        }
        case 'blockquote': {
          const q = preset.quote;
          walk(block.children, { ...nest, quote: true, ...nestedInsets(preset, nest.left + (q.leftEm ?? 0) * q.size, nest.right + (q.rightEm ?? 0) * q.size) }, marker, list);
          marker = undefined;
          break;
        }
        case 'list': {
          const li = preset.listItem;
          const info = { id: ++lists, depth: nest.depth, ordered: block.ordered, start: block.start };
          block.items.forEach((item, i) => {
            const m = itemMarker(preset, block.ordered, block.start, i, nest.depth);
            // An empty item is still a bullet: an empty paragraph carries its marker.
            const children = item.children.length > 0 ? item.children : [{ type: 'paragraph' as const, children: [] }];
            // Inline markers: every level is natural paragraphs at the margin (回行顶格), no inset.
            const inset = inlineMarkers(preset) ? 0 : (li.leftEm ?? 2) * li.size;
            walk(children, { ...nest, depth: nest.depth + 1, ...nestedInsets(preset, nest.left + inset, nest.right) }, m, info);
          });
          if (nest.depth === 0) afterList = true;
          break;
        }
        case 'figure': {
          // The image centred in the block's width, its caption (as written: 图1　……) centred under it.
          const f = preset.figure;
          // No taller than the type area; src/prepare (settleFigures) makes room for the caption's lines as broken.
          const image = placeImage(block.image, context, { width: typeWidth - (nest.left + nest.right) * k, height: typeHeight });
          const style: TextStyle = { ...preset.body, align: 'center', spaceBefore: f.spaceBefore, spaceAfter: block.caption.length > 0 ? 0 : f.spaceAfter };
          push({ kind: 'figure', style, pieces: [], figure: image, left: nest.left, right: nest.right, firstIndent: 0, keepWithNext: block.caption.length > 0 });
          if (block.caption.length > 0) {
            const c = { ...f.caption, spaceAfter: f.spaceAfter };
            out.push({ kind: 'caption', style: c, pieces: pieces(block.caption, c, nest), left: nest.left, right: nest.right, firstIndent: 0, keepWithNext: false });
          }
          break;
        }
        case 'table': {
          // The caption above the table (kept with its first row), then the table as one block.
          const t = preset.table;
          const hasCaption = (block.caption?.length ?? 0) > 0;
          if (hasCaption) {
            const c = { ...t.caption, spaceBefore: t.spaceBefore };
            push({ kind: 'tableCaption', style: c, pieces: pieces(block.caption!, c, nest), left: nest.left, right: nest.right, firstIndent: 0, keepWithNext: true });
          }
          const columns = block.head[0]?.cells.length ?? block.body[0]?.cells.length ?? 0;
          const align = Array.from({ length: columns }, (_, i) => block.align[i] ?? (t.text.align === 'justify' ? 'left' : t.text.align));
          const row = (cells: readonly TableCell[], style: TextStyle): StyledCell[] =>
            Array.from({ length: columns }, (_, i) => ({ pieces: pieces(cells[i]?.children ?? [], style, nest) }));
          const continued = t.continued !== undefined ? [...(hasCaption ? pieces(block.caption!, t.caption, nest) : []), plain(t.continued, undefined, t.caption)] : undefined;
          const table: StyledTable = {
            style: t, align, headAlign: align.map((a, i) => block.align[i] ?? 'center'), headRows: block.head.length,
            rows: [...block.head.map((r) => row(r.cells, t.header)), ...block.body.map((r) => row(r.cells, t.text))],
            ...(continued ? { continued } : {}),
            ...(block.span ? { span: block.span } : {}),
          };
          push({ kind: 'table', style: { ...t.text, spaceBefore: hasCaption ? 0 : t.spaceBefore, spaceAfter: t.spaceAfter }, pieces: [], table, left: nest.left, right: nest.right, firstIndent: 0, keepWithNext: false });
          break;
        }
        case 'thematicBreak': {
          const style = { ...preset.body, align: 'center' as const };
          push({ kind: 'rule', style, pieces: [plain(THEMATIC_BREAK_TEXT, block.span, style)], left: nest.left, right: nest.right, firstIndent: 0, keepWithNext: false });
          break;
        }
      }
    }
  };
  walk(doc.blocks, { left: 0, right: 0, quote: false, depth: 0 });

  const os = preset.official;
  if (official && os && official.attachments) {
    // 7.3.4 附件说明: a blank line below the text, two characters in; one attachment has no number.
    const many = official.attachments.length > 1;
    official.attachments.forEach((a, i) => {
      const style = { ...preset.body, indentEm: 0, align: 'left' as const, spaceBefore: i === 0 ? preset.body.lineHeight : 0 };
      const label = i === 0 ? `附件：${many ? `${i + 1}.` : ''}` : `${i + 1}.`;
      out.push({
        kind: 'attachmentNote', style, pieces: [plain(label + attachmentName(a.title), undefined, style)], left: 0, right: 0, firstIndent: 0, keepWithNext: false,
        hang: { label, ...(i > 0 ? { lead: '附件：' } : {}), at: os.noteIndentEm },
      });
    });
  }

  if (official && os) {
    // 10.3 纪要: 出席, 请假, 列席 a blank line below the text or the 附件说明, two characters in, each on
    // its own line: the label in 3号黑体, the names in 仿宋, wrapped lines aligned after the colon.
    attendanceLines(official).forEach(({ label, names }, i) => {
      const style = { ...preset.body, indentEm: 0, align: 'left' as const, spaceBefore: i === 0 ? preset.body.lineHeight : 0 };
      out.push({
        kind: 'attendance', style, pieces: [{ text: label, role: os.attendanceLabel, bold: false }, plain(names, undefined, style)], left: 0, right: 0, firstIndent: 0, keepWithNext: false,
        hang: { label, at: os.noteIndentEm },
      });
    });
  }

  // The signature block: the byline, and the date under it when the preset asks for one.
  const date = preset.signature?.date && doc.meta.date ? formatDate(doc.meta.date, preset.dateFormat) : undefined;
  if (official && os && official.signature) {
    // 7.3.5 发文机关署名, never in brackets. With a seal, blank lines enough for it (7.3.5.1). Joint
    // issuers with seals or 签发人 with stamps get a block each (src/prepare sets them side by side,
    // or one under another, 7.3.5.1, 7.3.5.3); without, the names one under another (7.3.5.2).
    const s = official.seal ? { ...preset.byline, spaceBefore: os.sealLinesBefore * preset.byline.lineHeight } : preset.byline;
    const apart = official.stamp !== undefined || (official.seal !== undefined && official.signature.length > 1);
    const names = apart ? official.signature : [official.signature.join('\n')];
    names.forEach((name, i) => {
      out.push({
        kind: 'byline', style: i === 0 ? s : { ...s, spaceBefore: 0 }, pieces: [plain(name, undefined, s)],
        left: 0, right: (s.rightEm ?? 0) * s.size, firstIndent: 0, keepWithNext: date !== undefined || i < names.length - 1, keepWithPrevious: true,
      });
    });
  } else if (doc.meta.byline) {
    const s = preset.byline;
    out.push({
      kind: 'byline', style: s, pieces: [plain(bylineText(doc.meta.byline), doc.bylineSpan, s)],
      left: 0, right: (s.rightEm ?? 0) * s.size, firstIndent: 0, keepWithNext: date !== undefined,
      ...(preset.signature ? { keepWithPrevious: true } : {}),
    });
  }
  if (date !== undefined) {
    // The byline's style, directly under it (or, without a byline, with the byline's space before).
    // Its right inset here is the rule's smallest; `signatureInsets` settles both from the set widths.
    const s = doc.meta.byline || official?.signature ? { ...preset.byline, spaceBefore: 0 } : preset.byline;
    out.push({ kind: 'date', style: s, pieces: [plain(date, undefined, s)], left: 0, right: preset.signature!.rightEm * s.size, firstIndent: 0, keepWithNext: false, keepWithPrevious: true });
  }
  if (official && os) {
    const body = preset.body;
    if (official.note) {
      // 7.3.6 附注: on the line after the date, two characters in, in parentheses.
      const style = { ...body, indentEm: os.noteIndentEm };
      out.push({ kind: 'remark', style, pieces: [plain(bracketed(official.note), undefined, style)], left: 0, right: 0, firstIndent: os.noteIndentEm * style.size, keepWithNext: false, keepWithPrevious: true });
    }
    // 7.3.7 附件: each on a new page, 附件N in 黑体 on line 1, its title centred on line 3, then its text.
    const many = (official.attachments?.length ?? 0) > 1;
    official.attachments?.forEach((a, i) => {
      if (!a.blocks || a.blocks.length === 0) return;
      const ls = os.attachmentLabel;
      out.push({ kind: 'attachmentLabel', style: ls, pieces: [plain(many ? `附件${i + 1}` : '附件', undefined, ls)], left: 0, right: 0, firstIndent: 0, keepWithNext: true, breakBefore: true });
      const ts = { ...preset.title, spaceBefore: preset.title.lineHeight };
      out.push({ kind: 'attachmentTitle', level: 1, style: ts, pieces: [plain(a.title, undefined, ts)], left: 0, right: 0, firstIndent: 0, keepWithNext: true });
      walk(a.blocks, { left: 0, right: 0, quote: false, depth: 0 });
      afterList = false;
    });
    // 7.4 版记 on the last lines of the last page: 抄送 (wrapped lines after the colon), then 印发机关 and date.
    const rs = os.record;
    const inset = rs.insetEm * body.size;
    const record: StyledBlock[] = [];
    if (official.cc) {
      const label = '抄送：';
      record.push({ kind: 'cc', style: rs.text, pieces: [plain(label + endWithStop(official.cc), undefined, rs.text)], left: 0, right: inset, firstIndent: 0, keepWithNext: true, hang: { label, at: rs.insetEm } });
    }
    if ((official.printer || official.printed) && official.format !== '信函') {
      const s = { ...rs.text, align: 'left' as const };
      const when = official.printed ? `${formatDate(official.printed, 'chinese')}印发` : '';
      record.push({ kind: 'imprint', style: s, pieces: [plain(official.printer ?? '', undefined, s), plain('\t', undefined, s), plain(when, undefined, s)], left: inset, right: inset, firstIndent: 0, keepWithNext: false });
    }
    record.forEach((b, i) => {
      const rules = official.format === '信函' ? {} : { above: i === 0 ? rs.outer : rs.inner, ...(i === record.length - 1 ? { below: rs.outer } : {}) };
      out.push({ ...b, rules, ...(i === 0 ? { foot: true } : {}) });
    });
  }
  return out;
}

const { addressee, attachmentName, bracketed, endWithStop } = officialText;

/** Each note's number through the document (1-based), by label. */
function noteNumbers(doc: Document): Map<string, number> {
  return new Map((doc.footnotes ?? []).map((n, i) => [n.label, i]));
}

interface PieceContext {
  /** Note index by label. */
  notes: ReadonlyMap<string, number>;
  numbering: NoteNumbering;
  image: (node: Image) => PlacedImage;
  link?: string;
}

/**
 * Inline text as pieces: strong → the role's bold face, emphasis → 楷 (黑 inside 楷); a link's
 * pieces carry its address, a note's reference its marker, an image its box.
 */
function textPieces(inlines: readonly Inline[], style: TextStyle, context: PieceContext, inEmphasis = false, bold = style.bold === true, role: FontRole = style.role, mark?: TextPiece['mark']): TextPiece[] {
  const out: TextPiece[] = [];
  for (const node of inlines) {
    const base = { role, bold, ...(mark ? { mark } : {}), ...(context.link ? { link: context.link } : {}) };
    if (node.type === 'text') out.push({ text: node.value, ...(node.span ? { span: node.span } : {}), ...base });
    else if (node.type === 'break') out.push({ text: '\n', ...base });
    else if (node.type === 'strong') for (const p of textPieces(node.children, style, context, inEmphasis, true, role, mark ?? 'strong')) out.push(p);
    else if (node.type === 'emphasis') for (const p of textPieces(node.children, style, context, true, bold, inEmphasis ? role : emphasisRole(role), 'emphasis')) out.push(p);
    else if (node.type === 'link') for (const p of textPieces(node.children, style, { ...context, link: node.url }, inEmphasis, bold, role, mark)) out.push(p);
    else if (node.type === 'image') out.push({ text: IMAGE_TEXT, ...(node.span ? { span: node.span } : {}), ...base, image: context.image(node) });
    else if (node.type === 'footnoteReference') {
      const note = context.notes.get(node.label) ?? 0;
      // A reference is never bold or linked: the marker of its note, in the text's role.
      out.push({ text: noteMarker(note + 1, context.numbering), ...(node.span ? { span: node.span } : {}), role, bold: false, note });
    }
  }
  return out;
}

/**
 * The notes as styled blocks, in the order referred to: each paragraph of a note in the preset's
 * note style, the first with the note's marker hanging on its left (a note's lists and quotes are
 * set as its paragraphs). The marker is the note's number through the document; a format that
 * numbers notes per page draws its own in its place.
 */
export function styleNotes(doc: Document, preset: StylePreset, context?: ImageContext): StyledBlock[] {
  const ns = preset.notes;
  const style = ns.text;
  const notes = noteNumbers(doc);
  const typeWidth = preset.page.width - preset.page.margin.left - preset.page.margin.right;
  const out: StyledBlock[] = [];
  (doc.footnotes ?? []).forEach((note, i) => {
    const paragraphs: Inline[][] = [];
    const flatten = (blocks: readonly Block[]): void => {
      for (const b of blocks) {
        if (b.type === 'paragraph' || b.type === 'heading') paragraphs.push(b.children);
        else if (b.type === 'figure') paragraphs.push(b.caption);
        else if (b.type === 'blockquote') flatten(b.children);
        else if (b.type === 'list') b.items.forEach((item) => flatten(item.children));
        else if (b.type === 'table') for (const row of [...b.head, ...b.body]) paragraphs.push(row.cells.flatMap((c, i) => (i > 0 ? [{ type: 'text' as const, value: '　' }, ...c.children] : c.children)));
      }
    };
    flatten(note.children);
    if (paragraphs.length === 0) paragraphs.push([]);
    const marker = noteMarker(i + 1, ns.numbering);
    paragraphs.forEach((children, p) => {
      out.push({
        kind: 'note', note: i, style,
        pieces: textPieces(children, style, { notes, numbering: ns.numbering, image: (node) => placeImage(node, context, { width: typeWidth, height: style.lineHeight, inline: style }) }),
        left: ns.markerEm * style.size, right: 0, firstIndent: 0, keepWithNext: false,
        ...(p === 0 ? { marker: { text: marker, ...(note.span ? { span: note.span } : {}), role: style.role, bold: false } } : {}),
      });
    });
  });
  return out;
}

/** A stretch of one piece set in one face. */
export interface FaceRun {
  text: string;
  face: Face;
  piece: TextPiece;
}

export interface BoundBlock {
  block: StyledBlock;
  /** A table's cells likewise, by row and column. */
  cells?: FaceRun[][][];
  /** A table's continuation caption likewise. */
  continued?: FaceRun[];
  /** The pieces split by the face that draws each character, in order. */
  runs: FaceRun[];
  /** The marker likewise, when the block has one. */
  marker?: FaceRun[];
  /** A headline title too long for one line: its run with '\n' between the phrases where it breaks (src/prepare). */
  phrased?: FaceRun[];
  /** How many lines the block takes, where a writer that does not break lines needs it (a 版记 row; src/prepare). */
  lines?: number;
}

/**
 * Binds every piece to the faces that draw it: the role's face, or a fallback for characters it
 * lacks. Checks coverage first, for the whole document at once (markers included), so that the
 * user sees every character no font can draw, with its position, in one error; characters drawn
 * by a fallback face go to `warn`.
 */
export function bindFaces(blocks: readonly StyledBlock[], faces: FaceSet, file?: string, warn?: (d: Diagnostic) => void): BoundBlock[] {
  const chain = (p: TextPiece) => fontChain(faces, p.role, p.bold);
  checkCoverage(
    blocks.flatMap((b) => [...(b.marker ? [b.marker] : []), ...b.pieces, ...tablePieces(b)]).filter((p) => !p.image).map((p) => ({ text: p.text, span: p.span, faces: chain(p) })),
    file,
    warn,
  );
  const split = (p: TextPiece): FaceRun[] => {
    // An inline image is a box, set in no face: its run keeps the role's face for its metrics.
    if (p.image) return [{ text: p.text, face: chain(p)[0]!, piece: p }];
    // A note's reference keeps its role's face; other text has its Latin in the Latin face where the role asks for it.
    const runs = p.note !== undefined ? splitByFace(p.text, chain(p)) : splitWithLatin(p.text, faces, p.role, p.bold);
    // Most pieces are set in one face: keep the piece's own string for it. splitByFace builds its
    // copy a character at a time, a chain of one-character strings that, for every piece of a
    // 3,000-page document at once, took some 150 MB until something flattened them.
    if (runs.length === 1) return [{ text: p.text, face: runs[0]!.face, piece: p }];
    return runs.map((r) => ({ text: r.text, face: r.face, piece: p }));
  };
  return blocks.map((block) => ({
    block,
    runs: block.pieces.flatMap(split),
    ...(block.marker ? { marker: split(block.marker) } : {}),
    ...(block.table ? { cells: block.table.rows.map((row) => row.map((cell) => cell.pieces.flatMap(split))) } : {}),
    ...(block.table?.continued ? { continued: block.table.continued.flatMap(split) } : {}),
  }));
}

/** Every text piece of a table block: its cells' and its continuation caption's. */
function tablePieces(b: StyledBlock): TextPiece[] {
  if (!b.table) return [];
  return [...b.table.rows.flatMap((row) => row.flatMap((cell) => cell.pieces)), ...(b.table.continued ?? [])];
}

/**
 * The 版头 of a 公文 (7.2) as 'head' blocks, in reading order: 份号, 密级, 紧急程度, the
 * 发文机关标志 (one per issuer, with the format's word to the right of joint ones), 签发人, 发文字号.
 * src/prepare places them on page 1; with `preprinted` (套打) it leaves the 标志's space blank.
 */
export function styleHead(doc: Document, preset: StylePreset): StyledBlock[] {
  const os = preset.official;
  const o = doc.meta.official;
  if (!os || !o) return [];
  const out: StyledBlock[] = [];
  const line = (head: HeadElement, text: string, style: TextStyle, extra: Partial<StyledBlock> = {}) =>
    out.push({ kind: 'head', head, style, pieces: [{ text, role: style.role, bold: false }], left: 0, right: 0, firstIndent: 0, keepWithNext: false, ...extra });
  const h = os.head;
  if (o.copy) line('copy', o.copy, h);
  if (o.secrecy) line('secrecy', o.secrecy, { ...h, role: 'sans' });
  if (o.urgency) line('urgency', o.urgency, { ...h, role: 'sans' });
  // 套打 keeps them here: src/prepare sizes their space and then leaves it blank.
  const issuers = markIssuers(o);
  const mark: TextStyle = { role: os.issuer.role, size: os.issuer.size, lineHeight: os.issuer.size, align: 'center', spaceBefore: 0, spaceAfter: 0 };
  for (const name of issuers) line('issuer', name, mark, { color: os.red });
  if (issuers.length > 1) line('issuerSuffix', FORMAT_WORD[o.format], mark, { color: os.red });
  const signers = o.signer ?? [];
  if (signers.length > 0) {
    // 7.2.6 签发人： in 仿宋, the names in 楷体, two to a line.
    for (let i = 0; i < signers.length; i += 2) {
      const names = signers.slice(i, i + 2).join('\u3000');
      out.push({
        kind: 'head', head: 'signer', style: { ...h, align: 'right' },
        // Lines after the first align with the first names (the label's place left blank).
        pieces: ([{ text: i === 0 ? '签发人：' : '', role: 'fang', bold: false }, { text: names, role: 'kai', bold: false }] satisfies TextPiece[]).filter((p) => p.text !== ''),
        left: 0, right: os.signerRightEm * h.size, firstIndent: 0, keepWithNext: false,
      });
    }
  }
  if (o.number) line('number', o.number, { ...h, align: signers.length > 0 ? 'left' : 'center' }, signers.length > 0 ? { left: os.numberLeftEm * h.size } : {});
  return out;
}

