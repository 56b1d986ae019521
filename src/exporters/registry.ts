/**
 * Every output format by name. Exporters are imported only when asked for, so exporting to TXT
 * never loads pdfkit or docx.
 */
import type { Exporter } from './types.js';

const loaders: Record<string, () => Promise<{ default: Exporter }>> = {
  docx: () => import('./docx/index.js'),
  pdf: () => import('./pdf/index.js'),
  txt: () => import('./txt/index.js'),
};

export const formats: readonly string[] = Object.keys(loaders);

export async function loadExporter(name: string): Promise<Exporter> {
  const load = loaders[name];
  if (!load) throw new Error(`no exporter for ${name}`);
  return (await load()).default;
}
