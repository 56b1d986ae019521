/**
 * Fonts in the PDF. Each face is measured and encoded through one object, so that what the line
 * breaker measured is exactly what gets drawn.
 *
 * TrueType-outline faces (every bundled one) are ours end to end: a character is its glyph in the
 * face's subset from the export's font plan (one glyph per character: Chinese needs no shaping,
 * and no ligature can hide a character from copy and paste), advances come from hmtx, and at the
 * end the subset, the same one the DOCX embeds, is written as a CIDFontType2 with widths and a
 * ToUnicode map. CFF-outline faces (FandolFang, a user's .otf) are handed to pdfkit, which shapes
 * and subsets them with fontkit.
 */
import { fingerprint, letterTag } from '../../io/fingerprint.js';
import type { SharedDeflate } from '../../io/deflate.js';
import { openFace, type Face, type GlyphSubset } from '../../fonts/index.js';
import { isTrueType, type FontPlan } from '../../prepare/index.js';
import type { PdfKit, PdfRef } from './pdfkit.js';

export interface EncodedPiece {
  /** Glyph ids as 4-digit hex, one per glyph. */
  hex: string[];
  /** Per glyph: positioning beyond the glyph's advance (kerning), in 1/1000 em. */
  kerns: number[];
  /** Total advance in 1/1000 em. */
  advance: number;
}

/** What PdfFonts needs of a font, ours or pdfkit's. */
interface PdfFont {
  id: string;
  name: string;
  ref(): unknown;
  encode(text: string): EncodedPiece;
  /** Per glyph id, the code points it was drawn for (the ToUnicode map's content). */
  readonly unicode: ReadonlyArray<number[] | undefined>;
}

export class PdfFonts {
  private readonly fonts = new Map<string, PdfFont>();
  /** Per font key, each piece of text encoded so far. */
  private readonly encoded = new Map<string, Map<string, EncodedPiece>>();
  private count = 0;

  /**
   * @param plan the export's font plan: our subsets are cut to the characters it collected, so it
   *   holds every character later encoded.
   */
  constructor(
    private readonly pdf: PdfKit,
    private readonly plan: FontPlan,
  ) {}

  /**
   * The key a face is registered under (its id is unique per file and face). Fonts are
   * registered on first use, so their resource names keep the order in which pages first use them.
   */
  key(face: Face): string {
    if (!this.fonts.has(face.id)) {
      let font: PdfFont;
      if (isTrueType(face)) {
        const own = new SubsetFont(this.pdf, `W${++this.count}`, face, this.plan.glyphSubset(face), this.plan.compressed(face));
        this.pdf.finalizeAtEnd(own.id, own);
        font = own;
      } else {
        const pdfkitFont = this.pdf.pdfkitFont(face.id, openFace(face).bytes);
        font = {
          id: pdfkitFont.id,
          name: pdfkitFont.name,
          unicode: pdfkitFont.unicode,
          ref: () => pdfkitFont.ref(),
          encode(text) {
            const [hex, positions] = pdfkitFont.encode(text);
            return { hex, kerns: positions.map((p) => p.xAdvance - p.advanceWidth), advance: positions.reduce((sum, p) => sum + p.xAdvance, 0) };
          },
        };
      }
      this.fonts.set(face.id, font);
    }
    return face.id;
  }

  /** Advance of `text` at `size` in points; the line breaker's Measure. */
  measure = (text: string, key: string, size: number): number => (this.encode(key, text).advance * size) / 1000;

  encode(key: string, text: string): EncodedPiece {
    // A map per font rather than one keyed by font and text: the layout asks for every glyph of
    // the document (twice), and a key made per call had to be built and hashed every time, where
    // the text alone is usually one shared cluster string whose hash V8 keeps.
    let pieces = this.encoded.get(key);
    if (!pieces) {
      pieces = new Map();
      this.encoded.set(key, pieces);
    }
    let piece = pieces.get(text);
    if (!piece) {
      piece = this.font(key).encode(text);
      pieces.set(text, piece);
    }
    return piece;
  }

  /** Makes the font available on the current page; returns its resource name. */
  useOnPage(key: string): string {
    const font = this.font(key);
    this.pdf.useFontOnPage(font.id, () => font.ref());
    return font.id;
  }

  /** Each font's glyph-to-Unicode map, for the PDF/A check. */
  unicodeMaps(): Array<{ name: string; unicode: ReadonlyArray<number[] | undefined> }> {
    return [...this.fonts.values()].map((f) => ({ name: f.name, unicode: f.unicode }));
  }

  private font(key: string): PdfFont {
    const font = this.fonts.get(key);
    if (!font) throw new Error(`font ${key} used before it was registered`);
    return font;
  }
}

/**
 * A TrueType subset as a Type0/CIDFontType2 font: CIDs are the subset's glyph ids (CIDToGIDMap
 * Identity). Duck-typed to pdfkit's font objects, which its end() finalizes.
 */
