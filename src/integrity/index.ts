/**
 * Integrity of exported files: SHA256SUMS next to the outputs (--manifest), one zip with outputs,
 * source and manifest (--bundle), `wenshu verify`, and the source back out of a PDF/A-3 file.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { documentDate } from '../model/date.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { Document } from '../model/index.js';
import { buildBundle, type BundleFile } from './bundle.js';
import { formatManifest, MANIFEST_NAME, parseManifest } from './manifest.js';
import { hashRegularFile, listedFile } from './files.js';
import { lockManifest } from './lock.js';
import { readInputFile } from '../io/input.js';
import { outputError } from '../errors.js';

export { buildBundle, readBundle } from './bundle.js';
export { formatManifest, MANIFEST_NAME, parseManifest, sha256Hex, type ManifestEntry } from './manifest.js';
export { extractSource, type EmbeddedSource } from './pdf-source.js';
export { verifyBundle, verifyDirectory, verifyPath, type FileStatus, type VerifyResult } from './verify.js';

export interface OutputFile {
  format: string;
  path: string;
  bytes: number;
}

export interface IntegrityOptions {
  /** Write or update SHA256SUMS in the output folder. */
  manifest?: boolean;
  /** Write `<stem>.zip` with the outputs, the source and a SHA256SUMS over them. */
  bundle?: boolean;
}

/**
 * After the outputs of one document are written: the bundle, then the manifest (which lists the
 * bundle too). Returns the files written here, in that order.
 */
export async function writeIntegrity(doc: Document, outputs: readonly OutputFile[], outDir: string, stem: string, options: IntegrityOptions): Promise<OutputFile[]> {
  const extra: OutputFile[] = [];
  if (options.bundle) {
    const files: BundleFile[] = [];
    for (const o of [...outputs].sort((a, b) => (basename(a.path) < basename(b.path) ? -1 : 1))) {
      files.push({ name: basename(o.path), bytes: await readFile(o.path) });
    }
    if (doc.source) {
      const name = doc.source.path === '-' ? 'stdin.md' : basename(doc.source.path);
      files.push({ name: `source/${name}`, bytes: doc.source.bytes ?? Buffer.from(doc.source.text, 'utf8') });
    }
    const path = join(outDir, `${stem}.zip`);
    extra.push({ format: 'bundle', path, bytes: await writeFileAtomic(path, buildBundle(stem, files, documentDate(doc))) });
  }
  if (options.manifest) {
    const path = join(outDir, MANIFEST_NAME);
    extra.push({ format: 'manifest', path, bytes: await updateManifest(outDir, [...outputs, ...extra].map((o) => o.path)) });
  }
  return extra;
}

/**
 * Adds (or refreshes) the files in `dir`'s SHA256SUMS. Entries of other files stay, so exporting
 * several sources into one folder gives one manifest for all; entries whose file is gone, or is
 * no regular file inside the folder (any more), are dropped. Hashes are taken from the files as
 * they are on disk. The update holds the folder's manifest lock (lock.ts): exports into one folder
 * at once each add to what the one before wrote.
 */
export async function updateManifest(dir: string, paths: readonly string[]): Promise<number> {
  const manifestPath = join(dir, MANIFEST_NAME);
  const lock = await lockManifest(dir);
  try {
    const entries = new Map<string, string>();
    let old = '';
    try {
      old = readInputFile(manifestPath, 'source', 'manifest').toString('utf8');
    } catch {
      /* none yet, or not a readable file: it is replaced */
    }
    for (const e of parseManifest(old).entries) {
      if ((await listedFile(dir, e.name)).status === 'file') entries.set(e.name, e.sha256);
    }
    for (const p of paths) {
      const sha256 = hashRegularFile(p);
      if (sha256 === undefined) throw outputError({ file: p, message: 'was written, but is no longer a regular file' });
      entries.set(basename(p), sha256);
    }
    entries.delete(MANIFEST_NAME);
    return await writeFileAtomic(manifestPath, formatManifest([...entries].map(([name, sha256]) => ({ name, sha256 }))));
  } finally {
    lock.release();
  }
}
