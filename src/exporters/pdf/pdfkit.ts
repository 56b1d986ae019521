/**
 * pdfkit, behind one door. The PDF exporter uses pdfkit as a PDF object writer (objects, pages,
 * the structure tree, the outline, file attachments, CFF fonts through fontkit) and does its own
 * text layout and TrueType font embedding. This is the only module that imports pdfkit or touches
 * its internals: the rest of src/exporters/pdf speaks to `PdfKit`.
 *
 * pdfkit's public API does not offer everything we need. Each private member used is listed in
 * `PDFKIT_INTERNALS` with why, and test/pdfkit-adapter.test.ts checks every one of them on the
 * installed pdfkit, so an upgrade that renames or drops one fails there with its name, not as a
 * broken PDF. package.json pins pdfkit to the 0.20 line (~0.20.2) until this is checked against a
 * newer one.
 */
import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ByteBlocks } from '../../io/blocks.js';

const require = createRequire(import.meta.url);

/** sRGB IEC61966-2.1, ICC version 2, as shipped inside the pdfkit package (no download): PDF/A's output intent. */
export function srgbProfile(): Buffer {
  return readFileSync(join(dirname(require.resolve('pdfkit')), 'data', 'sRGB_IEC61966_2_1.icc'));
}

/** A pdfkit indirect object: its dictionary, and `end` to write it (with a stream, if given). */
export interface PdfRef {
  data: Record<string, unknown>;
  compress: boolean;
  end(chunk?: Uint8Array | string): void;
}

/** A font pdfkit embeds itself (CFF faces, through fontkit): its resource name and glyph encoding. */
export interface PdfKitFont {
  id: string;
  /** Its PostScript name. */
  name: string;
  /** Per glyph id of its subset, the code points drawn with it (what pdfkit writes as ToUnicode). */
  unicode: number[][];
  ref(): unknown;
  encode(text: string): [string[], Array<{ xAdvance: number; advanceWidth: number }>];
}

/** A font object of ours that pdfkit's end() finalizes with its own (see `_fontFamilies`). */
export interface FinalizedFont {
  finalize(): void;
}

/**
 * pdfkit 0.20's private members that we use, and why. The adapter test asserts each is there with
 * the kind given.
 */
export const PDFKIT_INTERNALS = {
  /** Output: the document writes every line of PDF syntax through `_write`; we take it straight into byte blocks (see `captureOutput`). */
  _write: 'function',
  /** Output: the byte offset of the next object, which `_write` must keep for the cross-reference table. */
  _offset: 'number',
  /** Output: the Readable side; `push(null)` marks the end of the file, and the header waits there before we take over. */
  push: 'function',
  /** The current font after `font(name)`: the only way to reach the encoder of a font pdfkit embeds (our CFF faces). */
  _font: 'object-after-font',
  /** The fonts pdfkit finalizes (embeds) in end(): ours join them, so they are written where pdfkit writes fonts. */
  _fontFamilies: 'object',
  /**
   * The current page's font and XObject resources (`page.fonts`, `page.xobjects`): our TrueType
   * subsets and image XObjects are added there by reference as a page first uses them. Images are
   * ours, not pdfkit's image(): it decodes interlaced and transparent PNGs asynchronously (they
   * would land after our synchronous end), inverts every CMYK JPEG (only Adobe's are stored
   * inverted), and cannot flatten transparency for PDF/A-1.
   */
  page: 'object-after-page',
  /** The catalog's dictionary: for the XMP metadata stream and the PDF/A output intent. */
  _root: 'object',
  /** The file identifier written in the trailer: we set it from the content (pdfkit hashes only the Info dictionary). */
  _id: 'object',
  /** Writes the trailer: replaced to set `_id` once every other byte is written. */
  _finalize: 'function',
  /** Writes pdfkit's XMP, which interpolates the title unescaped: replaced by ours. */
  endMetadata: 'function',
  /** Called in end() after the fonts when `subset` is set: where the PDF/A additions go. */
  endSubset: 'undefined-unless-subset',
  /** PDF/A part: makes pdfkit write a CIDSet for the fonts it embeds (PDF/A-1) and call endSubset. */
  subset: 'undefined-unless-subset',
  /** The outline root's dictionary and children: pdfkit writes neither /Type nor /Count for the root. */
  outline: 'object',
} as const;

