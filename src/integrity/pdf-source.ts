/**
 * Gets the source back out of a PDF/A-3 file: the associated file with AFRelationship /Source
 * (catalog /AF, else the EmbeddedFiles name tree), its bytes inflated and checked against the
 * stored size and MD5 checksum. A small reader of PDF objects, enough for files with a classic
 * cross-reference table such as ours; objects inside object streams are not read.
 */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { inputError, WenshuError } from '../errors.js';
import { describeSize, inputLimits, LIMIT_HINT } from '../io/input.js';

/** Inflates at most `limit` bytes; more, or a damaged stream, is reported through `fail`. */
function inflate(bytes: Buffer, limit: number, fail: (message: string) => never, tooLarge: string): Buffer {
  try {
    return inflateSync(bytes, { maxOutputLength: Math.max(1, limit) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return fail(tooLarge);
    return fail(`its source attachment is damaged (${(error as Error).message})`);
  }
}

type PdfValue = number | boolean | null | PdfName | PdfString | PdfRef | PdfValue[] | PdfDict;
class PdfName {
  constructor(readonly name: string) {}
}
class PdfString {
  constructor(readonly bytes: Buffer) {}
  /** A PDF text string: UTF-16BE with a BOM, UTF-8 with a BOM (PDF 2.0), else PDFDocEncoding (≈ Latin-1). */
  text(): string {
    const b = this.bytes;
    if (b[0] === 0xfe && b[1] === 0xff) return b.subarray(2).swap16().toString('utf16le');
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
    return b.toString('latin1');
  }
}
class PdfRef {
  constructor(readonly num: number, readonly gen: number) {}
}
interface PdfDict {
  dict: Map<string, PdfValue>;
  stream?: { start: number };
}
const isDict = (v: PdfValue | undefined): v is PdfDict => typeof v === 'object' && v !== null && !Array.isArray(v) && 'dict' in v;

/** How deep arrays and dictionaries may nest. */
const MAX_NESTING = 64;

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

class Reader {
  private readonly objects = new Map<number, number>();
  private readonly cache = new Map<number, PdfValue>();

  constructor(readonly data: Buffer, private readonly file: string) {
    const text = data.toString('latin1');
    if (!this.readXref(text)) {
      // No usable table: every `n g obj` at a line start; a later definition replaces an earlier one.
      for (const m of text.matchAll(/(?:^|[\r\n])(\d+) (\d+) obj\b/g)) this.objects.set(Number(m[1]), m.index! + m[0].indexOf(m[1]!));
    }
  }

  /** The classic cross-reference table(s), newest first along /Prev; false when there is none. */
  private readXref(text: string): boolean {
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-1024));
    let offset = m ? Number(m[1]) : -1;
    const seen = new Set<number>();
    while (offset >= 0 && !seen.has(offset)) {
      seen.add(offset);
      if (text.slice(offset, offset + 4) !== 'xref') return this.objects.size > 0;
      const re = /(\d+) (\d+)\s*[\r\n]+/y;
      re.lastIndex = offset + 4;
      while (/\s/.test(text[re.lastIndex]!)) re.lastIndex++;
      let section: RegExpExecArray | null;
      while ((section = re.exec(text))) {
        const first = Number(section[1]);
        const count = Number(section[2]);
        let at = re.lastIndex;
        for (let i = 0; i < count; i++) {
          const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(text.slice(at, at + 20));
          if (!entry) return false;
          if (entry[3] === 'n' && !this.objects.has(first + i)) this.objects.set(first + i, Number(entry[1]));
          at += 20;
        }
        re.lastIndex = at;
        while (/[\r\n ]/.test(text[re.lastIndex] ?? '')) re.lastIndex++;
      }
      const t = text.indexOf('trailer', re.lastIndex);
      if (t < 0) break;
      const [trailer] = this.parse(t + 'trailer'.length);
      const prev = isDict(trailer) ? trailer.dict.get('Prev') : undefined;
      offset = typeof prev === 'number' ? prev : -1;
    }
    return this.objects.size > 0;
  }

  fail(message: string): never {
    throw inputError({ file: this.file, message, code: 'pdf' });
  }

  trailer(): PdfDict {
    const text = this.data.toString('latin1');
    const at = text.lastIndexOf('trailer');
    if (at < 0) this.fail('has no trailer (a cross-reference stream); cannot read its attachments');
    const [value] = this.parse(at + 'trailer'.length);
    if (!isDict(value)) this.fail('has a damaged trailer');
    return value;
  }

  resolve(v: PdfValue | undefined): PdfValue | undefined {
    if (!(v instanceof PdfRef)) return v;
    if (this.cache.has(v.num)) return this.cache.get(v.num);
    const at = this.objects.get(v.num);
    if (at === undefined) return null;
    let p = this.skip(at);
    for (let i = 0; i < 3; i++) p = this.skip(this.token(p)[1]); // n g obj
    const [value] = this.parse(p);
    this.cache.set(v.num, value);
    return value;
  }

  get(d: PdfDict | undefined, key: string): PdfValue | undefined {
    return d ? this.resolve(d.dict.get(key)) : undefined;
  }

  /** A stream's bytes, inflated to at most `limit` bytes (the declared size, or the cap). */
  streamBytes(d: PdfDict, limit: number, tooLarge: string): Buffer {
    if (!d.stream) this.fail('an embedded file is not a stream');
    const length = this.get(d, 'Length');
    if (typeof length !== 'number') this.fail('an embedded file stream has no /Length');
    const raw = this.data.subarray(d.stream.start, d.stream.start + length);
    const filter = this.get(d, 'Filter');
    const filters = (Array.isArray(filter) ? filter : filter ? [filter] : []).map((f) => (this.resolve(f) as PdfName).name);
    let bytes: Buffer = raw;
    for (const f of filters) {
      if (f === 'FlateDecode') bytes = inflate(bytes, limit, (m) => this.fail(m), tooLarge);
      else this.fail(`an embedded file uses the ${f} filter, which wenshu cannot decode`);
    }
    return bytes;
  }

  private skip(p: number): number {
    const d = this.data;
    for (;;) {
      while (p < d.length && WS.has(d[p]!)) p++;
      if (d[p] !== 0x25) return p; // %
      while (p < d.length && d[p] !== 0x0a && d[p] !== 0x0d) p++;
    }
  }

  /** A bare token (number, keyword) starting at p (after whitespace). */
  private token(p: number): [string, number] {
    const d = this.data;
    p = this.skip(p);
    const start = p;
    while (p < d.length && !WS.has(d[p]!) && !DELIM.has(d[p]!)) p++;
    return [d.toString('latin1', start, p), p];
  }

  parse(p: number, depth = 0): [PdfValue, number] {
    const d = this.data;
    // Our files nest a few levels; 200,000 '[' would overflow the stack.
    if (depth > MAX_NESTING) this.fail(`is damaged: objects nested more than ${MAX_NESTING} deep`);
    p = this.skip(p);
    const c = d[p];
    if (c === 0x2f) {
      // /Name with #xx escapes
      let q = p + 1;
      while (q < d.length && !WS.has(d[q]!) && !DELIM.has(d[q]!)) q++;
      const name = d.toString('latin1', p + 1, q).replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      return [new PdfName(name), q];
    }
    if (c === 0x3c && d[p + 1] === 0x3c) {
      const dict = new Map<string, PdfValue>();
      p += 2;
      for (;;) {
        p = this.skip(p);
        if (d[p] === 0x3e && d[p + 1] === 0x3e) {
          p += 2;
          break;
        }
        if (p >= d.length) this.fail('has a damaged dictionary');
        const [key, afterKey] = this.parse(p, depth + 1);
        if (!(key instanceof PdfName)) this.fail('has a damaged dictionary');
        const [value, afterValue] = this.parse(afterKey, depth + 1);
        dict.set(key.name, value);
        p = afterValue;
      }
      const result: PdfDict = { dict };
      const [word, afterWord] = this.token(p);
      if (word === 'stream') {
        let start = afterWord;
        if (d[start] === 0x0d) start++;
        if (d[start] === 0x0a) start++;
        result.stream = { start };
      }
      return [result, p];
    }
    if (c === 0x3c) {
      const end = d.indexOf(0x3e, p);
      let hex = d.toString('latin1', p + 1, end).replace(/\s+/g, '');
      if (hex.length % 2) hex += '0';
      return [new PdfString(Buffer.from(hex, 'hex')), end + 1];
    }
    if (c === 0x28) return this.literal(p);
    if (c === 0x5b) {
      const items: PdfValue[] = [];
      p++;
      for (;;) {
        p = this.skip(p);
        if (d[p] === 0x5d) return [items, p + 1];
        if (p >= d.length) this.fail('has a damaged array');
        const [v, q] = this.parse(p, depth + 1);
        items.push(v);
        p = q;
      }
    }
    const [word, q] = this.token(p);
    if (word === 'true' || word === 'false') return [word === 'true', q];
    if (word === 'null') return [null, q];
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      // `n g R` is a reference
      if (/^\d+$/.test(word)) {
        const [gen, q2] = this.token(q);
        if (/^\d+$/.test(gen)) {
          const [r, q3] = this.token(q2);
          if (r === 'R') return [new PdfRef(Number(word), Number(gen)), q3];
        }
      }
      return [Number(word), q];
    }
    this.fail(`has something unreadable at byte ${p}`);
  }

  private literal(p: number): [PdfString, number] {
    const d = this.data;
    const out: number[] = [];
    let depth = 0;
    p++;
    for (; p < d.length; p++) {
      const c = d[p]!;
      if (c === 0x5c) {
        const n = d[++p]!;
        const map: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };
        if (map[n] !== undefined) out.push(map[n]!);
        else if (n >= 0x30 && n <= 0x37) {
          let oct = n - 0x30;
          for (let k = 0; k < 2 && d[p + 1]! >= 0x30 && d[p + 1]! <= 0x37; k++) oct = oct * 8 + (d[++p]! - 0x30);
          out.push(oct & 0xff);
        } else if (n === 0x0d) {
          if (d[p + 1] === 0x0a) p++;
        } else if (n !== 0x0a) out.push(n);
        continue;
      }
      if (c === 0x28) depth++;
      if (c === 0x29) {
        if (depth === 0) return [new PdfString(Buffer.from(out)), p + 1];
        depth--;
      }
      out.push(c);
    }
    this.fail('has an unterminated string');
  }
}

