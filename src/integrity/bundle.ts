/**
 * The bundle: one zip with the outputs, the source and a SHA256SUMS over them, for sending on.
 * Deterministic: entries in a fixed order (outputs by name, the source, the manifest), every
 * entry stamped with the document date from its UTC fields, no extra fields (src/io/zip.ts).
 */
import { unzip, zip } from '../io/zip.js';
import { formatManifest, MANIFEST_NAME, sha256Hex } from './manifest.js';

export interface BundleFile {
  /** Path inside the bundle folder, forward slashes. */
  name: string;
  bytes: Uint8Array;
}

/**
 * Zips `files` under `folder/` with a SHA256SUMS over them (inside the folder, so that
 * `cd folder && sha256sum -c SHA256SUMS` and `wenshu verify folder` work after unzipping).
 */
export function buildBundle(folder: string, files: readonly BundleFile[], date: Date): Uint8Array {
  const manifest = formatManifest(files.map((f) => ({ name: f.name, sha256: sha256Hex(f.bytes) })));
  const entries = files.map((f) => ({ name: `${folder}/${f.name}`, data: f.bytes }));
  entries.push({ name: `${folder}/${MANIFEST_NAME}`, data: Buffer.from(manifest, 'utf8') });
  // Recorded as Unix files with mode 644, so that unzip gives them ordinary permissions.
  return zip(entries, { date, mode: 0o644 });
}

/** Files of a bundle (or any zip) by path, folders left out; at most `maxTotal` bytes inflated in all. */
export function readBundle(bytes: Uint8Array, maxTotal?: number): Record<string, Uint8Array> {
  return unzip(bytes, maxTotal === undefined ? {} : { maxTotal });
}
