/**
 * YAML front matter → Metadata, validated by a schema. Errors point at the offending key or
 * value in the source file; unknown keys get a "did you mean" hint.
 */
import { isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { inputError, type Diagnostic } from '../errors.js';
import { pdfaLevels, type FontRole, type Metadata, type Span } from '../model/index.js';
import { didYouMean, LineIndex } from './positions.js';

const fontRoles = ['serif', 'sans', 'kai', 'fang', 'title'] as const satisfies readonly FontRole[];

const faceSelector = z.union([z.number().int().nonnegative(), z.string().min(1)]);
const fontFile = z.union([
  z.string().min(1).transform((path) => ({ path })),
  z.strictObject({ path: z.string().min(1), face: faceSelector.optional() }),
]);
const fontOverride = z.union([
  z.string().min(1).transform((path) => ({ path })),
  z.strictObject({ path: z.string().min(1), face: faceSelector.optional(), bold: fontFile.optional() }),
]);

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()))
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: 'must be a calendar date written YYYY-MM-DD, such as 2026-11-23',
  });

const schema = z.strictObject({
  // A title such as 1984 reads as a number in YAML: it is still the title.
  title: z
    .union([z.string(), z.number()], { error: 'is required: every document needs a title' })
    .transform(String)
    .pipe(z.string().trim().min(1, { error: 'must not be empty' })),
  author: z.string().trim().min(1).optional(),
  byline: z.string().trim().min(1).optional(),
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a language tag such as zh-CN' })
    .default('zh-CN'),
  date: isoDate.optional(),
  keywords: z
    .union([z.array(z.union([z.string(), z.number()]).transform(String)), z.string()])
    .transform((v) => (typeof v === 'string' ? v.split(/[,，、;；]/u) : v).map((k) => k.trim()).filter(Boolean))
    .default([]),
  subject: z.string().trim().min(1).optional(),
  preset: z.string().trim().min(1).optional(),
  fonts: z
    .strictObject({
      ...(Object.fromEntries(fontRoles.map((r) => [r, fontOverride.optional()])) as Record<FontRole, z.ZodOptional<typeof fontOverride>>),
      fallback: z.union([fontFile, z.array(fontFile)]).transform((v) => (Array.isArray(v) ? v : [v])).optional(),
    })
    .optional(),
  pdfa: z
    .union([z.string(), z.number()])
    .transform((v) => String(v).toLowerCase())
    .refine((v) => (pdfaLevels as readonly string[]).includes(v), { error: `must be one of ${pdfaLevels.join(', ')}` })
    .optional(),
});

export const metadataKeys = Object.keys(schema.shape);

export interface FrontMatter {
  meta: Metadata;
  titleSpan?: Span;
  bylineSpan?: Span;
}

/**
 * @param yamlText the text between the --- fences
 * @param yamlOffset offset of yamlText's first character in the whole source
 */
export function readFrontMatter(yamlText: string, yamlOffset: number, lines: LineIndex, file: string): FrontMatter {
  const { data, doc, at } = readYamlSettings(yamlText, yamlOffset, lines, file, schema, 'front matter', "at least 'title: …'");
  const spanOf = (key: string): Span | undefined => {
    const node = doc.get(key, true) as YamlNode | undefined;
    if (!node?.range) return undefined;
    return { start: at(node.range[0]), end: at(node.range[1]) };
  };
  const meta: Metadata = { ...data, title: data.title, lang: data.lang, keywords: data.keywords };
  for (const k of Object.keys(meta) as (keyof Metadata)[]) if (meta[k] === undefined) delete meta[k];
  return { meta, titleSpan: spanOf('title'), bylineSpan: spanOf('byline') };
}

/** The project settings a config file (wenshu.yaml) may hold: defaults for every source. */
export const configSchema = schema.pick({ preset: true, pdfa: true, fonts: true }).partial();
export type ConfigSettings = z.infer<typeof configSchema>;

/** Reads and validates a config file's YAML, with the same positioned errors as front matter. */
export function readConfigYaml(text: string, file: string): ConfigSettings {
  const lines = new LineIndex(text);
  return readYamlSettings(text, 0, lines, file, configSchema, 'config file', 'settings such as \'preset: gongwen\'').data;
}

/**
 * YAML → validated settings: syntax errors, unknown keys (with a did-you-mean hint) and schema
 * violations all point at the offending key or value.
 */
function readYamlSettings<S extends z.ZodObject>(
  yamlText: string,
  yamlOffset: number,
  lines: LineIndex,
  file: string,
  shape: S,
  what: string,
  needs: string,
): { data: z.infer<S>; doc: ReturnType<typeof parseDocument>; at: (offset: number) => ReturnType<LineIndex['point']> } {
  const at = (offset: number) => lines.point(yamlOffset + offset);
  const diag = (offset: number, message: string, code: string): Diagnostic => {
    const p = at(offset);
    return { file, line: p.line, column: p.column, message, code };
  };
  const keys = Object.keys(shape.shape);

  const doc = parseDocument(yamlText, { uniqueKeys: true, prettyErrors: false, schema: 'core' });
  if (doc.errors.length > 0) {
    throw inputError(doc.errors.map((e) => diag(e.pos[0], `${what} is not valid YAML: ${firstLine(e.message)}`, 'yaml')));
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    throw inputError({ file, line: at(0).line, message: `${what} is empty: it needs ${needs}`, code: 'front-matter' });
  }
  if (!isMap(contents)) {
    throw inputError(diag(contents.range?.[0] ?? 0, `${what} must be a list of 'key: value' lines`, 'front-matter'));
  }

  const problems: Diagnostic[] = [];
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!keys.includes(key)) {
      const offset = (pair.key as YamlNode | null)?.range?.[0] ?? 0;
      const label = what === 'front matter' ? 'front-matter key' : `key in the ${what}`;
      problems.push(diag(offset, `unknown ${label} '${key}'${didYouMean(key, keys)}`, 'unknown-key'));
    }
  }
  if (problems.length > 0) throw inputError(problems);

  const result = shape.safeParse(doc.toJS());
  if (!result.success) {
    throw inputError(
      result.error.issues.map((issue) => {
        const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        const node = doc.getIn(path, true) as YamlNode | undefined;
        const parentKey = path.length > 0 ? path.slice(0, -1) : [];
        const parent = doc.getIn(parentKey, true) as YamlNode | undefined;
        const offset = node?.range?.[0] ?? parent?.range?.[0] ?? 0;
        const name = path.length > 0 ? `'${path.join('.')}'` : what;
        let message = `${name} ${issue.message}`;
        if (issue.code === 'unrecognized_keys') {
          const known = path[0] === 'fonts' && path.length === 1 ? [...fontRoles, 'fallback'] : ['path', 'face', 'bold'];
          message = issue.keys.map((k) => `unknown key '${k}' in ${name}${didYouMean(k, known)}`).join('; ');
        } else if (issue.code === 'invalid_type' && node === undefined) {
          message = `${name} is required`;
        }
        return diag(offset, message, 'front-matter');
      }),
    );
  }
  return { data: result.data as z.infer<S>, doc, at };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
