/**
 * The prepared document's blocks → DOCX paragraphs: each block becomes a paragraph in a named
 * style (the title, Heading n by level, Normal, Quote, List Paragraph, Byline, Date, Separator),
 * with its indents where they differ from the style's, and its text in runs by the face that
 * draws each character, strong and emphasis as character styles. Every styling decision, the
 * coverage check, a title's phrase breaks and the signature block's insets are made once for all
 * exporters in the prepared stage (src/prepare), so the DOCX prints what the PDF prints.
 */
import type { Face } from '../../fonts/index.js';
import type { SignatureSqueeze, TypesetDocument } from '../../prepare/index.js';
import type { BoundBlock, FaceRun, PlacedImage, PlacedMark, StyledBlock } from '../../styles/blocks.js';
import type { ListInfo } from './numbering.js';
import type { DocxTable } from './table.js';
import { boxMarks } from './marks.js';
import { gridCondensing, headingStyleId, paragraphStyles, verticalTwips, type Geometry, type ParagraphStyle } from './styles.js';

export interface DocxRun {
  text: string;
  face: Face;
  /** Size in points where it differs from the paragraph style's (a table's text set smaller to fit). */
  size?: number;
  charStyle?: 'Strong' | 'Emphasis';
  /** The address the run links to (https:, mailto:, #id). */
  link?: string;
  /** A note's reference: which note (0-based). */
  note?: number;
  /** An inline picture. */
  image?: PlacedImage;
  /** Character spacing in twips (w:spacing), where a punctuation box needs it (marks.ts). */
  spacing?: number;
}

export interface DocxParagraph {
  style: ParagraphStyle;
  runs: DocxRun[];
  /** The paragraph's indents; written as direct formatting only where they differ from the style's. */
  geometry: Geometry;
  /** Space before in points, where it differs from the style's (a date line without a byline above it). */
  spaceBefore?: number;
  /** Space after in points, where it differs from the style's (a title with a subtitle under it). */
  spaceAfter?: number;
  /** Keep with the next paragraph where the style does not say so (the end of the text before a signature block). */
  keepNext?: boolean;
  /** Never split across pages (a signature block's paragraphs). */
  keepLines?: boolean;
  /** At least two lines at a page's foot and head (the text before a signature block, which brings two along). */
  widowControl?: boolean;
  /** A list item's first paragraph: its list (Word numbering gives the marker). */
  list?: ListInfo;
  /** A figure's picture, the paragraph's only content. */
  figure?: PlacedImage;
  /** A heading that links go to: its id (a bookmark around the paragraph's text). */
  bookmark?: string;
  /** A footnote's first paragraph: it starts with the note's mark. */
  noteMark?: boolean;
  /** Exact line height in points where it differs from the style's (a table's text set smaller to fit). */
  lineHeight?: number;
  /** Alignment where it differs from the style's (a table cell, as its column). */
  align?: 'left' | 'center' | 'right';
  /** A table, which stands in the body where its block stands; the paragraph itself is not written. */
  table?: DocxTable;
  /** The properties of the section this paragraph ends (before and after a table turned to landscape). */
  sectPr?: string;
  /** 公文: starts a new page (an attachment); space before in points, exactly (the title below the 版头). */
  pageBreakBefore?: boolean;
  exactSpaceBefore?: number;
  /** Off the document's line grid: its exact line height as given (a 公文 signature page's text set closer, 7.3.5.5). */
  offGrid?: boolean;
  /** 公文: the seals or 签名章 anchored in it (7.3.5), and the centre tab stops of a row of 署名 (from the type area's left). */
  marks?: PlacedMark[];
  tabs?: number[];
}

/** The paragraphs and the paragraphs of every table's cells, in document order. */
export function* allParagraphs(list: readonly DocxParagraph[]): Generator<DocxParagraph> {
  for (const p of list) {
    if (p.table) for (const row of p.table.rows) for (const cell of row) yield* cell;
    else yield p;
  }
}

const CHAR_STYLE = { strong: 'Strong', emphasis: 'Emphasis' } as const;

