/**
 * The OPC package around the parts: content types, relationships, settings, font table, document
 * properties, and a zip written with fixed timestamps in a fixed order, so the same document gives
 * the same bytes on any machine, in any time zone.
 */
import { zip } from '../../io/zip.js';
import type { Document } from '../../model/index.js';
import type { FontFamilyEntry } from './embed.js';
import { hex8 } from './signature.js';
import { ordered } from './schema.js';
import { el, escapeText as esc, NS, XML_DECLARATION } from './xml.js';

const REL = NS.relType;

/** Parts beyond the styles and footers: images by type, footnotes, numbering. */
export interface ExtraParts {
  media?: ReadonlyArray<'png' | 'jpeg'>;
  footnotes?: boolean;
  numbering?: boolean;
}

export function contentTypesXml(footers: number, extra: ExtraParts = {}): string {
  const wml = 'application/vnd.openxmlformats-officedocument.wordprocessingml';
  const override = (part: string, type: string) => el('Override', { PartName: part, ContentType: type });
  return el(
    'Types',
    { xmlns: NS.ct },
    el('Default', { Extension: 'rels', ContentType: 'application/vnd.openxmlformats-package.relationships+xml' }),
    el('Default', { Extension: 'xml', ContentType: 'application/xml' }),
    el('Default', { Extension: 'odttf', ContentType: 'application/vnd.openxmlformats-officedocument.obfuscatedFont' }),
    ...(extra.media ?? []).map((t) => el('Default', { Extension: t, ContentType: `image/${t}` })),
    override('/word/document.xml', `${wml}.document.main+xml`),
    override('/word/styles.xml', `${wml}.styles+xml`),
    override('/word/settings.xml', `${wml}.settings+xml`),
    override('/word/fontTable.xml', `${wml}.fontTable+xml`),
    ...Array.from({ length: footers }, (_, i) => override(`/word/footer${i + 1}.xml`, `${wml}.footer+xml`)),
    extra.footnotes && override('/word/footnotes.xml', `${wml}.footnotes+xml`),
    extra.numbering && override('/word/numbering.xml', `${wml}.numbering+xml`),
    override('/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml'),
    override('/docProps/app.xml', 'application/vnd.openxmlformats-officedocument.extended-properties+xml'),
  );
}

export function relationshipsXml(rels: ReadonlyArray<{ id: string; type: string; target: string; external?: boolean }>): string {
  return el('Relationships', { xmlns: NS.rels }, ...rels.map((r) => el('Relationship', { Id: r.id, Type: r.type, Target: r.target, ...(r.external ? { TargetMode: 'External' } : {}) })));
}

