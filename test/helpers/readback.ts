/**
 * The text each format gives back: the PDF through pdf.js, the DOCX from its XML, the TXT as
 * bytes. Shared by the loss and fuzz tests.
 */
import { strFromU8, unzipSync } from 'fflate';
import { readPdf } from './pdf.js';

export async function readBack(format: string, bytes: Uint8Array): Promise<string> {
  if (format === 'pdf') return (await readPdf(bytes)).pages.map((p) => p.text).join('');
  if (format === 'docx') {
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
    return xml
      .replace(/<w:tab\/>/g, ' ')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  }
  return new TextDecoder().decode(bytes);
}

/** Text without white space, for comparing what a format shows with what the source says. */
export const solid = (s: string): string => s.replace(/\s+/g, '');
