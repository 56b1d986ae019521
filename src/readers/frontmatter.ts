/**
 * YAML front matter → Metadata, validated by a schema. Errors point at the offending key or
 * value in the source file; unknown keys get a "did you mean" hint.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Node as YamlNode } from 'yaml';
// zod/mini, not the classic API: the same checks and messages, but a schema is built from plain
// functions instead of objects carrying every method, and only what is used gets bundled. The
// classic import cost ~15 ms of every cold run (loading zod, building this schema) against ~4 ms.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { inputError, type Diagnostic } from '../errors.js';
import { officialFormats, pdfaLevels, type Attachment, type FontFile, type FontKeyAt, type FontRole, type FontSettings, type Metadata, type Official, type PageSettings, type Span } from '../model/index.js';
import { describeChar } from '../errors.js';
import { firstForbidden } from './characters.js';
import { didYouMean, LineIndex } from './positions.js';
import { readSimpleYaml } from './simple-yaml.js';
import { paperSizes } from '../styles/page.js';

const messages = en().localeError;

const fontRoles = ['serif', 'sans', 'kai', 'fang', 'title', 'latin'] as const satisfies readonly FontRole[];

const nonEmpty = () => z.string().check(z.minLength(1));
const trimmedNonEmpty = () => z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty' }));
/** Text: a YAML number here has been given back as it was written (see textAsWritten). */
const text = () => z.pipe(z.union([z.string(), z.number()]), z.transform(String));
const faceSelector = z.union([z.number().check(z.int(), z.nonnegative()), nonEmpty()]);
const fontFile = z.union([
  z.pipe(nonEmpty(), z.transform((path: string) => ({ path }))),
  z.strictObject({ path: nonEmpty(), face: z.optional(faceSelector) }),
]);
const fontOverride = z.union([
  z.pipe(nonEmpty(), z.transform((path: string) => ({ path }))),
  z.strictObject({ path: nonEmpty(), face: z.optional(faceSelector), bold: z.optional(fontFile) }),
]);

const isoDate = z
  .pipe(
    z.union([z.string(), z.date()]),
    z.transform((v: string | Date) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim())),
  )
  .check(
    z.refine((s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
      message: 'must be a calendar date written YYYY-MM-DD, such as 2026-11-23',
    }),
  );

/** Chinese type sizes by name (字号), in points. */
const typeSizes: Readonly<Record<string, number>> = {
  初号: 42, 小初: 36, 一号: 26, 小一: 24, 二号: 22, 小二: 18, 三号: 16, 小三: 15, 四号: 14, 小四: 12, 五号: 10.5, 小五: 9, 六号: 7.5,
};
const UNITS: Readonly<Record<string, number>> = { mm: 1, cm: 10, in: 25.4, pt: 25.4 / 72 };

/**
 * A length in `unit` (mm or pt): a plain number is in that unit; text may name its own (18 mm,
 * 1.8 cm, 10.5 pt, 0.5 in) and, for a type size, a 字号 (五号, 小四).
 */
const length = (unit: 'mm' | 'pt', least: number, most: number) =>
  z
    .pipe(
      z.union([z.number(), z.string()]),
      z.transform((v: number | string, ctx) => {
        const named = typeof v === 'string' && unit === 'pt' ? typeSizes[v.trim()] : undefined;
        const m = typeof v === 'string' ? /^\s*([0-9]+(?:\.[0-9]+)?)\s*(mm|cm|in|pt)?\s*$/i.exec(v) : undefined;
        const n = named ?? (typeof v === 'number' ? v : m ? (Number(m[1]) * UNITS[(m[2] ?? unit).toLowerCase()]!) / UNITS[unit]! : NaN);
        if (!Number.isFinite(n) || n < least || n > most) {
          ctx.issues.push({ code: 'custom', input: v, message: `must be a length from ${least} to ${most} ${unit}${unit === 'pt' ? ' (or a 字号 such as 五号)' : ''}, such as ${unit === 'mm' ? '18 or 18 mm' : '10.5 or 10.5 pt'}` });
          return z.NEVER;
        }
        return n;
      }),
    );
