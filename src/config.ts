/**
 * Project settings in a config file, `wenshu.yaml`: defaults for every source in a folder, so
 * that an office maps its official fonts (仿宋_GB2312, 方正小标宋 …) or picks the 公文 preset once
 * instead of in every document. Front matter wins over the config file; font paths in the config
 * are relative to the config file.
 */
import { existsSync } from 'node:fs';
import { readInputFile } from './io/input.js';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { inputError } from './errors.js';
import type { Document, FontFile, FontOverride, FontSettings } from './model/index.js';
import { decodeSource } from './readers/decode.js';
import { readConfigYaml, type ConfigSettings } from './readers/frontmatter.js';
import { isPresetFile } from './own-preset.js';

export const CONFIG_NAME = 'wenshu.yaml';

export interface ProjectConfig extends ConfigSettings {
  /** The file the settings came from. */
  path: string;
}

/** The config file for a source: `wenshu.yaml` in the source's folder, else in the working folder. */
export function findConfig(sourcePath: string): string | undefined {
  for (const dir of [dirname(resolve(sourcePath)), process.cwd()]) {
    const candidate = join(dir, CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function loadConfig(path: string): ProjectConfig {
  let bytes: Buffer;
  try {
    bytes = readInputFile(path, 'source', 'config file');
  } catch (error) {
    const code = (error as { diagnostics?: Array<{ code?: string }> }).diagnostics?.[0]?.code;
    const cause = (error as { cause?: NodeJS.ErrnoException }).cause?.code;
    if (code === 'read' && cause === 'ENOENT') throw inputError({ file: path, message: 'no such config file' }, error);
    throw error;
  }
  const settings = readConfigYaml(decodeSource(bytes, path), path);
  const base = dirname(resolve(path));
  const abs = <T extends FontFile>(f: T): T => ({ ...f, path: isAbsolute(f.path) ? f.path : resolve(base, f.path) });
  if (settings.fonts) {
    const fonts: FontSettings = {};
    for (const [role, value] of Object.entries(settings.fonts)) {
      if (role === 'fallback') fonts.fallback = (value as FontFile[]).map(abs);
      else if (value) {
        const o = value as FontOverride;
        fonts[role as keyof Omit<FontSettings, 'fallback'>] = { ...abs(o), ...(o.bold ? { bold: abs(o.bold) } : {}) };
      }
    }
    settings.fonts = fonts;
  }
  // An own preset file named here is found from the config file's folder, like its fonts.
  if (settings.preset !== undefined && isPresetFile(settings.preset) && !isAbsolute(settings.preset)) settings.preset = resolve(base, settings.preset);
  return { ...settings, path };
}

/** The document with what its front matter leaves unsaid filled in from the config (a new value; `doc` is left as it is). */
export function applyConfig(doc: Document, config: ProjectConfig): Document {
  const meta = { ...doc.meta };
  if (meta.preset === undefined && config.preset !== undefined) meta.preset = config.preset;
  if (meta.pdfa === undefined && config.pdfa !== undefined) meta.pdfa = config.pdfa;
  if (config.page) {
    // Key by key (and margin by margin): the source's own settings win.
    const own = meta.page ?? {};
    const margins = config.page.margins || own.margins ? { ...config.page.margins, ...own.margins } : undefined;
    meta.page = { ...config.page, ...own, ...(margins ? { margins } : {}) };
  }
  if (config.fonts) {
    const own = meta.fonts ?? {};
    meta.fonts = { ...config.fonts, ...own, fallback: [...(own.fallback ?? []), ...(config.fonts.fallback ?? [])] };
  }
  return { ...doc, meta };
}
