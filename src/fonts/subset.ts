/**
 * Subsetting a face to the characters a document uses. TrueType-outline faces (all the bundled
 * ones) go through our own subsetter, synchronously and in a few milliseconds; CFF-outline faces
 * (FandolFang, a user's .otf) through subset-font (harfbuzz hb-subset, wasm), loaded only then.
 *
 * An export makes each subset once, for the PDF and the DOCX alike (src/prepare/font-plan.ts).
 */
import { inputError } from '../errors.js';
import { splitByFace } from './coverage.js';
import { faceKey, faceLocation, openFace, type Face } from './face.js';
import { subsetTrueType } from './truetype-subset.js';

/** The distinct code points of `text`, sorted, as a string (the subset input). */
export function characterSet(text: string | ReadonlySet<number>): string {
  const codePoints = [...(typeof text === 'string' ? codePointSet(text) : text)].sort((a, b) => a - b);
  // A character at a time: a spread of a document's worth of code points would overflow the stack.
  let out = '';
  for (const cp of codePoints) out += String.fromCodePoint(cp);
  return out;
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

/**
 * `face` (TrueType outlines) cut down to the glyphs of the characters in `chars`; glyph 0 is
 * .notdef, then the characters' glyphs in the face's own order, then components of composites.
 * Characters the face has no glyph for (a newline, a tab, another face's) are left out.
 */
export function trueTypeSubset(face: Face, chars: string | ReadonlySet<number>): GlyphSubset {
  const opened = openFace(face);
  const tables = opened.tables;
  // Keyed by the characters the face draws: a newline or a tab more does not make a new subset.
  // The opened face's glyph for each (for half-width forms, the hwid glyph: the subset's cmap maps to it).
  const drawn = [...(typeof chars === 'string' ? codePointSet(chars) : chars)].filter((cp) => opened.glyphId(cp) !== 0).sort((a, b) => a - b);
  const byGlyph = new Map<number, number[]>();
  for (const cp of drawn) {
    const gid = opened.glyphId(cp);
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
  return {
    bytes: made.bytes,
    glyphOf: (cp) => map.get(cp) ?? 0,
    widths: made.glyphs.map((g) => tables.advanceOf(g) * scale),
    codePoints: made.glyphs.map((g) => byGlyph.get(g) ?? []),
  };
}

/**
 * `face` cut down to the glyphs for `text`, as a TrueType/OpenType file with a cmap, for
 * embedding in a DOCX. Name table IDs 0–6 are kept, so the subset keeps its family name.
 * TrueType outlines go through our subsetter, CFF outlines through harfbuzz (hb-subset, wasm).
 */
export async function subsetFace(face: Face, text: string | ReadonlySet<number>): Promise<Buffer> {
  if (openFace(face).tables.outlines === 'TrueType') return trueTypeSubset(face, text).bytes;
  const chars = characterSet(text);
  const { bytes } = openFace(face);
  const { default: subsetFont } = await import('subset-font');
  try {
    return await subsetFont(bytes, chars, { targetFormat: 'sfnt' });
  } catch (error) {
    // harfbuzz refuses some damaged or unusual fonts: that is the font's fault, reported as such.
    throw cannotSubset(face, error);
  }
}

function cannotSubset(face: Face, error: unknown) {
  return inputError(
    { message: `the font ${face.displayPath} cannot be subset for embedding: ${(error as Error).message ?? String(error)}`, code: 'font', ...faceLocation(face) },
    error,
  );
}

/** The characters a document draws, per face file: the input of every subset. */
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