class SubsetFont implements PdfFont {
  /** Per CID, the code points it was drawn for (the first drawn wins in ToUnicode, as in pdfkit). */
  readonly unicode: number[][] = [];
  readonly name: string;
  private dictionary?: PdfRef;
  private embedded = false;

  constructor(
    private readonly document: PdfKit,
    readonly id: string,
    private readonly face: Face,
    private readonly subset: GlyphSubset,
    private readonly compressed: SharedDeflate,
  ) {
    this.name = openFace(face).postscriptName.replace(/[^!-~]|[()<>[\]{}/%#]/g, '_') || 'Font';
  }

  ref(): unknown {
    return (this.dictionary ??= this.document.ref());
  }

  encode(text: string): EncodedPiece {
    const hex: string[] = [];
    const kerns: number[] = [];
    let advance = 0;
    const { glyphOf, widths } = this.subset;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let gid = glyphOf(cp);
      if (gid === 0 && openFace(this.face).hasGlyph(cp)) {
        throw new Error(`U+${cp.toString(16).toUpperCase().padStart(4, '0')} is drawn in ${this.face.id} but was not collected for its subset`);
      }
      this.unicode[gid] ??= [cp];
      hex.push(gid.toString(16).padStart(4, '0'));
      kerns.push(0);
      advance += widths[gid]!;
    }
    return { hex, kerns, advance };
  }

  /** Called by pdfkit's end() (see PdfKit.finalizeAtEnd): writes the font program and dictionaries if the font was used. */
  finalize(): void {
    if (this.embedded || !this.dictionary) return;
    this.embedded = true;
    const doc = this.document;
    const { bytes, widths, codePoints } = this.subset;
    const metrics = openFace(this.face).metrics;
    const scale = 1000 / metrics.unitsPerEm;
    // A subset's name carries a six-letter tag that differs per subset (ISO 32000-1, 9.6.4).
    const tag = letterTag(fingerprint(bytes));
    const baseFont = `${tag}+${this.name}`;

    // One compression for the PDF and the DOCX (see io/deflate.ts and the font plan).
    const fontFile = doc.ref({ Length1: bytes.length, Filter: 'FlateDecode' });
    fontFile.end(this.compressed.zlib());
    let flags = 1 << 2; // symbolic: glyphs are addressed by CID, not a standard encoding
    if (metrics.isFixedPitch) flags |= 1 << 0;
    if (metrics.familyClass >= 1 && metrics.familyClass <= 7) flags |= 1 << 1;
    if (metrics.familyClass === 10) flags |= 1 << 3;
    if (metrics.italic) flags |= 1 << 6;
    const descriptor = doc.ref({
      Type: 'FontDescriptor',
      FontName: baseFont,
      Flags: flags,
      FontBBox: [metrics.bbox.minX, metrics.bbox.minY, metrics.bbox.maxX, metrics.bbox.maxY].map((n) => round(n * scale)),
      ItalicAngle: metrics.italicAngle,
      Ascent: round(metrics.ascent * scale),
      Descent: round(metrics.descent * scale),
      CapHeight: round((metrics.capHeight || metrics.ascent) * scale),
      XHeight: round(metrics.xHeight * scale),
      StemV: 0,
      FontFile2: fontFile,
    });
    if (doc.pdfaPart === 1) {
      // PDF/A-1 wants the CIDs present in the program listed: all of the subset's glyphs.
      const set = new Uint8Array(Math.ceil(widths.length / 8));
      for (let cid = 0; cid < widths.length; cid++) set[cid >> 3]! |= 0x80 >> (cid & 7);
      const cidSet = doc.ref();
      cidSet.end(set);
      descriptor.data.CIDSet = cidSet;
    }
    descriptor.end();

    const descendant = doc.ref({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: baseFont,
      CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
      FontDescriptor: descriptor,
      W: [0, widths.map(round)],
      CIDToGIDMap: 'Identity',
    });
    descendant.end();

    const toUnicode = doc.ref();
    toUnicode.end(toUnicodeCMap(widths.length, (cid) => this.unicode[cid] ?? codePoints[cid]?.slice(0, 1)));

    this.dictionary.data = {
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: baseFont,
      Encoding: 'Identity-H',
      DescendantFonts: [descendant],
      ToUnicode: toUnicode,
    };
    this.dictionary.end();
  }
}

/** A ToUnicode CMap: bfchar entries (at most 100 per block, as the CMap format requires). */
function toUnicodeCMap(count: number, codePointsOf: (cid: number) => number[] | undefined): string {
  const entries: string[] = [];
  for (let cid = 1; cid < count; cid++) {
    const cps = codePointsOf(cid);
    if (!cps || cps.length === 0) continue;
    entries.push(`<${hex4(cid)}> <${cps.map(utf16Hex).join('')}>`);
  }
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

function utf16Hex(cp: number): string {
  if (cp < 0x10000) return hex4(cp);
  const v = cp - 0x10000;
  return hex4(0xd800 | (v >> 10)) + hex4(0xdc00 | (v & 0x3ff));
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

