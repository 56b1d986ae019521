/**
 * The prepared stage, between the model and the writers (pandoc's shape: readers → model →
 * writers; Typst's separation of content from layout). An export makes, once per document:
 *
 * - a `PreparedDocument`: the model (never changed), the resolved preset and options, the date
 *   stamped into the files. Writers that set no type (TXT) need nothing more.
 * - a `TypesetDocument` for the writers that set type (PDF, DOCX): the faces of every role, the
 *   styled blocks bound to the faces that draw each character (coverage checked, fallbacks
 *   reported), the rules both must agree on worked out in numbers (a headline title's phrase
 *   breaks, the signature block's insets, the full-width grid), and the font plan: the characters
 *   per face, and each face's subset and compressed program.
 *
 * So the PDF and the DOCX agree by construction: neither decides anything about style, text or
 * fonts that the other could decide differently.
 */
import { dirname, resolve } from 'node:path';
import { inputError, type Diagnostic } from '../errors.js';
import { ImageError, ImageSet } from '../images/index.js';
import type { ExportOptions } from '../exporters/types.js';
import { resolveFaces, type Face, type FaceSet } from '../fonts/index.js';
import { documentDate } from '../model/date.js';
import type { Block, Document, Image, Inline } from '../model/index.js';
import { gridPitch, type GridPitch, type StylePreset } from '../styles/index.js';
import { bindFaces, styleBlocks, styleHead, styleNotes, type BoundBlock, type PlacedImage } from '../styles/blocks.js';
import { naturalSize } from '../images/index.js';
import { placeOfficial, type OfficialLayout, type SignatureImages } from './official.js';
import { FontPlan } from './font-plan.js';
import { brokenTitle, faceMeasure, facesById, FullWidthGrid, halfWidthIds, signatureRights } from './measure.js';
import { settleFigures } from './boxes.js';
import { tableGeometry } from './tables.js';
import type { Measure } from '../typeset/index.js';

export { FontPlan, isTrueType } from './font-plan.js';
export { FullWidthGrid } from './measure.js';
export { lineOptions, pageFrame, textBox, typeAreaOf } from './pages.js';
export { figureLineHeight, notesPerLine, rowBox, rowFlow } from './boxes.js';
export { recordFace, signatureSqueeze, type RecordFace, type SignatureSqueeze } from './signature-page.js';
export { cellOptions, rowHeight } from './tables.js';
export type { OfficialLayout, PlacedHead, PlacedRule } from './official.js';

export interface PreparedDocument {
  document: Document;
  preset: StylePreset;
  options: ExportOptions;
  /** Folder of the source (or the working folder), against which relative paths are resolved. */
  baseDir: string;
  /** The date stamped into the files: the document's, else SOURCE_DATE_EPOCH, never the clock. */
  date: Date;
  /** Every image file the document uses, read (and checked) once. */
  images: ImageSet;
  /** Where a writer reports what it had to change (an image's transparency flattened for PDF/A-1). */
  warn?: (d: Diagnostic) => void;
}

export interface TypesetDocument extends PreparedDocument {
  faces: FaceSet;
  /**
   * The document as styled blocks in reading order (title, body, signature block), their text in
   * runs by the face that draws each character; the byline and date carry their final insets.
   */
  blocks: BoundBlock[];
  /** The footnotes' paragraphs (kind 'note'), bound likewise: the PDF sets them at the foot of the page, the DOCX in footnotes.xml. */
  notes: BoundBlock[];
  fonts: FontPlan;
  /** The character grid's full-width rule (scale 1 without a grid). */
  grid: FullWidthGrid;
  /** The grid's pitches, on a grid page (公文). */
  pitch?: GridPitch;
  /** Width of the type area in points. */
  typeWidth: number;
  /** A 公文's 版头, seal and the like, placed (src/prepare/official.ts); absent for other documents. */
  official?: OfficialLayout;
}

/**
 * The document with its preset, options and date, and its image files read. Throws an input error
 * naming every image (file:line:col) that is missing, unreadable, damaged or of a type not supported.
 */
export function prepareDocument(document: Document, preset: StylePreset, options: ExportOptions, warn?: (d: Diagnostic) => void): PreparedDocument {
  const file = document.source?.path;
  const baseDir = file ? dirname(resolve(file)) : process.cwd();
  return {
    document,
    preset,
    options,
    baseDir,
    date: documentDate(document),
    images: readImages(document, baseDir),
    ...(warn ? { warn } : {}),
  };
}

function readImages(document: Document, baseDir: string): ImageSet {
  const images = new ImageSet(baseDir);
  const problems: Diagnostic[] = [];
  const file = document.source?.path ?? '<input>';
  for (const image of imagesOf(document)) {
    try {
      images.get(image.src);
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      const at = image.span?.start;
      problems.push({ file, ...(at ? { line: at.line, column: at.column } : {}), message: error.message, code: 'image' });
    }
  }
  for (const src of [...(document.meta.official?.seal ?? []), ...(document.meta.official?.stamp ?? [])]) {
    try {
      images.get(src);
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      problems.push({ file, message: `${error.message} (the front matter's seal or stamp)`, code: 'image' });
    }
  }
  if (problems.length > 0) throw inputError(problems);
  return images;
}

