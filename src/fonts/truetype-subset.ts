/**
 * Subsetting TrueType-outline (glyf) faces: the glyphs a document draws, in an order the caller
 * chooses, as a standalone TrueType file that both the PDF (FontFile2, CID = glyph index) and the
 * DOCX (embedded font, found through its cmap) use as it is.
 *
 * Kept: outlines (composite glyphs with their components), metrics, hinting programs, names and
 * OS/2, and a new cmap for the characters given. Dropped: layout tables (GSUB/GPOS/GDEF/BASE),
 * vertical metrics and glyph names. Text is set one glyph per character, so nothing else is
 * reached, and a 15 MB CJK face comes down to some 100 KB for an essay. CFF-outline faces go
 * through harfbuzz instead (subset.ts).
 */
import type { OpenTypeFace } from './opentype.js';

export interface TrueTypeSubset {
  /** The subset font file. */
  bytes: Buffer;
  /** Original glyph id of each glyph of the subset: the requested ones, then components they need. */
  glyphs: number[];
}

const MORE_COMPONENTS = 0x0020;
const ARGS_ARE_WORDS = 0x0001;
const HAVE_SCALE = 0x0008;
const HAVE_XY_SCALE = 0x0040;
const HAVE_2X2 = 0x0080;

/**
 * @param glyphs original glyph ids for new ids 0, 1, 2 …; the first must be 0 (.notdef)
 * @param cmap code point → new glyph id, for the subset's own cmap
 */
export function subsetTrueType(face: OpenTypeFace, glyphs: readonly number[], cmap: ReadonlyArray<readonly [number, number]>): TrueTypeSubset {
  if (face.outlines !== 'TrueType') throw new Error('subsetTrueType needs a face with TrueType (glyf) outlines');
  if (glyphs[0] !== 0) throw new Error('the first glyph of a subset must be .notdef (0)');
  const order = [...glyphs];
  const newId = new Map<number, number>();
  order.forEach((g, i) => {
    if (g < 0 || g >= face.numGlyphs) throw new Error(`glyph ${g} is not in the font (${face.numGlyphs} glyphs)`);
    if (!newId.has(g)) newId.set(g, i);
  });

  // Outlines, with the components of composite glyphs appended as they are found.
  const outlines: Uint8Array[] = [];
  const requested = face.glyphsData(order);
  for (let i = 0; i < order.length; i++) {
    const data = requested[i] ?? face.glyphData(order[i]!);
    if (data.length >= 10 && new DataView(data.buffer, data.byteOffset, data.byteLength).getInt16(0) < 0) {
      const copy = new Uint8Array(data);
      remapComponents(copy, (component) => {
        let id = newId.get(component);
        if (id === undefined) {
          if (component >= face.numGlyphs) throw new Error(`a composite glyph refers to glyph ${component}, which the font lacks`);
          id = order.length;
          order.push(component);
          newId.set(component, id);
        }
        return id;
      });
      outlines.push(copy);
    } else outlines.push(data);
  }
  if (order.length > 0xffff) throw new Error('too many glyphs for one font');

  const n = order.length;
  let glyfSize = 0;
  for (const o of outlines) glyfSize += pad4(o.length);
  const longLoca = glyfSize > 0x1fffe;
  const glyf = new Uint8Array(glyfSize);
  const loca = new DataView(new ArrayBuffer((n + 1) * (longLoca ? 4 : 2)));
  let at = 0;
  outlines.forEach((o, i) => {
    if (longLoca) loca.setUint32(4 * i, at);
    else loca.setUint16(2 * i, at / 2);
    glyf.set(o, at);
    at += pad4(o.length);
  });
  if (longLoca) loca.setUint32(4 * n, at);
  else loca.setUint16(2 * n, at / 2);

  const hmtx = new DataView(new ArrayBuffer(4 * n));
  order.forEach((g, i) => {
    hmtx.setUint16(4 * i, face.advanceOf(g));
    hmtx.setInt16(4 * i + 2, face.leftSideBearingOf(g));
  });

  const head = copyOf(face.tableBytes('head')!);
  new DataView(head.buffer).setInt16(50, longLoca ? 1 : 0);
  const hhea = copyOf(face.tableBytes('hhea')!);
  new DataView(hhea.buffer).setUint16(34, n);
  const maxp = copyOf(face.tableBytes('maxp')!);
  new DataView(maxp.buffer).setUint16(4, n);

  const tables = new Map<string, Uint8Array>([
    ['head', head],
    ['hhea', hhea],
    ['maxp', maxp],
    ['hmtx', new Uint8Array(hmtx.buffer)],
    ['loca', new Uint8Array(loca.buffer)],
    ['glyf', glyf],
    ['cmap', buildCmap(cmap)],
    ['post', postFormat3(face.tableBytes('post'))],
  ]);
  const os2 = face.tableBytes('OS/2');
  if (os2) tables.set('OS/2', withCharRange(os2, cmap));
  for (const tag of ['name', 'cvt', 'fpgm', 'prep', 'gasp']) {
    const t = face.tableBytes(tag);
    if (t) tables.set(tag, t);
  }
  return { bytes: assemble(tables), glyphs: order };
}

