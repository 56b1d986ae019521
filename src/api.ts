/**
 * The library API. The CLI is a thin layer over these functions, and programs can call them
 * directly: load a source into the model, check it, render it to bytes, or export it to files.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readInputFile, readStandardInput } from './io/input.js';
import { checkNotOverwritingSources, outputStem } from './io/outputs.js';
import { safeSourceName } from './integrity/names.js';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { formatDiagnostic, inputError, outputError, usageError, WenshuError, type Diagnostic } from './errors.js';
import { formats, loadExporter } from './exporters/registry.js';
import type { Exporter, ExportOptions, TxtOptions } from './exporters/types.js';
import { StagedFiles, writeFileAtomic, type Content } from './io/atomic.js';
import type { EmbeddedSource, VerifyResult } from './integrity/index.js';
import { applyFixes, lintSource, type Finding } from './lint/index.js';
import type { Document } from './model/index.js';
import { applyConfig, findConfig, loadConfig } from './config.js';
import { decodeSource, encodeSource, sourceForm, type SourceEncoding } from './readers/decode.js';
import { parseMarkdown } from './readers/markdown.js';
import { defaultPreset, presets, type StylePreset } from './styles/index.js';
import { isPresetFile, loadPresetFile, presetBase, withPage } from './own-preset.js';
import { impositions, type Imposition } from './exporters/pdf/impose-modes.js';
import { didYouMean } from './readers/positions.js';
import { mark } from './timing.js';
import { prepareDocument, typesetDocument, type PreparedDocument, type TypesetDocument } from './prepare/index.js';

export { formats } from './exporters/registry.js';
export type { ExportOptions, TxtOptions } from './exporters/types.js';

export interface LoadOptions {
  encoding?: SourceEncoding;
  /** A config file to use; by default `wenshu.yaml` beside the source or in the working folder; false for none. */
  config?: string | false;
}

export interface LoadedSource {
  /** The model, with its source (path, text and bytes) and the config's settings filled in. */
  document: Document;
  /** Lint findings for the source text; an export refuses a source that has any. */
  findings: Finding[];
}

async function readSourceBytes(path: string): Promise<Uint8Array> {
  return path === '-' ? readStandardInput() : readInputFile(path, 'source', 'Markdown source'); // bounded, regular files only (io/input.ts)
}

/**
 * Parses source text into the model. Throws WenshuError for bad input. As for a file, a leading
 * byte-order mark is dropped and CRLF or CR line ends become LF.
 */
export function parseSource(text: string, file = '<input>'): Document {
  const bare = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return parseMarkdown(bare.includes('\r') ? bare.replace(/\r\n?/g, '\n') : bare, file);
}

/** Reads, decodes, validates and parses a source file into the model, and lints it. */
export async function readSource(path: string, options: LoadOptions = {}): Promise<LoadedSource> {
  const bytes = await readSourceBytes(path);
  const text = decodeSource(bytes, path, options.encoding);
  mark('source read');
  const parsed: Document = { ...parseMarkdown(text, path), source: { path, text, bytes } };
  mark('source parsed');
  const configPath = options.config === false ? undefined : (options.config ?? findConfig(path));
  const document = configPath ? applyConfig(parsed, loadConfig(configPath)) : parsed;
  const findings = lintSource(text, path, bodyOffset(text));
  mark('source linted');
  return { document, findings };
}

/** Reads a source into the model; lint findings are not errors here (see readSource). */
export async function loadSource(path: string, options: LoadOptions = {}): Promise<Document> {
  return (await readSource(path, options)).document;
}

/** Where the Markdown body starts, after the front matter. */
export function bodyOffset(text: string): number {
  const m = /^---[ \t]*\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  return m ? m[0].length : 0;
}

export interface CheckResult {
  file: string;
  findings: Finding[];
  /** Things export would warn about too, such as characters drawn with a fallback font. */
  warnings: Diagnostic[];
  /** How many findings --fix repaired (the file was rewritten atomically). */
  fixed: number;
}

/**
 * Everything an export would refuse, short of rendering: the preset must exist, the fonts must
 * resolve, and every character must have a glyph (checked by binding the document to its faces,
 * as an export does). Returns the warnings an export would print.
 */
function checkRenderable(doc: Document): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  typesetDocument(prepareDocument(doc, resolvePreset(undefined, doc), exportOptions({}, doc)), (d) => warnings.push(d));
  return warnings;
}

