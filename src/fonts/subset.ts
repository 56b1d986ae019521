/**
 * Subsetting a face to the characters a document uses, with subset-font (harfbuzz hb-subset, wasm).
 * The DOCX exporter embeds these subsets; a 15 MB CJK face comes down to some 100–200 KB for an
 * essay. Results are cached per face and character set for the life of the process.
 */
import subsetFont from 'subset-font';
import { inputError } from '../errors.js';
import { faceKey, openFace, type Face } from './face.js';

const cache = new Map<string, Promise<Buffer>>();

/** The distinct code points of `text`, sorted, as a string (the cache key and the subset input). */
export function characterSet(text: string): string {
  return String.fromCodePoint(...[...new Set(Array.from(text, (c) => c.codePointAt(0)!))].sort((a, b) => a - b));
}

/**
 * `face` cut down to the glyphs for `text` (plus what its layout features reach), as a
 * TrueType/OpenType file. Name table IDs 0–6 are kept, so the subset keeps its family name.
 */
export function subsetFace(face: Face, text: string): Promise<Buffer> {
  const chars = characterSet(text);
  const key = `${faceKey(face)}\u0000${chars}`;
  let result = cache.get(key);
  if (!result) {
    const { bytes } = openFace(face);
    // harfbuzz refuses some damaged or unusual fonts: that is the font's fault, reported as such.
    result = subsetFont(bytes, chars, { targetFormat: 'sfnt' }).catch((error: unknown) => {
      throw inputError(
        { message: `the font ${face.displayPath} cannot be subset for embedding: ${(error as Error).message ?? String(error)}`, code: 'font', ...(face.origin ? { file: face.origin } : {}) },
        error,
      );
    });
    result.catch(() => cache.delete(key));
    cache.set(key, result);
  }
  return result;
}
