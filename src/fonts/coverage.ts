/**
 * Glyph coverage: every character a document prints must have a glyph in one of the faces given
 * for it (the role's own face first, then fallbacks; see `fontChain`). Exporters call
 * `checkCoverage` before writing anything, and `splitByFace` to set each character in the first
 * face that draws it.
 */
import { describeChar, inputError, type Diagnostic } from '../errors.js';
import type { Span } from '../model/index.js';
import { faceKey, openFace, type Face } from './face.js';

export interface CoverageItem {
  text: string;
  span?: Span;
  /** Faces to try in order. */
  faces: readonly Face[];
}

/**
 * Characters that need no glyph of their own: white space, controls, and default-ignorable code
 * points (variation selectors, ZWJ/ZWNJ, word joiner, BOM, tag characters, soft hyphen). A
 * renderer drops or absorbs these, so a base character followed by VS16 or joined by ZWJ is judged
 * by the base characters alone.
 */
export function needsGlyph(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  // Cached per code point: coverage asks once per character of the document.
  let known = needsGlyphCache.get(cp);
  if (known === undefined) needsGlyphCache.set(cp, (known = !/^[\s\p{Cc}\p{Default_Ignorable_Code_Point}]$/u.test(ch)));
  return known;
}

const needsGlyphCache = new Map<number, boolean>();

/** The first face (opened lazily) that has a glyph for `codePoint`, or undefined. */
export function firstFaceWithGlyph(faces: readonly Face[], codePoint: number): Face | undefined {
  return faces.find((f) => openFace(f).hasGlyph(codePoint));
}

/**
 * One `missing-glyph` error diagnostic per distinct character that no given face draws, at its
 * first occurrence (file:line:column when the item has a span), noting how many more there are.
 * Columns count code points (😀 or 𠀾 is one column), as the reader's spans do; a newline in the
 * text starts a new line.
 */
export function findMissingGlyphs(items: Iterable<CoverageItem>, file?: string): Diagnostic[] {
  return scanCoverage(items, file).missing;
}

/**
 * Walks every character once and sorts the ones that are not drawn by their first face: no face
 * at all (`missing`, errors) or a later face of the chain (`fallbacks`, warnings: a fallback is
 * never silent). Each distinct character is reported once, at its first occurrence.
 */
export function scanCoverage(items: Iterable<CoverageItem>, file?: string): { missing: Diagnostic[]; fallbacks: Diagnostic[] } {
  const missing = new Map<string, { diagnostic: Diagnostic; more: number }>();
  const fallbacks = new Map<string, Diagnostic>();
  // Per chain of faces: code point → index of the first face that draws it, -1 for none.
  const knownByChain = new Map<string, Map<number, number>>();
  const nameOf = (f: Face) => openFace(f).fullName || openFace(f).family;
  for (const item of items) {
    const chainKey = item.faces.map(faceKey).join('|');
    let known = knownByChain.get(chainKey);
    if (!known) knownByChain.set(chainKey, (known = new Map()));
    let line = item.span?.start.line;
    let column = item.span?.start.column;
    const where = () => ({ ...(file !== undefined ? { file } : {}), ...(line !== undefined ? { line, column } : {}) });
    for (const ch of item.text) {
      if (needsGlyph(ch)) {
        const cp = ch.codePointAt(0)!;
        let index = known.get(cp);
        if (index === undefined) known.set(cp, (index = item.faces.findIndex((f) => openFace(f).hasGlyph(cp))));
        if (index < 0) {
          const seen = missing.get(ch);
          if (seen) seen.more++;
          else {
            const tried = [...new Set(item.faces.map(nameOf))].join(', ');
            missing.set(ch, { diagnostic: { message: `no font has a glyph for ${describeChar(ch)} (tried ${tried})`, code: 'missing-glyph', severity: 'error', ...where() }, more: 0 });
          }
        } else if (index > 0 && !fallbacks.has(ch)) {
          const face = item.faces[index]!;
          fallbacks.set(ch, {
            message: `${describeChar(ch)} is not in ${nameOf(item.faces[0]!)}: drawn with the fallback font ${nameOf(face)} (${face.displayPath})`,
            code: 'font-fallback',
            severity: 'warning',
            ...where(),
          });
        }
      }
      if (line !== undefined && column !== undefined) {
        if (ch === '\n') {
          line++;
          column = 1;
        } else column++; // `ch` is one code point
      }
    }
  }
  return {
    missing: [...missing.values()].map(({ diagnostic, more }) =>
      more ? { ...diagnostic, message: `${diagnostic.message}; ${more} more time${more > 1 ? 's' : ''} after this` } : diagnostic,
    ),
    fallbacks: [...fallbacks.values()],
  };
}

/**
 * Throws one input `WenshuError` listing every character no font draws; returns when all are
 * covered, after handing each character drawn by a fallback face to `warn`.
 */
export function checkCoverage(items: Iterable<CoverageItem>, file?: string, warn?: (d: Diagnostic) => void): void {
  const { missing, fallbacks } = scanCoverage(items, file);
  if (missing.length) throw inputError(missing);
  if (warn) for (const d of fallbacks) warn(d);
}

export interface FaceRun {
  text: string;
  face: Face;
}

/**
 * Splits text into runs, each set in the first face of `faces` that draws all its characters.
 * Characters that need no glyph stay with the run they are in; a character no face draws goes
 * to the first face (it would print as .notdef: run `checkCoverage` first).
 */
export function splitByFace(text: string, faces: readonly Face[]): FaceRun[] {
  const first = faces[0];
  if (!first) throw new Error('splitByFace: no faces');
  const runs: FaceRun[] = [];
  let current: FaceRun | undefined;
  for (const ch of text) {
    let face = current?.face ?? first;
    if (needsGlyph(ch)) face = firstFaceWithGlyph(faces, ch.codePointAt(0)!) ?? first;
    if (current && current.face === face) current.text += ch;
    else runs.push((current = { text: ch, face }));
  }
  return runs;
}

/**
 * Groups of distinct code points in `text` that `face` draws with one and the same glyph, such as
 * 角 U+89D2 and the radical ⻆ U+2EC6 in Noto. pdfkit writes one ToUnicode entry per glyph, taken
 * from the first code point it met, so text extracted from the PDF turns every later member of a
 * group into the first: the PDF exporter must normalise or set such characters apart.
 */
export function sharedGlyphs(face: Face, text: string): number[][] {
  const opened = openFace(face);
  const byGlyph = new Map<number, number[]>();
  for (const cp of new Set(Array.from(text, (c) => c.codePointAt(0)!))) {
    if (!opened.hasGlyph(cp)) continue;
    const gid = opened.glyphId(cp);
    const group = byGlyph.get(gid);
    if (group) group.push(cp);
    else byGlyph.set(gid, [cp]);
  }
  return [...byGlyph.values()].filter((g) => g.length > 1);
}