const marginMm = () => length('mm', 0, 200);
const paperNames = ['A4', 'A5', 'B5', '16开', 'Letter'];
/** A paper size: a name (A4, A5, B5, 16开, Letter) or width × height in millimetres (148 × 210, 148x210 mm). */
const paperSize = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((v: string | number, ctx) => {
    const text = String(v).trim();
    const name = paperNames.find((n) => n.toLowerCase() === text.toLowerCase());
    if (name) return { width: paperSizes[name]![0], height: paperSizes[name]![1] };
    const m = /^([0-9]+(?:\.[0-9]+)?)\s*(?:mm)?\s*[×xX*]\s*([0-9]+(?:\.[0-9]+)?)\s*(?:mm)?$/.exec(text);
    const [width, height] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!(width >= 50 && width <= 1000 && height >= 50 && height <= 1000)) {
      ctx.issues.push({ code: 'custom', input: v, message: `must be ${paperNames.join(', ')} or width × height in mm (each 50 to 1000), such as 148 × 210` });
      return z.NEVER;
    }
    return { width, height };
  }),
);
const pageSchema = z.strictObject({
  size: z.optional(paperSize),
  margins: z.optional(
    z.union([
      z.pipe(marginMm(), z.transform((n: number) => ({ top: n, right: n, bottom: n, left: n }))),
      z.strictObject({ top: z.optional(marginMm()), right: z.optional(marginMm()), bottom: z.optional(marginMm()), left: z.optional(marginMm()) }),
    ]),
  ),
  body: z.optional(length('pt', 5, 72)),
  pitch: z.optional(length('pt', 6, 144)),
});

/** One name, or several (joint issuers, several signers): always a list afterwards. */
const names = () =>
  z.pipe(
    z.union([z.pipe(text(), trimmedNonEmpty()), z.array(z.pipe(text(), trimmedNonEmpty())).check(z.minLength(1, { error: 'must name at least one' }))]),
    z.transform((v: string | string[]) => (Array.isArray(v) ? v : [v])),
  );
/** A list of names may also be written on one line, separated by 、 or commas. */
const nameList = () =>
  z.pipe(
    z.union([z.pipe(text(), trimmedNonEmpty()), z.array(z.pipe(text(), trimmedNonEmpty()))]),
    z.transform((v: string | string[]) => (Array.isArray(v) ? v : v.split(/[、,，;；]/u).map((n) => n.trim()).filter(Boolean))),
  );
/** One image path, or a list of them: always a list afterwards. */
const imagePaths = () =>
  z.pipe(
    z.union([trimmedNonEmpty(), z.array(trimmedNonEmpty()).check(z.minLength(1, { error: 'must name at least one image' }))]),
    z.transform((v: string | string[]) => (Array.isArray(v) ? v : [v])),
  );
const attachment = z.union([
  z.pipe(z.pipe(text(), trimmedNonEmpty()), z.transform((title: string): Attachment => ({ title }))),
  z.strictObject({ title: z.pipe(text(), trimmedNonEmpty()), file: z.optional(trimmedNonEmpty()) }),
]);

/** A 命令's 令号 (10.2): 第12号, no leading zero. */
const ORDER_NUMBER = /^第[1-9]\d*号$/u;

/**
 * The 公文 keys (GB/T 9704-2012), at the top level of the front matter beside title and date; the
 * reader gathers them into meta.official. Numbers in comments are the standard's clauses.
 */
