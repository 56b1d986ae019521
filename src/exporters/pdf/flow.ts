/**
 * Model → flow: the document as a list of blocks of styled runs, each run bound to a concrete
 * font face. This is where roles become faces (strong → the role's bold face, emphasis → 楷),
 * where fallback fonts take over for characters the role's font lacks, and where every
 * character is checked for a glyph before any layout happens.
 */
import type { Diagnostic } from '../../errors.js';
import type { Block, Document, Inline, Span } from '../../model/index.js';
import { bylineText, listMarker, THEMATIC_BREAK_TEXT } from '../../model/text.js';
import { checkCoverage, fontChain, splitByFace, type Face, type FaceSet } from '../../fonts/index.js';
import { formatDate, headingLevel, headingStyle, type StylePreset, type TextStyle } from '../../styles/index.js';
import type { FontRole } from '../../model/index.js';
import { nestedInsets } from '../../styles/nesting.js';

export interface FlowRun {
  text: string;
  face: Face;
  size: number;
}

export type FlowKind = 'title' | 'heading' | 'paragraph' | 'quote' | 'listItem' | 'byline' | 'date' | 'rule';

export interface FlowBlock {
  kind: FlowKind;
  /** Structure tag: H1 for the title, H2… for section headings, P, LI… */
  tag: string;
  style: TextStyle;
  runs: FlowRun[];
  /** Extra left and right insets of the whole block in points (quotes, list nesting). */
  left: number;
  right: number;
  /** First-line indent in points. */
  firstIndent: number;
  /** A list marker drawn in the hanging space to the left of the first line. */
  marker?: FlowRun;
  /** Headings and the title stay on the page with the start of what follows. */
  keepWithNext: boolean;
  /** A signature block never starts a page alone: the end of the text before it comes along. */
  keepWithPrevious?: boolean;
  /** Outline (bookmark) entry: level 0 is the title. */
  outline?: { title: string; level: number };
}

interface Pending {
  text: string;
  span?: Span;
  role: FontRole;
  bold: boolean;
  size: number;
}

interface Context {
  faces: FaceSet;
  preset: StylePreset;
  blocks: FlowBlock[];
  pending: Pending[][];
}

/** Emphasis is set in 楷 (the Chinese convention); inside 楷 text it switches to 黑. */
const emphasisRole = (role: FontRole): FontRole => (role === 'kai' ? 'sans' : 'kai');

export function buildFlow(doc: Document, preset: StylePreset, faces: FaceSet, warn?: (d: Diagnostic) => void): FlowBlock[] {
  const ctx: Context = { faces, preset, blocks: [], pending: [] };
  const title = preset.title;
  addBlock(ctx, { kind: 'title', tag: 'H1', style: title, left: 0, right: 0, firstIndent: 0, keepWithNext: true, outline: { title: doc.meta.title, level: 0 } }, [
    { text: doc.meta.title, span: doc.titleSpan, role: title.role, bold: title.bold === true, size: title.size },
  ]);
  addBlocks(ctx, doc.blocks, { left: 0, right: 0, quote: false, depth: 0 });
  const date = preset.signature?.date && doc.meta.date ? formatDate(doc.meta.date, preset.dateFormat) : undefined;
  if (doc.meta.byline) {
    const s = preset.byline;
    const keep = preset.signature ? { keepWithPrevious: true } : {};
    addBlock(ctx, { kind: 'byline', tag: 'P', style: s, left: 0, right: (s.rightEm ?? 0) * s.size, firstIndent: 0, keepWithNext: date !== undefined, ...keep }, [
      { text: bylineText(doc.meta.byline), span: doc.bylineSpan, role: s.role, bold: s.bold === true, size: s.size },
    ]);
  }
  if (date !== undefined) {
    // The date line of the signature block: the byline's style, directly under it (or, without a
    // byline, with the byline's space before). Its inset is settled at layout (signatureInsets).
    const s = doc.meta.byline ? { ...preset.byline, spaceBefore: 0 } : preset.byline;
    addBlock(ctx, { kind: 'date', tag: 'P', style: s, left: 0, right: preset.signature!.rightEm * s.size, firstIndent: 0, keepWithNext: false, keepWithPrevious: true }, [
      { text: date, role: s.role, bold: s.bold === true, size: s.size },
    ]);
  }
  // One coverage check for the whole document, so the user sees every missing character at once.
  checkCoverage(
    ctx.pending.flat().map((p) => ({ text: p.text, span: p.span, faces: fontChain(faces, p.role, p.bold) })),
    doc.source?.path,
    warn,
  );
  ctx.pending.forEach((pieces, i) => {
    const block = ctx.blocks[i]!;
    block.runs = pieces.flatMap((p) => toRuns(p, faces));
    if (block.marker) {
      const m = block.marker;
      block.marker = toRuns({ text: m.text, role: block.style.role, bold: false, size: m.size }, faces)[0];
    }
  });
  return ctx.blocks;
}