export interface EmbeddedSource {
  name: string;
  mime?: string;
  bytes: Buffer;
}

/** Every file specification reachable from the catalog's /AF and the EmbeddedFiles name tree. */
function fileSpecs(r: Reader, root: PdfDict): PdfDict[] {
  const specs: PdfDict[] = [];
  const af = r.get(root, 'AF');
  if (Array.isArray(af)) for (const s of af) {
    const spec = r.resolve(s);
    if (isDict(spec)) specs.push(spec);
  }
  const names = r.get(root, 'Names');
  const tree = isDict(names) ? r.get(names, 'EmbeddedFiles') : undefined;
  const walk = (node: PdfValue | undefined, depth: number) => {
    if (!isDict(node) || depth > 32) return;
    const pairs = r.get(node, 'Names');
    if (Array.isArray(pairs)) for (let i = 1; i < pairs.length; i += 2) {
      const spec = r.resolve(pairs[i]);
      if (isDict(spec) && !specs.includes(spec)) specs.push(spec);
    }
    const kids = r.get(node, 'Kids');
    if (Array.isArray(kids)) for (const k of kids) walk(r.resolve(k), depth + 1);
  };
  walk(tree, 0);
  return specs;
}

/** The source attached to a PDF (AFRelationship /Source), checked against its stored size and MD5. */
export function extractSource(pdf: Uint8Array, file = '<pdf>'): EmbeddedSource {
  try {
    return readSource(pdf, file);
  } catch (error) {
    // Whatever a damaged file makes the reader trip over is the file's fault, said as such.
    if (error instanceof WenshuError) throw error;
    throw inputError({ file, message: `is damaged: ${(error as Error).message}`, code: 'pdf' }, error);
  }
}