/** The paragraph style id of a block. */
function styleId(b: StyledBlock): string {
  switch (b.kind) {
    case 'title': return 'Title';
    case 'subtitle': return 'Subtitle';
    case 'heading': return headingStyleId(b.level ?? 1);
    case 'quote': return 'Quote';
    case 'listItem': return 'ListParagraph';
    case 'byline': return 'Byline';
    case 'date': return 'Date';
    case 'rule': return 'Separator';
    case 'figure': return 'Figure';
    case 'caption': return 'Caption';
    case 'tableCaption': return 'TableCaption';
    case 'note': return 'FootnoteText';
    case 'attachmentLabel': return 'AttachmentLabel';
    case 'attachmentTitle': return 'Title';
    default: return 'Normal';
  }
}

/** The gap between a list marker's right edge and the text, in points: half the item's size (as the PDF draws it). */
export const markerGap = (size: number): number => size * 0.5;

/** The 版记's blocks (抄送, 印发): the DOCX writes them as a table of their own (see official.ts). */
export const isRecord = (b: BoundBlock): boolean => b.block.kind === 'cc' || b.block.kind === 'imprint';

export function buildParagraphs(doc: TypesetDocument, all: readonly BoundBlock[] = doc.blocks, titleSpace?: number, squeeze?: SignatureSqueeze): DocxParagraph[] {
  const bound = all.filter((b) => !isRecord(b));
  const tightened = squeezedPitches(doc, squeeze);
  const { preset } = doc;
  const styles = new Map(paragraphStyles(preset).map((s) => [s.id, s]));
  // Insets in em count grid characters on a grid, as in the PDF.
  const k = doc.grid.scale;
  const li = preset.listItem;
  const liIndent = (li.leftEm ?? 2) * li.size * k;
  const toRun = (r: FaceRun): DocxRun => ({
    text: r.text, face: r.face, ...(r.piece.mark ? { charStyle: CHAR_STYLE[r.piece.mark] } : {}),
    ...(r.piece.link ? { link: r.piece.link } : {}), ...(r.piece.note !== undefined ? { note: r.piece.note } : {}), ...(r.piece.image ? { image: r.piece.image } : {}),
  });
  let spaceAfterTable = 0;
  return bound.map(({ block: b, runs, marker, phrased, cells }, i): DocxParagraph => {
    if (b.table && cells) {
      spaceAfterTable = b.style.spaceAfter ?? 0;
      return tableParagraph(b, cells, styles, k, toRun);
    }
    const style = styles.get(styleId(b))!;
    // A list's marker is Word numbering (b.list); otherwise (a note's) the marker and a tab to the
    // text position, in the paragraph's own font: the marker sits in the hanging space.
    const numbered = b.list !== undefined;
    const markerRuns = numbered || b.kind === 'note' ? [] : (marker ?? []).map((r, j, all) => ({ text: j === all.length - 1 ? `${r.text}\t` : r.text, face: r.face }));
    // Inline markers (公文): Word numbers the first line's start, the paragraph indented as the PDF's.
    const first = numbered ? (b.markerInline ? b.firstIndent * k : -markerGap(b.style.size)) : b.kind === 'note' ? (b.marker ? -b.left * k : 0) : b.marker ? -liIndent : b.firstIndent * k;
    // A table's space after is the space before what follows it (Word has none after a table).
    const spaceBefore = Math.max(b.style.spaceBefore ?? 0, spaceAfterTable);
    spaceAfterTable = 0;
    const spaceAfter = b.style.spaceAfter ?? 0;
    // Word keeps a paragraph with the next one from the paragraph before: the end of the text
    // before a signature block comes along with it (its last two lines, with widow control).
    const keepNext = (b.keepWithNext && !style.keepNext) || bound[i + 1]?.block.keepWithPrevious === true;
    // The signature block whole (a 署名 of several lines is not split), and at least two lines of
    // the text before it with it (widow control, which Word applies only where it is asked for):
    // never a 署名 or a date alone on a page (7.3.5.5).
    const signature = b.keepWithPrevious === true && doc.preset.signature !== undefined;
    const beforeSignature = !b.keepWithPrevious && bound[i + 1]?.block.keepWithPrevious === true;
    const pitch = tightened.get(bound[i]!);
    return {
      style,
      geometry: b.tabs ? { left: 0, right: 0, first: 0 } : { left: b.left * k, right: b.right * k, first },
      // A headline title that breaks: with line breaks between its phrases, where the PDF breaks it.
      runs: [...markerRuns, ...boxMarks((phrased ?? runs).map(toRun), b.style.size, style.autoLine ? 0 : gridCondensing(style))],
      ...(spaceBefore !== (style.text.spaceBefore ?? 0) ? { spaceBefore } : {}),
      ...(spaceAfter !== (style.text.spaceAfter ?? 0) ? { spaceAfter } : {}),
      ...(keepNext ? { keepNext: true } : {}),
      ...(signature ? { keepLines: true } : {}),
      ...(beforeSignature ? { widowControl: true } : {}),
      ...(b.list ? { list: b.list } : {}),
      ...(b.figure ? { figure: b.figure } : {}),
      ...(b.id ? { bookmark: b.id } : {}),
      ...(b.kind === 'note' && b.marker ? { noteMark: true } : {}),
      ...(b.breakBefore ? { pageBreakBefore: true } : {}),
      // The title (a 命令's first paragraph: it has none) where the PDF starts the text under the 版头.
      ...(i === 0 && titleSpace !== undefined ? { exactSpaceBefore: titleSpace } : {}),
      ...(b.marks ? { marks: b.marks } : {}),
      ...(b.tabs ? { tabs: b.tabs, align: 'left' as const } : {}),
      ...(pitch !== undefined ? { lineHeight: pitch, offGrid: true } : {}),
    };
  });
}

