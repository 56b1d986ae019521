/**
 * Faces: a `Face` names a font file (and for a collection, which face in it) without reading it;
 * `openFace` parses it once per process and answers glyph questions for coverage, layout and
 * embedding. Nothing is read until a face is opened, so roles a document never uses cost nothing.
 */
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { inputError, WenshuError } from '../errors.js';
import type { FontRole } from '../model/index.js';
import { extractFace, isCollection, truncatedTable } from './sfnt.js';

/** A font face, resolved but not yet read. */
export interface Face {
  /** Stable key, unique per file and face: the manifest id (`serif-bold`) or `user:<role>[-bold]`. */
  id: string;
  role: FontRole;
  /** Whether this face is used for bold text of `role` (it may still be a regular-weight face). */
  bold: boolean;
  /** Absolute path of the file. */
  path: string;
  /** The path as the user or the manifest wrote it, for messages. */
  displayPath: string;
  /** For a collection (.ttc/.otc): face index, or PostScript/family/full name. */
  select?: number | string;
  source: 'bundled' | 'user';
  /**
   * Set when bold text of the role uses a face that is not a bold of the role's own family:
   * `'regular'` (the regular face, no emphasis) or `'substitute'` (another role's bold face).
   * Never a synthetic (stroked or smeared) bold.
   */
  boldFallback?: 'regular' | 'substitute';
  /** Diagnostic `file` for errors about this face (the document that asked for it). */
  origin?: string;
}

/** An opened face. */
export interface OpenFace {
  face: Face;
  family: string;
  postscriptName: string;
  fullName: string;
  unitsPerEm: number;
  /** The face as a standalone TrueType/OpenType file (cut out of its collection if need be). */
  bytes: Buffer;
  /** Index of the face in its collection, 0 for a single font. */
  index: number;
  /** The parsed font, for layout that needs more than this interface. */
  font: fontkit.Font;
  hasGlyph(codePoint: number): boolean;
  /** Advance width in 1/1000 em (0 when the face has no glyph for the code point). */
  advance(codePoint: number): number;
}

const cache = new Map<string, OpenFace>();
/** The same, by Face object: coverage asks once per character and face, so skip building keys. */
let byFace = new WeakMap<Face, OpenFace>();

/** Cache key: file and face selector. */
export const faceKey = (face: Face): string => `${face.path}#${face.select ?? 0}`;

/** Parses a face once per process (cached by path and face selector). Errors are `WenshuError`s. */
export function openFace(face: Face): OpenFace {
  let opened = byFace.get(face);
  if (!opened) {
    opened = openByKey(face);
    byFace.set(face, opened);
  }
  return opened;
}

function openByKey(face: Face): OpenFace {
  const key = faceKey(face);
  const hit = cache.get(key);
  if (hit) return hit.face === face ? hit : { ...hit, face };

  let raw: Buffer;
  try {
    raw = readFileSync(face.path);
  } catch (err) {
    throw faceError(face, `cannot read font file ${quote(face.displayPath)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, err);
  }

  let parsed: fontkit.Font | fontkit.FontCollection;
  try {
    parsed = fontkit.create(raw);
  } catch (err) {
    throw faceError(face, `${quote(face.displayPath)} is not a TrueType/OpenType font or collection`, err);
  }
  const members = 'fonts' in parsed ? parsed.fonts : [parsed];
  if ('fonts' in parsed && !isCollection(raw)) throw faceError(face, `${quote(face.displayPath)}: only .ttf, .otf, .ttc and .otc files are supported`);

  const index = pickIndex(face, members);
  let bytes: Buffer;
  let font: fontkit.Font;
  try {
    bytes = extractFace(raw, index);
    const cut = truncatedTable(bytes);
    if (cut !== undefined) throw faceError(face, `${quote(face.displayPath)} is truncated or damaged: its ${cut} table runs past the end of the file`);
    font = index === 0 && !isCollection(raw) ? (members[0] as fontkit.Font) : (fontkit.create(bytes) as fontkit.Font);
    void font.unitsPerEm; // force the head table now, so a broken file fails here
  } catch (err) {
    if (err instanceof WenshuError) throw err;
    throw faceError(face, `${quote(face.displayPath)}: cannot read face ${index}: ${(err as Error).message}`, err);
  }

  const widths = new Map<number, number>();
  // Per code point: 0 not asked yet, 1 has a glyph, 2 has none (fontkit's cmap lookup is slow).
  const glyphs = new Uint8Array(0x110000);
  const opened: OpenFace = {
    face,
    family: font.familyName,
    postscriptName: font.postscriptName,
    fullName: font.fullName,
    unitsPerEm: font.unitsPerEm,
    bytes,
    index,
    font,
    hasGlyph(cp) {
      if (!(cp >>> 0 === cp && cp < 0x110000)) return font.hasGlyphForCodePoint(cp);
      let known = glyphs[cp]!;
      if (known === 0) glyphs[cp] = known = font.hasGlyphForCodePoint(cp) ? 1 : 2;
      return known === 1;
    },
    advance(cp) {
      let w = widths.get(cp);
      if (w === undefined) {
        w = font.hasGlyphForCodePoint(cp) ? (font.glyphForCodePoint(cp).advanceWidth * 1000) / font.unitsPerEm : 0;
        widths.set(cp, w);
      }
      return w;
    },
  };
  cache.set(key, opened);
  return opened;
}

/** Faces in a font file, for messages and for users choosing a face: `0 SimSun (SimSun)`. */
export function listFaces(path: string): { index: number; postscriptName: string; family: string; fullName: string }[] {
  const raw = readFileSync(path);
  const parsed = fontkit.create(raw);
  const members = 'fonts' in parsed ? parsed.fonts : [parsed];
  return members.map((f, index) => ({ index, postscriptName: f.postscriptName, family: f.familyName, fullName: f.fullName }));
}

function pickIndex(face: Face, members: fontkit.Font[]): number {
  const sel = face.select;
  if (sel === undefined) return 0;
  if (typeof sel === 'number') {
    if (Number.isInteger(sel) && sel >= 0 && sel < members.length) return sel;
  } else {
    const want = sel.trim().toLowerCase();
    const names = (f: fontkit.Font) => [f.postscriptName, f.familyName, f.fullName].map((n) => (n ?? '').toLowerCase());
    const exactPs = members.findIndex((f) => f.postscriptName === sel);
    if (exactPs >= 0) return exactPs;
    const any = members.findIndex((f) => names(f).includes(want));
    if (any >= 0) return any;
  }
  const available = members.map((f, i) => `${i} ${f.postscriptName} (${f.fullName || f.familyName})`).join('; ');
  const what = typeof sel === 'number' ? `face ${sel}` : `face named ${quote(sel)}`;
  const kind = members.length > 1 ? 'faces available' : 'it is a single font, its only face is';
  throw faceError(face, `${quote(face.displayPath)} has no ${what}; ${kind}: ${available}`);
}

function faceError(face: Face, message: string, cause?: unknown) {
  const where = face.source === 'user' ? `fonts.${face.role}${face.bold ? '.bold' : ''}: ` : `bundled font ${face.id}: `;
  return inputError({ message: where + message, code: 'font', ...(face.origin ? { file: face.origin } : {}) }, cause);
}

const quote = (s: string): string => `"${s}"`;

/** Cache keys of the faces opened so far (to check that loading stays lazy). */
export function openedFaceKeys(): string[] {
  return [...cache.keys()];
}

/** Drops every opened face (tests; long-running processes that want memory back). */
export function clearFaceCache(): void {
  cache.clear();
  byFace = new WeakMap();
}
