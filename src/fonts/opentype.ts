/**
 * Our own reader for the few OpenType tables that layout, coverage and embedding need: the table
 * directory, head, hhea, maxp, OS/2, post, name, cmap, hmtx and (for TrueType outlines) loca/glyf.
 *
 * Why not fontkit: a cold `wenshu export` spent more time in fontkit decoding tables (and in its
 * shaping engine, which Chinese text set one glyph per character does not need) than in all of our
 * own layout. Reading a table here is a DataView over the file's bytes, and the whole character →
 * glyph map of a CJK face is decoded into one typed array in well under a millisecond.
 */

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

/** One face of an sfnt file (a single font, or one member of a collection). */
export class OpenTypeFace {
  readonly view: DataView;
  readonly tables = new Map<string, TableRecord>();
  /** 'TrueType' (glyf outlines) or 'CFF' (PostScript outlines). */
  readonly outlines: 'TrueType' | 'CFF';
  readonly numGlyphs: number;
  readonly metrics: FontMetrics;
  private readonly numberOfHMetrics: number;
  private readonly hmtx: TableRecord;
  private bmp?: Uint16Array;
  private astral?: Array<[start: number, end: number, glyph: number]>;
  private names?: Map<number, string>;

  /**
   * @param bytes the whole file
   * @param directory offset of this face's table directory (0 for a single font)
   */
  constructor(readonly bytes: Uint8Array, directory = 0) {
    const v = (this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (directory + 12 > bytes.length) throw new Error('not an OpenType font: the file is too short');
    const version = v.getUint32(directory);
    if (version !== 0x00010000 && version !== 0x4f54544f && version !== 0x74727565) throw new Error('not a TrueType/OpenType font');
    const count = v.getUint16(directory + 4);
    if (directory + 12 + 16 * count > bytes.length) throw new Error('table directory runs past the end of the file');
    for (let i = 0; i < count; i++) {
      const rec = directory + 12 + 16 * i;
      this.tables.set(tagOf(v, rec).trimEnd(), { offset: v.getUint32(rec + 8), length: v.getUint32(rec + 12) });
    }
    for (const tag of ['head', 'hhea', 'maxp', 'hmtx', 'cmap']) if (!this.tables.has(tag)) throw new Error(`the font has no ${tag} table`);
    this.outlines = this.tables.has('glyf') && this.tables.has('loca') ? 'TrueType' : 'CFF';

    const head = this.table('head');
    const hhea = this.table('hhea');
    this.numGlyphs = v.getUint16(this.table('maxp').offset + 4);
    this.numberOfHMetrics = Math.max(1, v.getUint16(hhea.offset + 34));
    this.hmtx = this.table('hmtx');
    const os2 = this.tables.get('OS/2');
    const post = this.tables.get('post');
    const os2Version = os2 && os2.length >= 2 ? v.getUint16(os2.offset) : -1;
    this.metrics = {
      unitsPerEm: v.getUint16(head.offset + 18),
      ascent: v.getInt16(hhea.offset + 4),
      descent: v.getInt16(hhea.offset + 6),
      lineGap: v.getInt16(hhea.offset + 8),
      capHeight: os2 && os2Version >= 2 && os2.length >= 90 ? v.getInt16(os2.offset + 88) : 0,
      xHeight: os2 && os2Version >= 2 && os2.length >= 90 ? v.getInt16(os2.offset + 86) : 0,
      bbox: { minX: v.getInt16(head.offset + 36), minY: v.getInt16(head.offset + 38), maxX: v.getInt16(head.offset + 40), maxY: v.getInt16(head.offset + 42) },
      italicAngle: post && post.length >= 8 ? v.getInt32(post.offset + 4) / 65536 : 0,
      isFixedPitch: post && post.length >= 16 ? v.getUint32(post.offset + 12) !== 0 : false,
      italic: (v.getUint16(head.offset + 44) & 2) !== 0,
      familyClass: os2 && os2.length >= 32 ? v.getInt16(os2.offset + 30) >> 8 : 0,
    };
    if (this.metrics.unitsPerEm < 16 || this.metrics.unitsPerEm > 16384) throw new Error(`implausible unitsPerEm ${this.metrics.unitsPerEm}`);
  }

  /** A table's record; throws when the font lacks it or it runs past the end of the file. */
  table(tag: string): TableRecord {
    const t = this.tables.get(tag);
    if (!t) throw new Error(`the font has no ${tag} table`);
    if (t.offset + t.length > this.bytes.length) throw new Error(`its ${tag} table runs past the end of the file`);
    return t;
  }

  /** The table's bytes (a view, not a copy), or undefined when the font has none. */
  tableBytes(tag: string): Uint8Array | undefined {
    if (!this.tables.has(tag)) return undefined;
    const t = this.table(tag);
    return this.bytes.subarray(t.offset, t.offset + t.length);
  }

  /** The glyph for a code point; 0 (.notdef) when the face has none. */
  glyphId(codePoint: number): number {
    if (!this.bmp) this.decodeCmap();
    if (codePoint < 0x10000) return codePoint >= 0 ? this.bmp![codePoint]! : 0;
    const groups = this.astral!;
    let lo = 0;
    let hi = groups.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [start, end, glyph] = groups[mid]!;
      if (codePoint < start) hi = mid - 1;
      else if (codePoint > end) lo = mid + 1;
      else return glyph + codePoint - start;
    }
    return 0;
  }

