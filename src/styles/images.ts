/**
 * The size an image is set at, in points, shared by every writer (the PDF draws it, the DOCX
 * writes it as the drawing's extent): the size the source asks for, else the image's own (its
 * pixels at its resolution), never wider than its block nor taller than the page; an image in a
 * line at text height, never taller than the line.
 */
import { naturalSize, type ImageInfo } from '../images/index.js';
import type { Dimension, Image } from '../model/index.js';
import type { TextStyle } from './types.js';

const POINTS: Record<Exclude<Dimension['unit'], '%'>, number> = { pt: 1, in: 72, mm: 72 / 25.4, cm: 720 / 25.4, px: 72 / 96 };

/** A length in points; `%` of `whole`. */
export function points(d: Dimension, whole: number): number {
  return d.unit === '%' ? (d.value / 100) * whole : d.value * POINTS[d.unit];
}

/**
 * @param box the block's width and the page's usable height; `inline` the style of the line an
 *   inline image sits in (default height: the text's size).
 */
export function imageSize(file: ImageInfo, node: Pick<Image, 'width' | 'height'>, box: { width: number; height: number; inline?: TextStyle }): { width: number; height: number } {
  const natural = naturalSize(file);
  const ratio = natural.height / natural.width;
  let width: number;
  let height: number;
  if (node.width && node.height) {
    width = points(node.width, box.width);
    height = points(node.height, box.height);
  } else if (node.width) {
    width = points(node.width, box.width);
    height = width * ratio;
  } else if (node.height) {
    height = points(node.height, box.height);
    width = height / ratio;
  } else if (box.inline) {
    height = box.inline.size;
    width = height / ratio;
  } else {
    width = natural.width;
    height = natural.height;
  }
  // Never wider than the block, nor taller than the page (or, in a line, than the line).
  const maxHeight = box.inline ? box.inline.lineHeight : box.height;
  const scale = Math.min(1, box.width / width, maxHeight / height);
  return { width: width * scale, height: height * scale };
}
