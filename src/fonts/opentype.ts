/**
 * Our own reader for the few OpenType tables that layout, coverage and embedding need: the table
 * directory, head, hhea, maxp, OS/2, post, name, cmap, hmtx and (for TrueType outlines) loca/glyf.
 *
 * Why not fontkit: a cold `wenshu export` spent more time in fontkit decoding tables (and in its
 * shaping engine, which Chinese text set one glyph per character does not need) than in all of our
 * own layout. Reading a table here is a DataView over the file's bytes, and the whole character →
 * glyph map of a CJK face is decoded into one typed array in well under a millisecond.
 */

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Where a face's bytes come from. A CJK face is 7–16 MB, of which layout and a subset need a few
 * hundred KB (cmap, hmtx, loca and the outlines of the characters used): reading only those
 * parts from the file saves copying the rest on every cold start.
 */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes at `offset`; throws when that runs past the end. */
  read(offset: number, length: number): Uint8Array;
}

/**
 * Outlines at most this far apart in the file are read together (glyphsData): reading a few KB
 * more costs less than another read.
 */
const GLYPH_READ_GAP = 4096;

/** Bytes already in memory. */
export class BufferSource implements ByteSource {
  constructor(readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.length;
  }
  read(offset: number, length: number): Uint8Array {
    if (offset < 0 || offset + length > this.bytes.length) throw new Error(`reading ${length} bytes at ${offset} runs past the end of the file`);
    return this.bytes.subarray(offset, offset + length);
  }
}

/** A file read piecewise; the descriptor stays open until close(). */
export class FileSource implements ByteSource {
  readonly size: number;
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
  }

  read(offset: number, length: number): Uint8Array {
    if (offset < 0 || offset + length > this.size) throw new Error(`reading ${length} bytes at ${offset} runs past the end of the file`);
    this.fd ??= openSync(this.path, 'r');
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, out, done, length - done, offset + done);
      if (n === 0) throw new Error('the file ended early (was it changed while being read?)');
      done += n;
    }
    return out;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export interface TableRecord {
  offset: number;
  length: number;
}

/** Font-wide numbers, in font units unless said otherwise. */
export interface FontMetrics {
  unitsPerEm: number;
  /** hhea ascender and descender (descender negative), as PDF font descriptors and Word use them. */
  ascent: number;
  descent: number;
  lineGap: number;
  capHeight: number;
  xHeight: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  italicAngle: number;
  isFixedPitch: boolean;
  italic: boolean;
  /** OS/2 sFamilyClass high byte (1–7 serif, 8 sans, 10 script), 0 when unknown. */
  familyClass: number;
}

const tagOf = (v: DataView, at: number): string =>
  String.fromCharCode(v.getUint8(at), v.getUint8(at + 1), v.getUint8(at + 2), v.getUint8(at + 3));

const viewOf = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** One face of an sfnt file (a single font, or one member of a collection). */
export class OpenTypeFace {
  readonly tables = new Map<string, TableRecord>();
  /** 'TrueType' (glyf outlines) or 'CFF' (PostScript outlines). */
  readonly outlines: 'TrueType' | 'CFF';
  readonly numGlyphs: number;
  readonly metrics: FontMetrics;
  readonly source: ByteSource;
  private readonly numberOfHMetrics: number;
  private readonly loaded = new Map<string, Uint8Array>();
  private hmtx?: DataView;
  private loca?: { view: DataView; long: boolean; count: number };
  private cmap?: { lookup: (codePoint: number) => number; bmp: Int32Array };
  private names?: Map<number, string>;

