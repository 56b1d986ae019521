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
 * pdfkit is used through a few of its internal methods (end hooks, _write/push, _finalize); they
 * are listed in PdfKitInternals so an upgrade that changes them fails to type-check or in tests.
 */
import { fingerprintChunks } from '../../io/fingerprint.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { usageError } from '../../errors.js';
import { pdfaLevels, type PdfaLevel } from '../../model/index.js';

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
  /** Every byte of the file written so far (the /ID is derived from them). */
  written: () => readonly Uint8Array[];
  pdfa?: PdfaSpec;
  /** Attached for PDF/A-3 (AFRelationship /Source). */
  source?: SourceAttachment;
  /** Date of the attachment (the document date). */
  date: Date;
}

/** The parts of pdfkit's document we use that its typings do not declare. */
interface PdfKitInternals {
  info: Record<string, unknown>;
  version: number;
  options: { lang?: string };
  subset?: number;
  _id: Uint8Array;
  _root: { data: Record<string, unknown> };
  _fontFamilies: Record<string, { unicode?: number[][]; name?: string; widths?: unknown[] }>;
  outline: PdfKitOutline;
  push(chunk: Uint8Array | null): boolean;
  ref(data?: Record<string, unknown>): PdfKitRef;
  file(src: Uint8Array, options: Record<string, unknown>): unknown;
  addContent(data: string): unknown;
  endOutline(): void;
  endSubset?: () => void;
  endMetadata(): void;
  _finalize(): void;
}

interface PdfKitRef {
  data: Record<string, unknown>;
  compress: boolean;
  end(chunk?: Uint8Array | string): void;
}

interface PdfKitOutline {
  options: { expanded?: boolean };
  outlineData: Record<string, unknown>;
  children: PdfKitOutline[];
}

const require = createRequire(import.meta.url);

let icc: Buffer | undefined;
/** sRGB IEC61966-2.1, ICC version 2, as shipped inside the pdfkit package (no download). */
export function srgbProfile(): Buffer {
  icc ??= readFileSync(join(dirname(require.resolve('pdfkit')), 'data', 'sRGB_IEC61966_2_1.icc'));
  return icc;
}

/**
 * Installs the archival behaviour on a freshly made PDFDocument (before any page is drawn, after
 * its info is final). Everything else happens inside pdfkit's end().
 */
export function prepareArchival(document: PDFKit.PDFDocument, options: ArchivalOptions): void {
  const pdf = document as unknown as PdfKitInternals;
  contentDerivedId(pdf, options.written);
  fixOutlineRoot(pdf);
  pdf.endMetadata = () => writeXmp(pdf, options.pdfa);

  const spec = options.pdfa;
  if (!spec) return;
  refuseNotdef(pdf);
  // pdfkit writes a CIDSet into each font descriptor when subset is 1 (PDF/A-1 requires it; in
  // later parts it is optional) and calls endSubset after the fonts are written.
  pdf.subset = spec.part;
  pdf.endSubset = () => {
    checkUnicode(pdf, spec);
    addOutputIntent(pdf);
    if (spec.part === 3 && options.source) attachSource(pdf, options.source, options.date);
  };
}

// ------------------------------------------------------------------------------------ /ID

function contentDerivedId(pdf: PdfKitInternals, written: () => readonly Uint8Array[]): void {
  const finalize = pdf._finalize.bind(pdf);
  pdf._finalize = () => {
    // Every object is written by now, the header included; the trailer (and so the /ID) comes next.
    pdf._id = Buffer.from(fingerprintChunks(written()));
    finalize();
  };
}

// ------------------------------------------------------------------------------------ outline

/** Number of visible descendants: an open item shows its children. */
function visibleCount(item: PdfKitOutline): number {
  return item.children.reduce((n, child) => n + 1 + (child.options?.expanded ? visibleCount(child) : 0), 0);
}

function fixOutlineRoot(pdf: PdfKitInternals): void {
  const endOutline = pdf.endOutline.bind(pdf);
  pdf.endOutline = () => {
    const root = pdf.outline;
    if (root.children.length > 0) {
      root.outlineData.Type = 'Outlines';
      root.outlineData.Count = visibleCount(root);
    }
    endOutline();
  };
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

function writeXmp(pdf: PdfKitInternals, spec: PdfaSpec | undefined): void {
  if (pdf.version === 1.3) return; // PDF 1.3 has no metadata streams
  const xml = buildXmp(pdf.info, pdf.options.lang, spec);
  const ref = pdf.ref({ Type: 'Metadata', Subtype: 'XML' });
  ref.compress = false; // PDF/A: the metadata stream is not filtered
  ref.end(Buffer.from(xml, 'utf8'));
  pdf._root.data.Metadata = ref;
}

// ------------------------------------------------------------------------------------ PDF/A

function addOutputIntent(pdf: PdfKitInternals): void {
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
  pdf._root.data.OutputIntents = [intent];
}

/** Our text is drawn as glyph ids, four hex digits each; 0000 is .notdef. */
function refuseNotdef(pdf: PdfKitInternals): void {
  const addContent = pdf.addContent.bind(pdf);
  pdf.addContent = (data: string) => {
    if (/\bTJ\b/.test(data)) {
      for (const m of data.matchAll(/<([0-9a-fA-F]+)>/g)) {
        const hex = m[1]!;
        if (hex.length % 4 === 0 && (hex.match(/.{4}/g) ?? ([] as string[])).includes('0000')) {
          throw new Error('PDF/A: a character would be drawn with the .notdef glyph (not in the font); the font coverage check should have caught it');
        }
      }
    }
    return addContent(data);
  };
}

/** Every glyph drawn has a Unicode value in the ToUnicode map (PDF/A-2u/3u; good for every level). */
function checkUnicode(pdf: PdfKitInternals, spec: PdfaSpec): void {
  for (const font of Object.values(pdf._fontFamilies ?? {})) {
    const unicode = font.unicode;
    if (!unicode) continue;
    unicode.forEach((codePoints, gid) => {
      if (gid === 0 || codePoints === undefined) return;
      const bad = codePoints.length === 0 || codePoints.some((c) => c === 0 || c === 0xfffe || c === 0xffff || (c >= 0xd800 && c <= 0xdfff));
      if (bad) throw new Error(`PDF/A-${spec.level}: glyph ${gid} of ${font.name ?? 'a font'} has no Unicode value`);
    });
  }
}

function attachSource(pdf: PdfKitInternals, source: SourceAttachment, date: Date): void {
  pdf.file(source.bytes ?? Buffer.from(source.text, 'utf8'), {
    name: basename(source.path),
    type: SOURCE_MIME,
    relationship: 'Source',
    description: 'Source document this PDF was made from',
    creationDate: date,
    modifiedDate: date,
  });
}
