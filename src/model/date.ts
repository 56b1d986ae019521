import type { Document } from './index.js';

/**
 * With no date in the document and no SOURCE_DATE_EPOCH, files are stamped with this fixed date
 * (the zip epoch) rather than the clock, so that the same source
 * always gives the same bytes. Documented in the README.
 */
export const UNDATED = new Date('1980-01-01T00:00:00Z');

/**
 * The date stamped into output files: the document's own date, else SOURCE_DATE_EPOCH (the
 * reproducible-builds convention), else UNDATED. Never the clock.
 */
export function documentDate(doc: Document, env: NodeJS.ProcessEnv = process.env): Date {
  if (doc.meta.date) return new Date(`${doc.meta.date}T00:00:00Z`);
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return UNDATED;
}
