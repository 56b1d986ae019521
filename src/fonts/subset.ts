/**
 * Subsetting a face to the characters a document uses. TrueType-outline faces (all the bundled
 * ones) go through our own subsetter, synchronously and in a few milliseconds; CFF-outline faces
 * (FandolFang, a user's .otf) through subset-font (harfbuzz hb-subset, wasm), loaded only then.
 *
 * The PDF and the DOCX exporter ask for the same characters of a face (`faceCharacters` in
 * src/styles/blocks.ts), so within one export both embed one and the same subset, made once.
 */
import { inputError } from '../errors.js';
import { splitByFace } from './coverage.js';
import { faceKey, faceLocation, openFace, type Face } from './face.js';
import { subsetTrueType } from './truetype-subset.js';

/** The distinct code points of `text`, sorted, as a string (the cache key and the subset input). */
export function characterSet(text: string): string {
  return fromCodePoints(new Set(Array.from(text, (c) => c.codePointAt(0)!)));
}

/** Code points, sorted, as a string: one at a time, as a spread of 100,000 of them overflows the stack. */
function fromCodePoints(codePoints: Iterable<number>): string {
  let s = '';
  for (const cp of [...codePoints].sort((a, b) => a - b)) s += String.fromCodePoint(cp);
  return s;
}

/** A TrueType face cut down to a set of characters. */
export interface GlyphSubset {
  /** The subset as a TrueType file. */
  bytes: Buffer;
  /** Glyph id in the subset for a code point; 0 (.notdef) when it is not in the subset. */
  glyphOf(codePoint: number): number;
  /** Advance width of each subset glyph, in 1/1000 em. */
  widths: number[];
  /** Per subset glyph, the code points that map to it (several when a face shares a glyph). */
  codePoints: number[][];
}

function codePointSet(text: string): Set<number> {
  const set = new Set<number>();
  for (const ch of text) set.add(ch.codePointAt(0)!);
  return set;
}

const trueTypeCache = new Map<string, GlyphSubset>();

/**
 * `face` (TrueType outlines) cut down to the glyphs of the characters in `chars`; glyph 0 is
 * .notdef, then the characters' glyphs in the face's own order, then components of composites.
 * Cached per face and character set for the life of the process.
 */
export function trueTypeSubset(face: Face, chars: string | ReadonlySet<number>): GlyphSubset {
  const opened = openFace(face);
  const tables = opened.tables;
  // Keyed by the characters the face draws: a newline or a tab more does not make a new subset.
  const drawn = [...(typeof chars === 'string' ? codePointSet(chars) : chars)].filter((cp) => tables.glyphId(cp) !== 0).sort((a, b) => a - b);
  const key = `${faceKey(face)}\u0000${drawn.join(',')}`;
  let subset = trueTypeCache.get(key);
  if (subset) return subset;
  const byGlyph = new Map<number, number[]>();
  for (const cp of drawn) {
    const gid = tables.glyphId(cp);
    const cps = byGlyph.get(gid);
    if (cps) cps.push(cp);
    else byGlyph.set(gid, [cp]);
  }
  const original = [0, ...[...byGlyph.keys()].sort((a, b) => a - b)];
  const newId = new Map(original.map((g, i) => [g, i]));
  const cmap: Array<[number, number]> = [];
  for (const [gid, cps] of byGlyph) for (const cp of cps) cmap.push([cp, newId.get(gid)!]);
  let made;
  try {
    made = subsetTrueType(tables, original, cmap);
  } catch (error) {
    throw cannotSubset(face, error);
  }
  const scale = 1000 / opened.unitsPerEm;
  const map = new Map(cmap);
  subset = {
    bytes: made.bytes,
    glyphOf: (cp) => map.get(cp) ?? 0,
    widths: made.glyphs.map((g) => tables.advanceOf(g) * scale),
    codePoints: made.glyphs.map((g) => byGlyph.get(g) ?? []),
  };
  trueTypeCache.set(key, subset);
  return subset;
}

const cffCache = new Map<string, Promise<Buffer>>();

/**
 * `face` cut down to the glyphs for `text`, as a TrueType/OpenType file with a cmap, for
 * embedding in a DOCX. Name table IDs 0–6 are kept, so the subset keeps its family name.
 */
export async function subsetFace(face: Face, text: string | ReadonlySet<number>): Promise<Buffer> {
  if (openFace(face).tables.outlines === 'TrueType') return trueTypeSubset(face, text).bytes;
  const chars = typeof text === 'string' ? characterSet(text) : fromCodePoints(text);
  const key = `${faceKey(face)}\u0000${chars}`;
  let result = cffCache.get(key);
  if (!result) {
    const { bytes } = openFace(face);
    // harfbuzz refuses some damaged or unusual fonts: that is the font's fault, reported as such.
    result = import('subset-font')
      .then(({ default: subsetFont }) => subsetFont(bytes, chars, { targetFormat: 'sfnt' }))
      .catch((error: unknown) => {
        throw cannotSubset(face, error);
      });
    result.catch(() => cffCache.delete(key));
    cffCache.set(key, result);
  }
  return result;
}

function cannotSubset(face: Face, error: unknown) {
  return inputError(
    { message: `the font ${face.displayPath} cannot be subset for embedding: ${(error as Error).message ?? String(error)}`, code: 'font', ...faceLocation(face) },
    error,
  );
}

/** Drops cached subsets (tests; long-running processes that want memory back). */
export function clearSubsetCache(): void {
  trueTypeCache.clear();
  cffCache.clear();
}

/**
 * The characters a document draws, per face file: the input of every subset. The PDF and the DOCX
 * exporter fill one each in the same way (every run, list markers, and the footer), so that they
 * ask for the same subset and the second finds it made.
 */
export class FaceCharacters {
  private readonly sets = new Map<string, Set<number>>();

  add(face: Face, text: string): void {
    const key = faceKey(face);
    let set = this.sets.get(key);
    if (!set) this.sets.set(key, (set = new Set()));
    for (const ch of text) set.add(ch.codePointAt(0)!);
  }

  /** The footer: its literal text in the faces that draw it, and every digit in the first face (page numbers). */
  addFooter(chain: readonly Face[], format: string): void {
    for (const run of splitByFace(format.replace('{n}', ''), chain)) this.add(run.face, run.text);
    this.add(chain[0]!, '0123456789');
  }

  /** Every code point given for the face's file. */
  of(face: Face): ReadonlySet<number> {
    return this.sets.get(faceKey(face)) ?? new Set();
  }
}
