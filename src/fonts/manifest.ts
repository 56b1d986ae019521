/**
 * The bundled font manifest (`fonts/manifest.json`) and where its files live.
 *
 * A manifest `file` is either a path relative to the package root (`fonts/LXGWWenKai-Regular.ttf`)
 * or `npm:<package>/<path inside it>` for faces that come from a font package in node_modules.
 * Both resolve the same from `src/fonts` under vitest and from the compiled `dist/fonts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FontRole } from '../model/index.js';

export interface ManifestEntry {
  /** Stable id: serif, serif-bold, sans, sans-bold, kai, kai-bold, fang, title. */
  id: string;
  role: FontRole;
  bold: boolean;
  /** Family and PostScript names as the font's name table gives them. */
  family: string;
  postscriptName: string;
  /** usWeightClass from the OS/2 table. */
  weight?: number;
  /** `fonts/…` (package-relative) or `npm:<package>/<path>`. */
  file: string;
  /** Version string from the name table. */
  version: string;
  /** SPDX licence expression. */
  license: string;
  /** Licence text, in the same notation as `file`. */
  licenseFile: string;
  /** Where the file was obtained. */
  source?: string;
  size?: number;
  sha256: string;
}

export interface Manifest {
  faces: ManifestEntry[];
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

let root: string | undefined;

/** The folder holding wenshu's package.json (and `fonts/`), found by walking up from this module. */
export function packageRoot(): string {
  if (root) return root;
  let dir = here;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'fonts', 'manifest.json'))) return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`wenshu: cannot find the package root (fonts/manifest.json) above ${here}`);
    dir = parent;
  }
}

let manifest: Manifest | undefined;

/** Reads `fonts/manifest.json` once per process. */
export function loadManifest(): Manifest {
  if (!manifest) {
    const text = readFileSync(join(packageRoot(), 'fonts', 'manifest.json'), 'utf8');
    manifest = JSON.parse(text) as Manifest;
  }
  return manifest;
}

/** Absolute path of a manifest file reference (`fonts/…` or `npm:<package>/<path>`). */
export function resolveAsset(spec: string): string {
  if (!spec.startsWith('npm:')) return join(packageRoot(), spec);
  const rest = spec.slice(4);
  const parts = rest.split('/');
  const nameParts = rest.startsWith('@') ? 2 : 1;
  const pkg = parts.slice(0, nameParts).join('/');
  const inner = parts.slice(nameParts).join('/');
  return join(dirname(require.resolve(`${pkg}/package.json`)), inner);
}

/** Absolute path of a manifest entry's font file. */
export function resolveFontFile(entry: ManifestEntry): string {
  return resolveAsset(entry.file);
}

/** The bundled entry for a role and weight, if the manifest has one. */
export function manifestEntry(role: FontRole, bold: boolean): ManifestEntry | undefined {
  return loadManifest().faces.find((e) => e.role === role && e.bold === bold);
}