/**
 * Validates and lints a source as export would; with `fix`, applies the safe fixes in place and
 * lints again. The rewritten file keeps its encoding, byte-order mark, line ends and permissions,
 * and a symbolic link is written through, not replaced.
 */
export async function checkFile(path: string, options: LoadOptions & { fix?: boolean } = {}): Promise<CheckResult> {
  const loaded = await readSource(path, options);
  const warnings = checkRenderable(loaded.document);
  if (!options.fix || !loaded.findings.some((f) => f.fix)) return { file: path, findings: loaded.findings, warnings, fixed: 0 };
  const source = loaded.document.source!;
  const { text, fixed } = applyFixes(source.text, loaded.findings);
  parseMarkdown(text, path); // a fix must never turn a valid source into an invalid one
  await writeFileAtomic(realpathSync(path), await encodeSource(text, sourceForm(source.bytes!, options.encoding)));
  return { file: path, findings: lintSource(text, path, bodyOffset(text)), warnings, fixed };
}

export interface ExportRequest extends LoadOptions {
  /** Formats to write; every available format when left out. */
  to?: string[];
  /** Output folder, `out` when left out. */
  outDir?: string;
  /** Style preset, by name or as data; the source's `preset:` or the default when left out. */
  preset?: string | StylePreset;
  txt?: Partial<TxtOptions>;
  pdfa?: string;
  /** Also write the PDF imposed for printing: `<name>.2up.pdf` or `<name>.booklet.pdf` (see src/exporters/pdf/impose.ts). */
  impose?: Imposition;
  /** Write SHA256SUMS next to the outputs (updated, not replaced, when the folder has one). */
  manifest?: boolean;
  /** Also write `<name>.zip` with the outputs, the source and a SHA256SUMS over them. */
  bundle?: boolean;
  /** Called after each file is written. */
  onFile?: (file: WrittenFile) => void;
  /** Called once per distinct warning (such as a character drawn with a fallback font). */
  onWarning?: (diagnostic: Diagnostic) => void;
}

export interface WrittenFile {
  format: string;
  path: string;
  bytes: number;
}

export const defaultTxtOptions: TxtOptions = { encoding: 'utf-8', eol: 'lf', bom: false, wrap: 0, table: 'pipe' };

export function resolveFormats(to: readonly string[] | undefined): string[] {
  const wanted = to && to.length > 0 ? [...new Set(to.map((f) => f.trim().toLowerCase()).filter(Boolean))] : [...formats];
  for (const name of wanted) {
    if (!formats.includes(name)) throw usageError(`unknown format '${name}'${didYouMean(name, formats)}; available formats: ${formats.join(', ')}`);
  }
  return wanted;
}

export function resolvePreset(name: string | StylePreset | undefined, doc?: Document): StylePreset {
  if (typeof name === 'object') return withPage(name, doc?.meta.page);
  const chosen = name ?? doc?.meta.preset ?? defaultPreset;
  // An own preset file: relative to the source when the source names it, else to the working folder.
  if (isPresetFile(chosen)) return withPage(loadPresetFile(chosen, name === undefined ? presetBase(doc?.source?.path) : process.cwd()), doc?.meta.page);
  const preset = Object.hasOwn(presets, chosen) ? presets[chosen] : undefined; // not toString, __proto__…
  if (!preset) {
    const names = Object.keys(presets);
    const message = `unknown preset '${chosen}'${didYouMean(chosen, names)}; presets: ${names.join(', ')}, or an own preset file (house.yaml)`;
    if (name === undefined && doc?.source) throw inputError({ file: doc.source.path, message });
    throw usageError(message);
  }
  return withPage(preset, doc?.meta.page);
}

function exportOptions(request: Omit<ExportRequest, 'to' | 'outDir'>, doc: Document): ExportOptions {
  return { txt: { ...defaultTxtOptions, ...request.txt }, pdfa: request.pdfa ?? doc.meta.pdfa };
}

/**
 * The exporters of `names`, and what they are given: the prepared document, and when any of them
 * sets type, the typeset one (fonts bound once for all of them; fallback warnings reported once).
 */
async function prepareFor(doc: Document, names: readonly string[], request: Omit<ExportRequest, 'to' | 'outDir'>) {
  const exporters = await Promise.all(names.map((name) => loadExporter(name)));
  const prepared = prepareDocument(doc, resolvePreset(request.preset, doc), exportOptions(request, doc), request.onWarning);
  const typeset = exporters.some((e) => e.typesets) ? typesetDocument(prepared, request.onWarning) : undefined;
  mark('document prepared');
  return { exporters, input: (e: Exporter) => (e.typesets ? typeset! : prepared) };
}

