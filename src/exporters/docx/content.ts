/**
 * The prepared document's blocks → DOCX paragraphs: each block becomes a paragraph in a named
 * style (the title, Heading n by level, Normal, Quote, List Paragraph, Byline, Date, Separator),
 * with its indents where they differ from the style's, and its text in runs by the face that
 * draws each character, strong and emphasis as character styles. Every styling decision, the
 * coverage check, a title's phrase breaks and the signature block's insets are made once for all
 * exporters in the prepared stage (src/prepare), so the DOCX prints what the PDF prints.
 */
import type { Face } from '../../fonts/index.js';
import type { TypesetDocument } from '../../prepare/index.js';
import type { FaceRun, StyledBlock } from '../../styles/blocks.js';
import { headingStyleId, paragraphStyles, type Geometry, type ParagraphStyle } from './styles.js';

export interface DocxRun {
  text: string;
  face: Face;
  charStyle?: 'Strong' | 'Emphasis';
}

export interface DocxParagraph {
  style: ParagraphStyle;
  runs: DocxRun[];
  /** The paragraph's indents; written as direct formatting only where they differ from the style's. */
  geometry: Geometry;
  /** Space before in points, where it differs from the style's (a date line without a byline above it). */
  spaceBefore?: number;
  /** Keep with the next paragraph where the style does not say so (the end of the text before a signature block). */
  keepNext?: boolean;
}

const CHAR_STYLE = { strong: 'Strong', emphasis: 'Emphasis' } as const;

/** The paragraph style id of a block. */
function styleId(b: StyledBlock): string {
  switch (b.kind) {
    case 'title': return 'Title';
    case 'heading': return headingStyleId(b.level ?? 1);
    case 'quote': return 'Quote';
    case 'listItem': return 'ListParagraph';
    case 'byline': return 'Byline';
    case 'date': return 'Date';
    case 'rule': return 'Separator';
    default: return 'Normal';
  }
}

export function buildParagraphs(doc: TypesetDocument): DocxParagraph[] {
  const { preset } = doc;
  const styles = new Map(paragraphStyles(preset).map((s) => [s.id, s]));
  // Insets in em count grid characters on a grid, as in the PDF.
  const k = doc.grid.scale;
  const li = preset.listItem;
  const liIndent = (li.leftEm ?? 2) * li.size * k;
  const toRun = (r: FaceRun): DocxRun => ({ text: r.text, face: r.face, ...(r.piece.mark ? { charStyle: CHAR_STYLE[r.piece.mark] } : {}) });
  const bound = doc.blocks;
  return bound.map(({ block: b, runs, marker, phrased }, i) => {
    const style = styles.get(styleId(b))!;
    // The marker and a tab to the text position, in the paragraph's own font: the marker sits in the hanging space.
    const markerRuns = (marker ?? []).map((r, j, all) => ({ text: j === all.length - 1 ? `${r.text}\t` : r.text, face: r.face }));
    const first = b.marker ? -liIndent : b.firstIndent * k;
    const spaceBefore = b.style.spaceBefore ?? 0;
    // Word keeps a paragraph with the next one from the paragraph before: the end of the text
    // before a signature block comes along with it (its last two lines, with widow control).
    const keepNext = (b.keepWithNext && !style.keepNext) || bound[i + 1]?.block.keepWithPrevious === true;
    return {
      style,
      geometry: { left: b.left * k, right: b.right * k, first },
      // A headline title that breaks: with line breaks between its phrases, where the PDF breaks it.
      runs: [...markerRuns, ...(phrased ?? runs).map(toRun)],
      ...(spaceBefore !== (style.text.spaceBefore ?? 0) ? { spaceBefore } : {}),
      ...(keepNext ? { keepNext: true } : {}),
    };
  });
}
