/**
 * Reading the files wenshu is given — sources, config files, fonts, PDFs and bundles — as bounded
 * regular files. A device (/dev/zero, /dev/urandom), a FIFO or a socket is refused before a byte
 * is read (a FIFO is opened without waiting for a writer), and a file larger than the limit is
 * refused from its size; the read itself stops at the limit too, for a file that grows meanwhile.
 * Standard input is read only when a source is given as `-`, with the same limit.
 *
 * Limits, in megabytes, from the environment (read at each call, never kept):
 * - WENSHU_MAX_SOURCE_MB (default 64): a source or a config file;
 * - WENSHU_MAX_FILE_MB (default 512): a font, a PDF for extract-source, a bundle for verify;
 * - WENSHU_MAX_INFLATE_MB (default 256): what extract-source and verify may inflate from one file.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { inputError } from '../errors.js';

export interface InputLimits {
  source: number;
  file: number;
  inflate: number;
}

const MB = 1024 * 1024;
const DEFAULTS = { source: 64, file: 512, inflate: 256 };
const VARIABLES = { source: 'WENSHU_MAX_SOURCE_MB', file: 'WENSHU_MAX_FILE_MB', inflate: 'WENSHU_MAX_INFLATE_MB' } as const;

/** What to do about a file over a limit. */
export const LIMIT_HINT = {
  source: `set ${VARIABLES.source} to allow more`,
  file: `set ${VARIABLES.file} to allow more`,
  inflate: `set ${VARIABLES.inflate} to allow more`,
} as const;

/** The limits in bytes, from the environment (a positive number of megabytes) or the defaults. */
export function inputLimits(env: NodeJS.ProcessEnv = process.env): InputLimits {
  const get = (kind: keyof InputLimits): number => {
    const raw = env[VARIABLES[kind]];
    const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
    return Math.floor((Number.isFinite(n) && n > 0 ? n : DEFAULTS[kind]) * MB);
  };
  return { source: get('source'), file: get('file'), inflate: get('inflate') };
}

export function describeSize(bytes: number): string {
  return bytes >= MB ? `${Number((bytes / MB).toFixed(1))} MB` : bytes >= 1024 ? `${Number((bytes / 1024).toFixed(1))} KB` : `${bytes} bytes`;
}

/** How a file that is not a regular one is called in a message. */
function kindOf(info: ReturnType<typeof fstatSync>): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a pipe (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The bytes of a regular file, at most `limit` of them (else an input error naming `what`).
 * `kind` picks the limit and its hint; `what` is how the file is called ('Markdown source').
 */
export function readInputFile(path: string, kind: 'source' | 'file', what: string, limit = inputLimits()[kind]): Buffer {
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO does not wait for a writer that never comes.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw readError(path, error);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) {
      const kindName = kindOf(info);
      throw inputError({ file: path, message: `is ${kindName === 'not a regular file' ? kindName : kindName + ', not a ' + what}: wenshu reads only regular files`, code: 'not-a-file' });
    }
    if (info.size > limit) throw tooLarge(path, info.size, limit, kind);
    return readBounded(fd, path, limit, kind, info.size);
  } finally {
    closeSync(fd);
  }
}

/** Standard input, at most `limit` bytes (a source given as `-`). */
export function readStandardInput(limit = inputLimits().source): Buffer {
  return readBounded(0, '<stdin>', limit, 'source', 0);
}

function readBounded(fd: number, path: string, limit: number, kind: keyof InputLimits, expected: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let chunk = Buffer.allocUnsafe(Math.min(Math.max(expected + 1, 64 * 1024), limit + 1));
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking standard input with nothing yet: wait a little, without spinning.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EOF') break;
      throw readError(path, error);
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw tooLarge(path, total, limit, kind, true);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
    chunk = Buffer.allocUnsafe(Math.min(64 * 1024 * 16, limit + 1 - total));
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(path: string, size: number, limit: number, kind: keyof InputLimits, atLeast = false): Error {
  return inputError({ file: path, message: `is larger than ${describeSize(limit)} (${atLeast ? 'over ' : ''}${describeSize(size)}); ${LIMIT_HINT[kind]}`, code: 'too-large' });
}

function readError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const message =
    code === 'ENOENT' ? 'no such file'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'is a folder, not a file'
    : code === 'ENXIO' ? 'is a socket or a device without a reader: wenshu reads only regular files'
    : `cannot read: ${(error as Error).message}`;
  return inputError({ file: path, message, code: 'read' }, error);
}
