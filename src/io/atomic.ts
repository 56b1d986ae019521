/**
 * Atomic file writes: the bytes go to a temporary file in the target's own folder, which is
 * renamed over the target only once complete. A failure or an interrupt leaves the previous file
 * intact and no temporary file behind (we remove them on error, on exit and on SIGINT/SIGTERM).
 */
import { hostname } from 'node:os';
import { isMainThread, parentPort, type Worker } from 'node:worker_threads';
import { chmodSync, closeSync, fsync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { outputError } from '../errors.js';
import { fingerprint, toHex } from './fingerprint.js';

/**
 * This process's temporary files not yet renamed or removed. In a worker thread (a batch, a large
 * source), each change is also posted to the main thread, which handles the signals: see
 * adoptWorkerTemps.
 */
const pending = new Set<string>();
const tracked = {
  add(path: string): void {
    pending.add(path);
    if (!isMainThread) parentPort?.postMessage({ wenshuTemp: 'add', path });
  },
  delete(path: string): void {
    pending.delete(path);
    if (!isMainThread) parentPort?.postMessage({ wenshuTemp: 'delete', path });
  },
};

/** Takes on the temporary files a worker reports, so that a signal here removes them too. */
export function adoptWorkerTemps(worker: Worker): void {
  worker.on('message', (m: { wenshuTemp?: 'add' | 'delete'; path?: string }) => {
    if (typeof m?.path !== 'string') return;
    if (m.wenshuTemp === 'add') pending.add(m.path);
    else if (m.wenshuTemp === 'delete') pending.delete(m.path);
  });
}
/** The handlers installSignalCleanup added (once per process). */
let hooks: Array<[event: string, handler: () => void]> | undefined;

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

/**
 * Removes this process's temporary files on exit and on SIGINT, SIGTERM and SIGHUP. The CLI
 * installs it; a program using the library keeps its own signal handling (its temporary files
 * are still removed whenever a write fails).
 */
export function installSignalCleanup(): void {
  if (hooks) return;
  hooks = [['exit', cleanupSync]];
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    hooks.push([
      signal,
      () => {
        cleanupSync();
        process.kill(process.pid, signal);
      },
    ]);
  }
  for (const [event, handler] of hooks) process.once(event, handler);
}

/** This machine, in temporary names, so that a folder shared between machines is swept safely. */
let host: string | undefined;
const thisHost = (): string => (host ??= toHex(fingerprint(Buffer.from(hostname()))).slice(0, 8));

/** Unique within this process by the counter; the random part keeps apart two processes with one PID (containers). */
let serial = 0;
let nonce: number | undefined;

export function tempPathFor(target: string): string {
  nonce ??= Math.floor(Math.random() * 0x10000);
  const unique = (((nonce << 16) | (++serial & 0xffff)) >>> 0).toString(16).padStart(8, '0');
  return join(dirname(target), `.${basename(target)}.wenshu-tmp-${thisHost()}-${process.pid}-${unique}`);
}

const TEMP_NAME = /^\..+\.wenshu-tmp-([0-9a-f]{8})-(\d+)-[0-9a-f]{8}$/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A process killed outright (SIGKILL, power loss) cannot remove its temporary file. Its name
 * carries the writer's machine and PID, so the next export into the folder removes this
 * machine's ones whose writer is gone; a concurrent export's temporary files are left alone.
 */
export async function sweepStaleTemps(dir: string): Promise<string[]> {
  return sweepStaleTempsSync(dir);
}

function sweepStaleTempsSync(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    // Only this machine's files: another machine's writer may be alive under any PID.
    if (!m || m[1] !== thisHost() || Number(m[2]) === process.pid || isAlive(Number(m[2]))) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      /* gone already, or not ours to remove */
    }
  }
  return removed;
}

/** Something that can produce the file's bytes: all at once, or in chunks as they are made. */
export type Content = Uint8Array | string | AsyncIterable<Uint8Array>;

/**
 * Writes `content` to `target` atomically and returns the number of bytes written.
 *
 * The file system calls are synchronous: a few small calls per file, where going through the
 * thread pool (and loading fs/promises) cost a short export more than the calls themselves. The
 * event loop still gets a turn before each file and after each chunk, for signals.
 */
export async function writeFileAtomic(target: string, content: Content): Promise<number> {
  const [size] = await writeFilesAtomic([{ path: target, content }]);
  return size!;
}

/**
 * Writes several files atomically, each as writeFileAtomic would, and returns their sizes. No file
 * is replaced before all of them are complete: a failure leaves every target as it was.
 */
export async function writeFilesAtomic(files: ReadonlyArray<{ path: string; content: Content }>): Promise<number[]> {
  const staged = new StagedFiles();
  try {
    for (const { path, content } of files) await staged.add(path, content);
    return await staged.commit();
  } catch (error) {
    staged.abort();
    throw error;
  }
}

