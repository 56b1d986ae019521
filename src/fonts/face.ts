/**
 * Faces: a `Face` names a font file (and for a collection, which face in it) without reading it;
 * `openFace` parses it once per process and answers glyph questions for coverage, layout and
 * embedding. Nothing is read until a face is opened, so roles a document never uses cost nothing.
 */
import { readFileSync } from 'node:fs';
import { inputError, WenshuError } from '../errors.js';
import type { FontKeyAt, FontRole } from '../model/index.js';
import { directoryOffsets, FileSource, OpenTypeFace, truncatedTableAt, type ByteSource, type FontMetrics } from './opentype.js';
import { singleSubstitutions } from './gsub.js';
import { extractFace } from './sfnt.js';

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
  /** Where the source or config file names this face: errors about it point there. */
  at?: FontKeyAt;
  /**
   * Set on the face of another face's half-width forms (its `hwid` glyphs: src/fonts/half-width.ts):
   * the same file, each character drawn with the glyph its designer made for half a cell.
   */
  halfWidthOf?: Face;
}

/** Where a diagnostic about a face points: the value that named it, else the document. */
export function faceLocation(face: Pick<Face, 'origin' | 'at'>): { file?: string; line?: number; column?: number } {
  return face.at ? { ...face.at } : face.origin ? { file: face.origin } : {};
}

/** An opened face. */
export interface OpenFace {
  face: Face;
  family: string;
  postscriptName: string;
  fullName: string;
  unitsPerEm: number;
  metrics: FontMetrics;
  /** The face as a standalone TrueType/OpenType file (cut out of its collection if need be). */
  readonly bytes: Buffer;
  /** Index of the face in its collection, 0 for a single font. */
  index: number;
  /** The parsed tables (cmap, metrics, outlines). */
  tables: OpenTypeFace;
  hasGlyph(codePoint: number): boolean;
  /** The face's glyph id for a code point, 0 (.notdef) when it has none. */
  glyphId(codePoint: number): number;
  /** Advance width in 1/1000 em (0 when the face has no glyph for the code point). */
  advance(codePoint: number): number;
}

const cache = new Map<string, OpenFace>();
/** The same, by Face object: coverage asks once per character and face, so skip building keys. */
let byFace = new WeakMap<Face, OpenFace>();

/** Cache key: file and face selector (and the half-width forms, a subset of their own). */
export const faceKey = (face: Face): string => `${face.path}#${face.select ?? 0}${face.halfWidthOf ? '#hwid' : ''}`;

/** Parses a face once per process (cached by path and face selector). Errors are `WenshuError`s. */
export function openFace(face: Face): OpenFace {
  let opened = byFace.get(face);
  if (!opened) {
    opened = face.halfWidthOf ? openHalfWidth(face, openFace(face.halfWidthOf)) : openByKey(face);
    byFace.set(face, opened);
  }
  return opened;
}