/** Rewrites the component glyph ids of a composite glyph in place. */
function remapComponents(glyph: Uint8Array, map: (component: number) => number): void {
  const v = new DataView(glyph.buffer, glyph.byteOffset, glyph.byteLength);
  let p = 10;
  for (;;) {
    if (p + 4 > glyph.length) throw new Error('a composite glyph is truncated');
    const flags = v.getUint16(p);
    v.setUint16(p + 2, map(v.getUint16(p + 2)));
    p += 4 + (flags & ARGS_ARE_WORDS ? 4 : 2);
    if (flags & HAVE_SCALE) p += 2;
    else if (flags & HAVE_XY_SCALE) p += 4;
    else if (flags & HAVE_2X2) p += 8;
    if (!(flags & MORE_COMPONENTS)) return;
  }
}

/**
 * A Windows Unicode cmap: format 4 for the BMP (segments of consecutive characters with
 * consecutive glyphs), plus format 12 for the whole repertoire when there are characters beyond it.
 */
function buildCmap(entries: ReadonlyArray<readonly [number, number]>): Uint8Array {
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  const bmp = sorted.filter(([c]) => c < 0xffff);
  const hasAstral = sorted.some(([c]) => c > 0xffff);

  const segments: Array<[start: number, end: number, glyph: number]> = [];
  for (const [c, g] of bmp) {
    const last = segments[segments.length - 1];
    if (last && c === last[1] + 1 && g === last[2] + (c - last[0])) last[1] = c;
    else segments.push([c, c, g]);
  }
  segments.push([0xffff, 0xffff, 0]);
  const segX2 = segments.length * 2;
  const f4 = new DataView(new ArrayBuffer(16 + segments.length * 8));
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= segments.length) entrySelector++;
  f4.setUint16(0, 4);
  f4.setUint16(2, f4.byteLength);
  f4.setUint16(6, segX2);
  f4.setUint16(8, 2 * 2 ** entrySelector);
  f4.setUint16(10, entrySelector);
  f4.setUint16(12, segX2 - 2 * 2 ** entrySelector);
  segments.forEach(([start, end, glyph], i) => {
    f4.setUint16(14 + 2 * i, end);
    f4.setUint16(16 + segX2 + 2 * i, start);
    // The last segment maps 0xFFFF to glyph 0: delta 1 as the spec writes it.
    f4.setUint16(16 + 2 * segX2 + 2 * i, start === 0xffff ? 1 : (glyph - start) & 0xffff);
    // idRangeOffset stays 0: glyph = character + delta.
  });

  const subtables: Array<[platform: number, encoding: number, data: Uint8Array]> = [[3, 1, new Uint8Array(f4.buffer)]];
  if (hasAstral) {
    const groups: Array<[number, number, number]> = [];
    for (const [c, g] of sorted) {
      const last = groups[groups.length - 1];
      if (last && c === last[1] + 1 && g === last[2] + (c - last[0])) last[1] = c;
      else groups.push([c, c, g]);
    }
    const f12 = new DataView(new ArrayBuffer(16 + 12 * groups.length));
    f12.setUint16(0, 12);
    f12.setUint32(4, f12.byteLength);
    f12.setUint32(12, groups.length);
    groups.forEach(([start, end, glyph], i) => {
      f12.setUint32(16 + 12 * i, start);
      f12.setUint32(20 + 12 * i, end);
      f12.setUint32(24 + 12 * i, glyph);
    });
    subtables.push([3, 10, new Uint8Array(f12.buffer)]);
  }

  const header = 4 + 8 * subtables.length;
  const size = subtables.reduce((sum, [, , d]) => sum + d.length, header);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint16(2, subtables.length);
  let at = header;
  subtables.forEach(([platform, encoding, data], i) => {
    v.setUint16(4 + 8 * i, platform);
    v.setUint16(6 + 8 * i, encoding);
    v.setUint32(8 + 8 * i, at);
    out.set(data, at);
    at += data.length;
  });
  return out;
}