const officialShape = {
  // 7 文件格式, 10.1 信函, 10.2 命令, 10.3 纪要.
  format: z.optional(z.enum(officialFormats, { error: `must be one of ${officialFormats.join(', ')}` })),
  // 7.2.1 份号: six Arabic digits (fewer are padded with zeros).
  copy: z.optional(
    z.pipe(text(), z.transform((v: string) => v.trim())).check(z.refine((v: string) => /^\d{1,6}$/.test(v), { error: 'must be a copy number of up to six digits, such as 000012' })),
  ),
  secrecy: z.optional(z.pipe(text(), trimmedNonEmpty())),
  urgency: z.optional(z.pipe(text(), trimmedNonEmpty())),
  issuer: z.optional(names()),
  // 7.2.5 发文字号: the year in 〔〕 (written [2026] or (2026) here it is set so), no 第, no leading zero.
  number: z.optional(
    z
      .pipe(text(), z.transform((v: string) => v.trim().replace(/[[［(（〔]\s*(\d{4})\s*[\]］)）〕]/u, '〔$1〕')))
      .check(
        z.refine((v: string) => /〔\d{4}〕/u.test(v) || ORDER_NUMBER.test(v), { error: 'must have the year in brackets, such as 滇南工发〔2026〕12号' }),
        z.refine((v: string) => !/〕\s*第/u.test(v), { error: "must not have 第 before the number (7.2.5): write 〔2026〕12号" }),
        z.refine((v: string) => !/〕\s*0\d/u.test(v), { error: 'must not have a leading zero in the number (7.2.5): write 〔2026〕2号' }),
      ),
  ),
  signer: z.optional(names()),
  to: z.optional(z.pipe(text(), trimmedNonEmpty())),
  attachments: z.optional(z.array(attachment).check(z.minLength(1, { error: 'must list at least one attachment' }))),
  signature: z.optional(names()),
  // 7.3.5.1 印章 and 7.3.5.3 签发人签名章: one image, or one per 署名 (joint documents).
  seal: z.optional(imagePaths()),
  stamp: z.optional(imagePaths()),
  note: z.optional(z.pipe(text(), trimmedNonEmpty())),
  cc: z.optional(z.pipe(nameList(), z.transform((v: string[]) => v.join('，')))),
  printer: z.optional(z.pipe(text(), trimmedNonEmpty())),
  printed: z.optional(isoDate),
  preprinted: z.optional(z.boolean({ error: 'must be true or false' })),
  attendees: z.optional(nameList()),
  absent: z.optional(nameList()),
  observers: z.optional(nameList()),
};
const officialKeys = Object.keys(officialShape) as (keyof Official)[];

