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
  return !/^[\s\p{Cc}\p{Default_Ignorable_Code_Point}]$/u.test(ch);
}

/** The first face (opened lazily) that has a glyph for `codePoint`, or undefined. */
export function firstFaceWithGlyph(faces: readonly Face[], codePoint: number): Face | undefined {
  return faces.find((f) => openFace(f).hasGlyph(codePoint));
}

/**
 * One `missing-glyph` error diagnostic per distinct character that no given face draws, at its
 * first occurrence (file:line:column when the item has a span), noting how many more there are.
 * Columns count UTF-16 code units, as the reader's spans do; a newline in the text starts a new line.
 */
export function findMissingGlyphs(items: Iterable<CoverageItem>, file?: string): Diagnostic[] {
  const found = new Map<string, { diagnostic: Diagnostic; more: number }>();
  const known = new Map<string, boolean>(); // chain key + code point → drawable
  for (const item of items) {
    const chainKey = item.faces.map(faceKey).join('|');
    let line = item.span?.start.line;
    let column = item.span?.start.column;
    for (const ch of item.text) {
      if (needsGlyph(ch)) {
        const cp = ch.codePointAt(0)!;
        const k = `${chainKey}\u0000${cp}`;
        let ok = known.get(k);
        if (ok === undefined) known.set(k, (ok = firstFaceWithGlyph(item.faces, cp) !== undefined));
        if (!ok) {
          const seen = found.get(ch);
          if (seen) seen.more++;
          else {
            const tried = [...new Set(item.faces.map((f) => openFace(f).fullName || openFace(f).family))].join(', ');
            const diagnostic: Diagnostic = {
              message: `no font has a glyph for ${describeChar(ch)} (tried ${tried})`,
              code: 'missing-glyph',
              severity: 'error',
              ...(file !== undefined ? { file } : {}),
              ...(line !== undefined ? { line, column } : {}),
            };
            found.set(ch, { diagnostic, more: 0 });
          }
        }
      }
      if (line !== undefined && column !== undefined) {
        if (ch === '\n') {
          line++;
          column = 1;
        } else column += ch.length;
      }
    }
  }
  return [...found.values()].map(({ diagnostic, more }) =>
    more ? { ...diagnostic, message: `${diagnostic.message}; ${more} more time${more > 1 ? 's' : ''} after this` } : diagnostic,
  );
}

/** Throws one input `WenshuError` listing every character no font draws; returns when all are covered. */
export function checkCoverage(items: Iterable<CoverageItem>, file?: string): void {
  const missing = findMissingGlyphs(items, file);
  if (missing.length) throw inputError(missing);
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
    const gid = opened.font.glyphForCodePoint(cp).id;
    const group = byGlyph.get(gid);
    if (group) group.push(cp);
    else byGlyph.set(gid, [cp]);
  }
  return [...byGlyph.values()].filter((g) => g.length > 1);
}