function toRuns(p: Pending, faces: FaceSet): FlowRun[] {
  return splitByFace(p.text, fontChain(faces, p.role, p.bold)).map((r) => ({ text: r.text, face: r.face, size: p.size }));
}

function addBlock(ctx: Context, block: Omit<FlowBlock, 'runs'>, pieces: Pending[]): void {
  ctx.blocks.push({ ...block, runs: [] });
  ctx.pending.push(pieces);
}

interface Nesting {
  left: number;
  right: number;
  quote: boolean;
  depth: number;
}

function addBlocks(ctx: Context, blocks: readonly Block[], nest: Nesting, marker?: string): void {
  const { preset } = ctx;
  for (const block of blocks) {
    switch (block.type) {
      case 'heading': {
        // The level is the heading's numbering when the preset says so (公文: 一、 （一） 1. （1）), else its Markdown level.
        const text = pieces(block.children, preset.body, false).map((p) => p.text).join('');
        const level = headingLevel(preset, text, block.level);
        const style = headingStyle(preset, level);
        addBlock(
          ctx,
          { kind: 'heading', tag: `H${Math.min(level + 1, 6)}`, style, left: nest.left, right: nest.right, firstIndent: (style.indentEm ?? 0) * style.size, keepWithNext: true, outline: { title: text, level } },
          pieces(block.children, style, false),
        );
        break;
      }
      case 'paragraph': {
        const style = nest.quote ? preset.quote : marker !== undefined || nest.depth > 0 ? preset.listItem : preset.body;
        const kind = nest.quote ? 'quote' : marker !== undefined || nest.depth > 0 ? 'listItem' : 'paragraph';
        const first = marker !== undefined || nest.depth > 0 ? 0 : (style.indentEm ?? 0) * style.size;
        addBlock(
          ctx,
          {
            kind, tag: marker !== undefined ? 'LI' : 'P', style, left: nest.left, right: nest.right, firstIndent: first, keepWithNext: false,
            ...(marker !== undefined ? { marker: { text: marker, face: undefined as unknown as Face, size: style.size } } : {}),
          },
          pieces(block.children, style, false),
        );
        marker = undefined;
        break;
      }
      case 'blockquote': {
        const q = preset.quote;
        addBlocks(ctx, block.children, { ...nest, quote: true, ...nestedInsets(preset, nest.left + (q.leftEm ?? 0) * q.size, nest.right + (q.rightEm ?? 0) * q.size) }, marker);
        marker = undefined;
        break;
      }
      case 'list': {
        const li = preset.listItem;
        block.items.forEach((item, i) => {
          const m = listMarker(block.ordered, block.start, i, nest.depth);
          // An empty item is still a bullet: an empty paragraph carries its marker.
          const children = item.children.length > 0 ? item.children : [{ type: 'paragraph' as const, children: [] }];
          addBlocks(ctx, children, { ...nest, depth: nest.depth + 1, ...nestedInsets(preset, nest.left + (li.leftEm ?? 2) * li.size, nest.right) }, m);
        });
        break;
      }
      case 'thematicBreak': {
        const style = { ...preset.body, align: 'center' as const };
        addBlock(ctx, { kind: 'rule', tag: 'P', style, left: nest.left, right: nest.right, firstIndent: 0, keepWithNext: false }, [
          { text: THEMATIC_BREAK_TEXT, span: block.span, role: style.role, bold: false, size: style.size },
        ]);
        break;
      }
    }
  }
}

function pieces(inlines: readonly Inline[], style: TextStyle, inEmphasis: boolean, bold = style.bold === true, role: FontRole = style.role): Pending[] {
  const out: Pending[] = [];
  for (const node of inlines) {
    if (node.type === 'text') out.push({ text: node.value, span: node.span, role, bold, size: style.size });
    else if (node.type === 'break') out.push({ text: '\n', role, bold, size: style.size });
    else if (node.type === 'strong') out.push(...pieces(node.children, style, inEmphasis, true, role));
    else out.push(...pieces(node.children, style, true, bold, inEmphasis ? role : emphasisRole(role)));
  }
  return out;
}
