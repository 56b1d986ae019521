/**
 * The one zip writer (DOCX packages, bundles) and reader (`wenshu verify` on a bundle), on
 * node:zlib. Written by hand rather than through a zip library so that the bytes depend on
 * nothing but the entries: a fixed order, one date from its UTC fields (never the clock or the
 * time zone), no extra fields, no data descriptors. Compression is zlib's own C code: fflate,
 * in JavaScript, took ~50 ms of a cold essay export deflating the embedded fonts.
 */
import { describeSize, LIMIT_HINT } from './input.js';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the zip, forward slashes. */
  name: string;
  data: Uint8Array;
  /** `data` already compressed (raw deflate), when the caller has it (io/deflate.ts). */
  deflated?: Uint8Array;
}

export interface ZipOptions {
  /** Stamped on every entry, from its UTC fields; zip has no dates before 1980 (nor after 2107). */
  date: Date;
  /**
   * A Unix permission mode (0o644) recorded for every entry, so that unzip creates the files
   * with it; without one the entries are recorded as made on MS-DOS with no attributes, as
   * Office packages are.
   */
  mode?: number;
}

/**
 * zlib's default level. Deflating the essay's DOCX parts (157 KB of XML and font subsets) takes
 * under 4 ms at any level; level 9 was 0.05% smaller than 6 and level 1 4% larger, so the
 * default: nearly the best size at not quite the lowest cost, and no slower on long documents.
 */
const LEVEL = 6;

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const UTF8_NAME = 0x0800;
const STORED = 0;
const DEFLATED = 8;

