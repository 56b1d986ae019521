import type { Content } from '../io/atomic.js';
import type { PreparedDocument, TypesetDocument } from '../prepare/index.js';

export interface TxtOptions {
  encoding: 'utf-8' | 'gb18030';
  eol: 'lf' | 'crlf';
  bom: boolean;
  /** Hard-wrap at this many display columns (a hanzi counts 2); 0 means one line per paragraph. Table cells wrap inside their columns. */
  wrap: number;
  /** Tables as GFM pipe tables ('pipe') or drawn with box-drawing characters ('box'). */
  table: 'pipe' | 'box';
}

export interface ExportOptions {
  txt: TxtOptions;
  /** PDF/A level (1b, 2b, 2u, 3b, 3u) or undefined for a plain PDF. */
  pdfa?: string;
}

/**
 * One output format: a folder with a default-exported Exporter, plus one line in registry.ts.
 * Exporters never import each other; what formats share is made in the prepared stage
 * (src/prepare). A format that sets type gets the typeset document (fonts bound, styled blocks,
 * font plan); one that writes text gets the prepared document alone, and an export to it alone
 * never opens a font.
 */
export type Exporter =
  | (ExporterInfo & { typesets: true; render(doc: TypesetDocument): Promise<Content> })
  | (ExporterInfo & { typesets: false; render(doc: PreparedDocument): Promise<Content> });

interface ExporterInfo {
  format: string;
  extension: string;
  description: string;
}