function readSource(pdf: Uint8Array, file: string): EmbeddedSource {
  const data = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  if (data.toString('latin1', 0, 5) !== '%PDF-') throw inputError({ file, message: 'is not a PDF file', code: 'pdf' });
  const r: Reader = new Reader(data, file);
  const root = r.get(r.trailer(), 'Root');
  if (!isDict(root)) r.fail('has no document catalog');
  const specs = fileSpecs(r, root);
  const relationship = (s: PdfDict) => {
    const v = r.get(s, 'AFRelationship');
    return v instanceof PdfName ? v.name : undefined;
  };
  const spec = specs.find((s) => relationship(s) === 'Source');
  if (!spec) {
    r.fail(specs.length === 0 ? "carries no source: export it with --pdfa 3b or 3u to attach one" : 'has attachments, but none is marked as its source (AFRelationship /Source)');
  }
  const ef = r.get(spec, 'EF');
  const stream = isDict(ef) ? (r.get(ef, 'UF') ?? r.get(ef, 'F')) : undefined;
  if (!isDict(stream)) r.fail('its source attachment has no embedded file');
  const params = r.get(stream, 'Params');
  const size = isDict(params) ? r.get(params, 'Size') : undefined;
  const cap = inputLimits().inflate;
  if (typeof size === 'number' && size > cap) r.fail(`its source attachment is larger than ${describeSize(cap)} (${describeSize(size)}); ${LIMIT_HINT.inflate}`);
  // Inflated no further than the declared size (and one byte more, to tell a lie), else the cap.
  const declared = typeof size === 'number' && size >= 0;
  const bytes = r.streamBytes(
    stream,
    declared ? size + 1 : cap,
    declared ? `its source attachment is damaged: it inflates to more than the ${size} bytes stored` : `its source attachment inflates to more than ${describeSize(cap)}; ${LIMIT_HINT.inflate}`,
  );
  if (typeof size === 'number' && size !== bytes.length) r.fail(`its source attachment is damaged: ${bytes.length} bytes, ${size} expected`);
  const sum = isDict(params) ? r.get(params, 'CheckSum') : undefined;
  if (sum instanceof PdfString) {
    const md5 = createHash('md5').update(bytes).digest();
    // The spec's form is the 16 raw bytes; pdfkit writes them as 32 hex digits.
    const expected = sum.bytes.length === 16 ? sum.bytes : Buffer.from(sum.bytes.toString('latin1'), 'hex');
    if (!md5.equals(expected)) r.fail('its source attachment is damaged: the MD5 checksum does not match');
  }
  const nameValue = r.get(spec, 'UF') ?? r.get(spec, 'F');
  const name = nameValue instanceof PdfString ? nameValue.text() : 'source.md';
  const subtype = r.get(stream, 'Subtype');
  return { name, bytes, ...(subtype instanceof PdfName ? { mime: subtype.name } : {}) };
}