/** Members of the font objects of `_font` (pdfkit's EmbeddedFont) that we use, likewise checked. */
export const PDFKIT_FONT_INTERNALS = {
  /** Text → glyph ids and positions, shaped by fontkit: how a CFF face's text is drawn. */
  encode: 'function',
  /** Glyph id → code points, which pdfkit writes as the ToUnicode map: the PDF/A check reads it. */
  unicode: 'object',
  /** The PostScript name, for messages. */
  name: 'string',
  /** The font dictionary, for the page's resources. */
  ref: 'function',
  /** Its resource name (F1, F2 …). */
  id: 'string',
} as const;

export interface PdfKitOptions {
  width: number;
  height: number;
  lang: string;
  pdfVersion: '1.4' | '1.7';
  /** The Info dictionary's text entries. */
  info: Record<string, string>;
  /** Its CreationDate and ModDate. */
  date: Date;
}

interface Internals {
  _write(data: string | Uint8Array): void;
  _offset: number;
  push(chunk: Uint8Array | null): boolean;
  read(): Buffer | null;
  _font: PdfKitFont;
  _fontFamilies: Record<string, unknown>;
  page: { fonts: Record<string, unknown>; xobjects: Record<string, unknown> };
  _root: { data: Record<string, unknown> };
  _id: Uint8Array;
  _finalize(): void;
  endMetadata(): void;
  endSubset?: () => void;
  subset?: number;
  outline: PdfKitOutline;
  info: Record<string, unknown>;
  version: number;
  ref(data?: Record<string, unknown>): PdfRef;
}

interface PdfKitOutline {
  options: { expanded?: boolean };
  outlineData: Record<string, unknown>;
  children: PdfKitOutline[];
}

export class PdfKit {
  private readonly doc: PDFKit.PDFDocument;
  private readonly internals: Internals;
  private readonly output: ByteBlocks;
  private ended = false;

  constructor(options: PdfKitOptions) {
    this.doc = new PDFDocument({
      size: [options.width, options.height],
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      autoFirstPage: false,
      // No default font: pdfkit would parse Helvetica's metrics (~4 ms) for a font we never draw.
      font: null as unknown as string,
      tagged: true,
      lang: options.lang,
      displayTitle: true,
      pdfVersion: options.pdfVersion,
      compress: true,
      info: options.info as PDFKit.DocumentInfo,
    });
    this.internals = this.doc as unknown as Internals;
    // Dates come from the document or SOURCE_DATE_EPOCH, never the clock (byte-identical builds):
    // pdfkit sets them to now in its constructor.
    this.internals.info.CreationDate = this.internals.info.ModDate = options.date;
    this.output = this.captureOutput();
  }

  /**
   * Each line of PDF syntax pdfkit writes goes straight into blocks of a megabyte, as Latin-1
   * (pdfkit made a small array of every line, a character at a time, and pushed it through its
   * Readable stream, where every piece would wait with its overhead until the stream is read).
   */
  private captureOutput(): ByteBlocks {
    const out = new ByteBlocks();
    const pdf = this.internals;
    // The constructor has written the header already: it waits in the stream.
    const header = pdf.read();
    if (header) out.write(header);
    pdf._write = (data) => {
      if (typeof data === 'string') {
        out.writeLatin1(data);
        out.writeLatin1('\n');
        pdf._offset += data.length + 1;
      } else {
        out.write(data);
        pdf._offset += data.length;
      }
    };
    const push = pdf.push.bind(pdf);
    pdf.push = (chunk) => {
      if (chunk !== null) {
        out.write(chunk);
        return true;
      }
      this.ended = true;
      return push(null);
    };
    return out;
  }