/** post version 3: the header without glyph names (names would only cost space). */
function postFormat3(post: Uint8Array | undefined): Uint8Array {
  const out = new Uint8Array(32);
  if (post) out.set(post.subarray(0, Math.min(32, post.length)));
  new DataView(out.buffer).setUint32(0, 0x00030000);
  return out;
}

/** OS/2 with usFirstCharIndex/usLastCharIndex fitted to the subset's characters. */
function withCharRange(os2: Uint8Array, entries: ReadonlyArray<readonly [number, number]>): Uint8Array {
  const out = copyOf(os2);
  if (out.length >= 68 && entries.length > 0) {
    const v = new DataView(out.buffer);
    let first = 0xffff;
    let last = 0;
    for (const [c] of entries) {
      first = Math.min(first, c);
      last = Math.max(last, c);
    }
    v.setUint16(64, Math.min(first, 0xffff));
    v.setUint16(66, Math.min(last, 0xffff));
  }
  return out;
}

/** The sfnt file: directory sorted by tag, tables 4-byte aligned, checksums, head adjustment. */
export function assemble(tables: Map<string, Uint8Array>, version = 0x00010000): Buffer {
  const tags = [...tables.keys()].sort();
  const headerSize = 12 + 16 * tags.length;
  let size = headerSize;
  for (const t of tags) size += pad4(tables.get(t)!.length);
  const out = Buffer.alloc(size);
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  v.setUint32(0, version);
  v.setUint16(4, tags.length);
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= tags.length) entrySelector++;
  v.setUint16(6, 16 * 2 ** entrySelector);
  v.setUint16(8, entrySelector);
  v.setUint16(10, 16 * tags.length - 16 * 2 ** entrySelector);
  let at = headerSize;
  let headAt = 0;
  // The file's checksum is the sum of its parts' (all are padded to 4 bytes): the directory's,
  // and each table's as recorded, so the file is not summed a second time.
  let fileSum = 0;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const rec = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[rec + k] = (tag.padEnd(4, ' ').charCodeAt(k));
    out.set(data, at);
    if (tag === 'head') {
      headAt = at;
      v.setUint32(at + 8, 0); // checkSumAdjustment counts as 0 in the head checksum
    }
    const sum = checksum(out, at, pad4(data.length));
    v.setUint32(rec + 4, sum);
    v.setUint32(rec + 8, at);
    v.setUint32(rec + 12, data.length);
    fileSum = (fileSum + sum) >>> 0;
    at += pad4(data.length);
  });
  fileSum = (fileSum + checksum(out, 0, headerSize)) >>> 0;
  v.setUint32(headAt + 8, (0xb1b0afba - fileSum) >>> 0);
  return out;
}

/**
 * The OpenType checksum of bytes[start, start + length), length a multiple of 4: the sum of its
 * big-endian 32-bit words, modulo 2^32. Summed per byte position, so that every partial sum stays
 * a small integer: a running 32-bit sum is a boxed number at each step of unoptimized code.
 */
export function checksum(bytes: Uint8Array, start: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = start, end = start + length; i < end; i += 4) {
    s0 += bytes[i]!;
    s1 += bytes[i + 1]!;
    s2 += bytes[i + 2]!;
    s3 += bytes[i + 3]!;
    // Folded every megabyte, long before a sum could leave the small-integer range (2^30).
    if (((i - start) & 0xfffff) === 0xffffc) [s0, s1, s2, s3] = fold(s0, s1, s2, s3);
  }
  return (((s0 % 256) * 0x1000000 + s1 * 0x10000 + s2 * 0x100 + s3) % 0x100000000) >>> 0;
}

/** Carries the higher parts of the byte-position sums into the next word up, mod 2^32. */
function fold(s0: number, s1: number, s2: number, s3: number): [number, number, number, number] {
  s2 += Math.floor(s3 / 256);
  s3 %= 256;
  s1 += Math.floor(s2 / 256);
  s2 %= 256;
  s0 += Math.floor(s1 / 256);
  s1 %= 256;
  return [s0 % 256, s1, s2, s3];
}

const pad4 = (n: number): number => (n + 3) & ~3;
const copyOf = (b: Uint8Array): Uint8Array => new Uint8Array(b);
