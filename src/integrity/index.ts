/**
 * Integrity of exported files: SHA256SUMS next to the outputs (--manifest), one zip with outputs,
 * source and manifest (--bundle), `wenshu verify`, and the source back out of a PDF/A-3 file.
 */
import { basename, join } from 'node:path';
import { documentDate } from '../model/date.js';
import type { StagedFiles } from '../io/atomic.js';
import type { Document } from '../model/index.js';
import { buildBundle, type BundleFile } from './bundle.js';
import { formatManifest, MANIFEST_NAME, parseManifest, sha256Hex } from './manifest.js';
import { listedFile } from './files.js';
import { lockManifest } from './lock.js';
import { readInputFile } from '../io/input.js';

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
 * The bundle and the manifest of one export, staged beside its outputs so that all of them are
 * replaced together or not at all (one StagedFiles commit; see io/atomic.ts). `outputs` are the
 * staged outputs' targets. The manifest is made under the folder's lock, which the caller holds
 * until the commit is done (`release`): exports into one folder at once each add to what the one
 * before wrote. Returns the extra targets staged, in the order bundle, manifest.
 */
export async function stageIntegrity(
  doc: Document,
  staged: StagedFiles,
  outputs: readonly string[],
  outDir: string,
  stem: string,
  options: IntegrityOptions,
): Promise<{ extra: Array<{ format: string; path: string }>; release: () => void }> {
  const extra: Array<{ format: string; path: string }> = [];
  if (options.bundle) {
    const files: BundleFile[] = [...outputs]
      .sort((a, b) => (basename(a) < basename(b) ? -1 : 1))
      .map((path) => ({ name: basename(path), bytes: staged.read(path) }));
    if (doc.source) {
      const name = doc.source.path === '-' ? 'stdin.md' : basename(doc.source.path);
      files.push({ name: `source/${name}`, bytes: doc.source.bytes ?? Buffer.from(doc.source.text, 'utf8') });
    }
    const path = join(outDir, `${stem}.zip`);
    await staged.add(path, buildBundle(stem, files, documentDate(doc)));
    extra.push({ format: 'bundle', path });
  }
  if (!options.manifest) return { extra, release: () => undefined };
  const lock = await lockManifest(outDir);
  try {
    const fresh = [...outputs, ...extra.map((e) => e.path)];
    const path = join(outDir, MANIFEST_NAME);
    await staged.add(path, await manifestText(outDir, fresh.map((p) => ({ name: basename(p), sha256: sha256Hex(staged.read(p)) }))));
    extra.push({ format: 'manifest', path });
    return { extra, release: () => lock.release() };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * The folder's SHA256SUMS with these entries added or refreshed: entries of other files stay, so
 * exporting several sources into one folder gives one manifest for all; entries whose file is
 * gone, or is no regular file inside the folder (any more), are dropped.
 */
async function manifestText(dir: string, fresh: ReadonlyArray<{ name: string; sha256: string }>): Promise<string> {
  const entries = new Map<string, string>();
  let old = '';
  try {
    old = readInputFile(join(dir, MANIFEST_NAME), 'source', 'manifest').toString('utf8');
  } catch {
    /* none yet, or not a readable file: it is replaced */
  }
  for (const e of parseManifest(old).entries) {
    if ((await listedFile(dir, e.name)).status === 'file') entries.set(e.name, e.sha256);
  }
  for (const e of fresh) entries.set(e.name, e.sha256);
  entries.delete(MANIFEST_NAME);
  return formatManifest([...entries].map(([name, sha256]) => ({ name, sha256 })));
}
