/**
 * What the page breaks depend on, shared by the PDF (which breaks its own pages) and the DOCX
 * (which leaves them to the word processor but must know where a 公文's signature block falls):
 * the frame of a page and a text block's box for the paginator (src/typeset/paginate.ts), and the
 * options each block's lines are broken with.
 */
import type { PlacedMark, StyledBlock } from '../styles/blocks.js';
import type { LayoutOptions } from '../typeset/index.js';
import type { BlockBox, Frame } from '../typeset/paginate.js';
import type { TypesetDocument } from './index.js';

/** The type area of an upright page, in points from the page's top left corner. */
export function typeAreaOf(doc: Pick<TypesetDocument, 'preset'>): { left: number; right: number; top: number; bottom: number } {
  const { page } = doc.preset;
  return { left: page.margin.left, right: page.width - page.margin.right, top: page.margin.top, bottom: page.height - page.margin.bottom };
}

/** The paginator's frame: the type area, the 公文 grid and 版头, and the room a note rule takes (with notes). */
export function pageFrame(doc: TypesetDocument, noteRule?: number): Frame {
  const area = typeAreaOf(doc);
  const { preset } = doc;
  return {
    top: area.top, bottom: area.bottom, ...(doc.pitch ? { grid: doc.pitch.line } : {}),
    ...(doc.official ? { firstTop: doc.official.bodyTop, squeeze: preset.official!.squeezeLines, ...(preset.official!.duplex ? { footOnEvenPage: true } : {}) } : {}),
    ...(noteRule !== undefined ? { noteRule } : {}),
    landscapeBottom: area.top + (area.right - area.left),
    // Page breaks balanced on the body's pitch (the grid's on a grid): full pages end together.
    pitch: doc.pitch?.line ?? preset.body.lineHeight,
    ...(doc.pitch ? {} : { register: preset.body.lineHeight }),
  };
}

/** How far below the top of its block's first line the lowest of the images pressed on it reaches (a seal hangs below the date). */
export const marksReach = (marks: readonly PlacedMark[]): number => marks.reduce((r, m) => Math.max(r, m.centerBelow + m.image.height / 2), 0);

/** What a block's box is made of, in the PDF's flow block or the prepared styled block alike. */
type Boxed = Pick<StyledBlock, 'kind' | 'style' | 'keepWithNext' | 'keepWithPrevious' | 'marks' | 'breakBefore' | 'foot'> & { landscape?: boolean; figure?: unknown };

/** The box of a block of text lines (or of a figure, one line `lineHeight` tall) for the paginator. */
export function textBox(doc: TypesetDocument, block: Boxed, lines: number, lineHeight = block.style.lineHeight): BlockBox {
  return {
    lineHeight,
    lines,
    spaceBefore: block.style.spaceBefore ?? 0,
    spaceAfter: block.style.spaceAfter ?? 0,
    keepWithNext: block.keepWithNext,
    ...(block.keepWithPrevious ? { keepWithPrevious: true } : {}),
    ...(doc.official && doc.document.meta.official?.signature && (block.kind === 'byline' || block.kind === 'date') ? { squeezes: true } : {}),
    ...(block.kind === 'attendance' ? { together: true } : {}),
    ...(block.figure ? { float: true } : {}),
    ...(block.marks ? { reach: marksReach(block.marks) } : {}),
    ...(block.landscape ? { landscape: true } : {}),
    ...(block.breakBefore ? { breakBefore: true } : {}),
    ...(block.foot ? { foot: true } : {}),
  };
}

/** The options a block's lines are broken with, in `width` (the type area's less the block's insets). */
export function lineOptions(doc: TypesetDocument, block: Pick<StyledBlock, 'kind' | 'style' | 'firstIndent'>, width: number): LayoutOptions {
  const k = doc.grid.scale;
  // A heading never ends in a single character, even where it is not justified.
  return { width, em: block.style.size * k, firstIndent: block.firstIndent * k, align: block.style.align, gridScale: k, grid: doc.pitch !== undefined, ...(block.kind === 'heading' ? { avoidRunt: true } : {}) };
}