  /**
   * @param source the file (a Uint8Array is read from memory)
   * @param directory offset of this face's table directory (0 for a single font)
   */
  constructor(source: ByteSource | Uint8Array, directory = 0) {
    this.source = source instanceof Uint8Array ? new BufferSource(source) : source;
    if (directory + 12 > this.source.size) throw new Error('not an OpenType font: the file is too short');
    const header = viewOf(this.source.read(directory, 12));
    const version = header.getUint32(0);
    if (version !== 0x00010000 && version !== 0x4f54544f && version !== 0x74727565) throw new Error('not a TrueType/OpenType font');
    const count = header.getUint16(4);
    if (directory + 12 + 16 * count > this.source.size) throw new Error('table directory runs past the end of the file');
    const dir = viewOf(this.source.read(directory + 12, 16 * count));
    for (let i = 0; i < count; i++) {
      this.tables.set(tagOf(dir, 16 * i).trimEnd(), { offset: dir.getUint32(16 * i + 8), length: dir.getUint32(16 * i + 12) });
    }
    for (const tag of ['head', 'hhea', 'maxp', 'hmtx', 'cmap']) if (!this.tables.has(tag)) throw new Error(`the font has no ${tag} table`);
    this.outlines = this.tables.has('glyf') && this.tables.has('loca') ? 'TrueType' : 'CFF';

    const head = this.view('head', 54);
    const hhea = this.view('hhea', 36);
    this.numGlyphs = this.view('maxp', 6).getUint16(4);
    this.numberOfHMetrics = Math.max(1, hhea.getUint16(34));
    const os2 = this.tables.has('OS/2') ? this.view('OS/2', 0) : undefined;
    const post = this.tables.has('post') ? this.view('post', 0) : undefined;
    const os2Version = os2 && os2.byteLength >= 2 ? os2.getUint16(0) : -1;
    const os2v2 = os2 !== undefined && os2Version >= 2 && os2.byteLength >= 90;
    this.metrics = {
      unitsPerEm: head.getUint16(18),
      ascent: hhea.getInt16(4),
      descent: hhea.getInt16(6),
      lineGap: hhea.getInt16(8),
      capHeight: os2v2 ? os2.getInt16(88) : 0,
      xHeight: os2v2 ? os2.getInt16(86) : 0,
      bbox: { minX: head.getInt16(36), minY: head.getInt16(38), maxX: head.getInt16(40), maxY: head.getInt16(42) },
      italicAngle: post && post.byteLength >= 8 ? post.getInt32(4) / 65536 : 0,
      isFixedPitch: post && post.byteLength >= 16 ? post.getUint32(12) !== 0 : false,
      italic: (head.getUint16(44) & 2) !== 0,
      familyClass: os2 && os2.byteLength >= 32 ? os2.getInt16(30) >> 8 : 0,
    };
    if (this.metrics.unitsPerEm < 16 || this.metrics.unitsPerEm > 16384) throw new Error(`implausible unitsPerEm ${this.metrics.unitsPerEm}`);
  }

  /** A table's record; throws when the font lacks it or it runs past the end of the file. */
  table(tag: string): TableRecord {
    const t = this.tables.get(tag);
    if (!t) throw new Error(`the font has no ${tag} table`);
    if (t.offset + t.length > this.source.size) throw new Error(`its ${tag} table runs past the end of the file`);
    return t;
  }

  /** The first table whose data lies past the end of the file, if any (a truncated download). */
  truncatedTable(): string | undefined {
    for (const [tag, t] of this.tables) if (t.offset + t.length > this.source.size) return tag;
    return undefined;
  }

  /** The table's bytes (read once), or undefined when the font has none. */
  tableBytes(tag: string): Uint8Array | undefined {
    if (!this.tables.has(tag)) return undefined;
    let bytes = this.loaded.get(tag);
    if (!bytes) {
      const t = this.table(tag);
      bytes = this.source.read(t.offset, t.length);
      this.loaded.set(tag, bytes);
    }
    return bytes;
  }

  /** A view of a table that must be at least `min` bytes long. */
  private view(tag: string, min: number): DataView {
    const v = viewOf(this.tableBytes(tag)!);
    if (v.byteLength < min) throw new Error(`its ${tag} table is too short`);
    return v;
  }

  /** The glyph for a code point; 0 (.notdef) when the face has none. */
  glyphId(codePoint: number): number {
    const cmap = (this.cmap ??= this.selectCmap());
    if (codePoint < 0x10000 && codePoint >= 0) {
      // Looked up once per character: a document uses a few thousand of the face's 30,000.
      const cached = cmap.bmp[codePoint]!;
      if (cached >= 0) return cached;
      return (cmap.bmp[codePoint] = cmap.lookup(codePoint));
    }
    return codePoint > 0x10ffff ? 0 : cmap.lookup(codePoint);
  }

  /** Advance width of a glyph in font units. */
  advanceOf(glyph: number): number {
    const hmtx = (this.hmtx ??= this.view('hmtx', 4 * this.numberOfHMetrics));
    const i = glyph < this.numberOfHMetrics ? glyph : this.numberOfHMetrics - 1;
    return hmtx.getUint16(4 * i);
  }

