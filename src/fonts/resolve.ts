/**
 * Roles to faces. Every role (serif 宋, sans 黑, kai 楷, fang 仿宋, title 小标宋) gets a regular and a
 * bold face: the bundled ones from fonts/manifest.json, or the user's own from `Metadata.fonts`.
 *
 * Bold where a family has none — never a synthetic (stroked) bold:
 * - bundled fang (FandolFang has no bold): Noto Sans SC Bold, the usual 黑体 emphasis in 仿宋 text;
 * - bundled title (Noto Serif SC Black, already the heaviest weight): the title face itself;
 * - a user override without `bold`: the override's own face, so the user's family is kept.
 * `Face.boldFallback` records which of these happened.
 */
import { statSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { inputError } from '../errors.js';
import type { FontKeyAt, FontOverride, FontRole, Metadata } from '../model/index.js';
import { describeSize, inputLimits, LIMIT_HINT } from '../io/input.js';
import { faceKey, faceLocation, type Face } from './face.js';
import { manifestEntry, resolveFontFile } from './manifest.js';

export const FONT_ROLES: readonly FontRole[] = ['serif', 'sans', 'kai', 'fang', 'title', 'latin'];

export interface RoleFaces {
  regular: Face;
  bold: Face;
}

export type FaceSet = Record<FontRole, RoleFaces> & {
  /** Declared fallback faces (front matter `fonts.fallback`), tried after the role's face and serif. */
  fallback: Face[];
};

/** Bundled bold stand-ins for roles whose bundled family has no bold. */
const BUNDLED_BOLD_FALLBACK: Partial<Record<FontRole, { role: FontRole; bold: boolean; kind: 'regular' | 'substitute' }>> = {
  fang: { role: 'sans', bold: true, kind: 'substitute' },
  title: { role: 'title', bold: false, kind: 'regular' },
  // Bold text keeps its own face's Latin (latin.ts): the bundled Latin face has no bold to need.
  latin: { role: 'latin', bold: false, kind: 'regular' },
};

const FONT_EXTENSIONS = new Set(['.ttf', '.otf', '.ttc', '.otc']);

/**
 * Faces for every role. `overrides` paths are relative to `baseDir` (the source file's folder;
 * default: the working directory); `origin` (the source file) goes into error diagnostics.
 * Only checks that override files exist; fonts are parsed lazily by `openFace`.
 */
export function resolveFaces(overrides?: Metadata['fonts'], baseDir = process.cwd(), origin?: string): FaceSet {
  const set = { fallback: [] } as unknown as FaceSet;
  for (const role of FONT_ROLES) {
    const user = overrides?.[role];
    set[role] = user ? userFaces(role, user, baseDir, origin) : bundledFaces(role);
  }
  set.fallback = (overrides?.fallback ?? []).map((f, i) => ({
    ...userFace('serif', false, f.path, f.face, baseDir, origin, `fonts.fallback[${i}]`, f.at),
    id: `user:fallback-${i}`,
  }));
  return set;
}

function bundledFaces(role: FontRole): RoleFaces {
  const regular = bundledFace(role, false);
  if (manifestEntry(role, true)) return { regular, bold: bundledFace(role, true) };
  const fb = BUNDLED_BOLD_FALLBACK[role] ?? { role, bold: false, kind: 'regular' as const };
  return { regular, bold: { ...bundledFace(fb.role, fb.bold), role, bold: true, boldFallback: fb.kind } };
}

function bundledFace(role: FontRole, bold: boolean): Face {
  const entry = manifestEntry(role, bold);
  if (!entry) throw new Error(`fonts/manifest.json has no ${bold ? 'bold ' : ''}face for role ${role}`);
  return { id: entry.id, role, bold, path: resolveFontFile(entry), displayPath: entry.file, source: 'bundled' };
}

function userFaces(role: FontRole, given: FontOverride | string, baseDir: string, origin?: string): RoleFaces {
  const o = typeof given === 'string' ? { path: given } : given; // the front matter's short form
  if (!o || typeof o.path !== 'string' || o.path.trim() === '') {
    throw inputError({ message: `fonts.${role}: needs a "path" to a .ttf, .otf, .ttc or .otc file`, code: 'font', ...faceLocation({ origin, at: o?.at }) });
  }
  const regular = userFace(role, false, o.path, o.face, baseDir, origin, undefined, o.at);
  if (!o.bold) return { regular, bold: { ...regular, bold: true, boldFallback: 'regular' } };
  const bold = typeof o.bold === 'string' ? { path: o.bold } : o.bold;
  return { regular, bold: userFace(role, true, bold.path, bold.face, baseDir, origin, undefined, 'at' in bold ? bold.at : undefined) };
}

function userFace(role: FontRole, bold: boolean, path: string, select: number | string | undefined, baseDir: string, origin?: string, label?: string, at?: FontKeyAt): Face {
  const name = label ?? `fonts.${role}${bold ? '.bold' : ''}`;
  const fail = (message: string) => inputError({ message: `${name}: ${message}`, code: 'font', ...faceLocation({ origin, at }) });
  const abs = isAbsolute(path) ? path : resolve(baseDir, path);
  const info = fontFileInfo(abs);
  if (info === undefined) throw fail(`font file "${path}" not found (looked for ${abs})`);
  if (!info.isFile()) throw fail(`"${path}" is not a regular file`);
  const limit = inputLimits().file;
  if (info.size > limit) throw fail(`"${path}" is larger than ${describeSize(limit)} (${describeSize(info.size)}); ${LIMIT_HINT.file}`);
  if (!FONT_EXTENSIONS.has(extname(abs).toLowerCase())) throw fail(`"${path}" is not a .ttf, .otf, .ttc or .otc file`);
  if (select !== undefined && typeof select !== 'number' && typeof select !== 'string') throw fail(`"face" must be an index or a name`);
  return {
    id: `user:${role}${bold ? '-bold' : ''}`,
    role,
    bold,
    path: abs,
    displayPath: path,
    ...(select !== undefined ? { select } : {}),
    source: 'user',
    ...(origin ? { origin } : {}),
    ...(at ? { at } : {}),
  };
}

function fontFileInfo(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The face for text of `role` in the given weight. */
export function faceFor(set: FaceSet, role: FontRole, bold = false): Face {
  return bold ? set[role].bold : set[role].regular;
}

/**
 * Faces to try, in order, for text of `role`: the role's own face, then the serif face of the same
 * weight (Noto Serif SC, the widest coverage bundled), then the declared fallbacks, for characters
 * the role's font lacks.
 */
export function fontChain(set: FaceSet, role: FontRole, bold = false): readonly Face[] {
  // One array per set, role and weight: coverage keeps what it learnt about a chain by the array.
  let chains = chainsBySet.get(set);
  if (!chains) chainsBySet.set(set, (chains = new Map()));
  const key = `${role}${bold ? ' bold' : ''}`;
  let chain = chains.get(key);
  if (!chain) {
    const faces = [faceFor(set, role, bold)];
    for (const face of [faceFor(set, 'serif', bold), ...set.fallback]) {
      if (!faces.some((f) => faceKey(f) === faceKey(face))) faces.push(face);
    }
    chains.set(key, (chain = Object.freeze(faces)));
  }
  return chain;
}

const chainsBySet = new WeakMap<FaceSet, Map<string, readonly Face[]>>();
