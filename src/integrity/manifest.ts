/**
 * SHA256SUMS: one line per file, `<64 hex>  <name>`, the format `sha256sum -c` reads (GNU
 * coreutils). A name with a backslash or a line break is written the GNU way: the line starts
 * with a backslash and the name has \\ and \n escaped. Lines are sorted by name so the manifest of
 * the same files is the same bytes.
 */
import { createHash } from 'node:crypto';

export { MANIFEST_NAME } from './manifest-name.js';

export interface ManifestEntry {
  /** Path relative to the manifest's folder, with forward slashes. */
  name: string;
  sha256: string;
}

export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export function formatManifest(entries: readonly ManifestEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sorted
    .map(({ name, sha256 }) => {
      const escaped = /[\\\n\r]/.test(name);
      const shown = escaped ? name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : name;
      return `${escaped ? '\\' : ''}${sha256}  ${shown}\n`;
    })
    .join('');
}

export interface ParsedManifest {
  entries: ManifestEntry[];
  /** 1-based numbers of lines that are not `<hash> <name>` lines. */
  malformed: number[];
}

/** Reads the text and binary forms (`hash  name`, `hash *name`) and GNU-escaped names. */
export function parseManifest(text: string): ParsedManifest {
  const entries: ManifestEntry[] = [];
  const malformed: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const m = /^(\\?)([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (!m) {
      malformed.push(i + 1);
      return;
    }
    const name = m[1] ? m[3]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c)) : m[3]!;
    if (!safeName(name)) {
      malformed.push(i + 1);
      return;
    }
    entries.push({ name, sha256: m[2]!.toLowerCase() });
  });
  return { entries, malformed };
}

/** A manifest only speaks for files inside its own folder: no absolute paths, no `..`. */
export function safeName(name: string): boolean {
  if (name === '' || name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\0')) return false;
  return !name.split(/[\\/]/).some((part) => part === '..');
}