const schema = z.strictObject({
  ...officialShape,
  // A title such as 1984 reads as a number in YAML: it is still the title.
  title: z.pipe(
    z.pipe(z.union([z.string(), z.number()], { error: 'is required: every document needs a title' }), z.transform(String)),
    z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty' })),
  ),
  subtitle: z.optional(z.pipe(text(), trimmedNonEmpty())),
  author: z.optional(z.pipe(text(), trimmedNonEmpty())),
  byline: z.optional(z.pipe(text(), trimmedNonEmpty())),
  lang: z._default(z.string().check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a language tag such as zh-CN' })), 'zh-CN'),
  date: z.optional(isoDate),
  keywords: z._default(
    z.pipe(
      z.union([z.array(z.pipe(z.union([z.string(), z.number()]), z.transform(String))), z.string()]),
      z.transform((v: string | string[]) => (typeof v === 'string' ? v.split(/[,，、;；]/u) : v).map((k) => k.trim()).filter(Boolean)),
    ),
    [],
  ),
  subject: z.optional(z.pipe(text(), trimmedNonEmpty())),
  preset: z.optional(trimmedNonEmpty()),
  fonts: z.optional(
    z.strictObject({
      ...(Object.fromEntries(fontRoles.map((r) => [r, z.optional(fontOverride)])) as Record<FontRole, z.ZodMiniOptional<typeof fontOverride>>),
      fallback: z.optional(z.pipe(z.union([fontFile, z.array(fontFile)]), z.transform((v: z.output<typeof fontFile> | z.output<typeof fontFile>[]) => (Array.isArray(v) ? v : [v])))),
    }),
  ),
  pdfa: z.optional(
    z
      .pipe(z.union([z.string(), z.number()]), z.transform((v: string | number) => String(v).toLowerCase()))
      .check(z.refine((v: string) => (pdfaLevels as readonly string[]).includes(v), { error: `must be one of ${pdfaLevels.join(', ')}` })),
  ),
  page: z.optional(pageSchema),
});

export const metadataKeys = Object.keys(schema.shape);

export interface FrontMatter {
  meta: Metadata;
  titleSpan?: Span;
  subtitleSpan?: Span;
  bylineSpan?: Span;
}

/**
 * @param yamlText the text between the --- fences
 * @param yamlOffset offset of yamlText's first character in the whole source
 */
export function readFrontMatter(yamlText: string, yamlOffset: number, lines: LineIndex, file: string): FrontMatter {
  const { data, rangeOf, at } = readYamlSettings(yamlText, yamlOffset, lines, file, schema, 'front matter', "at least 'title: …'");
  const spanOf = (key: string): Span | undefined => {
    const range = rangeOf(key);
    return range && { start: at(range[0]), end: at(range[1]) };
  };
  const { official, rest } = gatherOfficial(data as Record<string, unknown>);
  if (official?.number && ORDER_NUMBER.test(official.number) && official.format !== '命令') {
    const p = spanOf('number')!.start;
    throw inputError({ file, line: p.line, column: p.column, message: `'number' ${official.number} is a 令号, for 'format: 命令'; a 发文字号 has the year in brackets, such as 滇南工发〔2026〕12号`, code: 'front-matter' });
  }
  if (official) checkSignatureImages(official, spanOf, file);
  const meta: Metadata = { ...(rest as Omit<typeof data, keyof Official>), title: data.title, lang: data.lang, keywords: data.keywords, ...(official ? { official } : {}) };
  for (const k of Object.keys(meta) as (keyof Metadata)[]) if (meta[k] === undefined) delete meta[k];
  const subtitleSpan = spanOf('subtitle');
  return { meta, titleSpan: spanOf('title'), ...(subtitleSpan ? { subtitleSpan } : {}), bylineSpan: spanOf('byline') };
}

/**
 * What the seal and stamp keys need of the 署名 (7.3.5): a 签名章 stands beside the 签发人职务, so
 * `stamp` needs `signature`; joint issuers press one seal or stamp each, so a list of images has
 * one per name; a document is sealed or stamped, not both.
 */
function checkSignatureImages(o: Official, spanOf: (key: string) => Span | undefined, file: string): void {
  const fail = (key: string, message: string): never => {
    const at = spanOf(key)?.start;
    throw inputError([{ file, ...(at ? { line: at.line, column: at.column } : {}), message: `'${key}' ${message}` }]);
  };
  if (o.seal && o.stamp) fail('stamp', "and 'seal' cannot both be given: a document carries the issuers' seals (7.3.5.1) or the 签发人's stamps (7.3.5.3)");
  if (o.stamp && !o.signature) fail('stamp', "needs 'signature': the 签发人职务 set to the left of each stamp (7.3.5.3)");
  for (const key of ['seal', 'stamp'] as const) {
    const images = o[key];
    const names = o.signature?.length ?? 0;
    if (images && names > 0 && images.length !== names) fail(key, `must list one image per 'signature' name, as each issuer presses its own (${names} ${names === 1 ? 'name' : 'names'}, ${images.length} ${images.length === 1 ? 'image' : 'images'})`);
  }
}

/** The 公文 keys of the front matter as meta.official (none given: undefined), and the other keys. */
function gatherOfficial(data: Record<string, unknown>): { official?: Official; rest: Record<string, unknown> } {
  const rest: Record<string, unknown> = {};
  const official: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if ((officialKeys as string[]).includes(k)) {
      if (v !== undefined) official[k] = v;
    } else rest[k] = v;
  }
  if (Object.keys(official).length === 0) return { rest };
  if (typeof official.copy === 'string') official.copy = official.copy.padStart(6, '0');
  return { official: { format: '文件', ...official } as Official, rest };
}

/** The project settings a config file (wenshu.yaml) may hold: defaults for every source. */
export const configSchema = z.partial(z.pick(schema, { preset: true, pdfa: true, fonts: true, page: true }));
export type ConfigSettings = z.infer<typeof configSchema>;

