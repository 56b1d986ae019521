import type { Diagnostic } from '../errors.js';
import type { Content } from '../io/atomic.js';
import type { Document } from '../model/index.js';
import type { StylePreset } from '../styles/index.js';

export interface TxtOptions {
  encoding: 'utf-8' | 'gb18030';
  eol: 'lf' | 'crlf';
  bom: boolean;
  /** Hard-wrap at this many display columns (a hanzi counts 2); 0 means one line per paragraph. */
  wrap: number;
}

export interface ExportOptions {
  txt: TxtOptions;
  /** PDF/A level (1b, 2b, 2u, 3b, 3u) or undefined for a plain PDF. */
  pdfa?: string;
}

export interface ExportContext {
  preset: StylePreset;
  options: ExportOptions;
  /** Folder of the source, against which relative font paths are resolved. */
  baseDir: string;
  /** Reports something the user should know that does not stop the export (a font fallback). */
  warn: (diagnostic: Diagnostic) => void;
  /**
   * What the formats of one export share, made by whichever needs it first (the face set, the
   * text bound to faces). One map per export: a document changed between two exports is read
   * afresh.
   */
  shared?: Map<string, unknown>;
}

/** The value under `key` in `shared`, made now if it is not there; without a map, made afresh. */
export function sharedValue<T>(shared: Map<string, unknown> | undefined, key: string, make: () => T): T {
  if (!shared) return make();
  if (!shared.has(key)) shared.set(key, make());
  return shared.get(key) as T;
}

/** One output format. A new format is one folder with a default-exported Exporter plus one registry line. */
export interface Exporter {
  format: string;
  extension: string;
  description: string;
  render(doc: Document, ctx: ExportContext): Promise<Content>;
}
