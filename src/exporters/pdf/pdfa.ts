/**
 * Archival PDF: what pdfkit leaves out or gets wrong, done on the PDFDocument before it ends.
 *
 * - XMP metadata written by us, from the Info dictionary as pdfkit will write it, so the two always
 *   agree (PDF/A checks that) and a title with & or < still gives well-formed XML (pdfkit
 *   interpolates it unescaped). dc:language and dc:subject are added.
 * - The file /ID is derived from the content: a fingerprint of every byte before the trailer, instead
 *   of pdfkit's hash of the Info dictionary (which was, moreover, taken when CreationDate was
 *   still the clock).
 * - The outline root gets its /Type and /Count (pdfkit writes neither).
 * - With a PDF/A level: pdfaid part and conformance in the XMP, an sRGB OutputIntent (the ICC
 *   profile pdfkit ships, version 2, so valid for every part), CIDSet for part 1 (pdfkit writes it
 *   when document.subset is 1), a check that no .notdef glyph is drawn and that every glyph has a
 *   Unicode value, and for part 3 the source attached with AFRelationship /Source.
 *
 * pdfkit's end hooks are reached through its adapter (./pdfkit.ts), which lists every internal it uses.
 */
import { fingerprintChunks } from '../../io/fingerprint.js';
import { basename } from 'node:path';
import { usageError } from '../../errors.js';
import { pdfaLevels, type PdfaLevel } from '../../model/index.js';
import { srgbProfile, type PdfKit } from './pdfkit.js';

export { pdfaLevels, type PdfaLevel };

export interface PdfaSpec {
  level: PdfaLevel;
  part: 1 | 2 | 3;
  conformance: 'B' | 'U';
}

/** The level as given (--pdfa, pdfa: in front matter), checked; undefined for a plain PDF. */
export function parsePdfaLevel(level: string | undefined): PdfaSpec | undefined {
  if (level === undefined || level === '') return undefined;
  const normal = level.trim().toLowerCase().replace(/^pdf\/a-?/, '');
  if (!(pdfaLevels as readonly string[]).includes(normal)) {
    throw usageError(`unknown PDF/A level '${level}'; levels: ${pdfaLevels.join(', ')}`);
  }
  return {
    level: normal as PdfaLevel,
    part: Number(normal[0]) as 1 | 2 | 3,
    conformance: normal[1]!.toUpperCase() as 'B' | 'U',
  };
}

/** The PDF version a part is based on: PDF/A-1 on PDF 1.4, PDF/A-2 and -3 on PDF 1.7. */
export function pdfVersionFor(spec: PdfaSpec | undefined): '1.4' | '1.7' {
  return spec?.part === 1 ? '1.4' : '1.7';
}

/** The document's source (doc.source): attached byte for byte to a PDF/A-3 file. */
export interface SourceAttachment {
  path: string;
  text: string;
  /** The raw bytes as read; the text as UTF-8 when the document was not read from a file. */
  bytes?: Uint8Array;
}

export const SOURCE_MIME = 'text/markdown';

export interface ArchivalOptions {
  /** The document's language, for dc:language. */
  lang: string;
  /** Each embedded font's glyph-to-Unicode map, for the PDF/A check. */
  unicodeMaps: () => ReadonlyArray<{ name: string; unicode: readonly (number[] | undefined)[] }>;
  /** Every byte of the file written so far (the /ID is derived from them). */
  written: () => readonly Uint8Array[];
  pdfa?: PdfaSpec;
  /** Attached for PDF/A-3 (AFRelationship /Source). */
  source?: SourceAttachment;
  /** Date of the attachment (the document date). */
  date: Date;
}

/**
 * Installs the archival behaviour on a freshly made document (before any page is drawn, after
 * its info is final). The rest happens inside pdfkit's end(): our XMP, the content-derived /ID,
 * and for PDF/A, once the fonts are written, the Unicode check, the output intent and the
 * PDF/A-3 source attachment.
 */
export function prepareArchival(pdf: PdfKit, options: ArchivalOptions): void {
  const spec = options.pdfa;
  pdf.onEnd({
    metadata: () => writeXmp(pdf, spec, options.lang),
    // Every object is written by now, the header included; the trailer (and so the /ID) comes next.
    id: () => Buffer.from(fingerprintChunks(options.written())),
    ...(spec
      ? {
          pdfaPart: spec.part,
          afterFonts: () => {
            checkUnicode(options.unicodeMaps(), spec);
            addOutputIntent(pdf);
            if (spec.part === 3 && options.source) attachSource(pdf, options.source, options.date);
          },
        }
      : {}),
  });
}

/** Our text is drawn as glyph ids, four hex digits each; 0000 is .notdef, which PDF/A forbids drawing. */
export function refuseNotdef(glyphs: readonly string[]): void {
  if (glyphs.includes('0000')) {
    throw new Error('PDF/A: a character would be drawn with the .notdef glyph (not in the font); the font coverage check should have caught it');
  }
}

