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
import type { Diagnostic } from '../errors.js';
import type { ExportOptions } from '../exporters/types.js';
import { resolveFaces, type Face, type FaceSet } from '../fonts/index.js';
import { documentDate } from '../model/date.js';
import type { Document } from '../model/index.js';
import { gridPitch, type GridPitch, type StylePreset } from '../styles/index.js';
import { bindFaces, styleBlocks, type BoundBlock } from '../styles/blocks.js';
import { FontPlan } from './font-plan.js';
import { faceMeasure, FullWidthGrid, phrasedTitle, signatureRights } from './measure.js';
import type { Measure } from '../typeset/index.js';

export { FontPlan, isTrueType } from './font-plan.js';
export { FullWidthGrid } from './measure.js';

export interface PreparedDocument {
  document: Document;
  preset: StylePreset;
  options: ExportOptions;
  /** Folder of the source (or the working folder), against which relative paths are resolved. */
  baseDir: string;
  /** The date stamped into the files: the document's, else SOURCE_DATE_EPOCH, never the clock. */
  date: Date;
}

export interface TypesetDocument extends PreparedDocument {
  faces: FaceSet;
  /**
   * The document as styled blocks in reading order (title, body, signature block), their text in
   * runs by the face that draws each character; the byline and date carry their final insets.
   */
  blocks: BoundBlock[];
  fonts: FontPlan;
  /** The character grid's full-width rule (scale 1 without a grid). */
  grid: FullWidthGrid;
  /** The grid's pitches, on a grid page (公文). */
  pitch?: GridPitch;
  /** Width of the type area in points. */
  typeWidth: number;
}

export function prepareDocument(document: Document, preset: StylePreset, options: ExportOptions): PreparedDocument {
  const file = document.source?.path;
  return {
    document,
    preset,
    options,
    baseDir: file ? dirname(resolve(file)) : process.cwd(),
    date: documentDate(document),
  };
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
  const blocks = bindFaces(styleBlocks(document, preset), faces, file, warn);
  const pitch = gridPitch(preset);
  const grid = new FullWidthGrid(pitch?.scale ?? 1);
  const { page } = preset;
  const typeWidth = page.width - page.margin.left - page.margin.right;
  const measure = faceMeasure(facesById(blocks), grid);
  settleTitle(blocks, measure, typeWidth);
  settleSignature(blocks, measure, preset, typeWidth, grid.scale);
  return { ...prepared, faces, blocks, fonts: new FontPlan(blocks, faces, preset), grid, ...(pitch ? { pitch } : {}), typeWidth };
}

function facesById(blocks: readonly BoundBlock[]): Map<string, Face> {
  const byId = new Map<string, Face>();
  for (const b of blocks) for (const r of [...b.runs, ...(b.marker ?? [])]) byId.set(r.face.id, r.face);
  return byId;
}

function settleTitle(blocks: BoundBlock[], measure: Measure, typeWidth: number): void {
  const i = blocks.findIndex((b) => b.block.kind === 'title');
  if (i < 0) return;
  const phrased = phrasedTitle(blocks[i]!, measure, typeWidth);
  if (phrased) blocks[i] = { ...blocks[i]!, phrased };
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
