/**
 * Image files: PNG and JPEG, read from disk relative to the source, never downloaded. What every
 * writer needs is read here, from the file's own header, without decoding its pixels (a
 * 50-megapixel photo costs its file size in memory, not 200 MB): the type, the size in pixels, the
 * resolution (PNG pHYs, JPEG JFIF density; 96 dpi when none is given), a JPEG's EXIF orientation,
 * and what the PDF must know to embed the data as it is (bit depth, colour type, palette,
 * transparency, interlacing, a JPEG's components and Adobe colour transform).
 *
 * A file that is missing, unreadable, of another type or damaged is an ImageError with a message
 * for the user; the caller adds the file, line and column of the image in the source.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { crc32 } from 'node:zlib';

export class ImageError extends Error {}

interface ImageBase {
  /** The path as written in the source, and resolved. */
  src: string;
  path: string;
  /** The file's bytes, as given (the DOCX embeds them unchanged). */
  bytes: Uint8Array;
  /** Size in pixels as stored (before any EXIF rotation). */
  width: number;
  height: number;
  /** Pixels per inch, horizontally and vertically. */
  dpiX: number;
  dpiY: number;
}

export interface PngInfo extends ImageBase {
  type: 'png';
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGB + alpha. */
  colorType: number;
  interlaced: boolean;
  /** PLTE entries (RGB triplets), for a palette image. */
  palette?: Uint8Array;
  /** A tRNS chunk: transparency by palette entry or by one colour. */
  transparency?: Uint8Array;
  /** Where each IDAT chunk's data lies in `bytes`. */
  idat: Array<[number, number]>;
  /** An alpha channel or a tRNS chunk: some pixels are (partly) transparent. */
  hasAlpha: boolean;
}

export interface JpegInfo extends ImageBase {
  type: 'jpeg';
  /** 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK. */
  components: number;
  /** An Adobe APP14 marker: its CMYK data is stored inverted (as Photoshop writes it). */
  adobe: boolean;
  /** EXIF orientation 1–8 (1 when none). */
  orientation: number;
}

export type ImageInfo = PngInfo | JpegInfo;

/** The size an image shows at, in points: its pixels at its resolution, turned as EXIF says. */
export function naturalSize(image: ImageInfo): { width: number; height: number } {
  const w = (image.width / image.dpiX) * 72;
  const h = (image.height / image.dpiY) * 72;
  return turned(image) ? { width: h, height: w } : { width: w, height: h };
}

/** Whether the image is shown turned a quarter (EXIF orientations 5–8): its width is its stored height. */
export const turned = (image: ImageInfo): boolean => image.type === 'jpeg' && image.orientation >= 5;

const DEFAULT_DPI = 96;
const TYPES = 'PNG or JPEG';

/** Reads an image file, relative to `baseDir`. */
export function readImage(src: string, baseDir: string): ImageInfo {
  const path = isAbsolute(src) ? src : resolve(baseDir, src.replace(/^file:\/\//i, ''));
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) throw new ImageError(`the image '${src}' is a folder, not a file`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof ImageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImageError(`the image '${src}' does not exist (looked for ${path})`);
    if (code === 'EACCES' || code === 'EPERM') throw new ImageError(`the image '${src}' cannot be read: permission denied`);
    throw new ImageError(`the image '${src}' cannot be read: ${(error as Error).message}`);
  }
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return readPng(src, path, bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return readJpeg(src, path, bytes);
  throw new ImageError(`the image '${src}' is ${describe(bytes)}, not a supported type: images must be ${TYPES}`);
}

/** What a file that is not PNG or JPEG looks like, for the message. */
function describe(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  if (/<svg[\s>]/i.test(head) || (/^\s*<\?xml/.test(head) && /<svg/i.test(Buffer.from(bytes.subarray(0, 4096)).toString('latin1')))) {
    return 'SVG (convert it to PNG, for example with rsvg-convert -d 300 -p 300)';
  }
  if (head.startsWith('GIF8')) return 'a GIF image (convert it to PNG)';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'a WebP image (convert it to PNG or JPEG)';
  if (head.startsWith('BM')) return 'a BMP image (convert it to PNG)';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'a TIFF image (convert it to PNG or JPEG)';
  if (head.startsWith('%PDF')) return 'a PDF file';
  if (bytes.length === 0) return 'an empty file';
  return 'not an image';
}

const corrupt = (src: string, what: string) => new ImageError(`the image '${src}' is damaged: ${what}`);

function readPng(src: string, path: string, bytes: Uint8Array): PngInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(4) !== 0x0d0a1a0a) throw corrupt(src, 'its PNG signature is wrong');
  let at = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = -1;
  let interlaced = false;
  let dpiX = DEFAULT_DPI;
  let dpiY = DEFAULT_DPI;
  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  const idat: Array<[number, number]> = [];
  let ended = false;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1');
    const data = at + 8;
    if (data + length + 4 > bytes.length) throw corrupt(src, `its ${type} chunk is cut short (the file is truncated)`);
    if (crc32(bytes.subarray(at + 4, data + length)) !== view.getUint32(data + length)) throw corrupt(src, `its ${type} chunk fails its CRC check`);
    if (type === 'IHDR') {
      width = view.getUint32(data);
      height = view.getUint32(data + 4);
      bitDepth = bytes[data + 8]!;
      colorType = bytes[data + 9]!;
      interlaced = bytes[data + 12] === 1;
    } else if (type === 'PLTE') palette = bytes.subarray(data, data + length);
    else if (type === 'tRNS') transparency = bytes.subarray(data, data + length);
    else if (type === 'pHYs' && length >= 9 && bytes[data + 8] === 1) {
      // Pixels per metre.
      const x = view.getUint32(data);
      const y = view.getUint32(data + 4);
      if (x > 0 && y > 0) {
        dpiX = x * 0.0254;
        dpiY = y * 0.0254;
      }
    } else if (type === 'IDAT') idat.push([data, data + length]);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    at = data + length + 4;
  }
  if (colorType < 0 || width === 0 || height === 0) throw corrupt(src, 'it has no image header (IHDR)');
  if (![0, 2, 3, 4, 6].includes(colorType) || ![1, 2, 4, 8, 16].includes(bitDepth)) throw corrupt(src, `its colour type ${colorType} and bit depth ${bitDepth} are not valid PNG`);
  if (colorType === 3 && !palette) throw corrupt(src, 'it is a palette image without a palette');
  if (idat.length === 0) throw corrupt(src, 'it has no image data');
  if (!ended) throw corrupt(src, 'it ends before its IEND chunk (the file is truncated)');
  const hasAlpha = colorType === 4 || colorType === 6 || transparency !== undefined;
  return {
    type: 'png', src, path, bytes, width, height, dpiX, dpiY, bitDepth, colorType, interlaced,
    ...(palette ? { palette } : {}), ...(transparency ? { transparency } : {}), idat, hasAlpha,
  };
}

