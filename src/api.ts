/**
 * The library API. The CLI is a thin layer over these functions, and programs can call them
 * directly: load a source into the model, check it, render it to bytes, or export it to files.
 */
import { existsSync, realpathSync } from 'node:fs';
import { readInputFile, readStandardInput } from './io/input.js';
import { checkNotOverwritingSources, outputStem } from './io/outputs.js';
import { safeSourceName } from './integrity/names.js';
import { dirname, join, resolve } from 'node:path';
import { formatDiagnostic, inputError, outputError, usageError, WenshuError, type Diagnostic } from './errors.js';
import { formats, loadExporter } from './exporters/registry.js';
import type { ExportContext, ExportOptions, TxtOptions } from './exporters/types.js';
import { StagedFiles, writeFileAtomic, type Content } from './io/atomic.js';
import type { EmbeddedSource, VerifyResult } from './integrity/index.js';
import { applyFixes, lintSource, type Finding } from './lint/index.js';
import type { Document } from './model/index.js';
import { applyConfig, findConfig, loadConfig } from './config.js';
import { decodeSource, type SourceEncoding } from './readers/decode.js';
import { parseMarkdown } from './readers/markdown.js';
import { defaultPreset, presets, type StylePreset } from './styles/index.js';
import { didYouMean } from './readers/positions.js';
import { mark } from './timing.js';

export { formats } from './exporters/registry.js';
export type { ExportOptions, TxtOptions } from './exporters/types.js';

export interface LoadOptions {
  encoding?: SourceEncoding;
  /** A config file to use; by default `wenshu.yaml` beside the source or in the working folder; false for none. */
  config?: string | false;
}