function openByKey(face: Face): OpenFace {
  const key = faceKey(face);
  const hit = cache.get(key);
  // Not a spread: that would call the lazy \`bytes\` getter and read the whole 15 MB file.
  if (hit) return hit.face === face ? hit : (Object.create(hit, { face: { value: face, enumerable: true } }) as OpenFace);

  let source: FileSource;
  try {
    source = new FileSource(face.path);
  } catch (err) {
    throw faceError(face, `cannot read font file ${quote(face.displayPath)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, err);
  }
  try {
    const opened = openSource(face, key, source);
    sources.push(source);
    return opened;
  } catch (err) {
    source.close();
    throw err;
  }
}

function openSource(face: Face, key: string, source: FileSource): OpenFace {
  let offsets: number[];
  try {
    offsets = directoryOffsets(source);
  } catch (err) {
    throw faceError(face, `${quote(face.displayPath)} is not a TrueType/OpenType font or collection (${(err as Error).message})`, err);
  }
  // A truncated download has a sound header and fails only deep in glyph access: say so now.
  const single = offsets.length === 1 && offsets[0] === 0;
  const truncated = single && looksLikeSfnt(source) ? truncatedTableAt(source) : undefined;
  if (truncated !== undefined) throw faceError(face, `${quote(face.displayPath)} is truncated or damaged: its ${truncated} table runs past the end of the file`);
  let members: OpenTypeFace[];
  try {
    members = offsets.map((offset) => new OpenTypeFace(source, offset));
  } catch (err) {
    throw faceError(face, `${quote(face.displayPath)} is not a TrueType/OpenType font or collection (${(err as Error).message})`, err);
  }

  const index = pickIndex(face, members);
  const tables = members[index]!;
  try {
    const cut = single ? undefined : tables.truncatedTable();
    if (cut !== undefined) throw faceError(face, `${quote(face.displayPath)} is truncated or damaged: its ${cut} table runs past the end of the file`);
    for (const tag of ['head', 'hhea', 'maxp', 'hmtx', 'cmap']) tables.table(tag);
    tables.glyphId(0x20); // decode the cmap now, so that a broken one fails here
  } catch (err) {
    if (err instanceof WenshuError) throw err;
    throw faceError(face, `${quote(face.displayPath)}: cannot read face ${index}: ${(err as Error).message}`, err);
  }

  const scale = 1000 / tables.metrics.unitsPerEm;
  let bytes: Buffer | undefined;
  const opened: OpenFace = {
    face,
    family: tables.name(1) ?? '',
    postscriptName: tables.name(6) ?? '',
    fullName: tables.name(4) ?? '',
    unitsPerEm: tables.metrics.unitsPerEm,
    metrics: tables.metrics,
    // The whole file only for what needs it: pdfkit and harfbuzz with a CFF face, a collection member cut out.
    get bytes() {
      return (bytes ??= single ? readFileSync(face.path) : extractFace(readFileSync(face.path), index));
    },
    index,
    tables,
    hasGlyph: (cp) => tables.glyphId(cp) !== 0,
    glyphId: (cp) => tables.glyphId(cp),
    advance(cp) {
      const gid = tables.glyphId(cp);
      return gid === 0 ? 0 : tables.advanceOf(gid) * scale;
    },
  };
  cache.set(key, opened);
  return opened;
}

/**
 * A face's half-width forms: the opened face with each character's glyph replaced by its `hwid`
 * substitute; a character without one has no glyph here (and is set in the face itself).
 */
function openHalfWidth(face: Face, base: OpenFace): OpenFace {
  const forms = singleSubstitutions(base.tables, 'hwid');
  const scale = 1000 / base.unitsPerEm;
  const glyphId = (cp: number): number => forms.get(base.glyphId(cp)) ?? 0;
  return Object.create(base, {
    face: { value: face, enumerable: true },
    hasGlyph: { value: (cp: number) => glyphId(cp) !== 0 },
    glyphId: { value: glyphId },
    advance: { value: (cp: number) => { const gid = glyphId(cp); return gid === 0 ? 0 : base.tables.advanceOf(gid) * scale; } },
  }) as OpenFace;
}

/** Open font files, closed by clearFaceCache. */
const sources: FileSource[] = [];

/** The header of a single TrueType/OpenType font. */
function looksLikeSfnt(source: ByteSource): boolean {
  if (source.size < 4) return false;
  const version = Buffer.from(source.read(0, 4)).readUInt32BE(0);
  return version === 0x00010000 || version === 0x4f54544f || version === 0x74727565;
}

/** Faces in a font file, for messages and for users choosing a face: `0 SimSun (SimSun)`. */
export function listFaces(path: string): { index: number; postscriptName: string; family: string; fullName: string }[] {
  const source = new FileSource(path);
  try {
    return directoryOffsets(source).map((offset) => new OpenTypeFace(source, offset)).map((f, index) => ({ index, postscriptName: f.name(6) ?? '', family: f.name(1) ?? '', fullName: f.name(4) ?? '' }));
  } finally {
    source.close();
  }
}

function pickIndex(face: Face, members: OpenTypeFace[]): number {
  const sel = face.select;
  if (sel === undefined) return 0;
  if (typeof sel === 'number') {
    if (Number.isInteger(sel) && sel >= 0 && sel < members.length) return sel;
  } else {
    const want = sel.trim().toLowerCase();
    const names = (f: OpenTypeFace) => [f.name(6), f.name(1), f.name(4)].map((n) => (n ?? '').toLowerCase());
    const exactPs = members.findIndex((f) => f.name(6) === sel);
    if (exactPs >= 0) return exactPs;
    const any = members.findIndex((f) => names(f).includes(want));
    if (any >= 0) return any;
  }
  const available = members.map((f, i) => `${i} ${f.name(6) ?? ''} (${f.name(4) || f.name(1) || ''})`).join('; ');
  const what = typeof sel === 'number' ? `face ${sel}` : `face named ${quote(sel)}`;
  const kind = members.length > 1 ? 'faces available' : 'it is a single font, its only face is';
  throw faceError(face, `${quote(face.displayPath)} has no ${what}; ${kind}: ${available}`);
}

function faceError(face: Face, message: string, cause?: unknown) {
  const where = face.source === 'user' ? `fonts.${face.role}${face.bold ? '.bold' : ''}: ` : `bundled font ${face.id}: `;
  return inputError({ message: where + message, code: 'font', ...faceLocation(face) }, cause);
}

const quote = (s: string): string => `"${s}"`;

/** Cache keys of the faces opened so far (to check that loading stays lazy). */
export function openedFaceKeys(): string[] {
  return [...cache.keys()];
}

/** Drops every opened face (tests; long-running processes that want memory back). */
export function clearFaceCache(): void {
  for (const source of sources.splice(0)) source.close();
  cache.clear();
  byFace = new WeakMap();
}
