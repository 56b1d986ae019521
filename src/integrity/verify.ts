/**
 * `wenshu verify`: checks a folder (or a bundle zip) against its SHA256SUMS and names every file
 * that changed or is missing.
 */
import { readdir, stat } from 'node:fs/promises';
import { hashListed, listedFile } from './files.js';
import { inputLimits, readInputFile } from '../io/input.js';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { readBundle } from './bundle.js';
import { MANIFEST_NAME, parseManifest, sha256Hex, type ManifestEntry } from './manifest.js';

/** `not-a-file`: listed, but a link out of the folder, a device, a FIFO or a folder: never read. */
export type FileStatus = 'ok' | 'changed' | 'missing' | 'not-a-file';

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
  const bytes = readInputFile(target, 'file', 'bundle or SHA256SUMS');
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return verifyBundle(target, bytes);
  return verifyManifestFile(target, join(target, '..'), bytes.toString('utf8'));
}

export async function verifyDirectory(dir: string): Promise<VerifyResult> {
  const path = join(dir, MANIFEST_NAME);
  const listed = await listedFile(dir, MANIFEST_NAME);
  if (listed.status === 'missing') throw inputError({ file: dir, message: `no ${MANIFEST_NAME} here; 'wenshu export … --manifest' writes one`, code: 'no-manifest' });
  if (listed.status === 'not-a-file') throw inputError({ file: path, message: 'is not a regular file in this folder', code: 'not-a-file' });
  const text = readInputFile(listed.path, 'file', MANIFEST_NAME).toString('utf8');
  return verifyManifestFile(path, dir, text);
}

async function verifyManifestFile(path: string, dir: string, text: string): Promise<VerifyResult> {
  const { entries, malformed } = parseManifest(text);
  // One at a time: a manifest of many names must not open them all at once.
  const files: VerifyResult['files'] = [];
  for (const e of entries) files.push({ name: e.name, status: await check(dir, e) });
  const listed = new Set([MANIFEST_NAME, ...entries.map((e) => e.name)]);
  const present = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const unlisted = present.filter((d) => d.isFile() && !listed.has(d.name) && !d.name.startsWith('.')).map((d) => d.name).sort();
  return result(path, files, malformed, unlisted);
}

async function check(dir: string, entry: ManifestEntry): Promise<FileStatus> {
  const sha256 = await hashListed(dir, entry.name);
  return sha256 === undefined ? 'missing' : sha256 === null ? 'not-a-file' : sha256 === entry.sha256 ? 'ok' : 'changed';
}

/** A bundle: the SHA256SUMS inside it (at the top or in its one folder) against the entries beside it. */
export function verifyBundle(label: string, zip: Uint8Array): VerifyResult {
  let files: Record<string, Uint8Array>;
  try {
    files = readBundle(zip, inputLimits().inflate);
  } catch (error) {
    throw inputError({ file: label, message: `not a readable zip: ${(error as Error).message}`, code: 'read' });
  }
  const manifests = Object.keys(files).filter((n) => n === MANIFEST_NAME || n.endsWith(`/${MANIFEST_NAME}`));
  const shallowest = manifests.sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!shallowest) throw inputError({ file: label, message: `the zip holds no ${MANIFEST_NAME}`, code: 'no-manifest' });
  const prefix = shallowest.slice(0, -MANIFEST_NAME.length);
  const { entries, malformed } = parseManifest(Buffer.from(files[shallowest]!).toString('utf8'));
  const checked = entries.map((e) => {
    const bytes = Object.hasOwn(files, prefix + e.name) ? files[prefix + e.name] : undefined;
    return { name: e.name, status: (bytes === undefined ? 'missing' : sha256Hex(bytes) === e.sha256 ? 'ok' : 'changed') as FileStatus };
  });
  const listed = new Set([shallowest, ...entries.map((e) => prefix + e.name)]);
  const unlisted = Object.keys(files).filter((n) => n.startsWith(prefix) && !listed.has(n)).map((n) => n.slice(prefix.length)).sort();
  return result(`${label}:${shallowest}`, checked, malformed, unlisted);
}
