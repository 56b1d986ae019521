/**
 * Output bytes gathered in blocks of about a megabyte: an exporter's whole output stays in memory
 * until every format has rendered (api.exportDocument writes nothing before that), and blocks keep
 * it compact without copying it into one buffer, for 3,000 pages as for two.
 */
export class ByteBlocks {
  private readonly full: Buffer[] = [];
  private block: Buffer;
  private used = 0;

  constructor(private readonly size = 1 << 20) {
    this.block = Buffer.allocUnsafe(size);
  }

  /** Copies `bytes` in, filling the current block before starting the next. */
  write(bytes: Uint8Array): void {
    for (let from = 0; from < bytes.length; ) {
      if (this.used === this.block.length) this.next(this.size);
      const n = Math.min(bytes.length - from, this.block.length - this.used);
      this.block.set(n === bytes.length ? bytes : bytes.subarray(from, from + n), this.used);
      this.used += n;
      from += n;
    }
  }

  /** Encodes `text` as UTF-8 straight into a block (no intermediate buffer). */
  writeUtf8(text: string): void {
    const most = 3 * text.length; // UTF-8 takes at most three bytes per UTF-16 code unit
    if (this.used + most > this.block.length) this.next(Math.max(this.size, most));
    this.used += this.block.write(text, this.used, 'utf8');
  }

  /** Writes `text` as Latin-1, one byte per character (the low byte, as PDF syntax is written). */
  writeLatin1(text: string): void {
    if (this.used + text.length > this.block.length) this.next(Math.max(this.size, text.length));
    this.used += this.block.write(text, this.used, 'latin1');
  }

  /** The bytes written so far, as views (the writer goes on). */
  written(): Uint8Array[] {
    return [...this.full, this.block.subarray(0, this.used)];
  }

  /** Every block written, in order; the writer starts empty again. */
  finish(): Buffer[] {
    const out = [...this.full, this.block.subarray(0, this.used)];
    this.full.length = 0;
    this.block = Buffer.allocUnsafe(0);
    this.used = 0;
    return out;
  }

  private next(size: number): void {
    if (this.used > 0) this.full.push(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(size);
    this.used = 0;
  }
}

/** Yields the blocks in order, letting each go as it is taken (the output is written as it goes). */
export async function* drainBlocks(blocks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (let block = blocks.shift(); block; block = blocks.shift()) yield block;
}