interface StagedFile {
  target: string;
  temp: string;
  fd?: number;
  size: number;
  /** The file's data reaching the disk (fsync, on the thread pool). */
  flushed?: Promise<void>;
}

/**
 * Files written to temporary names one by one, as their content is ready, and renamed over their
 * targets only all together (commit), or removed (abort). Each file's fsync starts as soon as it
 * is written, so it runs while the next format is rendered: an fsync took 1–7 ms, and one after
 * another they were a tenth of a short export.
 */
export class StagedFiles {
  private readonly files: StagedFile[] = [];

  /** Writes `content` to a temporary file beside `target`. */
  async add(target: string, content: Content): Promise<void> {
    try {
      await eventLoopTurn();
      ensureDirectory(dirname(target));
      sweepStaleTempsSync(dirname(target));
      const file: StagedFile = { target, temp: tempPathFor(target), size: 0 };
      tracked.add(file.temp);
      this.files.push(file);
      file.fd = openSync(file.temp, 'wx', 0o644);
      if (typeof content === 'string' || content instanceof Uint8Array) {
        file.size = writeAll(file.fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
      } else {
        for await (const chunk of content) {
          file.size += writeAll(file.fd, chunk);
          await eventLoopTurn();
        }
      }
      file.flushed = flush(file.fd);
      // Never an unhandled rejection: commit awaits it and reports it.
      file.flushed.catch(() => undefined);
    } catch (error) {
      throw describeWriteError(target, error);
    }
  }

  /** The bytes staged for `target` so far (for a manifest or bundle made over the staged files). */
  read(target: string): Buffer {
    const file = this.files.find((f) => f.target === target);
    if (!file) throw new Error(`${target} is not staged`);
    return readFileSync(file.temp);
  }

  /**
   * Waits for every file to be on disk, then renames them all over their targets; returns their
   * sizes. The renames run in one synchronous stretch, so a signal (handled on the event loop)
   * comes before all of them or after all of them: the set is replaced together or not at all.
   */
  async commit(): Promise<number[]> {
    for (const f of this.files) {
      await f.flushed!.catch((error: unknown) => Promise.reject(describeWriteError(f.target, error)));
    }
    for (const f of this.files) {
      closeSync(f.fd!);
      f.fd = undefined;
      // Replacing a file keeps its permissions (a source rewritten by --fix stays private if it was).
      const previous = statOrUndefined(f.target);
      if (previous?.isFile()) chmodSync(f.temp, previous.mode & 0o7777);
      // A folder in the way would stop the renames half-way: found before any file is replaced.
      if (previous?.isDirectory()) throw outputError({ file: f.target, message: 'the output path is a folder' });
    }
    for (const f of this.files) {
      try {
        renameSync(f.temp, f.target);
      } catch (error) {
        throw describeWriteError(f.target, error);
      }
      tracked.delete(f.temp);
    }
    return this.files.map((f) => f.size);
  }

  /** Removes every temporary file (after a failure); the targets stay as they were. */
  abort(): void {
    for (const f of this.files) {
      if (f.fd !== undefined) closeQuietly(f.fd);
      try {
        unlinkSync(f.temp);
      } catch {
        /* never created, or renamed already */
      }
      tracked.delete(f.temp);
    }
    this.files.length = 0;
  }
}

/** fsync on the thread pool, so that several files are flushed at once. */
function flush(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    /* nothing more to do */
  }
}

/**
 * Lets the event loop run: a signal (Ctrl-C) is handled only there, and with synchronous calls
 * nothing else would give it the chance before the whole export is done.
 */
export function eventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** writeSync may write less than asked (a full pipe, a signal): loops until all is written. */
function writeAll(fd: number, bytes: Uint8Array): number {
  for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done);
  return bytes.byteLength;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function ensureDirectory(dir: string): void {
  try {
    const info = statSync(dir);
    if (!info.isDirectory()) throw outputError({ file: dir, message: 'the output path exists but is a file, not a folder' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw describeWriteError(dir, error);
    makeDirectories(dir);
  }
}

/**
 * Creates a folder and its missing parents one level at a time. Node's recursive mkdir can spin
 * forever where the kernel answers ENOENT for a parent that exists (as under /proc); one level at
 * a time, every failure surfaces as an error.
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    try {
      const info = statSync(current);
      if (!info.isDirectory()) throw outputError({ file: current, message: 'a part of the output path is a file, not a folder' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw describeWriteError(current, error);
      missing.push(current);
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw describeWriteError(path, error);
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
    : code === 'ENOENT' ? 'cannot be created here: the file system refuses it'
    : `cannot write: ${(error as Error).message ?? String(error)}`;
  return outputError({ file: path, message: reason }, error);
}

/** Test seam: whether any temporary file of this process is still open. */
export function pendingTempFiles(): string[] {
  return [...pending];
}

