/**
 * The one-to-one glyph substitutions of a GSUB feature (OpenType: lookup type 1, also inside
 * extension lookups, type 7): which glyph a face's designer drew for a glyph under a feature such
 * as `hwid` (half-width forms). Our layout sets one glyph per character and shapes nothing else,
 * so this is all of GSUB it needs: no contextual lookups, no script or language choice (a single
 * substitution feature such as hwid is the same under every script that lists it).
 */
import type { OpenTypeFace } from './opentype.js';

/** Glyph → glyph under every lookup of feature `tag` (4 letters), the first lookup to map a glyph winning. */
export function singleSubstitutions(face: OpenTypeFace, tag: string): ReadonlyMap<number, number> {
  let byTag = read.get(face);
  if (!byTag) read.set(face, (byTag = new Map()));
  let subs = byTag.get(tag);
  if (!subs) byTag.set(tag, (subs = readSubstitutions(face, tag)));
  return subs;
}

const read = new WeakMap<OpenTypeFace, Map<string, ReadonlyMap<number, number>>>();

function readSubstitutions(face: OpenTypeFace, tag: string): ReadonlyMap<number, number> {
  const out = new Map<number, number>();
  const bytes = face.tableBytes('GSUB');
  if (!bytes || bytes.length < 10) return out;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => (at + 2 <= v.byteLength ? v.getUint16(at) : 0);
  const featureList = u16(6);
  const lookupList = u16(8);
  const lookups = new Set<number>();
  for (let i = 0, n = u16(featureList); i < n; i++) {
    const rec = featureList + 2 + 6 * i;
    if (rec + 6 > v.byteLength) break;
    const name = String.fromCharCode(v.getUint8(rec), v.getUint8(rec + 1), v.getUint8(rec + 2), v.getUint8(rec + 3));
    if (name !== tag) continue;
    const feature = featureList + u16(rec + 4);
    for (let k = 0, m = u16(feature + 2); k < m; k++) lookups.add(u16(feature + 4 + 2 * k));
  }
  const lookupCount = u16(lookupList);
  for (const index of [...lookups].sort((a, b) => a - b)) {
    if (index >= lookupCount) continue;
    const lookup = lookupList + u16(lookupList + 2 + 2 * index);
    const type = u16(lookup);
    for (let s = 0, n = u16(lookup + 4); s < n; s++) {
      let sub = lookup + u16(lookup + 6 + 2 * s);
      let subType = type;
      if (type === 7) {
        // Extension: format 1, the real lookup type, a 32-bit offset from the extension subtable.
        subType = u16(sub + 2);
        sub += sub + 8 <= v.byteLength ? v.getUint32(sub + 4) : 0;
      }
      if (subType === 1) addSingle(v, sub, out);
    }
  }
  return out;
}

/** A single substitution subtable (format 1: a delta; format 2: one substitute per covered glyph). */
function addSingle(v: DataView, at: number, out: Map<number, number>): void {
  if (at + 6 > v.byteLength) return;
  const format = v.getUint16(at);
  const covered = coverage(v, at + v.getUint16(at + 2));
  if (format === 1) {
    const delta = v.getInt16(at + 4);
    for (const g of covered) if (!out.has(g)) out.set(g, (g + delta) & 0xffff);
  } else if (format === 2) {
    const count = v.getUint16(at + 4);
    covered.forEach((g, i) => {
      if (i < count && at + 8 + 2 * i <= v.byteLength && !out.has(g)) out.set(g, v.getUint16(at + 6 + 2 * i));
    });
  }
}

/** The glyphs of a coverage table, in coverage index order. */
function coverage(v: DataView, at: number): number[] {
  if (at + 4 > v.byteLength) return [];
  const format = v.getUint16(at);
  const count = v.getUint16(at + 2);
  const glyphs: number[] = [];
  if (format === 1) {
    for (let i = 0; i < count && at + 6 + 2 * i <= v.byteLength; i++) glyphs.push(v.getUint16(at + 4 + 2 * i));
  } else if (format === 2) {
    for (let i = 0; i < count && at + 10 + 6 * i <= v.byteLength; i++) {
      const rec = at + 4 + 6 * i;
      for (let g = v.getUint16(rec), end = v.getUint16(rec + 2); g <= end; g++) glyphs.push(g);
    }
  }
  return glyphs;
}