  /** Every byte written so far. */
  written(): Uint8Array[] {
    return this.output.written();
  }

  /** Ends the document (fonts, outline, metadata, trailer: all synchronous) and hands over its bytes. */
  finish(): Uint8Array[] {
    this.doc.end();
    if (!this.ended) throw new Error('pdfkit did not finish the document');
    return this.output.finish();
  }

  // ---------------------------------------------------------------- pages and content

  addPage(width: number, height: number): void {
    this.doc.addPage({ size: [width, height], margins: { top: 0, bottom: 0, left: 0, right: 0 } });
  }

  /** Raw content stream operators for the current page (pdfkit ends each piece with a newline). */
  addContent(operators: string): void {
    this.doc.addContent(operators);
  }

  // ---------------------------------------------------------------- structure and outline

  /** A structure element (P, H1, LI …) to fill with marked content and end after the last page. */
  struct(tag: string): PDFKit.PDFStructureElement {
    return this.doc.struct(tag);
  }

  addStructure(element: PDFKit.PDFStructureElement): void {
    this.doc.addStructure(element);
  }

  markStructureContent(tag: string): PDFKit.PDFStructureContent {
    return this.doc.markStructureContent(tag);
  }

  /** The structure tree's RoleMap: each own structure type and the standard type it stands for. */
  roleMap(map: Record<string, string>): void {
    // pdfkit's types give the root's dictionary no RoleMap; it writes whatever the dictionary holds.
    const root = this.doc.getStructTreeRoot() as unknown as { data: Record<string, unknown> };
    root.data.RoleMap = map;
  }

  /** A structure element with a title (/T): which 公文 element it is (主送机关, 版记 …). */
  structWithTitle(tag: string, title: string): PDFKit.PDFStructureElement {
    return this.doc.struct(tag, { title } as PDFKit.Mixins.StructureElementOptions);
  }

  /** A structure element with alternate text (a Figure's /Alt). */
  structWithAlt(tag: string, alt: string): PDFKit.PDFStructureElement {
    return this.doc.struct(tag, { alt } as PDFKit.Mixins.StructureElementOptions);
  }

  // ---------------------------------------------------------------- images, links, destinations

  /** Writes an image XObject now: its dictionary and its (already encoded, or raw to be deflated) data. */
  imageObject(data: Record<string, unknown>, stream: Uint8Array): PdfRef {
    const ref = this.internals.ref({ Type: 'XObject', Subtype: 'Image', ...data });
    ref.end(stream);
    return ref;
  }

  /** An indirect stream object (a palette), written now. */
  streamObject(stream: Uint8Array): PdfRef {
    const ref = this.internals.ref();
    ref.end(stream);
    return ref;
  }

  /** Puts an XObject in the current page's resources (once per page). */
  useXObjectOnPage(name: string, ref: PdfRef): void {
    const xobjects = this.internals.page.xobjects;
    if (xobjects[name] == null) xobjects[name] = ref;
  }

  /** A named destination at (left, top) of the current page, from its top left corner. */
  addNamedDestination(name: string, left: number, top: number): void {
    this.doc.addNamedDestination(name, 'XYZ', left, top, null);
  }

  /**
   * A link annotation over a box of the current page (from its top left corner), to a web address or
   * a named destination, as the content of the structure element `link` (its OBJR; pdfkit gives the
   * annotation its /StructParent). The element must have its parent already, so that it is written
   * with this page.
   */
  linkAnnotation(box: { x: number; y: number; width: number; height: number }, target: { uri: string } | { destination: string }, link: PDFKit.PDFStructureElement, contents: string): void {
    const options = { structParent: link, Contents: new String(contents) } as unknown as PDFKit.Mixins.AnnotationOption;
    if ('uri' in target) this.doc.link(box.x, box.y, box.width, box.height, target.uri, options);
    else this.doc.goTo(box.x, box.y, box.width, box.height, target.destination, options);
  }

