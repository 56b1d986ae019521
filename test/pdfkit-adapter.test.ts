/**
 * The pdfkit adapter (src/exporters/pdf/pdfkit.ts) relies on private members of pdfkit 0.20. If an
 * upgrade renames or drops one, these tests fail with its name and what it was used for, instead
 * of the PDFs silently breaking.
 */
import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDFKIT_FONT_INTERNALS, PDFKIT_INTERNALS, PdfKit, type FinalizedFont } from '../src/exporters/pdf/pdfkit.js';
import { resolveFaces, openFace } from '../src/fonts/index.js';
import { readPdf } from './helpers/pdf.js';

const require = createRequire(import.meta.url);

/** The kind of a member as the adapter expects it, on a document at the state the kind names. */
function kindOf(name: string, expected: string): string {
  const doc = new PDFDocument({ autoFirstPage: false, font: null as unknown as string }) as unknown as Record<string, unknown>;
  if (expected === 'object-after-page') (doc as unknown as PDFKit.PDFDocument).addPage();
  if (expected === 'object-after-font') {
    const face = resolveFaces(undefined).fang.regular; // a CFF face: pdfkit embeds it itself
    (doc as unknown as PDFKit.PDFDocument).registerFont('F', openFace(face).bytes).font('F');
  }
  const value = doc[name];
  return value === null ? 'null' : typeof value;
}

describe('pdfkit internals the adapter uses', () => {
  it('is the pdfkit line the adapter was checked against (0.20)', () => {
    const { version } = JSON.parse(readFileSync(join(dirname(require.resolve('pdfkit')), '..', 'package.json'), 'utf8')) as { version: string };
    expect(version, `pdfkit ${version} is installed; the adapter was checked against 0.20.x: check every member in PDFKIT_INTERNALS`).toMatch(/^0\.20\./);
  });

  for (const [name, expected] of Object.entries(PDFKIT_INTERNALS)) {
    it(`PDFDocument has ${name}`, () => {
      const want = expected.replace(/-after-.*$/, '').replace(/^undefined-unless-subset$/, 'undefined');
      expect(kindOf(name, expected), `pdfkit's PDFDocument.${name} is not a ${want} any more: the adapter (src/exporters/pdf/pdfkit.ts) uses it`).toBe(want);
    });
  }

  it("a page's resources have the font and XObject dictionaries the adapter adds to", () => {
    const doc = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
    doc.addPage();
    const page = (doc as unknown as { page: { fonts: unknown; xobjects: unknown } }).page;
    expect(typeof page.fonts, "pdfkit's page.fonts is not an object any more: the adapter adds fonts there").toBe('object');
    expect(typeof page.xobjects, "pdfkit's page.xobjects is not an object any more: the adapter adds image XObjects there").toBe('object');
  });

  it('a font pdfkit embeds has the members the adapter reads', () => {
    const doc = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
    doc.registerFont('F', openFace(resolveFaces(undefined).fang.regular).bytes).font('F');
    const font = (doc as unknown as { _font: Record<string, unknown> })._font;
    for (const [name, kind] of Object.entries(PDFKIT_FONT_INTERNALS)) {
      expect(typeof font[name], `pdfkit's font object has no ${kind} ${name} any more: the adapter uses it`).toBe(kind);
    }
  });

  it('end() finalizes our fonts, then calls the PDF/A hook, the metadata hook and the /ID hook, in that order', async () => {
    const calls: string[] = [];
    const pdf = new PdfKit({ width: 595, height: 842, lang: 'zh-CN', pdfVersion: '1.7', info: { Title: '标题' }, date: new Date('2026-01-02T00:00:00Z') });
    const font: FinalizedFont = { finalize: () => calls.push('font') };
    pdf.finalizeAtEnd('W1', font);
    const id = Buffer.from('0123456789abcdef');
    pdf.onEnd({
      metadata: () => calls.push('metadata'),
      id: () => (calls.push('id'), id),
      pdfaPart: 2,
      afterFonts: () => calls.push('afterFonts'),
    });
    pdf.addPage(595, 842);
    pdf.completeOutlineRoot();
    const bytes = Buffer.concat(pdf.finish());
    expect(calls).toEqual(['font', 'afterFonts', 'metadata', 'id']);
    expect(bytes.toString('latin1')).toContain(`/ID [<${id.toString('hex')}> <${id.toString('hex')}>]`);
    // The bytes captured from _write and push are a whole PDF.
    expect((await readPdf(bytes)).pages).toHaveLength(1);
  });
});
