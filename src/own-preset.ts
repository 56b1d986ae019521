/**
 * Presets of one's own: a YAML file that extends a built-in preset and sets its page (size,
 * margins, body size, line pitch), footer, list markers and (公文) whether it is printed on both
 * sides, named where a preset name goes (`preset: ./house.yaml`
 * in front matter or wenshu.yaml, `--preset house.yaml`). Errors in it point at its own lines.
 * Applying page settings is src/styles/page.ts; this module only reads files and places errors.
 */
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { inputError } from './errors.js';
import { readInputFile } from './io/input.js';
import type { PageSettings } from './model/index.js';
import { decodeSource } from './readers/decode.js';
import { readPresetYaml } from './readers/frontmatter.js';
import { applyPage, PageSettingError, presets, type StylePreset } from './styles/index.js';

/** Whether a preset is named by a file rather than by a built-in name. */
export function isPresetFile(name: string): boolean {
  return /\.ya?ml$/i.test(name) || /[\\/]/.test(name);
}

/** Reads an own preset file (relative paths from `base`): the built-in preset it extends with its settings applied. */
export function loadPresetFile(name: string, base: string): StylePreset {
  const path = isAbsolute(name) ? name : resolve(base, name);
  let bytes: Buffer;
  try {
    bytes = readInputFile(path, 'source', 'preset file');
  } catch (error) {
    const cause = (error as { cause?: NodeJS.ErrnoException }).cause?.code;
    if (cause === 'ENOENT') throw inputError({ file: name, message: 'no such preset file' }, error);
    throw error;
  }
  const withRecord = Object.keys(presets).filter((k) => presets[k]!.official);
  const settings = readPresetYaml(decodeSource(bytes, name), name, Object.keys(presets), withRecord);
  const parent = presets[settings.extends]!;
  const own: StylePreset = {
    ...parent,
    name: basename(name).replace(/\.ya?ml$/i, ''),
    description: settings.description ?? `${parent.description} (own preset ${basename(name)})`,
    ...(settings.footer ? { footer: { ...parent.footer, format: settings.footer } } : {}),
    ...(settings.lists ? withLists(parent, settings.lists) : {}),
    ...(settings.digits ? { digits: settings.digits } : {}),
    ...(settings.duplex !== undefined && parent.official ? { official: { ...parent.official, duplex: settings.duplex } } : {}),
  };
  return withPage(own, settings.page);
}

/**
 * `lists: inline`: items are natural paragraphs, first lines indented as the body's (its 2
 * characters when the body has none), no inset; `lists: hanging`: markers in a 2-character inset.
 * The parent's ordered markers stay (公文: 1. （1）).
 */
function withLists(parent: StylePreset, marker: 'hanging' | 'inline'): Pick<StylePreset, 'list' | 'listItem'> {
  const { indentEm: _indent, leftEm: _left, ...item } = parent.listItem;
  const listItem = marker === 'inline' ? { ...item, indentEm: parent.listItem.indentEm ?? parent.body.indentEm ?? 2 } : { ...item, leftEm: parent.listItem.leftEm ?? 2 };
  return { list: { ...parent.list, marker }, listItem };
}

/** The preset with page settings applied; a setting it cannot take is an input error at the `page:` key. */
export function withPage(preset: StylePreset, page: PageSettings | undefined): StylePreset {
  try {
    return applyPage(preset, page);
  } catch (error) {
    if (!(error instanceof PageSettingError)) throw error;
    const message = `${error.key ? `'page.${error.key}' ` : ''}${error.message}`;
    throw inputError(page?.at ? { ...page.at, message, code: 'page' } : { message, code: 'page' }, error);
  }
}

/** The folder relative preset paths of a source are resolved from: the source's own. */
export const presetBase = (sourcePath: string | undefined): string => (sourcePath && sourcePath !== '-' ? dirname(resolve(sourcePath)) : process.cwd());
