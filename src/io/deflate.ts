/**
 * One font subset, compressed once for two containers: the PDF embeds it as a zlib stream
 * (FlateDecode), the DOCX as a raw deflate zip entry of an obfuscated copy, which differs from
 * the font only in its first 32 bytes (ECMA-376 font obfuscation). Deflating a 100+ KB subset
 * twice cost ~4 ms of a short export.
 *
 * So the first bytes (the "lead") are compressed on their own and the compressor flushed
 * (Z_FULL_FLUSH: byte-aligned, no references back), and the rest is compressed once as its own
 * stream. Any lead of the same length, deflated and flushed the same way, followed by that rest,
 * is a valid deflate stream of lead + rest: it costs a few bytes of compression, nothing else.
 */
import { constants, deflateRaw, deflateRawSync, deflateSync } from 'node:zlib';

/** zlib's default level, as everywhere else (see io/zip.ts). */
export const DEFLATE_LEVEL = 6;

/** ECMA-376 Part 2 obfuscates the first 32 bytes of an embedded font. */
export const OBFUSCATED_LEAD = 32;

export class SharedDeflate {
  private rest?: Buffer;
  private pending?: Promise<void>;

  constructor(
    readonly bytes: Uint8Array,
    readonly leadLength = OBFUSCATED_LEAD,
  ) {}

  /**
   * Starts compressing on libuv's thread pool, so that it runs on another core while this thread
   * lays out the pages; `ready` resolves when it is done. A `raw` or `zlib` call before that
   * compresses here instead.
   */
  start(): void {
    const rest = this.bytes.subarray(Math.min(this.leadLength, this.bytes.length));
    // One call into zlib for all of it: by default the stream compresses 16 KB of output per call
    // and finishes in a call of its own, each handed back through this (busy) thread.
    const options = { level: DEFLATE_LEVEL, chunkSize: Math.max(16 * 1024, rest.length + 1024), flush: constants.Z_FINISH };
    this.pending ??= new Promise((resolve) => {
      deflateRaw(rest, options, (error, result) => {
        // A failure here is met again, and reported, by the synchronous compression.
        if (!error) this.rest ??= result;
        resolve();
      });
    });
  }

  /** Resolves when the compression started by `start` is done (at once if none was started). */
  ready(): Promise<void> {
    return this.pending ?? Promise.resolve();
  }

  /** Raw deflate (RFC 1951) of the bytes with their lead replaced by `lead` (the same length). */
  raw(lead: Uint8Array = this.bytes.subarray(0, this.leadLength)): Buffer {
    const n = Math.min(this.leadLength, this.bytes.length);
    if (lead.length !== n) throw new Error(`a lead of ${n} bytes was expected, not ${lead.length}`);
    this.rest ??= deflateRawSync(this.bytes.subarray(n), { level: DEFLATE_LEVEL });
    const head = deflateRawSync(lead, { level: DEFLATE_LEVEL, finishFlush: constants.Z_FULL_FLUSH });
    return Buffer.concat([head, this.rest]);
  }

  /** The bytes as a zlib stream (RFC 1950), as a PDF's FlateDecode filter reads it. */
  zlib(): Buffer {
    // zlib's own header for its default level; and the Adler-32 of the bytes, taken from zlib's
    // trailer of a level-0 (stored, so copy-fast) compression of them.
    const header = Buffer.from([0x78, 0x9c]);
    const stored = deflateSync(this.bytes, { level: 0 });
    return Buffer.concat([header, this.raw(), stored.subarray(stored.length - 4)]);
  }
}
