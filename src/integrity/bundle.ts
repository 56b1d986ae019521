/**
 * The bundle: one zip with the outputs, the source and a SHA256SUMS over them, for sending on.
 * Deterministic: entries in a fixed order (outputs by name, the source, the manifest), every
 * entry stamped with the document date, no extra fields. fflate takes DOS times from a Date's
 * local fields, which depend on the time zone (and a DST gap can move them), so the date and time
 * fields are written over afterwards from the date's UTC fields.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { formatManifest, MANIFEST_NAME, sha256Hex } from './manifest.js';

export interface BundleFile {
  /** Path inside the bundle folder, forward slashes. */
  name: string;
  bytes: Uint8Array;
}

/** DOS date and time of an instant, from its UTC fields (zip cannot store dates before 1980). */
function dosDateTime(date: Date): { time: number; date: number } {
  const d = date.getTime() < Date.UTC(1980, 0, 1) ? new Date(Date.UTC(1980, 0, 1)) : date;
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/** Overwrites the DOS time and date of every local header and central directory entry. */
export function stampZip(zip: Uint8Array, date: Date): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const { time, date: day } = dosDateTime(date);
  // The end of central directory record gives where the central directory starts.
  let eocd = -1;
  for (let i = out.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  for (let n = 0; n < count; n++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new Error('zip central directory is damaged');
    view.setUint16(p + 12, time, true);
    view.setUint16(p + 14, day, true);
    const local = view.getUint32(p + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50) throw new Error('zip local header is damaged');
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, day, true);
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return out;
}

/**
 * Zips `files` under `folder/` with a SHA256SUMS over them (inside the folder, so that
 * `cd folder && sha256sum -c SHA256SUMS` and `wenshu verify folder` work after unzipping).
 */
export function buildBundle(folder: string, files: readonly BundleFile[], date: Date): Uint8Array {
  const manifest = formatManifest(files.map((f) => ({ name: f.name, sha256: sha256Hex(f.bytes) })));
  const entries: Zippable = {};
  // Insertion order is entry order.
  for (const f of files) entries[`${folder}/${f.name}`] = [f.bytes, { level: 9 }];
  entries[`${folder}/${MANIFEST_NAME}`] = [Buffer.from(manifest, 'utf8'), { level: 9 }];
  return stampZip(zipSync(entries, { mtime: new Date(Date.UTC(1980, 0, 1)), os: 3, attrs: 0o644 << 16 }), date);
}

/** Files of a bundle (or any zip) by path, folders left out. */
export function readBundle(zip: Uint8Array): Record<string, Uint8Array> {
  const files = unzipSync(zip);
  for (const name of Object.keys(files)) if (name.endsWith('/')) delete files[name];
  return files;
}
