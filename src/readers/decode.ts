/**
 * Bytes → text. Sources are UTF-8 (a BOM and CRLF line ends are accepted); a GB18030 file, common
 * on Chinese Windows machines, is recognised and named, and can be read with `encoding: 'gb18030'`.
 */
import { isUtf8 } from 'node:buffer';
import { inputError } from '../errors.js';

export type SourceEncoding = 'utf-8' | 'gb18030';

export function decodeSource(bytes: Uint8Array, file: string, encoding: SourceEncoding = 'utf-8'): string {
  const wide = utf16Or32(bytes);
  if (wide) {
    throw inputError({
      file,
      message: `this is ${wide} text; wenshu reads UTF-8 (or GB18030): convert it, e.g. with 'iconv -f ${wide.replace(/ .*/, '')} -t UTF-8', or save it as UTF-8 in your editor`,
      code: 'encoding',
    });
  }
  if (looksBinary(bytes)) {
    throw inputError({ file, message: 'this is a binary file, not a Markdown text source', code: 'binary' });
  }
  let text: string;
  try {
    text = encoding === 'utf-8' ? decodeUtf8(bytes) : new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const where = firstInvalidUtf8(bytes);
    const hint =
      encoding === 'utf-8' && decodesAs(bytes, 'gb18030')
        ? ' It looks like GB18030/GBK: convert it to UTF-8, or read it with --encoding gb18030.'
        : '';
    throw inputError({ file, ...where, message: `not valid ${encoding.toUpperCase()} text.${hint}`, code: 'encoding' });
  }
  // The BOM is dropped by TextDecoder; CRLF and lone CR become LF so positions count lines alike.
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** How a source file is written, so that a rewrite (`check --fix`) keeps it so. */
export interface SourceForm {
  encoding: SourceEncoding;
  /** A UTF-8 byte-order mark at the start. */
  bom: boolean;
  /** CRLF line ends. */
  crlf: boolean;
}

/** The form of a source's bytes, as decodeSource read them with `encoding`. */
export function sourceForm(bytes: Uint8Array, encoding: SourceEncoding = 'utf-8'): SourceForm {
  return {
    encoding,
    bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf,
    crlf: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('\r\n'),
  };
}

/** Text (with LF line ends, as decodeSource gives it) → bytes in `form`: the inverse of decodeSource. */
export async function encodeSource(text: string, form: SourceForm): Promise<Uint8Array> {
  const written = (form.bom ? '\ufeff' : '') + (form.crlf ? text.replace(/\n/g, '\r\n') : text);
  // iconv-lite only for GB18030 (TextEncoder writes UTF-8 alone): its tables are ~0.5 MB of code.
  return form.encoding === 'gb18030' ? (await import('iconv-lite')).default.encode(written, 'gb18030') : Buffer.from(written, 'utf8');
}

/**
 * Strict UTF-8, as `new TextDecoder('utf-8', { fatal: true })` decodes it (a leading BOM dropped,
 * an invalid sequence an error), but fast: Node 20's fatal TextDecoder took 0.7 s for a 300-page
 * source, buffer.isUtf8 (simdutf) and Buffer's decoder take milliseconds.
 */
function decodeUtf8(bytes: Uint8Array): string {
  if (!isUtf8(bytes)) throw new TypeError('not valid UTF-8');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * UTF-32 or UTF-16 text (as Windows Notepad saves "Unicode"), by its byte-order mark, or without
 * one by its NULs: in the first 8,000 bytes, every other byte NUL and the rest not (ASCII-heavy
 * text), or a zero high byte on most units.
 */
function utf16Or32(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32LE';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32BE';
  if (a === 0xff && b === 0xfe) return 'UTF-16LE';
  if (a === 0xfe && b === 0xff) return 'UTF-16BE';
  const n = Math.min(bytes.length, 8000) & ~1;
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const units = n / 2;
  if (oddNul > units * 0.4 && evenNul === 0) return 'UTF-16LE';
  if (evenNul > units * 0.4 && oddNul === 0) return 'UTF-16BE';
  return undefined;
}

/** A NUL in the first 8,000 bytes (searched natively: a loop here took ~1 ms of every cold start). */
function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).indexOf(0) >= 0;
}

function decodesAs(bytes: Uint8Array, encoding: string): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Line and column of the first byte that breaks UTF-8, so the message can point at it. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  let line = 1;
  let column = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) break;
    let ok = true;
    for (let k = 1; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) ok = false;
    if (!ok || !decodesAs(bytes.subarray(i, i + len), 'utf-8')) break;
    if (b === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += len;
  }
  return { line, column };
}
