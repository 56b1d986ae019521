/**
 * Every output format by name. Exporters are imported only when asked for, so exporting to TXT
 * never loads pdfkit or docx.
 */
import type { Exporter } from './types.js';

const loaders: Record<string, () => Promise<{ default: Exporter }>> = {
  pdf: () => import('./pdf/index.js'),
  txt: () => import('./txt/index.js'),
};

/** Formats that are planned but not built yet: asking for them is a clear usage error. */
const planned: Record<string, string> = {
  docx: 'DOCX export is not available yet',
};

export const formats: readonly string[] = Object.keys(loaders);

export function plannedFormat(name: string): string | undefined {
  return planned[name];
}

export async function loadExporter(name: string): Promise<Exporter> {
  const load = loaders[name];
  if (!load) throw new Error(`no exporter for ${name}`);
  return (await load()).default;
}
