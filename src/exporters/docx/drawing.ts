/**
 * A picture in a run: `w:drawing/wp:inline` at the size the PDF sets it (points → EMU), its alt
 * text as `descr`, the image part's bytes as given. A JPEG whose EXIF orientation turns it is
 * turned by the drawing's transform (`a:xfrm` rot, flipH/flipV): Word and LibreOffice show the
 * stored pixels as stored, so the box is the stored size and the inline extent the turned one.
 */
import type { PlacedImage } from '../../styles/blocks.js';
import { ordered } from './schema.js';
import { el } from './xml.js';

export const EMU_PER_POINT = 12700;
const emu = (pt: number) => Math.round(pt * EMU_PER_POINT);

const NS_WP = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_PIC = 'http://schemas.openxmlformats.org/drawingml/2006/picture';

/** EXIF orientation → DrawingML rotation (60,000ths of a degree, clockwise) and flips. */
const TURN: Record<number, { rot: number; flipH?: boolean; flipV?: boolean }> = {
  1: { rot: 0 },
  2: { rot: 0, flipH: true },
  3: { rot: 10800000 },
  4: { rot: 0, flipV: true },
  5: { rot: 5400000, flipH: true },
  6: { rot: 5400000 },
  7: { rot: 16200000, flipH: true },
  8: { rot: 16200000 },
};

export function drawingXml(image: PlacedImage, relId: string, id: number): string {
  const orientation = image.file.type === 'jpeg' ? image.file.orientation : 1;
  const turn = TURN[orientation] ?? TURN[1]!;
  const quarter = turn.rot === 5400000 || turn.rot === 16200000;
  // The picture's own box is the stored (unturned) size; turned a quarter, it takes the inline extent.
  const cx = emu(image.width);
  const cy = emu(image.height);
  const [bw, bh] = quarter ? [cy, cx] : [cx, cy];
  // A quarter turn about the centre leaves the box sticking out by half the difference on each side.
  const dx = quarter ? Math.round((bw - cx) / 2) : 0;
  const dy = quarter ? Math.round((bh - cy) / 2) : 0;
  const name = `Picture ${id}`;
  const pic = ordered(
    'pic:pic',
    { 'xmlns:pic': NS_PIC },
    ordered('pic:nvPicPr', {}, el('pic:cNvPr', { id, name, descr: image.alt }), el('pic:cNvPicPr')),
    ordered('pic:blipFill', {}, el('a:blip', { 'r:embed': relId }), el('a:stretch', {}, el('a:fillRect'))),
    ordered(
      'pic:spPr',
      {},
      ordered(
        'a:xfrm',
        { ...(turn.rot ? { rot: turn.rot } : {}), ...(turn.flipH ? { flipH: '1' } : {}), ...(turn.flipV ? { flipV: '1' } : {}) },
        el('a:off', { x: 0, y: 0 }),
        el('a:ext', { cx: bw, cy: bh }),
      ),
      el('a:prstGeom', { prst: 'rect' }, el('a:avLst')),
    ),
  );
  return el(
    'w:drawing',
    {},
    ordered(
      'wp:inline',
      { distT: 0, distB: 0, distL: 0, distR: 0, 'xmlns:wp': NS_WP },
      el('wp:extent', { cx, cy }),
      el('wp:effectExtent', { l: Math.max(0, -dx), t: Math.max(0, -dy), r: Math.max(0, -dx), b: Math.max(0, -dy) }),
      el('wp:docPr', { id, name, descr: image.alt }),
      el('wp:cNvGraphicFramePr', {}, el('a:graphicFrameLocks', { 'xmlns:a': NS_A, noChangeAspect: '1' })),
      el('a:graphic', { 'xmlns:a': NS_A }, el('a:graphicData', { uri: NS_PIC }, pic)),
    ),
  );
}
