/**
 * `wenshu verify`: checks a folder (or a bundle zip) against its SHA256SUMS and names every file
 * that changed or is missing.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { readBundle } from './bundle.js';
import { MANIFEST_NAME, parseManifest, sha256Hex, type ManifestEntry } from './manifest.js';

export type FileStatus = 'ok' | 'changed' | 'missing';

export interface VerifyResult {
  /** The manifest checked. */
  manifest: string;
  files: Array<{ name: string; status: FileStatus }>;
  /** Line numbers of manifest lines that could not be read. */
  malformed: number[];
  /** Files next to the manifest that it does not list (not an error: sha256sum -c ignores them too). */
  unlisted: string[];
  ok: boolean;
}

function result(manifest: string, files: VerifyResult['files'], malformed: number[], unlisted: string[]): VerifyResult {
  return { manifest, files, malformed, unlisted, ok: malformed.length === 0 && files.length > 0 && files.every((f) => f.status === 'ok') };
}

/** Verifies `target`: a folder holding SHA256SUMS, a SHA256SUMS file itself, or a bundle zip. */
export async function verifyPath(target: string): Promise<VerifyResult> {
  let info;
  try {
    info = await stat(target);
  } catch {
    throw inputError({ file: target, message: 'no such file or folder', code: 'read' });
  }
  if (info.isDirectory()) return verifyDirectory(target);
  const bytes = await readFile(target);
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return verifyBundle(target, bytes);
  return verifyManifestFile(target, join(target, '..'), bytes.toString('utf8'));
}

export async function verifyDirectory(dir: string): Promise<VerifyResult> {
  const path = join(dir, MANIFEST_NAME);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw inputError({ file: dir, message: `no ${MANIFEST_NAME} here; 'wenshu export … --manifest' writes one`, code: 'no-manifest' });
  }
  return verifyManifestFile(path, dir, text);
}

async function verifyManifestFile(path: string, dir: string, text: string): Promise<VerifyResult> {
  const { entries, malformed } = parseManifest(text);
  const files = await Promise.all(entries.map(async (e) => ({ name: e.name, status: await check(join(dir, e.name), e) })));
  const listed = new Set([MANIFEST_NAME, ...entries.map((e) => e.name)]);
  const present = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const unlisted = present.filter((d) => d.isFile() && !listed.has(d.name) && !d.name.startsWith('.')).map((d) => d.name).sort();
  return result(path, files, malformed, unlisted);
}

async function check(path: string, entry: ManifestEntry): Promise<FileStatus> {
  try {
    return sha256Hex(await readFile(path)) === entry.sha256 ? 'ok' : 'changed';
  } catch {
    return 'missing';
  }
}

/** A bundle: the SHA256SUMS inside it (at the top or in its one folder) against the entries beside it. */
export function verifyBundle(label: string, zip: Uint8Array): VerifyResult {
  let files: Record<string, Uint8Array>;
  try {
    files = readBundle(zip);
  } catch (error) {
    throw inputError({ file: label, message: `not a readable zip: ${(error as Error).message}`, code: 'read' });
  }
  const manifests = Object.keys(files).filter((n) => n === MANIFEST_NAME || n.endsWith(`/${MANIFEST_NAME}`));
  const shallowest = manifests.sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!shallowest) throw inputError({ file: label, message: `the zip holds no ${MANIFEST_NAME}`, code: 'no-manifest' });
  const prefix = shallowest.slice(0, -MANIFEST_NAME.length);
  const { entries, malformed } = parseManifest(Buffer.from(files[shallowest]!).toString('utf8'));
  const checked = entries.map((e) => {
    const bytes = files[prefix + e.name];
    return { name: e.name, status: (bytes === undefined ? 'missing' : sha256Hex(bytes) === e.sha256 ? 'ok' : 'changed') as FileStatus };
  });
  const listed = new Set([shallowest, ...entries.map((e) => prefix + e.name)]);
  const unlisted = Object.keys(files).filter((n) => n.startsWith(prefix) && !listed.has(n)).map((n) => n.slice(prefix.length)).sort();
  return result(`${label}:${shallowest}`, checked, malformed, unlisted);
}
