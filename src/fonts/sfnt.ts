/**
 * Just enough of the sfnt container format to cut one face out of a TrueType/OpenType collection
 * (.ttc/.otc) into a standalone font file. Exporters and the subsetter (harfbuzz, face 0 only)
 * then never need to know that a user's font came from a collection.
 */

const TAG_TTCF = 0x74746366; // 'ttcf'
const TAG_HEAD = 0x68656164; // 'head'

/** True when the bytes are a font collection ('ttcf' header). */
export function isCollection(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && view(bytes).getUint32(0) === TAG_TTCF;
}

/** Offsets of each face's table directory in a collection; `[0]` for a single font. */
export function faceOffsets(bytes: Uint8Array): number[] {
  if (!isCollection(bytes)) return [0];
  const v = view(bytes);
  const count = v.getUint32(8);
  if (count > 10_000 || 12 + 4 * count > bytes.length) throw new Error('corrupt collection header');
  return Array.from({ length: count }, (_, i) => v.getUint32(12 + 4 * i));
}

/**
 * Face `index` of a collection as a standalone sfnt (tables copied, offsets rewritten, head
 * checksum adjusted). For a single font, index 0 returns the bytes unchanged.
 */
export function extractFace(bytes: Uint8Array, index: number): Buffer {
  const offsets = faceOffsets(bytes);
  const dirOffset = offsets[index];
  if (dirOffset === undefined) throw new RangeError(`face ${index} out of range (0–${offsets.length - 1})`);
  if (!isCollection(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  const v = view(bytes);
  const sfntVersion = v.getUint32(dirOffset);
  const numTables = v.getUint16(dirOffset + 4);
  const tables: { tag: number; checksum: number; offset: number; length: number }[] = [];
  for (let i = 0; i < numTables; i++) {
    const rec = dirOffset + 12 + 16 * i;
    const table = { tag: v.getUint32(rec), checksum: v.getUint32(rec + 4), offset: v.getUint32(rec + 8), length: v.getUint32(rec + 12) };
    if (table.offset + table.length > bytes.length) throw new Error('corrupt table directory');
    tables.push(table);
  }

  const headerSize = 12 + 16 * numTables;
  let size = headerSize;
  for (const t of tables) size += pad4(t.length);
  const out = Buffer.alloc(size);
  const o = view(out);
  o.setUint32(0, sfntVersion);
  o.setUint16(4, numTables);
  // searchRange, entrySelector, rangeShift as the spec defines them.
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  o.setUint16(6, searchRange);
  o.setUint16(8, entrySelector);
  o.setUint16(10, numTables * 16 - searchRange);

  let at = headerSize;
  let headAt = -1;
  tables.forEach((t, i) => {
    const rec = 12 + 16 * i;
    o.setUint32(rec, t.tag);
    o.setUint32(rec + 4, t.checksum);
    o.setUint32(rec + 8, at);
    o.setUint32(rec + 12, t.length);
    out.set(bytes.subarray(t.offset, t.offset + t.length), at);
    if (t.tag === TAG_HEAD && t.length >= 12) headAt = at;
    at += pad4(t.length);
  });

  if (headAt >= 0) {
    o.setUint32(headAt + 8, 0);
    o.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  }
  return out;
}

function checksum(bytes: Uint8Array): number {
  const v = view(bytes);
  let sum = 0;
  for (let i = 0; i + 4 <= bytes.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  return sum;
}

const pad4 = (n: number): number => (n + 3) & ~3;
const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
