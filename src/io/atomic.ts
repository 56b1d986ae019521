/**
 * Atomic file writes: the bytes go to a temporary file in the target's own folder, which is
 * renamed over the target only once complete. A failure or an interrupt leaves the previous file
 * intact and no temporary file behind (we remove them on error, on exit and on SIGINT/SIGTERM).
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { outputError } from '../errors.js';

const pending = new Set<string>();
let hooked = false;

function cleanupSync(): void {
  for (const path of pending) {
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
  pending.clear();
}

function hookSignals(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', cleanupSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanupSync();
      process.kill(process.pid, signal);
    });
  }
}

export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.wenshu-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Something that can produce the file's bytes: all at once, or in chunks as they are made. */
export type Content = Uint8Array | string | AsyncIterable<Uint8Array>;

/** Writes `content` to `target` atomically and returns the number of bytes written. */
export async function writeFileAtomic(target: string, content: Content): Promise<number> {
  await ensureDirectory(dirname(target));
  hookSignals();
  const temp = tempPathFor(target);
  pending.add(temp);
  let size = 0;
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      if (typeof content === 'string' || content instanceof Uint8Array) {
        const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
        await handle.writeFile(bytes);
        size = bytes.byteLength;
      } else {
        for await (const chunk of content) {
          await handle.write(chunk);
          size += chunk.byteLength;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    pending.delete(temp);
    return size;
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    pending.delete(temp);
    throw describeWriteError(target, error);
  }
}

async function ensureDirectory(dir: string): Promise<void> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw outputError({ file: dir, message: 'the output path exists but is a file, not a folder' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw describeWriteError(dir, error);
    try {
      await mkdir(dir, { recursive: true });
    } catch (mkdirError) {
      throw describeWriteError(dir, mkdirError);
    }
  }
}

function describeWriteError(path: string, error: unknown): Error {
  if (error instanceof Error && error.name === 'WenshuError') return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EACCES' || code === 'EPERM' ? 'permission denied: the folder is not writable'
    : code === 'ENOSPC' ? 'the disk is full'
    : code === 'ENOTDIR' ? 'a part of the path is a file, not a folder'
    : code === 'EISDIR' ? 'the output path is a folder'
    : code === 'EROFS' ? 'the file system is read-only'
    : `cannot write: ${(error as Error).message ?? String(error)}`;
  return outputError({ file: path, message: reason }, error);
}

/** Test seam: whether any temporary file of this process is still open. */
export function pendingTempFiles(): string[] {
  return [...pending];
}

