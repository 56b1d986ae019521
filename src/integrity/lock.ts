/**
 * A lock on a folder's SHA256SUMS, so that exports into one folder at once update it one after
 * another, each reading the manifest the one before wrote (8 concurrent `export --manifest` left
 * 12–15 of 24 entries). The lock is a file created exclusively beside the manifest, holding the
 * holder's machine, PID and start time. A lock whose holder is gone (same machine, PID no longer
 * alive) or that is older than STALE_MS is stale: it is taken over, and only if it is still the
 * same lock when moved aside, so that two processes recovering at once do not both take it.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { outputError } from '../errors.js';
import { MANIFEST_NAME } from './manifest-name.js';

export const LOCK_NAME = `.${MANIFEST_NAME}.wenshu-lock`;
/** A manifest update takes milliseconds; a lock this old is left over. */
const STALE_MS = 2 * 60 * 1000;
/** How long to wait for another export's update before giving up. */
const WAIT_MS = 60 * 1000;

export interface Lock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(content: string, path: string): boolean {
  const [host, pid] = content.split('\n');
  if (host === hostname() && pid !== undefined && /^\d+$/.test(pid) && Number(pid) !== process.pid && !alive(Number(pid))) return true;
  try {
    return Date.now() - statSync(path).mtimeMs > STALE_MS;
  } catch {
    return false;
  }
}

function readOr(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

let serial = 0;

/** Takes the lock of `dir`'s manifest, waiting for another holder; throws an output error after WAIT_MS. */
export async function lockManifest(dir: string, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))): Promise<Lock> {
  const path = join(dir, LOCK_NAME);
  const mine = `${hostname()}\n${process.pid}\n${Date.now()}-${++serial}-${Math.random().toString(36).slice(2)}\n`;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      return {
        release() {
          // Only our own lock: never one that was taken over from us as stale.
          if (readOr(path) === mine) {
            try {
              unlinkSync(path);
            } catch {
              /* gone already */
            }
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw outputError({ file: path, message: `cannot lock the manifest: ${(error as Error).message}` }, error);
    }
    const held = readOr(path);
    if (held !== undefined && isStale(held, path)) {
      // Move it aside, and put it back if what was moved is not the stale lock just read.
      const aside = `${path}.${process.pid}-${serial}`;
      try {
        renameSync(path, aside);
        if (readOr(aside) !== held) {
          try {
            linkSync(aside, path);
          } catch {
            /* someone holds it anew */
          }
        }
        unlinkSync(aside);
      } catch {
        /* another process got there first */
      }
      continue;
    }
    if (Date.now() - started > WAIT_MS) {
      const [host, pid] = (held ?? '').split('\n');
      throw outputError({ file: join(dir, MANIFEST_NAME), message: `is being updated by another export (process ${pid ?? '?'} on ${host ?? '?'}); if none is running, remove ${LOCK_NAME}` });
    }
    await sleep(Math.min(50, 2 + attempt * 2));
  }
}