  /** Advance width of a glyph in font units. */
  advanceOf(glyph: number): number {
    const i = glyph < this.numberOfHMetrics ? glyph : this.numberOfHMetrics - 1;
    return this.view.getUint16(this.hmtx.offset + 4 * i);
  }

  /** Left side bearing of a glyph in font units (hmtx). */
  leftSideBearingOf(glyph: number): number {
    if (glyph < this.numberOfHMetrics) return this.view.getInt16(this.hmtx.offset + 4 * glyph + 2);
    return this.view.getInt16(this.hmtx.offset + 4 * this.numberOfHMetrics + 2 * (glyph - this.numberOfHMetrics));
  }

  /** A name-table string by name ID (1 family, 4 full name, 6 PostScript name), English preferred. */
  name(id: number): string | undefined {
    this.names ??= this.decodeNames();
    return this.names.get(id);
  }

  /** The outline data of a TrueType glyph (empty for a blank glyph such as the space). */
  glyphData(glyph: number): Uint8Array {
    const loca = this.table('loca');
    const glyf = this.table('glyf');
    const long = this.view.getInt16(this.table('head').offset + 50) === 1;
    const at = (i: number) => (long ? this.view.getUint32(loca.offset + 4 * i) : 2 * this.view.getUint16(loca.offset + 2 * i));
    if (glyph + 1 >= (long ? loca.length / 4 : loca.length / 2)) throw new Error(`glyph ${glyph} is outside the loca table`);
    const start = at(glyph);
    const end = at(glyph + 1);
    if (end < start || end > glyf.length) throw new Error(`glyph ${glyph} lies outside the glyf table`);
    return this.bytes.subarray(glyf.offset + start, glyf.offset + end);
  }

