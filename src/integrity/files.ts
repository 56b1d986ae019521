/**
 * The files a manifest speaks for: regular files inside its folder, and nothing else. A name in
 * SHA256SUMS is data from the folder, not to be trusted: `root/etc/passwd` through a symbolic
 * link to /, or a link to /dev/zero (read forever), must not be read. A listed name whose real
 * path leaves the folder, or that is not a regular file, is reported as such and never opened
 * for reading; a regular file is opened without blocking and checked again once open.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';

export type Listed = { status: 'file'; path: string } | { status: 'missing' } | { status: 'not-a-file' };

/** Where `name` (relative, forward slashes) is inside `dir`, if it is a regular file there. */
export async function listedFile(dir: string, name: string): Promise<Listed> {
  const path = join(dir, name);
  try {
    await lstat(path);
  } catch {
    return { status: 'missing' };
  }
  let real: string;
  let root: string;
  try {
    [real, root] = await Promise.all([realpath(path), realpath(dir)]);
  } catch {
    return { status: 'missing' }; // a dangling link
  }
  const inside = relative(root, real);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return { status: 'not-a-file' };
  return { status: 'file', path: real };
}

/** SHA-256 of a regular file, or undefined when it is not one (any more); read in pieces. */
export function hashRegularFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, chunk, 0, chunk.length, null); n > 0; n = readSync(fd, chunk, 0, chunk.length, null)) hash.update(chunk.subarray(0, n));
    return hash.digest('hex');
  } finally {
    closeSync(fd);
  }
}

/** The SHA-256 of a listed file: undefined when missing, null when it is not a regular file inside the folder. */
export async function hashListed(dir: string, name: string): Promise<string | undefined | null> {
  const listed = await listedFile(dir, name);
  if (listed.status === 'missing') return undefined;
  if (listed.status === 'not-a-file') return null;
  return hashRegularFile(listed.path) ?? null;
}