/** Every image node of the document, in reading order (notes last). */
function* imagesOf(document: Document): Generator<Image> {
  function* inlines(list: readonly Inline[]): Generator<Image> {
    for (const node of list) {
      if (node.type === 'image') yield node;
      else if ('children' in node) yield* inlines(node.children);
    }
  }
  function* blocks(list: readonly Block[]): Generator<Image> {
    for (const b of list) {
      if (b.type === 'paragraph' || b.type === 'heading') yield* inlines(b.children);
      else if (b.type === 'figure') yield b.image;
      else if (b.type === 'blockquote') yield* blocks(b.children);
      else if (b.type === 'list') for (const item of b.items) yield* blocks(item.children);
      else if (b.type === 'table') for (const row of [...b.head, ...b.body]) for (const cell of row.cells) yield* inlines(cell.children);
    }
  }
  yield* blocks(document.blocks);
  for (const a of document.meta.official?.attachments ?? []) yield* blocks(a.blocks ?? []);
  for (const note of document.footnotes ?? []) yield* blocks(note.children);
}

/**
 * Binds the document to its fonts and works out what the typesetting writers share. Throws an
 * input error, with every position, for characters no font can draw; characters drawn by a
 * fallback face go to `warn`.
 */
export function typesetDocument(prepared: PreparedDocument, warn?: (d: Diagnostic) => void): TypesetDocument {
  const { document, preset } = prepared;
  const file = document.source?.path;
  const faces = resolveFaces(document.meta.fonts, prepared.baseDir, file);
  const context = { images: prepared.images };
  const styled = styleBlocks(document, preset, context);
  const noteBlocks = styleNotes(document, preset, context);
  // One binding for the text and the notes: every character no font draws is reported at once.
  const headBlocks = styleHead(document, preset);
  const bound = bindFaces([...styled, ...noteBlocks, ...headBlocks], faces, file, warn, preset.digits);
  const blocks = bound.slice(0, styled.length);
  const notes = bound.slice(styled.length, styled.length + noteBlocks.length);
  const head = bound.slice(styled.length + noteBlocks.length);
  const pitch = gridPitch(preset);
  const grid = new FullWidthGrid(pitch?.scale ?? 1, halfWidthIds(bound));
  const { page } = preset;
  const typeWidth = page.width - page.margin.left - page.margin.right;
  const measure = faceMeasure(facesById(blocks), grid);
  settleTitles(blocks, measure, typeWidth, grid.scale);
  settleSignature(blocks, measure, preset, typeWidth, grid.scale);
  settleTables(blocks, faceMeasure(facesById(blocks), new FullWidthGrid(1)), preset, typeWidth, grid.scale, { file: file ?? '<input>', ...(warn ? { warn } : {}) });
  const official = document.meta.official;
  const layout =
    official && preset.official
      ? placeOfficial(official, head, { measure: faceMeasure(facesById([...blocks, ...head]), grid), preset, typeWidth, line: pitch?.line ?? preset.body.lineHeight, scale: grid.scale }, signatureImages(prepared), blocks)
      : undefined;
  const doc: TypesetDocument = { ...prepared, faces, blocks, notes, fonts: new FontPlan(bound, faces, preset), grid, ...(pitch ? { pitch } : {}), typeWidth, ...(layout ? { official: layout } : {}) };
  settleFigures(doc);
  return doc;
}

/** The seals (印章) or 签发人签名章 at their natural size: each image file's pixels at its resolution. */
function signatureImages(prepared: PreparedDocument): SignatureImages {
  const o = prepared.document.meta.official;
  const placed = (alt: string) => (src: string): PlacedImage => {
    const file = prepared.images.get(src);
    return { file, ...naturalSize(file), alt };
  };
  return { ...(o?.seal ? { seals: o.seal.map(placed('印章')) } : {}), ...(o?.stamp ? { stamps: o.stamp.map(placed('签发人签名章')) } : {}) };
}

/** The title and subtitle, when too long for a line, get their breaks between phrases or words (brokenTitle). */
function settleTitles(blocks: BoundBlock[], measure: Measure, typeWidth: number, scale: number): void {
  blocks.forEach((b, i) => {
    if (b.block.kind !== 'title' && b.block.kind !== 'subtitle' && b.block.kind !== 'attachmentTitle') return;
    const phrased = brokenTitle(b, measure, typeWidth - (b.block.left + b.block.right) * scale, scale);
    if (phrased) blocks[i] = { ...b, phrased };
  });
}

/**
 * Each table's geometry (src/prepare/tables.ts), in the width its insets leave. Cell text is set
 * off the character grid, at its own sizes: the measure has no grid rule.
 */
function settleTables(blocks: BoundBlock[], measure: Measure, preset: StylePreset, typeWidth: number, scale: number, report: Parameters<typeof tableGeometry>[4]): void {
  const typeHeight = preset.page.height - preset.page.margin.top - preset.page.margin.bottom;
  blocks.forEach((b, i) => {
    const table = b.block.table;
    if (!table) return;
    const width = typeWidth - (b.block.left + b.block.right) * scale;
    const geometry = tableGeometry(b, measure, width, typeHeight, report);
    blocks[i] = { ...b, block: { ...b.block, table: { ...table, geometry } } };
  });
}

/** The byline and date of a signature block get the insets the preset's rule gives for their widths. */
function settleSignature(blocks: BoundBlock[], measure: Measure, preset: StylePreset, typeWidth: number, scale: number): void {
  if (!preset.signature) return;
  const dateAt = blocks.findIndex((b) => b.block.kind === 'date');
  if (dateAt < 0) return;
  const bylineAt = blocks.findIndex((b) => b.block.kind === 'byline');
  const rights = signatureRights(bylineAt >= 0 ? blocks[bylineAt] : undefined, blocks[dateAt]!, measure, preset, typeWidth, scale);
  const withRight = (i: number, right: number) => (blocks[i] = { ...blocks[i]!, block: { ...blocks[i]!.block, right } });
  if (bylineAt >= 0) withRight(bylineAt, rights.byline);
  withRight(dateAt, rights.date);
}