// ------------------------------------------------------------------------------------ XMP

const xmlEscape = (s: string): string =>
  s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** XMP date, the same instant as pdfkit's Info date (D:YYYYMMDDHHmmssZ, UTC). */
const xmpDate = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : v instanceof String ? v.valueOf() : undefined);

export function buildXmp(info: Record<string, unknown>, lang: string | undefined, spec: PdfaSpec | undefined): string {
  const title = text(info.Title);
  const author = text(info.Author);
  const subject = text(info.Subject);
  const keywords = text(info.Keywords);
  const creator = text(info.Creator);
  const producer = text(info.Producer);
  const created = info.CreationDate instanceof Date ? info.CreationDate : undefined;
  const modified = info.ModDate instanceof Date ? info.ModDate : created;
  const alt = (v: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(v)}</rdf:li></rdf:Alt>`;
  const bag = (items: string[]) => `<rdf:Bag>${items.map((i) => `<rdf:li>${xmlEscape(i)}</rdf:li>`).join('')}</rdf:Bag>`;
  const el = (name: string, value: string | undefined, raw = false) => (value === undefined ? '' : `\n      <${name}>${raw ? value : xmlEscape(value)}</${name}>`);
  const keywordList = keywords ? keywords.split(/\s*,\s*/).filter(Boolean) : [];
  const description = (ns: string, body: string) => `\n    <rdf:Description rdf:about="" ${ns}>${body}\n    </rdf:Description>`;
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n' +
    '  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    description(
      'xmlns:dc="http://purl.org/dc/elements/1.1/"',
      el('dc:format', 'application/pdf') +
        el('dc:title', title && alt(title), true) +
        el('dc:creator', author && `<rdf:Seq><rdf:li>${xmlEscape(author)}</rdf:li></rdf:Seq>`, true) +
        el('dc:description', subject && alt(subject), true) +
        el('dc:subject', keywordList.length ? bag(keywordList) : undefined, true) +
        el('dc:language', lang ? bag([lang]) : undefined, true),
    ) +
    description(
      'xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
      el('xmp:CreatorTool', creator) +
        el('xmp:CreateDate', created && xmpDate(created)) +
        el('xmp:ModifyDate', modified && xmpDate(modified)) +
        el('xmp:MetadataDate', modified && xmpDate(modified)),
    ) +
    description('xmlns:pdf="http://ns.adobe.com/pdf/1.3/"', el('pdf:Producer', producer) + el('pdf:Keywords', keywords)) +
    (spec
      ? description(
          'xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
          el('pdfaid:part', String(spec.part)) + el('pdfaid:conformance', spec.conformance),
        )
      : '') +
    '\n  </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>'
  );
}

function writeXmp(pdf: PdfKit, spec: PdfaSpec | undefined, lang: string): void {
  if (pdf.version === 1.3) return; // PDF 1.3 has no metadata streams
  const xml = buildXmp(pdf.info, lang, spec);
  const ref = pdf.ref({ Type: 'Metadata', Subtype: 'XML' });
  ref.compress = false; // PDF/A: the metadata stream is not filtered
  ref.end(Buffer.from(xml, 'utf8'));
  pdf.catalog.Metadata = ref;
}

// ------------------------------------------------------------------------------------ PDF/A

function addOutputIntent(pdf: PdfKit): void {
  const profile = srgbProfile();
  const profileRef = pdf.ref({ N: 3 });
  profileRef.end(profile);
  const intent = pdf.ref({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    Info: new String('sRGB IEC61966-2.1'),
    OutputConditionIdentifier: new String('sRGB IEC61966-2.1'),
    RegistryName: new String('http://www.color.org'),
    DestOutputProfile: profileRef,
  });
  intent.end();
  pdf.catalog.OutputIntents = [intent];
}

/** Every glyph drawn has a Unicode value in the ToUnicode map (PDF/A-2u/3u; good for every level). */
function checkUnicode(fonts: ReturnType<ArchivalOptions['unicodeMaps']>, spec: PdfaSpec): void {
  for (const font of fonts) {
    font.unicode.forEach((codePoints, gid) => {
      if (gid === 0 || codePoints === undefined) return;
      const bad = codePoints.length === 0 || codePoints.some((c) => c === 0 || c === 0xfffe || c === 0xffff || (c >= 0xd800 && c <= 0xdfff));
      if (bad) throw new Error(`PDF/A-${spec.level}: glyph ${gid} of ${font.name} has no Unicode value`);
    });
  }
}

function attachSource(pdf: PdfKit, source: SourceAttachment, date: Date): void {
  pdf.attach(source.bytes ?? Buffer.from(source.text, 'utf8'), {
    name: basename(source.path),
    type: SOURCE_MIME,
    relationship: 'Source',
    description: 'Source document this PDF was made from',
    date,
  });
}
