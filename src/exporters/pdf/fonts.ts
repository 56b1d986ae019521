/**
 * pdfkit's side of fonts: each face registered once per document (pdfkit subsets it and writes
 * the ToUnicode map), measured and encoded through the same font object so that what the line
 * breaker measured is exactly what gets drawn.
 */
import type PDFDocument from 'pdfkit';
import { openFace, type Face } from '../../fonts/index.js';

/** The slice of pdfkit's (untyped) embedded-font object that we use. */
interface PdfKitFont {
  id: string;
  ref(): unknown;
  encode(text: string): [string[], Array<{ xAdvance: number; advanceWidth: number }>];
  widthOfString(text: string, size: number): number;
  ascender: number;
  descender: number;
}

interface DocInternals {
  _font: PdfKitFont;
  page: { fonts: Record<string, unknown> };
}

export interface EncodedPiece {
  /** Glyph ids as 4-digit hex, one per glyph. */
  hex: string[];
  /** Per glyph: positioning beyond the glyph's advance (kerning), in 1/1000 em. */
  kerns: number[];
  /** Total advance in 1/1000 em. */
  advance: number;
}

export class PdfFonts {
  private readonly fonts = new Map<string, PdfKitFont>();
  private readonly faces = new Map<string, Face>();
  private readonly encoded = new Map<string, EncodedPiece>();

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** The key a face is registered under (its id is unique per file and face). */
  key(face: Face): string {
    if (!this.faces.has(face.id)) {
      this.faces.set(face.id, face);
      // pdfkit takes an already parsed fontkit font as well as bytes: handing it the one
      // openFace parsed (for coverage) saves parsing each face, and decoding its tables, twice.
      this.doc.registerFont(face.id, openFace(face).font as unknown as PDFKit.Mixins.PDFFontSource);
    }
    return face.id;
  }

  font(key: string): PdfKitFont {
    let font = this.fonts.get(key);
    if (!font) {
      this.doc.font(key);
      font = (this.doc as unknown as DocInternals)._font;
      this.fonts.set(key, font);
    }
    return font;
  }

  /** Advance of `text` at `size` in points; the line breaker's Measure. */
  measure = (text: string, key: string, size: number): number => (this.encode(key, text).advance * size) / 1000;

  encode(key: string, text: string): EncodedPiece {
    const cacheKey = `${key}\u0000${text}`;
    let piece = this.encoded.get(cacheKey);
    if (!piece) {
      const [hex, positions] = this.font(key).encode(text);
      const kerns = positions.map((p) => p.xAdvance - p.advanceWidth);
      const advance = positions.reduce((sum, p) => sum + p.xAdvance, 0);
      piece = { hex, kerns, advance };
      this.encoded.set(cacheKey, piece);
    }
    return piece;
  }

  /** Makes the font available on the current page (pdfkit does this inside its own text()). */
  useOnPage(key: string): string {
    const font = this.font(key);
    const page = (this.doc as unknown as DocInternals).page;
    if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
    return font.id;
  }
}

export type { PDFDocument };