  /** Left side bearing of a glyph in font units (hmtx). */
  leftSideBearingOf(glyph: number): number {
    const hmtx = (this.hmtx ??= this.view('hmtx', 4 * this.numberOfHMetrics));
    if (glyph < this.numberOfHMetrics) return hmtx.getInt16(4 * glyph + 2);
    const at = 4 * this.numberOfHMetrics + 2 * (glyph - this.numberOfHMetrics);
    return at + 2 <= hmtx.byteLength ? hmtx.getInt16(at) : 0;
  }

  /** A name-table string by name ID (1 family, 4 full name, 6 PostScript name), English preferred. */
  name(id: number): string | undefined {
    this.names ??= this.decodeNames();
    return this.names.get(id);
  }

  /** The outline data of a TrueType glyph (empty for a blank glyph such as the space), read from the file. */
  glyphData(glyph: number): Uint8Array {
    return this.glyphsData([glyph])[0]!;
  }

  /**
   * The outline data of several glyphs. Outlines that lie close together in the file are read
   * with one call: an essay's thousand glyphs were a thousand reads, each a system call and a
   * buffer.
   */
  glyphsData(glyphs: readonly number[]): Uint8Array[] {
    const glyf = this.table('glyf');
    const spans = glyphs.map((glyph, i) => {
      const [start, end] = this.glyphSpan(glyph);
      if (end < start || end > glyf.length) throw new Error(`glyph ${glyph} lies outside the glyf table`);
      return { i, start, end };
    });
    const out: Uint8Array[] = new Array(glyphs.length);
    const order = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
    for (const s of spans) if (s.end === s.start) out[s.i] = new Uint8Array(0);
    for (let k = 0; k < order.length; ) {
      // One read from the first outline to the last one that starts within GLYPH_READ_GAP of the end so far.
      let end = order[k]!.end;
      let last = k;
      while (last + 1 < order.length && order[last + 1]!.start - end <= GLYPH_READ_GAP) end = Math.max(end, order[++last]!.end);
      const from = order[k]!.start;
      const bytes = this.source.read(glyf.offset + from, end - from);
      for (; k <= last; k++) out[order[k]!.i] = bytes.subarray(order[k]!.start - from, order[k]!.end - from);
    }
    return out;
  }

  /** Where a glyph's outline lies in the glyf table, from loca: [start, end). */
  private glyphSpan(glyph: number): [number, number] {
    if (!this.loca) {
      const long = this.view('head', 54).getInt16(50) === 1;
      const view = viewOf(this.tableBytes('loca')!);
      this.loca = { view, long, count: long ? view.byteLength / 4 : view.byteLength / 2 };
    }
    const { view, long, count } = this.loca;
    if (glyph < 0 || glyph + 1 >= count) throw new Error(`glyph ${glyph} is outside the loca table`);
    return long ? [view.getUint32(4 * glyph), view.getUint32(4 * glyph + 4)] : [2 * view.getUint16(2 * glyph), 2 * view.getUint16(2 * glyph + 2)];
  }

  /** The best Unicode subtable, and a lookup into it. */
  private selectCmap(): { lookup: (codePoint: number) => number; bmp: Int32Array } {
    const v = this.view('cmap', 4);
    const n = v.getUint16(2);
    // Full-repertoire subtables (format 12) first, then the BMP ones; Windows before Unicode.
    const rank = (platform: number, encoding: number, format: number): number => {
      if (format === 12 && ((platform === 3 && encoding === 10) || platform === 0)) return platform === 3 ? 6 : 5;
      if (format === 4 && ((platform === 3 && encoding === 1) || platform === 0)) return platform === 3 ? 4 : 3;
      if (format === 4 && platform === 3 && encoding === 0) return 1; // symbol fonts
      return 0;
    };
    let best = -1;
    let bestRank = 0;
    for (let i = 0; i < n && 4 + 8 * i + 8 <= v.byteLength; i++) {
      const rec = 4 + 8 * i;
      const offset = v.getUint32(rec + 4);
      if (offset + 16 > v.byteLength) continue;
      const r = rank(v.getUint16(rec), v.getUint16(rec + 2), v.getUint16(offset));
      if (r > bestRank) {
        bestRank = r;
        best = offset;
      }
    }
    const valid = (g: number) => (g < this.numGlyphs ? g : 0);
    const lookup = best < 0 ? () => 0 : v.getUint16(best) === 12 ? format12(v, best) : format4(v, best);
    return { lookup: (cp) => valid(lookup(cp)), bmp: new Int32Array(0x10000).fill(-1) };
  }

