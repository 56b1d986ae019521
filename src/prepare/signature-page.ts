/**
 * A 公文's signature page as the PDF sets it, for the DOCX: the text paginated as the PDF does,
 * up to its signature block, tells whether that page is tightened (GB/T 9704-2012 7.3.5.5,
 * 调整行距) and by how much, so that the word processor, which breaks its own pages, sets the same
 * page closer and never leaves the 署名 alone on a page.
 */
import { paginate } from '../typeset/paginate.js';
import { paginationBoxes } from './boxes.js';
import { pageFrame } from './pages.js';
import type { TypesetDocument } from './index.js';

/** A 公文 signature block's page, tightened (7.3.5.5): which blocks give up the room, and how much. */
export interface SignatureSqueeze {
  /** The blocks (indices in `doc.blocks`) wholly on the page before the signature block, and their lines. */
  blocks: Array<{ block: number; lines: number }>;
  /** The height taken out of the page: whole grid lines on a grid. */
  shift: number;
}

/**
 * Whether the PDF tightens the lines of a 公文's signature page (7.3.5.5), and what the DOCX
 * needs to do the same: the page's whole paragraphs before the 署名 give up the height the PDF
 * takes out, from their lines (a paragraph begun on the page before keeps its pitch, or the word
 * processor would pull more of it back there). The pages before it hold what they hold in the PDF
 * (tables, figures, notes, inline images: the PDF's boxes of them); the PDF tightens only a page
 * of text lines. Undefined when nothing is tightened.
 */
export function signatureSqueeze(doc: TypesetDocument): SignatureSqueeze | undefined {
  const blocks = doc.blocks;
  const byline = blocks.findIndex((b) => b.block.kind === 'byline');
  if (!doc.official || !doc.document.meta.official?.signature || byline < 0 || !doc.preset.official?.squeezeLines) return undefined;
  // The signature block and what keeps with it (date, 附注), up to the attachments or the 版记.
  let end = byline;
  while (end + 1 < blocks.length && blocks[end + 1]!.block.keepWithPrevious) end++;
  const laid = paginationBoxes(doc, blocks.slice(0, end + 1));
  if (!laid) return undefined;
  const { boxes, of } = laid;
  const rule = doc.preset.notes.rule;
  const frame = pageFrame(doc, doc.notes.length > 0 ? rule.above + rule.below : undefined);
  const page = paginate(boxes, frame).find((p) => p.lines.some((l) => of[l.block] === byline))!;
  const shift = page.squeezed ?? 0;
  if (shift <= 0) return undefined;
  const on = (i: number) => page.lines.filter((l) => l.block === i).length;
  const whole = [...new Set(page.lines.map((l) => l.block))].filter((i) => of[i]! < byline && on(i) === boxes[i]!.lines);
  const height = whole.reduce((h, i) => h + boxes[i]!.lines * boxes[i]!.lineHeight, 0);
  // Never tighter than the PDF lets a page get (by a quarter).
  if (shift * 4 > height + 1e-6) return undefined;
  return { blocks: whole.map((i) => ({ block: of[i]!, lines: boxes[i]!.lines })), shift };
}

/**
 * Where the PDF puts a 公文's 版记 when it is printed on both sides (OfficialStyle.duplex,
 * src/typeset/back-face.ts), for the DOCX to put it on the same face: `text`, below the text on its
 * last (even) page; `next`, alone on the page after it, numbered; `afterBlank`, after a blank page,
 * neither numbered. Undefined without a 版记 or duplex printing, or where the PDF's boxes are not
 * known here (a table turned to landscape).
 */
export type RecordFace = 'text' | 'next' | 'afterBlank';

export function recordFace(doc: TypesetDocument): RecordFace | undefined {
  const blocks = doc.blocks;
  const first = blocks.findIndex((b) => b.block.foot);
  if (!doc.official || !doc.preset.official?.duplex || first < 0) return undefined;
  const laid = paginationBoxes(doc, blocks);
  if (!laid) return undefined;
  const { boxes, of } = laid;
  const rule = doc.preset.notes.rule;
  const frame = pageFrame(doc, doc.notes.length > 0 ? rule.above + rule.below : undefined);
  const page = paginate(boxes, frame).find((p) => p.lines.some((l) => of[l.block]! >= first))!;
  if (page.unnumbered) return 'afterBlank';
  return page.lines.some((l) => of[l.block]! < first) ? 'text' : 'next';
}