export const packageRels = () =>
  relationshipsXml([
    { id: 'rId1', type: `${REL}/officeDocument`, target: 'word/document.xml' },
    { id: 'rId2', type: 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', target: 'docProps/core.xml' },
    { id: 'rId3', type: `${REL}/extended-properties`, target: 'docProps/app.xml' },
  ]);

/** document.xml's relationships: the fixed parts, the footers, then `extra` (footnotes, numbering, images, links). */
export function documentRels(footers: number, extra: ReadonlyArray<{ id: string; type: string; target: string; external?: boolean }> = []): string {
  return relationshipsXml([
    { id: 'rId1', type: `${REL}/styles`, target: 'styles.xml' },
    { id: 'rId2', type: `${REL}/settings`, target: 'settings.xml' },
    { id: 'rId3', type: `${REL}/fontTable`, target: 'fontTable.xml' },
    ...Array.from({ length: footers }, (_, i) => ({ id: `rIdFooter${i + 1}`, type: `${REL}/footer`, target: `footer${i + 1}.xml` })),
    ...extra,
  ]);
}

/**
 * The font table: one entry per embedded family, with its signature (Unicode ranges and the
 * GB2312 code page, charset 86) and one w:embedRegular / w:embedBold per face.
 */
export function fontTableXml(families: readonly FontFamilyEntry[]): { xml: string; rels: string } {
  const rels: Array<{ id: string; type: string; target: string }> = [];
  const entries = families.map((fam) => {
    const embeds = fam.fonts.map((f) => {
      const id = `rId${rels.length + 1}`;
      rels.push({ id, type: `${REL}/font`, target: `fonts/${f.file}` });
      return el(`w:embed${f.slot}`, { 'r:id': id, 'w:fontKey': f.key, 'w:subsetted': '1' });
    });
    const s = fam.signature;
    return ordered(
      'w:font',
      { 'w:name': fam.family },
      s.panose && el('w:panose1', { 'w:val': s.panose }),
      el('w:charset', { 'w:val': '86' }),
      el('w:family', { 'w:val': 'auto' }),
      // PostScript outlines (FandolFang): declared, since the element is named embedTrueTypeFonts.
      fam.fonts.some((f) => f.cff) && el('w:notTrueType'),
      el('w:pitch', { 'w:val': 'variable' }),
      el('w:sig', {
        'w:usb0': hex8(s.usb[0]),
        'w:usb1': hex8(s.usb[1]),
        'w:usb2': hex8(s.usb[2]),
        'w:usb3': hex8(s.usb[3]),
        'w:csb0': hex8(s.csb[0]),
        'w:csb1': hex8(s.csb[1]),
      }),
      ...embeds,
    );
  });
  return { xml: el('w:fonts', { 'xmlns:w': NS.w, 'xmlns:r': NS.r }, ...entries), rels: relationshipsXml(rels) };
}

/**
 * settings.xml: fonts embedded (and marked as subsets, so Word does not offer to re-embed whole
 * files), punctuation compression as Chinese Word sets it, different odd/even footers when the
 * page number sits on the outside edge. Elements follow the schema's order (Word is strict).
 */
export function settingsXml(options: { evenAndOdd: boolean; tabStop: number; lang: string; footnotes?: string }): string {
  return ordered(
    'w:settings',
    { 'xmlns:w': NS.w },
    el('w:embedTrueTypeFonts'),
    el('w:saveSubsetFonts'),
    el('w:defaultTabStop', { 'w:val': options.tabStop }),
    options.evenAndOdd && el('w:evenAndOddHeaders'),
    el('w:characterSpacingControl', { 'w:val': 'compressPunctuation' }),
    options.footnotes,
    // doNotExpandShiftReturn: a line ended by a hard break (Shift+Enter) in a justified paragraph is
    // not spread to the full width, in Word and LibreOffice alike (联系电话：… before a break was).
    ordered(
      'w:compat',
      {},
      el('w:doNotExpandShiftReturn'),
      el('w:compatSetting', { 'w:name': 'compatibilityMode', 'w:uri': 'http://schemas.microsoft.com/office/word', 'w:val': '15' }),
    ),
    el('w:themeFontLang', { 'w:val': 'en-US', 'w:eastAsia': options.lang }),
  );
}

export function corePropsXml(doc: Document, date: Date): string {
  const m = doc.meta;
  const w3c = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return el(
    'cp:coreProperties',
    {
      'xmlns:cp': 'http://schemas.openxmlformats.org/package/2006/metadata/core-properties',
      'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      'xmlns:dcterms': 'http://purl.org/dc/terms/',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    },
    el('dc:title', {}, esc(m.title)),
    m.subject && el('dc:subject', {}, esc(m.subject)),
    // The author, else the byline: the same as the PDF's /Author.
    (m.author ?? m.byline) && el('dc:creator', {}, esc((m.author ?? m.byline)!)),
    m.keywords.length > 0 && el('cp:keywords', {}, esc(m.keywords.join('; '))),
    el('dc:language', {}, esc(m.lang)),
    el('dcterms:created', { 'xsi:type': 'dcterms:W3CDTF' }, w3c),
    el('dcterms:modified', { 'xsi:type': 'dcterms:W3CDTF' }, w3c),
  );
}

export const appPropsXml = () =>
  el('Properties', { xmlns: 'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties' }, el('Application', {}, 'wenshu'));

/** A part's content: XML text, bytes, or bytes with their compressed form (an embedded font). */
export type PartContent = string | Uint8Array | { data: Uint8Array; deflated?: Uint8Array };

/** Zips the parts in the order given, every entry stamped with `date` (1980-01-01 when none). */
export function zipParts(parts: ReadonlyArray<[string, PartContent]>, date: Date | undefined): Uint8Array {
  const entries = parts.map(([name, content]) =>
    typeof content === 'string'
      ? { name, data: Buffer.from(XML_DECLARATION + content, 'utf8') }
      : content instanceof Uint8Array
        ? { name, data: content }
        : { name, ...content },
  );
  return zip(entries, { date: date ?? new Date(Date.UTC(1980, 0, 1)) });
}