export interface LoadedSource {
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
  const document = parseMarkdown(text, path);
  document.source = { path, text, bytes };
  mark('source parsed');
  const configPath = options.config === false ? undefined : (options.config ?? findConfig(path));
  if (configPath) applyConfig(document, loadConfig(configPath));
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
 * resolve, and every character must have a glyph (checked through the same styled blocks the
 * exporters lay out). Returns the warnings an export would print.
 */
async function checkRenderable(doc: Document): Promise<Diagnostic[]> {
  const { styleBlocks, bindFaces } = await import('./styles/blocks.js');
  const { resolveFaces } = await import('./fonts/index.js');
  const file = doc.source?.path;
  const preset = resolvePreset(undefined, doc);
  const faces = resolveFaces(doc.meta.fonts, file ? dirname(resolve(file)) : process.cwd(), file);
  const warnings: Diagnostic[] = [];
  bindFaces(styleBlocks(doc, preset), faces, file, (d) => warnings.push(d));
  return warnings;
}

/**
 * Validates and lints a source as export would; with `fix`, applies the safe fixes in place and
 * lints again. The rewritten file keeps its byte-order mark, its line ends and its permissions,
 * and a symbolic link is written through, not replaced.
 */
export async function checkFile(path: string, options: LoadOptions & { fix?: boolean } = {}): Promise<CheckResult> {
  const loaded = await readSource(path, options);
  const warnings = await checkRenderable(loaded.document);
  if (!options.fix || !loaded.findings.some((f) => f.fix)) return { file: path, findings: loaded.findings, warnings, fixed: 0 };
  const { text, fixed } = applyFixes(loaded.document.source!.text, loaded.findings);
  parseMarkdown(text, path); // a fix must never turn a valid source into an invalid one
  const raw = loaded.document.source!.bytes!;
  const crlf = Buffer.from(raw).includes('\r\n');
  const bom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  const written = (bom ? '\ufeff' : '') + (crlf ? text.replace(/\n/g, '\r\n') : text);
  const bytes = options.encoding === 'gb18030' ? (await import('iconv-lite')).default.encode(written, 'gb18030') : Buffer.from(written, 'utf8');
  await writeFileAtomic(realpathSync(path), bytes);
  return { file: path, findings: lintSource(text, path, bodyOffset(text)), warnings, fixed };
}

export interface ExportRequest extends LoadOptions {
  /** Formats to write; every available format when left out. */
  to?: string[];
  /** Output folder, `out` when left out. */
  outDir?: string;
  /** Style preset name; the source's `preset:` or the default when left out. */
  preset?: string;
  txt?: Partial<TxtOptions>;
  pdfa?: string;
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

export const defaultTxtOptions: TxtOptions = { encoding: 'utf-8', eol: 'lf', bom: false, wrap: 0 };

export function resolveFormats(to: readonly string[] | undefined): string[] {
  const wanted = to && to.length > 0 ? [...new Set(to.map((f) => f.trim().toLowerCase()).filter(Boolean))] : [...formats];
  for (const name of wanted) {
    if (!formats.includes(name)) throw usageError(`unknown format '${name}'${didYouMean(name, formats)}; available formats: ${formats.join(', ')}`);
  }
  return wanted;
}

export function resolvePreset(name: string | undefined, doc?: Document): StylePreset {
  const chosen = name ?? doc?.meta.preset ?? defaultPreset;
  const preset = Object.hasOwn(presets, chosen) ? presets[chosen] : undefined; // not toString, __proto__…
  if (!preset) {
    const names = Object.keys(presets);
    const message = `unknown preset '${chosen}'${didYouMean(chosen, names)}; presets: ${names.join(', ')}`;
    if (name === undefined && doc?.source) throw inputError({ file: doc.source.path, message });
    throw usageError(message);
  }
  return preset;
}

function exportOptions(request: ExportRequest, doc: Document): ExportOptions {
  return { txt: { ...defaultTxtOptions, ...request.txt }, pdfa: request.pdfa ?? doc.meta.pdfa };
}

/** Renders a document to one format and returns its bytes. */
export async function renderDocument(doc: Document, format: string, request: Omit<ExportRequest, 'to' | 'outDir'> = {}): Promise<Uint8Array> {
  const [name] = resolveFormats([format]);
  const exporter = await loadExporter(name!);
  const content = await exporter.render(doc, contextFor(doc, request));
  return collect(content);
}

function contextFor(doc: Document, request: ExportRequest): ExportContext {
  // Several formats meet the same fallback: each warning reaches the user once.
  const seen = new Set<string>();
  return {
    preset: resolvePreset(request.preset, doc),
    options: exportOptions(request, doc),
    baseDir: doc.source ? dirname(resolve(doc.source.path)) : process.cwd(),
    shared: new Map(),
    warn: (d) => {
      const key = formatDiagnostic(d);
      if (seen.has(key)) return;
      seen.add(key);
      request.onWarning?.(d);
    },
  };
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
  const ctx = contextFor(doc, request);
  const outDir = request.outDir ?? 'out';
  const stem = doc.source ? outputStem(doc.source.path) : 'document';
  // Each format goes to a temporary file as soon as it is rendered (its fsync then runs while the
  // next one renders); the targets are replaced only when every format has been written. The PDF,
  // the largest file, is rendered first, so that its flush overlaps the others' rendering; files
  // are reported in the order asked for.
  const rendered: Array<{ name: string; path: string }> = [];
  const order = [...names].sort((a, b) => Number(b === 'pdf') - Number(a === 'pdf'));
  const staged = new StagedFiles();
  let sizes: number[];
  try {
    // (Between two formats the event loop turns, in staged.add, so that an interrupt is handled.)
    for (const name of order) {
      const exporter = await loadExporter(name);
      const path = join(outDir, `${stem}.${exporter.extension}`);
      const content = await exporter.render(doc, ctx);
      mark(`${name} rendered`);
      await staged.add(path, content);
      rendered.push({ name, path });
    }
    sizes = await staged.commit();
  } catch (error) {
    staged.abort();
    throw error;
  }
  mark('outputs written');
  const written: WrittenFile[] = [];
  for (const name of names) {
    const i = rendered.findIndex((r) => r.name === name);
    const file = { format: name, path: rendered[i]!.path, bytes: sizes[i]! };
    written.push(file);
    request.onFile?.(file);
  }
  if (request.manifest || request.bundle) {
    // SHA256SUMS need node:crypto, which an export without them never loads.
    const { writeIntegrity } = await import('./integrity/index.js');
    for (const file of await writeIntegrity(doc, written, outDir, stem, request)) {
      written.push(file);
      request.onFile?.(file);
    }
  }
  return written;
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