function render(exporter: Exporter, input: PreparedDocument | TypesetDocument): Promise<Content> {
  return exporter.typesets ? exporter.render(input as TypesetDocument) : exporter.render(input);
}

/** Renders a document to one format and returns its bytes. */
export async function renderDocument(doc: Document, format: string, request: Omit<ExportRequest, 'to' | 'outDir'> = {}): Promise<Uint8Array> {
  const names = resolveFormats([format]);
  const { exporters, input } = await prepareFor(doc, names, request);
  const exporter = exporters[0]!;
  return collect(await render(exporter, input(exporter)));
}

async function collect(content: Content): Promise<Uint8Array> {
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  if (content instanceof Uint8Array) return content;
  const chunks: Uint8Array[] = [];
  for await (const chunk of content) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Writes a document in each requested format to the output folder, named after its source.
 * No file is replaced before every format has been rendered and written, so a document that
 * fails in one format (a character no font draws, say) or a write that fails (a full disk) leaves
 * no partial set of outputs behind.
 */
export async function exportDocument(doc: Document, request: ExportRequest = {}): Promise<WrittenFile[]> {
  const names = resolveFormats(request.to);
  checkImposition(request.impose, names, request.pdfa ?? doc.meta.pdfa);
  const { exporters, input } = await prepareFor(doc, names, request);
  const outDir = request.outDir ?? 'out';
  const stem = doc.source ? outputStem(doc.source.path) : 'document';
  // Each format goes to a temporary file as soon as it is rendered (its fsync then runs while the
  // next one renders); the targets are replaced only when every format (and the bundle and
  // manifest asked for) has been written. The PDF,
  // the largest file, is rendered first, so that its flush overlaps the others' rendering; files
  // are reported in the order asked for.
  const rendered: Array<{ name: string; path: string }> = [];
  const order = [...names].sort((a, b) => Number(b === 'pdf') - Number(a === 'pdf'));
  const staged = new StagedFiles();
  let sizes: number[];
  let extra: Array<{ format: string; path: string }> = [];
  let release = () => {};
  try {
    // (Between two formats the event loop turns, in staged.add, so that an interrupt is handled.)
    for (const name of order) {
      const exporter = exporters[names.indexOf(name)]!;
      const path = join(outDir, `${stem}.${exporter.extension}`);
      const content = await render(exporter, input(exporter));
      mark(`${name} rendered`);
      if (name === 'pdf' && request.impose) {
        // The PDF's bytes are needed twice: written as they are, and imposed onto sheets.
        const bytes = await collect(content);
        await staged.add(path, bytes);
        rendered.push({ name, path });
        const { imposePdf } = await import('./exporters/pdf/impose.js');
        const imposed = join(outDir, `${stem}.${request.impose}.pdf`);
        await staged.add(imposed, await imposePdf(bytes, request.impose, { title: doc.meta.title, date: input(exporter).date }));
        rendered.push({ name: `pdf ${request.impose}`, path: imposed });
        continue;
      }
      await staged.add(path, content);
      rendered.push({ name, path });
    }
    if (request.manifest || request.bundle) {
      // The bundle and SHA256SUMS are staged with the outputs: all replaced together or not at all.
      // (They need node:crypto and the zip writer, which an export without them never loads.)
      const { stageIntegrity } = await import('./integrity/index.js');
      ({ extra, release } = await stageIntegrity(doc, staged, rendered.map((r) => r.path), outDir, stem, request));
    }
    sizes = await staged.commit();
  } catch (error) {
    staged.abort();
    throw error;
  } finally {
    release();
  }
  mark('outputs written');
  const written: WrittenFile[] = [];
  for (const name of [...names, ...(request.impose ? [`pdf ${request.impose}`] : [])]) {
    const i = rendered.findIndex((r) => r.name === name);
    const file = { format: name, path: rendered[i]!.path, bytes: sizes[i]! };
    written.push(file);
    request.onFile?.(file);
  }
  extra.forEach((e, k) => {
    const file = { ...e, bytes: sizes[rendered.length + k]! };
    written.push(file);
    request.onFile?.(file);
  });
  return written;
}

/**
 * An imposition needs the PDF among the formats, and is not made for PDF/A: the imposed sheets are
 * a printing aid (untagged, no outline), not an archival copy, and pdf-lib writes none of PDF/A's
 * metadata. Refused before anything is rendered.
 */
function checkImposition(impose: string | undefined, names: readonly string[], pdfa: string | undefined): void {
  if (impose === undefined) return;
  if (!(impositions as readonly string[]).includes(impose)) throw usageError(`unknown imposition '${impose}'${didYouMean(impose, impositions)}; impositions: ${impositions.join(', ')}`);
  if (!names.includes('pdf')) throw usageError(`--impose ${impose} imposes the PDF: add pdf to --to`);
  if (pdfa) throw usageError(`--impose ${impose} cannot be combined with PDF/A (${pdfa}): imposed sheets are a printing aid, not an archival copy; export the PDF/A file and the imposed one in two runs`);
}

/** Reads, validates and lints a source, then exports it. A source with lint findings is refused. */
export async function exportFile(path: string, request: ExportRequest = {}): Promise<WrittenFile[]> {
  resolveFormats(request.to); // bad usage is reported before any reading
  checkNotOverwritingSources([path], { outDir: request.outDir ?? 'out', formats: resolveFormats(request.to), manifest: request.manifest, bundle: request.bundle });
  const { document, findings } = await readSource(path, request);
  if (findings.length > 0) {
    throw inputError([
      ...findings,
      { file: path, message: `not exported: ${findings.length} problem(s) in the source; 'wenshu check --fix ${path}' repairs the ones with a safe fix` },
    ]);
  }
  return exportDocument(document, request);
}

export type { EmbeddedSource, VerifyResult } from './integrity/index.js';

/** Checks a folder (or a bundle zip, or a SHA256SUMS file) against its SHA256SUMS. */
export async function verifyOutputs(target: string): Promise<VerifyResult> {
  const { verifyPath } = await import('./integrity/index.js');
  return verifyPath(target);
}

/** The source attached to a PDF/A-3 file made by `export --pdfa 3b|3u`, byte for byte. */
export async function readEmbeddedSource(pdfPath: string): Promise<EmbeddedSource> {
  const { extractSource } = await import('./integrity/index.js');
  return extractSource(readInputFile(pdfPath, 'file', 'PDF'), pdfPath);
}

/**
 * Writes the source attached to a PDF/A-3 file to `out` (by default its stored file name in the
 * current folder). An existing file is replaced only with `force`.
 */
export async function extractSourceFile(pdfPath: string, options: { out?: string; force?: boolean } = {}): Promise<WrittenFile> {
  const source = await readEmbeddedSource(pdfPath);
  const path = options.out ?? safeSourceName(source.name); // never a dotfile, a config name or a path (integrity/names.ts)
  if (!options.force) {
    if (existsSync(path)) throw outputError({ file: path, message: 'exists; give --force to replace it, or --out to write elsewhere' });
  }
  return { format: 'source', path, bytes: await writeFileAtomic(path, source.bytes) };
}

// ---------------------------------------------------------------- import (issue 20)

export interface ImportOptions {
  /** Where to write the source: a file, or a folder (ending in / or existing); beside the input by default. */
  out?: string;
  /** Written as `preset:` in the front matter. */
  preset?: string;
  /** Replace an existing source (and images) of the same name. */
  force?: boolean;
  /** Largest input read, in bytes (default IMPORT_MAX_BYTES). */
  maxBytes?: number;
}

export interface ImportResult {
  input: string;
  /** The source written. */
  output: string;
  format: 'docx' | 'html' | 'txt';
  encoding?: string;
  /** The source text as written. */
  source: string;
  /** The model of the written source as `wenshu export` reads it; undefined while the reader refuses something in it. */
  document?: Document;
  /** What was recognised, element by element, and as one line (`title, 主送机关, 5 headings (2 levels), …`). */
  recognition: import('./readers/structure.js').Recognition;
  summary: string;
  /** 公文 elements recognised but kept as body text (a document without a 版头, imported without --preset gongwen). */
  keptInBody: string[];
  /** What the input held that the model cannot, and was left out. */
  dropped: Array<{ what: string; detail: string }>;
  notes: string[];
  /** Safe fixes applied (ASCII punctuation between hanzi, spaces between hanzi, mixed pairs). */
  fixed: number;
  /** What `wenshu check` still reports for the written source, with line and column in it. */
  findings: Diagnostic[];
  /** Warnings `wenshu check` would print (a character drawn with a fallback font). */
  warnings: Diagnostic[];
  files: WrittenFile[];
}

/** Inputs larger than this are refused before they are read. */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;

/** Where `importFile` writes the source for `input` (see ImportOptions.out). */
export function importTarget(input: string, out?: string): string {
  const name = `${basename(input, extname(input))}.md`;
  if (out === undefined) return join(dirname(input), name);
  const isFolder = /[\\/]$/.test(out) || (existsSync(out) && statSync(out).isDirectory());
  return isFolder ? join(out, name) : out;
}

/**
 * Imports a DOCX, HTML or text file as a wenshu source (`wenshu import`): reads it, recognises its
 * structure, writes the source (and the DOCX's images beside it) atomically, never over an existing
 * file without `force`, and checks the result as `wenshu check` would.
 */
export async function importFile(input: string, options: ImportOptions = {}): Promise<ImportResult> {
  if (options.preset !== undefined) resolvePreset(options.preset);
  const limit = options.maxBytes ?? IMPORT_MAX_BYTES;
  try {
    const size = statSync(input).size;
    if (size > limit) throw inputError({ file: input, message: `is ${(size / 1024 / 1024).toFixed(0)} MB, more than the ${(limit / 1024 / 1024).toFixed(0)} MB an import may read: not imported`, code: 'too-large' });
  } catch (error) {
    if (error instanceof WenshuError) throw error;
  }
  // A regular file, read with the import's own limit (a DOCX is larger than a source may be).
  const bytes = readInputFile(input, 'file', 'file to import', limit + 1);
  const output = importTarget(input, options.out);
  const outDir = dirname(output);
  const stem = basename(output, extname(output));
  const { convert } = await import('./importer.js');
  const { relative, isAbsolute } = await import('node:path');
  const converted = await convert(bytes, input, {
    ...(options.preset ? { preset: options.preset } : {}),
    imageName: (n, ext) => `${stem}-${n}.${ext}`,
    htmlImage: (src) => {
      if (/^(?:https?:)?\/\//i.test(src)) return { dropped: `${src}: remote images are not downloaded` };
      if (src.startsWith('data:')) return { dropped: 'an image inside the page (data: URL)' };
      let path: string;
      try {
        path = resolve(dirname(input), decodeURIComponent(src.replace(/^file:\/\//, '').split(/[?#]/)[0]!));
      } catch {
        return { dropped: `${src}: not a file name` };
      }
      if (!/\.(?:png|jpe?g)$/i.test(path)) return { dropped: `${src}: only PNG and JPEG images are supported` };
      if (!existsSync(path)) return { dropped: `${src}: no such file beside the page` };
      const rel = relative(resolve(outDir), path);
      return { src: isAbsolute(rel) ? path : rel.split('\\').join('/') };
    },
  });
  const files = [{ path: output, content: converted.source }, ...converted.images.map((img) => ({ path: join(outDir, img.name), content: img.bytes }))];
  if (!options.force) {
    const existing = files.filter((f) => existsSync(f.path));
    if (existing.length > 0) throw outputError(existing.map((f) => ({ file: f.path, message: 'exists; give --force to replace it, or -o to write elsewhere' })));
  }
  const { writeFilesAtomic } = await import('./io/atomic.js');
  const sizes = await writeFilesAtomic(files);
  const written = files.map((f, i) => ({ format: i === 0 ? 'source' : 'image', path: f.path, bytes: sizes[i]! }));

  // What `wenshu check` says of the written source.
  const findings: Diagnostic[] = [];
  let warnings: Diagnostic[] = [];
  let document: Document | undefined;
  try {
    document = parseMarkdown(converted.source, output);
    document.source = { path: output, text: converted.source };
    for (const item of lintSource(converted.source, output, bodyOffset(converted.source))) findings.push(item);
    warnings = await checkRenderable(document);
  } catch (error) {
    if (!(error instanceof WenshuError)) throw error;
    for (const item of error.diagnostics.map((d) => ({ ...d, file: d.file ?? output }))) findings.push(item);
  }
  return {
    input, output, format: converted.format, ...(converted.encoding ? { encoding: converted.encoding } : {}), source: converted.source,
    ...(document ? { document } : {}), recognition: converted.recognition, summary: converted.summary, keptInBody: converted.keptInBody,
    dropped: converted.dropped, notes: converted.notes, fixed: converted.fixed, findings, warnings, files: written,
  };
}

export type { Recognition } from './readers/structure.js';
/** The model as a wenshu source (front matter and Markdown) that reads back as the same model. */
export { writeMarkdown } from './writers/markdown.js';
