/**
 * Images in the PDF: one image XObject per file, written the first time a page uses it, and drawn
 * with a matrix that sets it at its box (turned or mirrored as a JPEG's EXIF orientation says).
 *
 * - JPEG: its bytes as they are, DCTDecode; grey, RGB or CMYK (inverted only when an Adobe
 *   marker says the file stores it so, as Photoshop does).
 * - PNG without transparency and not interlaced (nearly every chart and screenshot): its IDAT data
 *   as it is, FlateDecode with the PNG predictors; grey, RGB or palette, 1 to 16 bits (16 only
 *   where PDF 1.5 is allowed: PDF/A-1 is PDF 1.4). Nothing is decoded: a 50-megapixel PNG costs its
 *   file size.
 * - Any other PNG (interlaced, transparent, a palette with transparency, 16 bits for PDF/A-1) is
 *   decoded with pngjs (a maintained pure-JavaScript decoder: every bit depth, colour type and
 *   interlacing, tRNS) to 8-bit samples, its transparency as a soft mask; PDF/A-1, which forbids
 *   soft masks, gets it flattened onto white, with a warning.
 */
import { PNG } from 'pngjs';
import type { ImageInfo, JpegInfo, PngInfo } from '../../images/index.js';
import type { PdfKit, PdfRef } from './pdfkit.js';
import { concatBytes } from '../../io/bytes.js';

export class PdfImages {
  private readonly objects = new Map<ImageInfo, { name: string; ref: PdfRef }>();

  /**
   * @param pdfa1 PDF/A-1: no soft masks, no 16-bit samples.
   * @param flattened told once per image whose transparency was flattened onto white.
   */
  constructor(
    private readonly pdf: PdfKit,
    private readonly pdfa1: boolean,
    private readonly flattened: (image: ImageInfo) => void,
  ) {}

  /** The image's XObject on the current page: its resource name. */
  use(image: ImageInfo): string {
    let object = this.objects.get(image);
    if (!object) {
      object = { name: `Im${this.objects.size + 1}`, ref: image.type === 'jpeg' ? this.jpeg(image) : this.png(image) };
      this.objects.set(image, object);
    }
    this.pdf.useXObjectOnPage(object.name, object.ref);
    return object.name;
  }

  private jpeg(image: JpegInfo): PdfRef {
    const colorSpace = image.components === 1 ? 'DeviceGray' : image.components === 4 ? 'DeviceCMYK' : 'DeviceRGB';
    return this.pdf.imageObject(
      {
        Width: image.width,
        Height: image.height,
        ColorSpace: colorSpace,
        BitsPerComponent: 8,
        Filter: 'DCTDecode',
        ...(image.components === 4 && image.adobe ? { Decode: [1, 0, 1, 0, 1, 0, 1, 0] } : {}),
      },
      image.bytes,
    );
  }

  private png(image: PngInfo): PdfRef {
    const direct = !image.interlaced && !image.hasAlpha && !(image.bitDepth === 16 && this.pdfa1);
    if (direct) {
      const colors = image.colorType === 2 ? 3 : 1;
      const data = concatBytes(image.idat.map(([from, to]) => image.bytes.subarray(from, to)));
      return this.pdf.imageObject(
        {
          Width: image.width,
          Height: image.height,
          ColorSpace: image.colorType === 3 ? this.palette(image.palette!) : colors === 3 ? 'DeviceRGB' : 'DeviceGray',
          BitsPerComponent: image.bitDepth,
          Filter: 'FlateDecode',
          DecodeParms: { Predictor: 15, Colors: colors, BitsPerComponent: image.bitDepth, Columns: image.width },
        },
        data,
      );
    }
    return this.decoded(image);
  }

  private palette(palette: Uint8Array): unknown[] {
    return ['Indexed', 'DeviceRGB', palette.length / 3 - 1, this.pdf.streamObject(palette)];
  }

  /** An image decoded to 8-bit samples: grey or RGB, and its alpha as a soft mask (flattened onto white for PDF/A-1). */
  private decoded(image: PngInfo): PdfRef {
    const png = PNG.sync.read(Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength));
    const rgba = png.data; // RGBA, 8 bits a sample, interlacing and palette undone
    const grey = image.colorType === 0 || image.colorType === 4;
    const channels = grey ? 1 : 3;
    const pixels = image.width * image.height;
    const samples = new Uint8Array(pixels * channels);
    let alpha: Uint8Array | undefined = image.hasAlpha ? new Uint8Array(pixels) : undefined;
    let opaque = true;
    for (let p = 0; p < pixels; p++) {
      const a = rgba[p * 4 + 3]!;
      if (a !== 255) opaque = false;
      for (let c = 0; c < channels; c++) {
        const v = rgba[p * 4 + c]!;
        // Onto white: v·a + 255·(1 − a), for PDF/A-1 only; elsewhere the mask keeps the alpha.
        samples[p * channels + c] = this.pdfa1 && a !== 255 ? Math.round((v * a + 255 * (255 - a)) / 255) : v;
      }
      if (alpha) alpha[p] = a;
    }
    if (opaque) alpha = undefined;
    if (alpha && this.pdfa1) {
      this.flattened(image);
      alpha = undefined;
    }
    const mask = alpha ? this.pdf.imageObject({ Width: image.width, Height: image.height, ColorSpace: 'DeviceGray', BitsPerComponent: 8 }, alpha) : undefined;
    return this.pdf.imageObject(
      { Width: image.width, Height: image.height, ColorSpace: grey ? 'DeviceGray' : 'DeviceRGB', BitsPerComponent: 8, ...(mask ? { SMask: mask } : {}) },
      samples,
    );
  }
}


/**
 * The `cm` operands that draw an image XObject (the unit square, its first row at the top) into a
 * box of the page (x, y its top left corner, y down, as pdfkit's pages run), turned or mirrored by
 * EXIF orientation 1–8 (the box is already the turned size).
 */
export function imageMatrix(x: number, y: number, w: number, h: number, orientation = 1): [number, number, number, number, number, number] {
  switch (orientation) {
    case 2: return [-w, 0, 0, -h, x + w, y + h];
    case 3: return [-w, 0, 0, h, x + w, y];
    case 4: return [w, 0, 0, h, x, y];
    case 5: return [0, h, -w, 0, x + w, y];
    case 6: return [0, h, w, 0, x, y];
    case 7: return [0, -h, w, 0, x, y + h];
    case 8: return [0, -h, -w, 0, x + w, y + h];
    default: return [w, 0, 0, -h, x, y + h];
  }
}