/** Start-of-frame markers PDF's DCTDecode reads: baseline, extended sequential, progressive (Huffman). */
const SOF_SUPPORTED = new Set([0xc0, 0xc1, 0xc2]);
const SOF_OTHER = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function readJpeg(src: string, path: string, bytes: Uint8Array): JpegInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  let dpiX = DEFAULT_DPI;
  let dpiY = DEFAULT_DPI;
  let adobe = false;
  let orientation = 1;
  let frame: { width: number; height: number; components: number } | undefined;
  let scan = -1;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw corrupt(src, `no JPEG marker where one should be (byte ${at})`);
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = view.getUint16(at + 2);
    const data = at + 4;
    if (at + 2 + length > bytes.length) throw corrupt(src, 'a JPEG segment is cut short (the file is truncated)');
    if (marker === 0xe0 && length >= 14 && Buffer.from(bytes.subarray(data, data + 5)).toString('latin1') === 'JFIF\0') {
      const units = bytes[data + 7]!;
      const x = view.getUint16(data + 8);
      const y = view.getUint16(data + 10);
      if (x > 0 && y > 0 && (units === 1 || units === 2)) {
        dpiX = units === 1 ? x : x * 2.54;
        dpiY = units === 1 ? y : y * 2.54;
      }
    } else if (marker === 0xe1 && Buffer.from(bytes.subarray(data, data + 6)).toString('latin1') === 'Exif\0\0') {
      orientation = exifOrientation(bytes.subarray(data + 6, at + 2 + length)) ?? orientation;
    } else if (marker === 0xee && Buffer.from(bytes.subarray(data, data + 5)).toString('latin1') === 'Adobe') {
      adobe = true;
    } else if (SOF_SUPPORTED.has(marker) || SOF_OTHER.has(marker)) {
      if (SOF_OTHER.has(marker)) throw new ImageError(`the image '${src}' is a lossless, hierarchical or arithmetic-coded JPEG, which PDF cannot show: save it as an ordinary (baseline or progressive) JPEG or as PNG`);
      const precision = bytes[data]!;
      if (precision !== 8) throw new ImageError(`the image '${src}' is a ${precision}-bit JPEG, which PDF cannot show: save it as an 8-bit JPEG or as PNG`);
      frame = { height: view.getUint16(data + 1), width: view.getUint16(data + 3), components: bytes[data + 5]! };
    } else if (marker === 0xda) {
      scan = at;
      break;
    }
    at += 2 + length;
  }
  if (!frame || frame.width === 0 || frame.height === 0) throw corrupt(src, 'it has no JPEG frame header');
  if (![1, 3, 4].includes(frame.components)) throw corrupt(src, `it has ${frame.components} colour components`);
  if (scan < 0) throw corrupt(src, 'it has no image data');
  // The end-of-image marker, after the data (a few bytes of padding after it are common).
  let end = bytes.length - 1;
  while (end > scan && bytes[end] === 0) end--;
  if (!(bytes[end - 1] === 0xff && bytes[end] === 0xd9)) throw corrupt(src, 'it ends without its end-of-image marker (the file is truncated)');
  return { type: 'jpeg', src, path, bytes, ...frame, dpiX, dpiY, adobe, orientation };
}

/** The Orientation tag (0x0112) of IFD0 in an EXIF block (a TIFF header and its directories). */
function exifOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) return undefined;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return undefined;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** Every image a document uses, read once per file (the same file is embedded once, however often it is used). */
export class ImageSet {
  private readonly byPath = new Map<string, ImageInfo>();
  private readonly bySrc = new Map<string, ImageInfo>();

  constructor(readonly baseDir: string) {}

  /** The image `src` (as written in the source); throws an ImageError for a file that cannot be used. */
  get(src: string): ImageInfo {
    let image = this.bySrc.get(src);
    if (!image) {
      const read = readImage(src, this.baseDir);
      image = this.byPath.get(read.path) ?? read;
      this.byPath.set(read.path, image);
      this.bySrc.set(src, image);
    }
    return image;
  }

  /** Each distinct file, in the order first used. */
  files(): ImageInfo[] {
    return [...this.byPath.values()];
  }
}