/** DOS time and date of an instant, from its UTC fields. */
function dosDateTime(date: Date): { time: number; day: number } {
  const min = Date.UTC(1980, 0, 1);
  const max = Date.UTC(2107, 11, 31, 23, 59, 58);
  const d = new Date(Math.min(Math.max(date.getTime(), min), max));
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    day: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/** Zips `entries` in the order given; an entry that deflate does not shrink is stored. */
export function zip(entries: readonly ZipEntry[], options: ZipOptions): Uint8Array {
  const { time, day } = dosDateTime(options.date);
  const madeBy = options.mode === undefined ? 20 : (3 << 8) | 20;
  const external = options.mode === undefined ? 0 : (options.mode << 16) >>> 0;
  const records = entries.map((e) => {
    const name = Buffer.from(e.name, 'utf8');
    const deflated = e.deflated ?? deflateRawSync(e.data, { level: LEVEL });
    const stored = deflated.length >= e.data.length;
    return {
      name,
      // Bit 11: the name is UTF-8 (unzip would read it as CP437 otherwise).
      flags: name.length !== e.name.length ? UTF8_NAME : 0,
      method: stored ? STORED : DEFLATED,
      body: stored ? e.data : deflated,
      crc: crc32(e.data),
      size: e.data.length,
      offset: 0,
    };
  });
  for (const r of records) if (r.size > 0xfffffffe || r.body.length > 0xfffffffe) throw new Error(`zip entry too large: ${r.name.toString()}`);

  const localSize = records.reduce((n, r) => n + 30 + r.name.length + r.body.length, 0);
  const centralSize = records.reduce((n, r) => n + 46 + r.name.length, 0);
  if (records.length > 0xffff || localSize + centralSize > 0xffffffff) throw new Error('zip too large (zip64 is not written)');
  const out = Buffer.alloc(localSize + centralSize + 22);
  let p = 0;
  for (const r of records) {
    r.offset = p;
    out.writeUInt32LE(LOCAL, p);
    out.writeUInt16LE(20, p + 4); // version needed: 2.0 (deflate)
    out.writeUInt16LE(r.flags, p + 6);
    out.writeUInt16LE(r.method, p + 8);
    out.writeUInt16LE(time, p + 10);
    out.writeUInt16LE(day, p + 12);
    out.writeUInt32LE(r.crc, p + 14);
    out.writeUInt32LE(r.body.length, p + 18);
    out.writeUInt32LE(r.size, p + 22);
    out.writeUInt16LE(r.name.length, p + 26);
    out.writeUInt16LE(0, p + 28); // no extra field
    r.name.copy(out, p + 30);
    out.set(r.body, p + 30 + r.name.length);
    p += 30 + r.name.length + r.body.length;
  }
  const central = p;
  for (const r of records) {
    out.writeUInt32LE(CENTRAL, p);
    out.writeUInt16LE(madeBy, p + 4);
    out.writeUInt16LE(20, p + 6);
    out.writeUInt16LE(r.flags, p + 8);
    out.writeUInt16LE(r.method, p + 10);
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(day, p + 14);
    out.writeUInt32LE(r.crc, p + 16);
    out.writeUInt32LE(r.body.length, p + 20);
    out.writeUInt32LE(r.size, p + 24);
    out.writeUInt16LE(r.name.length, p + 28);
    // extra field, comment, disk number and internal attributes: all zero
    out.writeUInt32LE(external, p + 38);
    out.writeUInt32LE(r.offset, p + 42);
    r.name.copy(out, p + 46);
    p += 46 + r.name.length;
  }
  out.writeUInt32LE(END, p);
  out.writeUInt16LE(records.length, p + 8);
  out.writeUInt16LE(records.length, p + 10);
  out.writeUInt32LE(p - central, p + 12);
  out.writeUInt32LE(central, p + 16);
  return out;
}

/**
 * The files of a zip by name (folders left out), read through its central directory, so data
 * descriptors are fine. Stored and deflated entries only; every entry's CRC-32 is checked. Throws
 * an Error saying what is wrong for anything else (encrypted, zip64, damaged).
 */
export function unzip(bytes: Uint8Array, options: { maxTotal?: number } = {}): Record<string, Uint8Array> {
  const maxTotal = options.maxTotal ?? Infinity;
  let total = 0;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (what: string): never => {
    throw new Error(what);
  };
  // The end record is the last 22 bytes unless the zip has a comment (up to 64 KiB).
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) fail('no end of central directory');
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  if (count === 0xffff || p === 0xffffffff) fail('zip64 is not supported');
  // No prototype: entries named constructor or __proto__ are entries like any other.
  const files: Record<string, Uint8Array> = Object.create(null) as Record<string, Uint8Array>;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) fail('central directory is damaged');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const packed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const rawName = buf.subarray(p + 46, p + 46 + nameLength);
    const name = rawName.toString(flags & UTF8_NAME ? 'utf8' : 'latin1');
    p = next;
    if (name.endsWith('/')) continue;
    if (flags & 1) fail(`${name} is encrypted`);
    if (packed === 0xffffffff || size === 0xffffffff || offset === 0xffffffff) fail('zip64 is not supported');
    if (offset + 30 > buf.length || buf.readUInt32LE(offset) !== LOCAL) fail(`local header of ${name} is damaged`);
    const start = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
    if (start + packed > buf.length) fail(`${name} is cut short`);
    const body = buf.subarray(start, start + packed);
    if (method !== STORED && method !== DEFLATED) fail(`${name} uses compression method ${method}, not stored or deflated`);
    // Bounded by the declared sizes, added up: entries may share one stream (a zip bomb).
    total += size;
    if (total > maxTotal) fail(`its entries would inflate to more than ${describeSize(maxTotal)}; ${LIMIT_HINT.inflate}`);
    let data: Uint8Array;
    try {
      data = method === STORED ? new Uint8Array(body) : inflateRawSync(body, { maxOutputLength: Math.max(1, size) });
    } catch (error) {
      return fail(`${name} is damaged (${(error as Error).message})`);
    }
    if (data.length !== size || crc32(data) !== crc) fail(`${name} is damaged (size or CRC-32 does not match)`);
    files[name] = data;
  }
  return files;
}
