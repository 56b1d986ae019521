/**
 * Styled blocks → DOCX paragraphs: each block becomes a paragraph in a named style (the title,
 * Heading n by level, Normal, Quote, List Paragraph, Byline, Date, Separator), with its indents
 * where they differ from the style's, and its text in runs by the face that draws each character,
 * strong and emphasis as character styles. Every styling decision and the coverage check are made
 * once for all exporters in src/styles/blocks.ts, so the DOCX prints what the PDF prints.
 */
import { openFace, type Face, type FaceSet } from '../../fonts/index.js';
import type { Diagnostic } from '../../errors.js';
import type { Document } from '../../model/index.js';
import { signatureInsets, type StylePreset } from '../../styles/index.js';
import { boundBlocks, type FaceRun, type StyledBlock } from '../../styles/blocks.js';
import { breakBetweenPhrases, isOpening } from '../../typeset/index.js';
import { gridScale, headingStyleId, paragraphStyles, type Geometry, type ParagraphStyle } from './styles.js';

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

/** Builds the paragraphs, after checking that every character has a glyph (an input error with its position otherwise). */
export function buildParagraphs(doc: Document, preset: StylePreset, faces: FaceSet, warn?: (d: Diagnostic) => void, shared?: Map<string, unknown>): DocxParagraph[] {
  const styles = new Map(paragraphStyles(preset).map((s) => [s.id, s]));
  // Insets in em count grid characters on a grid, as in the PDF.
  const k = gridScale(preset);
  const li = preset.listItem;
  const liIndent = (li.leftEm ?? 2) * li.size * k;
  const toRun = (r: FaceRun): DocxRun => ({ text: r.text, face: r.face, ...(r.piece.mark ? { charStyle: CHAR_STYLE[r.piece.mark] } : {}) });
  const bound = boundBlocks(doc, preset, faces, warn, shared);
  const right = signatureRights(bound.map((b) => b.block), bound.map((b) => b.runs), preset, k);
  return bound.map(({ block: b, runs, marker }, i) => {
    const style = styles.get(styleId(b))!;
    // The marker and a tab to the text position, in the paragraph's own font: the marker sits in the hanging space.
    const markerRuns = (marker ?? []).map((r, j, all) => ({ text: j === all.length - 1 ? `${r.text}\t` : r.text, face: r.face }));
    const first = b.marker ? -liIndent : b.firstIndent * k;
    const spaceBefore = b.style.spaceBefore ?? 0;
    // Word keeps a paragraph with the next one from the paragraph before: the end of the text
    // before a signature block comes along with it (its last two lines, with widow control).
    const keepNext = (b.keepWithNext && !style.keepNext) || bound[i + 1]?.block.keepWithPrevious === true;
    const textRuns = b.kind === 'title' ? phrasedTitle(runs, preset, k) : runs;
    return {
      style,
      geometry: { left: b.left * k, right: right.get(i) ?? b.right * k, first },
      runs: [...markerRuns, ...textRuns.map(toRun)],
      ...(spaceBefore !== (style.text.spaceBefore ?? 0) ? { spaceBefore } : {}),
      ...(keepNext ? { keepNext: true } : {}),
    };
  });
}

/**
 * A headline title too long for one line gets line breaks between its phrases, where the PDF
 * breaks it (breakBetweenPhrases), instead of a full line over a stub. Measured with the
 * embedded face's advances; full-width characters at the grid pitch on a grid.
 */
function phrasedTitle(runs: readonly FaceRun[], preset: StylePreset, k: number): readonly FaceRun[] {
  if (runs.length !== 1) return runs;
  const run = runs[0]!;
  const face = openFace(run.face);
  const size = preset.title.size;
  const widthOf = (text: string) => {
    let w = 0;
    for (const ch of text) {
      const adv = (face.advance(ch.codePointAt(0)!) / 1000) * size;
      w += Math.abs(adv - size) < 0.005 * size ? adv * k : adv;
    }
    return w;
  };
  const lineWidth = preset.page.width - preset.page.margin.left - preset.page.margin.right;
  const text = breakBetweenPhrases(run.text, widthOf, lineWidth);
  return text === undefined ? runs : [{ ...run, text }];
}

/**
 * Right indents of the byline and the date of a signature block, by index, from their set widths
 * and the preset's rule (`signatureInsets`), as the PDF places them: full-width characters take
 * one grid character, others their advance; an opening mark at the start of the byline loses its
 * leading blank as at any line start. Only the date has a signature rule to follow.
 */
function signatureRights(blocks: readonly StyledBlock[], runs: ReadonlyArray<readonly FaceRun[]>, preset: StylePreset, k: number): Map<number, number> {
  const out = new Map<number, number>();
  const rule = preset.signature;
  const date = blocks.findIndex((b) => b.kind === 'date');
  if (!rule || date < 0) return out;
  const byline = blocks.findIndex((b) => b.kind === 'byline');
  const size = preset.byline.size;
  const width = (i: number): number => {
    if (i < 0) return 0;
    let w = 0;
    let first = true;
    for (const r of runs[i]!) {
      const face = openFace(r.face);
      for (const ch of r.text) {
        const adv = (face.advance(ch.codePointAt(0)!) / 1000) * size;
        const full = Math.abs(adv - size) < 0.005 * size;
        const set = full ? adv * k : adv;
        w += first && full && blocks[i]!.kind === 'byline' && isOpening(ch) ? set / 2 : set;
        first = false;
      }
    }
    return w;
  };
  const insets = signatureInsets(width(byline), width(date), size * k, rule);
  if (byline >= 0) out.set(byline, insets.byline);
  out.set(date, insets.date);
  return out;
}