/**
 * 7.3.5.5: the line pitch of each paragraph that the PDF sets closer on a signature's page (see
 * signatureSqueeze), as the word processor counts: from its grid lines of whole twips, the same
 * share off each, rounded down to whole twips so that together they give up at least the grid
 * lines the PDF takes out. Those paragraphs are set off the grid (which would round each line up
 * to a grid line again); the 署名 after them lands on a grid line, where LibreOffice puts it.
 */
function squeezedPitches(doc: TypesetDocument, squeeze: SignatureSqueeze | undefined): Map<BoundBlock, number> {
  const out = new Map<BoundBlock, number>();
  if (!squeeze) return out;
  const vertical = verticalTwips(doc.preset);
  const height = squeeze.blocks.reduce((h, { block, lines }) => h + lines * vertical(doc.blocks[block]!.block.style.lineHeight), 0);
  const share = 1 - vertical(squeeze.shift) / height;
  for (const { block } of squeeze.blocks) out.set(doc.blocks[block]!, Math.floor(vertical(doc.blocks[block]!.block.style.lineHeight) * share) / 20);
  return out;
}

/**
 * A table block: its cells as paragraphs in TableHeading or TableText, aligned as their columns,
 * at the size src/prepare settled (smaller than the style's when the table was too wide).
 */
function tableParagraph(b: StyledBlock, cells: readonly (readonly (readonly FaceRun[])[])[], styles: ReadonlyMap<string, ParagraphStyle>, k: number, toRun: (r: FaceRun) => DocxRun): DocxParagraph {
  const t = b.table!;
  const g = t.geometry!;
  const rows = cells.map((row, r) => {
    const header = r < t.headRows;
    const style = styles.get(header ? 'TableHeading' : 'TableText')!;
    const size = header ? g.header.size : g.body.size;
    return row.map((runs, c): DocxParagraph[] => {
      const align = (header ? t.headAlign : t.align)[c]!;
      return [{
        style, geometry: style.geometry,
        runs: runs.map((run) => ({ ...toRun(run), ...(size !== style.text.size ? { size } : {}) })),
        ...(align !== style.text.align ? { align } : {}),
        ...(size !== style.text.size ? { lineHeight: header ? g.header.lineHeight : g.body.lineHeight } : {}),
      }];
    });
  });
  const style = styles.get('TableText')!;
  return { style, geometry: style.geometry, runs: [], table: { style: t.style, geometry: g, left: b.left * k, headRows: t.headRows, rows } };
}