/**
 * An own preset: a YAML file that extends a built-in preset (by name) and sets its page and
 * footer. `names` are the built-in presets it may extend.
 */
export function readPresetYaml(yamlText: string, file: string, names: readonly string[], withRecord: readonly string[] = []): OwnPresetSettings {
  const schema = z.strictObject({
    extends: z.pipe(trimmedNonEmpty(), z.string().check(z.refine((v: string) => names.includes(v), { error: `must be the name of a built-in preset: ${names.join(', ')}` }))),
    description: z.optional(z.pipe(text(), trimmedNonEmpty())),
    page: z.optional(pageSchema),
    footer: z.optional(z.pipe(text(), z.string().check(z.refine((v: string) => v.includes('{n}'), { error: "must contain {n} where the page number goes, such as '— {n} —'" })))),
    lists: z.optional(z.enum(listPlacements, { error: `must be one of ${listPlacements.join(', ')}` })),
    digits: z.optional(z.enum(digitWidths, { error: `must be one of ${digitWidths.join(', ')}` })),
    duplex: z.optional(z.boolean({ error: 'must be true or false' })),
  });
  const { data, rangeOf, at } = readYamlSettings(yamlText, 0, new LineIndex(yamlText), file, schema, 'preset file', "at least 'extends: handout'");
  // Only a preset that sets a 版记 (gongwen) has a last face to put it on.
  if (data.duplex !== undefined && !withRecord.includes(data.extends)) {
    const p = at(rangeOf('duplex')?.[0] ?? 0);
    throw inputError({ file, line: p.line, column: p.column, message: `'duplex' places a 公文's 版记: it needs a preset that has one (${withRecord.join(', ')}), not '${data.extends}'`, code: 'front-matter' });
  }
  return data;
}

/** An own preset's `lists:`: markers hanging in the list's inset, or opening natural paragraphs (公文). */
const listPlacements = ['hanging', 'inline'] as const;

/** An own preset's `digits:`: the Latin face's proportional digits, or its half-width forms (公文's). */
const digitWidths = ['proportional', 'half-width'] as const;

export interface OwnPresetSettings {
  extends: string;
  description?: string;
  page?: PageSettings;
  footer?: string;
  lists?: (typeof listPlacements)[number];
  digits?: (typeof digitWidths)[number];
  /** 公文: printed on both sides, the 版记 on an even page (OfficialStyle.duplex). */
  duplex?: boolean;
}

/** Reads and validates a config file's YAML, with the same positioned errors as front matter. */
export function readConfigYaml(text: string, file: string): ConfigSettings {
  const lines = new LineIndex(text);
  return readYamlSettings(text, 0, lines, file, configSchema, 'config file', 'settings such as \'preset: gongwen\'').data;
}

/**
 * YAML → validated settings: syntax errors, unknown keys (with a did-you-mean hint) and schema
 * violations all point at the offending key or value.
 */