  /** The best Unicode subtable, decoded: BMP into a typed array, the rest as sorted groups. */
  private decodeCmap(): void {
    const v = this.view;
    const cmap = this.table('cmap');
    const n = v.getUint16(cmap.offset + 2);
    // Full-repertoire subtables (format 12) first, then the BMP ones; Windows before Unicode.
    const rank = (platform: number, encoding: number, format: number): number => {
      if (format === 12 && ((platform === 3 && encoding === 10) || platform === 0)) return platform === 3 ? 6 : 5;
      if (format === 4 && ((platform === 3 && encoding === 1) || platform === 0)) return platform === 3 ? 4 : 3;
      if (format === 4 && platform === 3 && encoding === 0) return 1; // symbol fonts
      return 0;
    };
    let best = -1;
    let bestRank = 0;
    for (let i = 0; i < n; i++) {
      const rec = cmap.offset + 4 + 8 * i;
      const offset = cmap.offset + v.getUint32(rec + 4);
      if (offset + 4 > cmap.offset + cmap.length) continue;
      const r = rank(v.getUint16(rec), v.getUint16(rec + 2), v.getUint16(offset));
      if (r > bestRank) {
        bestRank = r;
        best = offset;
      }
    }
    const bmp = new Uint16Array(0x10000);
    const astral: Array<[number, number, number]> = [];
    if (best >= 0) {
      const format = v.getUint16(best);
      if (format === 12) decodeFormat12(v, best, bmp, astral, this.numGlyphs);
      else decodeFormat4(v, best, bmp, this.numGlyphs);
    }
    this.bmp = bmp;
    this.astral = astral;
  }

  private decodeNames(): Map<number, string> {
    const out = new Map<number, string>();
    const t = this.tables.get('name');
    if (!t || t.offset + 6 > this.bytes.length) return out;
    const v = this.view;
    const count = v.getUint16(t.offset + 2);
    const strings = t.offset + v.getUint16(t.offset + 4);
    const score = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const rec = t.offset + 6 + 12 * i;
      if (rec + 12 > this.bytes.length) break;
      const platform = v.getUint16(rec);
      const language = v.getUint16(rec + 4);
      const id = v.getUint16(rec + 6);
      const length = v.getUint16(rec + 8);
      const start = strings + v.getUint16(rec + 10);
      if (start + length > this.bytes.length) continue;
      // Windows US English, then any Windows or Unicode record, then Macintosh Roman.
      const s = platform === 3 ? (language === 0x409 ? 3 : 2) : platform === 0 ? 2 : platform === 1 && v.getUint16(rec + 2) === 0 ? 1 : 0;
      if (s === 0 || s <= (score.get(id) ?? 0)) continue;
      const raw = this.bytes.subarray(start, start + length);
      let text = '';
      if (platform === 1) text = String.fromCharCode(...raw);
      else for (let k = 0; k + 1 < raw.length; k += 2) text += String.fromCharCode((raw[k]! << 8) | raw[k + 1]!);
      score.set(id, s);
      out.set(id, text);
    }
    return out;
  }
}

function decodeFormat4(v: DataView, at: number, bmp: Uint16Array, numGlyphs: number): void {
  const segX2 = v.getUint16(at + 6);
  const ends = at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const ranges = deltas + segX2;
  for (let s = 0; s < segX2; s += 2) {
    const end = v.getUint16(ends + s);
    const start = v.getUint16(starts + s);
    const delta = v.getUint16(deltas + s);
    const rangeOffset = v.getUint16(ranges + s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let g: number;
      if (rangeOffset === 0) g = (c + delta) & 0xffff;
      else {
        const p = ranges + s + rangeOffset + 2 * (c - start);
        if (p + 2 > v.byteLength) break;
        g = v.getUint16(p);
        if (g !== 0) g = (g + delta) & 0xffff;
      }
      if (g < numGlyphs) bmp[c] = g;
    }
  }
}

function decodeFormat12(v: DataView, at: number, bmp: Uint16Array, astral: Array<[number, number, number]>, numGlyphs: number): void {
  const groups = v.getUint32(at + 12);
  for (let i = 0; i < groups; i++) {
    const rec = at + 16 + 12 * i;
    if (rec + 12 > v.byteLength) break;
    const start = v.getUint32(rec);
    const end = Math.min(v.getUint32(rec + 4), 0x10ffff);
    const glyph = v.getUint32(rec + 8);
    if (end < start || glyph + (end - start) >= numGlyphs) continue;
    for (let c = start; c <= end && c < 0x10000; c++) bmp[c] = glyph + c - start;
    if (end >= 0x10000) {
      const from = Math.max(start, 0x10000);
      astral.push([from, end, glyph + from - start]);
    }
  }
  astral.sort((a, b) => a[0] - b[0]);
}
