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
  return needsGlyphAt(ch.codePointAt(0)!);
}

/** needsGlyph by code point, remembered: coverage asks once per character of the document. */
function needsGlyphAt(cp: number): boolean {
  if (cp < 0x10000) {
    let known = needsGlyphBmp[cp]!;
    if (known === 0) needsGlyphBmp[cp] = known = NO_GLYPH.test(String.fromCharCode(cp)) ? 2 : 1;
    return known === 1;
  }
  let known = needsGlyphAstral.get(cp);
  if (known === undefined) needsGlyphAstral.set(cp, (known = !NO_GLYPH.test(String.fromCodePoint(cp))));
  return known;
}

const NO_GLYPH = /^[\s\p{Cc}\p{Default_Ignorable_Code_Point}]$/u;
/** Per BMP code point: 0 not known yet, 1 needs a glyph, 2 does not. */
const needsGlyphBmp = new Uint8Array(0x10000);
const needsGlyphAstral = new Map<number, boolean>();

/**
 * What is known of one chain of faces: per code point, the index of the first face that draws
 * it, or -1. Kept per chain array (fontChain gives one array per set, role and weight), so the
 * faces are asked about each character once per export, whatever the document's length.
 */
class ChainCoverage {
  /** BMP code points: face index + 2, so that 0 means not known yet and 1 no face. */
  private readonly bmp = new Int8Array(0x10000);
  private readonly astral = new Map<number, number>();

  constructor(private readonly faces: readonly Face[]) {}

  faceIndex(cp: number): number {
    if (cp < 0x10000) {
      const known = this.bmp[cp]!;
      if (known !== 0) return known - 2;
      const index = this.find(cp);
      this.bmp[cp] = index + 2;
      return index;
    }
    let index = this.astral.get(cp);
    if (index === undefined) this.astral.set(cp, (index = this.find(cp)));
    return index;
  }

  private find(cp: number): number {
    return this.faces.findIndex((f) => openFace(f).hasGlyph(cp));
  }
}

const coverageByChain = new WeakMap<readonly Face[], ChainCoverage>();

function coverageOf(faces: readonly Face[]): ChainCoverage {
  let coverage = coverageByChain.get(faces);
  if (!coverage) coverageByChain.set(faces, (coverage = new ChainCoverage(faces)));
  return coverage;
}

/** The code point at `i` of `text`, and how many code units it takes. */
function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d < 0xe000) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** The first face (opened lazily) that has a glyph for `codePoint`, or undefined. */
export function firstFaceWithGlyph(faces: readonly Face[], codePoint: number): Face | undefined {
  const index = coverageOf(faces).faceIndex(codePoint);
  return index < 0 ? undefined : faces[index];
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
  const nameOf = (f: Face) => openFace(f).fullName || openFace(f).family;
  for (const item of items) {
    const coverage = coverageOf(item.faces);
    const text = item.text;
    let line = item.span?.start.line;
    let column = item.span?.start.column;
    const where = () => ({ ...(file !== undefined ? { file } : {}), ...(line !== undefined ? { line, column } : {}) });
    for (let i = 0; i < text.length; i++) {
      const cp = codePointAt(text, i);
      if (needsGlyphAt(cp)) {
        const index = coverage.faceIndex(cp);
        if (index !== 0) {
          const ch = String.fromCodePoint(cp);
          if (index < 0) {
            const seen = missing.get(ch);
            if (seen) seen.more++;
            else {
              const tried = [...new Set(item.faces.map(nameOf))].join(', ');
              missing.set(ch, { diagnostic: { message: `no font has a glyph for ${describeChar(ch)} (tried ${tried})`, code: 'missing-glyph', severity: 'error', ...where() }, more: 0 });
            }
          } else if (!fallbacks.has(ch)) {
            const face = item.faces[index]!;
            fallbacks.set(ch, {
              message: `${describeChar(ch)} is not in ${nameOf(item.faces[0]!)}: drawn with the fallback font ${nameOf(face)} (${face.displayPath})`,
              code: 'font-fallback',
              severity: 'warning',
              ...where(),
            });
          }
        }
      }
      if (cp > 0xffff) i++;
      if (line !== undefined && column !== undefined) {
        if (cp === 10) {
          line++;
          column = 1;
        } else column++; // one code point
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
  const coverage = coverageOf(faces);
  const runs: FaceRun[] = [];
  let face: Face | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = codePointAt(text, i);
    let next = face ?? first;
    if (needsGlyphAt(cp)) next = faces[coverage.faceIndex(cp)] ?? first;
    if (next !== face) {
      if (face) runs.push({ text: text.slice(start, i), face });
      face = next;
      start = i;
    }
    if (cp > 0xffff) i++;
  }
  // Most texts are set in one face: the run is the text itself, not a copy.
  if (face) runs.push({ text: start === 0 ? text : text.slice(start), face });
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