function readYamlSettings<S extends z.ZodMiniObject>(
  yamlText: string,
  yamlOffset: number,
  lines: LineIndex,
  file: string,
  shape: S,
  what: string,
  needs: string,
): { data: z.infer<S>; rangeOf: (key: string) => [number, number] | undefined; at: (offset: number) => ReturnType<LineIndex['point']> } {
  const at = (offset: number) => lines.point(yamlOffset + offset);
  // Plain `key: text` lines, all known and valid, need no YAML library (see simple-yaml.ts);
  // anything else, and every error, goes the full way, which knows where each node is.
  const simple = readSimpleYaml(yamlText);
  if (simple && Object.keys(simple.data).every((k) => k in shape.shape)) {
    const quick = shape.safeParse(simple.data, { error: messages });
    if (quick.success) return { data: quick.data as z.infer<S>, rangeOf: (key) => simple.ranges[key], at };
  }
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

  // A control character written as an escape ("\u0001") is refused as in the body, before any
  // message could repeat it.
  const problems: Diagnostic[] = [];
  visit(doc, {
    Scalar(_, node) {
      const at = typeof node.value === 'string' ? firstForbidden(node.value) : -1;
      if (at >= 0 && problems.length < 20) {
        problems.push(diag(node.range?.[0] ?? 0, `control or non-character ${describeChar(String.fromCodePoint((node.value as string).codePointAt(at)!))} is not allowed in the ${what}`, 'bad-character'));
      }
    },
  });
  if (problems.length > 0) throw inputError(problems);
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!keys.includes(key)) {
      const offset = (pair.key as YamlNode | null)?.range?.[0] ?? 0;
      const label = what === 'front matter' ? 'front-matter key' : `key in the ${what}`;
      problems.push(diag(offset, `unknown ${label} '${key}'${didYouMean(key, keys)}`, 'unknown-key'));
    }
  }
  if (problems.length > 0) throw inputError(problems);

  let data: unknown;
  try {
    // Aliases expanding to more than a hundred times the nodes written (a "billion laughs") are refused.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    let first: YamlNode | undefined;
    visit(doc, { Alias: (_, node) => ((first = node), visit.BREAK) });
    throw inputError(diag(first?.range?.[0] ?? 0, `${what} expands its aliases (*name) too many times: ${firstLine((error as Error).message)}`, 'yaml'), error);
  }
  textAsWritten(doc, data);
  // English messages from zod's own locale, passed per parse rather than set in zod's global
  // config, which a program using this library may have set for itself.
  const result = shape.safeParse(data, { error: messages });
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
        const expected = expectation(path);
        if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && node !== undefined && expected) {
          message = isScalar(node) && node.value === null ? `${name} must not be empty` : `${name} ${expected}`;
        } else if (issue.code === 'unrecognized_keys') {
          const known =
            path[0] === 'page' ? (path.length === 1 ? Object.keys(pageSchema.shape) : ['top', 'right', 'bottom', 'left'])
            : path[0] === 'attachments' ? ['title', 'file']
            : path[0] === 'fonts' && path.length === 1 ? [...fontRoles, 'fallback']
            : ['path', 'face', 'bold'];
          message = issue.keys.map((k) => `unknown key '${k}' in ${name}${didYouMean(k, known)}`).join('; ');
        } else if (issue.code === 'invalid_type' && node === undefined) {
          message = `${name} is required`;
        }
        return diag(offset, message, 'front-matter');
      }),
    );
  }
  const rangeOf = (key: string): [number, number] | undefined => {
    const range = (doc.get(key, true) as YamlNode | undefined)?.range;
    return range ? [range[0], range[1]] : undefined;
  };
  const page = (result.data as { page?: PageSettings }).page;
  const pageNode = doc.get('page', true) as YamlNode | undefined;
  if (page && pageNode?.range) {
    const p = at((doc.contents as { items: Array<{ key: YamlNode; value: unknown }> }).items.find((i) => i.value === pageNode)?.key.range?.[0] ?? pageNode.range[0]);
    page.at = { file, line: p.line, column: p.column };
  }
  fontPositions(result.data as { fonts?: FontSettings }, (path) => {
    const node = doc.getIn(path, true) as YamlNode | undefined;
    const offset = (isMap(node) ? (node.get('path', true) as YamlNode | undefined) : node)?.range?.[0] ?? node?.range?.[0];
    if (offset === undefined) return undefined;
    const p = at(offset);
    return { file, line: p.line, column: p.column };
  });
  return { data: result.data as z.infer<S>, rangeOf, at };
}

/** Notes on each font file where it was named, so that errors about the font can point there. */
function fontPositions(data: { fonts?: FontSettings }, where: (path: Array<string | number>) => FontKeyAt | undefined): void {
  const fonts = data.fonts;
  if (!fonts) return;
  const note = (file: FontFile | undefined, path: Array<string | number>) => {
    const at = file && where(path);
    if (file && at) file.at = at;
  };
  for (const role of fontRoles) {
    const o = fonts[role];
    note(o, ['fonts', role]);
    if (o?.bold) note(o.bold, ['fonts', role, 'bold']);
  }
  const fallback = fonts.fallback ?? [];
  // One file may be given alone, not in a list.
  fallback.forEach((f, i) => note(f, fallback.length === 1 && !isSeqAt(where, ['fonts', 'fallback']) ? ['fonts', 'fallback'] : ['fonts', 'fallback', i]));
}