  markArtifact(type: 'Pagination' | 'Layout'): void {
    this.doc.markContent('Artifact', { type });
  }

  endMarkedContent(): void {
    this.doc.endMarkedContent();
  }

  /** An outline entry on the current page; `left` and `top` from the page's top left corner. */
  addOutlineItem(parent: PDFKit.PDFOutline | undefined, title: string, target: { left: number; top: number; expanded?: boolean }, pageWidth: number): PDFKit.PDFOutline {
    // pdfkit takes the destination's left measured from the right edge.
    const options = { top: target.top, left: pageWidth - target.left, ...(target.expanded ? { expanded: true } : {}) } as { expanded?: boolean };
    return (parent ?? this.doc.outline).addItem(title, options);
  }

  /** The outline root gets /Type /Outlines and its /Count (pdfkit writes neither). Call before `finish`. */
  completeOutlineRoot(): void {
    const root = this.internals.outline;
    if (root.children.length === 0) return;
    const visible = (item: PdfKitOutline): number => item.children.reduce((n, child) => n + 1 + (child.options?.expanded ? visible(child) : 0), 0);
    root.outlineData.Type = 'Outlines';
    root.outlineData.Count = visible(root);
  }

  // ---------------------------------------------------------------- objects

  ref(data?: Record<string, unknown>): PdfRef {
    return this.internals.ref(data);
  }

  /** The catalog's dictionary. */
  get catalog(): Record<string, unknown> {
    return this.internals._root.data;
  }

  get info(): Record<string, unknown> {
    return this.internals.info;
  }

  get version(): number {
    return this.internals.version;
  }

  /** Attaches a file (PDF/A-3 source) as an embedded file with its relationship. */
  attach(bytes: Uint8Array, options: { name: string; type: string; relationship: string; description: string; date: Date }): void {
    this.doc.file(Buffer.from(bytes), {
      name: options.name,
      type: options.type,
      relationship: options.relationship,
      description: options.description,
      creationDate: options.date,
      modifiedDate: options.date,
    } as PDFKit.Mixins.PDFAttachmentOptions);
  }

  // ---------------------------------------------------------------- fonts

  /** A CFF face handed to pdfkit, which shapes and subsets it with fontkit: its encoder. */
  pdfkitFont(name: string, bytes: Uint8Array): PdfKitFont {
    this.doc.registerFont(name, Buffer.from(bytes));
    this.doc.font(name);
    return this.internals._font;
  }

  /** One of our fonts, finalized (embedded) by end() with pdfkit's own. */
  finalizeAtEnd(id: string, font: FinalizedFont): void {
    this.internals._fontFamilies[id] = font;
  }

  /** Puts a font in the current page's resources (once per page). */
  useFontOnPage(id: string, ref: () => unknown): void {
    const fonts = this.internals.page.fonts;
    if (fonts[id] == null) fonts[id] = ref();
  }

  /** The PDF/A part (1, 2, 3) when archival: PDF/A-1 wants a CIDSet in every font descriptor. */
  get pdfaPart(): number | undefined {
    return this.internals.subset;
  }

  // ---------------------------------------------------------------- end hooks

  /**
   * What end() does at its fixed points, for archival files: `metadata` replaces pdfkit's XMP;
   * `afterFonts` runs once every font is written (with `pdfaPart` set, as PDF/A); `id` gives the
   * trailer's file identifier once every byte before it is written.
   */
  onEnd(hooks: { metadata: () => void; id: () => Uint8Array; pdfaPart?: number; afterFonts?: () => void }): void {
    const pdf = this.internals;
    pdf.endMetadata = hooks.metadata;
    const finalize = pdf._finalize.bind(pdf);
    pdf._finalize = () => {
      pdf._id = hooks.id();
      finalize();
    };
    if (hooks.pdfaPart !== undefined) {
      pdf.subset = hooks.pdfaPart;
      pdf.endSubset = hooks.afterFonts ?? (() => {});
    }
  }
}
