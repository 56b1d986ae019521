/**
 * Styled blocks → DOCX paragraphs: each block becomes a paragraph in a named style (the title,
 * Heading n by level, Normal, Quote, List Paragraph, Byline, Separator), with its indents where
 * they differ from the style's, and its text in runs by the face that draws each character, strong
 * and emphasis as character styles. Every styling decision and the coverage check are made once
 * for all exporters in src/styles/blocks.ts, so the DOCX prints what the PDF prints.
 */
import type { Face, FaceSet } from '../../fonts/index.js';
import type { Diagnostic } from '../../errors.js';
import type { Document } from '../../model/index.js';
import type { StylePreset } from '../../styles/index.js';
import { bindFaces, styleBlocks, type FaceRun, type StyledBlock } from '../../styles/blocks.js';
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
    case 'rule': return 'Separator';
    default: return 'Normal';
  }
}

/** Builds the paragraphs, after checking that every character has a glyph (an input error with its position otherwise). */
export function buildParagraphs(doc: Document, preset: StylePreset, faces: FaceSet, warn?: (d: Diagnostic) => void): DocxParagraph[] {
  const styles = new Map(paragraphStyles(preset).map((s) => [s.id, s]));
  const li = preset.listItem;
  const liIndent = (li.leftEm ?? 2) * li.size;
  const toRun = (r: FaceRun): DocxRun => ({ text: r.text, face: r.face, ...(r.piece.mark ? { charStyle: CHAR_STYLE[r.piece.mark] } : {}) });
  return bindFaces(styleBlocks(doc, preset), faces, doc.source?.path, warn)
    .filter(({ block }) => block.kind !== 'date')
    .map(({ block: b, runs, marker }) => {
      // The marker and a tab to the text position, in the paragraph's own font: the marker sits in the hanging space.
      const markerRuns = (marker ?? []).map((r, i, all) => ({ text: i === all.length - 1 ? `${r.text}\t` : r.text, face: r.face }));
      const first = b.marker ? -liIndent : b.kind === 'heading' ? 0 : b.firstIndent;
      return { style: styles.get(styleId(b))!, geometry: { left: b.left, right: b.right, first }, runs: [...markerRuns, ...runs.map(toRun)] };
    });
}