const isSeqAt = (where: (path: Array<string | number>) => FontKeyAt | undefined, path: Array<string | number>) => where([...path, 0]) !== undefined;

const TEXT_KEYS = ['title', 'subtitle', 'author', 'byline', 'subject', 'copy', 'secrecy', 'urgency', 'number', 'to', 'note', 'printer'];

/**
 * Numbers where text is meant (title: 1984, author: 42, keywords: [2026]) are kept as written:
 * YAML would make 1.50 into 1.5 and 0x10 into 16.
 */
function textAsWritten(doc: ReturnType<typeof parseDocument>, data: unknown): void {
  if (typeof data !== 'object' || data === null) return;
  const record = data as Record<string, unknown>;
  const written = (node: unknown) => (isScalar(node) && typeof node.value === 'number' && typeof node.source === 'string' ? node.source : undefined);
  for (const key of TEXT_KEYS) {
    const source = Object.hasOwn(record, key) ? written(doc.get(key, true)) : undefined;
    if (source !== undefined) record[key] = source;
  }
  const keywords = doc.get('keywords', true);
  if (isSeq(keywords) && Array.isArray(record.keywords)) {
    keywords.items.forEach((item, i) => {
      const source = isAlias(item) ? undefined : written(item);
      if (source !== undefined) (record.keywords as unknown[])[i] = source;
    });
  }
}

/** What a key's value must be, for a value of the wrong kind. */
function expectation(path: ReadonlyArray<string | number>): string | undefined {
  const key = path.map((p) => (typeof p === 'number' ? '#' : p)).join('.');
  const roles = /^fonts\.(serif|sans|kai|fang|title|latin)$/;
  if (TEXT_KEYS.includes(key) || key === 'keywords.#') return 'must be text';
  if (key === 'keywords') return 'must be a list of keywords, or one line of them separated by commas';
  if (key === 'lang') return 'must be a language tag such as zh-CN';
  if (key === 'date') return 'must be a calendar date written YYYY-MM-DD, such as 2026-11-23';
  if (key === 'preset') return 'must be the name of a preset, such as gongwen';
  if (key === 'pdfa') return `must be one of ${pdfaLevels.join(', ')}`;
  if (key === 'extends') return 'must be the name of a built-in preset, such as handout';
  if (key === 'footer') return "must be the page number's text, such as '— {n} —'";
  if (key === 'page') return 'must map size, margins, body and pitch to their values';
  if (key === 'page.margins') return 'must be one length in mm for all four, or { top: …, right: …, bottom: …, left: … }';
  if (['issuer', 'signer', 'signature'].includes(key)) return 'must be a name, or a list of names';
  if (['cc', 'attendees', 'absent', 'observers'].includes(key)) return 'must be a list of names, or one line of them separated by 、';
  if (key === 'attachments') return 'must be a list of attachments, each a title or { title: …, file: … }';
  if (/^attachments\.#$/.test(key)) return 'must be a title, or { title: …, file: … }';
  if (['seal', 'stamp'].includes(key)) return 'must be the path of an image file (PNG or JPEG), or a list of them';
  if (key === 'printed') return 'must be a calendar date written YYYY-MM-DD, such as 2026-11-24';
  if (key === 'preprinted') return 'must be true or false';
  if (key === 'fonts') return `must map font roles (${fontRoles.join(', ')}, fallback) to font files`;
  if (roles.test(key)) return "must be a font file, or { path: …, face: …, bold: … }";
  if (key === 'fonts.fallback') return 'must be a font file, or a list of them';
  if (/^fonts\.fallback\.#$/.test(key) || /^fonts\.\w+\.bold$/.test(key)) return "must be a font file, or { path: …, face: … }";
  if (/\.path$/.test(key)) return 'must be the path of a font file';
  if (/\.face$/.test(key)) return 'must be a face number (0, 1, …) or a face name';
  return undefined;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