  private decodeNames(): Map<number, string> {
    const out = new Map<number, string>();
    const bytes = this.tableBytes('name');
    if (!bytes || bytes.length < 6) return out;
    const v = viewOf(bytes);
    const count = v.getUint16(2);
    const strings = v.getUint16(4);
    const score = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const rec = 6 + 12 * i;
      if (rec + 12 > bytes.length) break;
      const platform = v.getUint16(rec);
      const language = v.getUint16(rec + 4);
      const id = v.getUint16(rec + 6);
      const length = v.getUint16(rec + 8);
      const start = strings + v.getUint16(rec + 10);
      if (start + length > bytes.length) continue;
      // Windows US English, then any Windows or Unicode record, then Macintosh Roman.
      const s = platform === 3 ? (language === 0x409 ? 3 : 2) : platform === 0 ? 2 : platform === 1 && v.getUint16(rec + 2) === 0 ? 1 : 0;
      if (s === 0 || s <= (score.get(id) ?? 0)) continue;
      const raw = bytes.subarray(start, start + length);
      let text = '';
      if (platform === 1) text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
      else for (let k = 0; k + 1 < raw.length; k += 2) text += String.fromCharCode((raw[k]! << 8) | raw[k + 1]!);
      score.set(id, s);
      out.set(id, text);
    }
    return out;
  }
}

/** Lookup in a format 4 subtable (BMP segments), by binary search over the segment ends. */
function format4(v: DataView, at: number): (codePoint: number) => number {
  const segX2 = v.getUint16(at + 6);
  const ends = at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const ranges = deltas + segX2;
  if (ranges + segX2 > v.byteLength) throw new Error('its cmap table is truncated');
  return (c) => {
    if (c > 0xffff) return 0;
    let lo = 0;
    let hi = segX2 / 2 - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v.getUint16(ends + 2 * mid) < c) lo = mid + 1;
      else hi = mid;
    }
    const s = 2 * lo;
    const start = v.getUint16(starts + s);
    if (c < start || c > v.getUint16(ends + s)) return 0;
    const delta = v.getUint16(deltas + s);
    const rangeOffset = v.getUint16(ranges + s);
    if (rangeOffset === 0) return (c + delta) & 0xffff;
    const p = ranges + s + rangeOffset + 2 * (c - start);
    if (p + 2 > v.byteLength) return 0;
    const g = v.getUint16(p);
    return g === 0 ? 0 : (g + delta) & 0xffff;
  };
}

/** Lookup in a format 12 subtable (sequential map groups), by binary search. */
function format12(v: DataView, at: number): (codePoint: number) => number {
  const groups = Math.min(v.getUint32(at + 12), Math.floor((v.byteLength - at - 16) / 12));
  return (c) => {
    let lo = 0;
    let hi = groups - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const rec = at + 16 + 12 * mid;
      if (c < v.getUint32(rec)) hi = mid - 1;
      else if (c > v.getUint32(rec + 4)) lo = mid + 1;
      else return v.getUint32(rec + 8) + c - v.getUint32(rec);
    }
    return 0;
  };
}

/** Offsets of each face's table directory: `[0]` for a single font, one per member of a collection. */
export function directoryOffsets(source: ByteSource): number[] {
  if (source.size < 12) return [0];
  const header = viewOf(source.read(0, 12));
  if (header.getUint32(0) !== 0x74746366) return [0]; // 'ttcf'
  const count = header.getUint32(8);
  if (count > 10_000 || 12 + 4 * count > source.size) throw new Error('corrupt collection header');
  const list = viewOf(source.read(12, 4 * count));
  return Array.from({ length: count }, (_, i) => list.getUint32(4 * i));
}

/**
 * The first table of the face at `directory` whose data lies past the end of the file, or
 * undefined when every table fits. A truncated download parses its header fine and fails only
 * later, deep in glyph access; this finds it when the font is opened.
 */
export function truncatedTableAt(source: ByteSource, directory = 0): string | undefined {
  if (directory + 12 > source.size) return 'header';
  const count = viewOf(source.read(directory, 12)).getUint16(4);
  if (directory + 12 + 16 * count > source.size) return 'table directory';
  const dir = viewOf(source.read(directory + 12, 16 * count));
  for (let i = 0; i < count; i++) {
    if (dir.getUint32(16 * i + 8) + dir.getUint32(16 * i + 12) > source.size) return tagOf(dir, 16 * i).trim();
  }
  return undefined;
}
