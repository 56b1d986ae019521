/**
 * Applying a preset to a document: the model becomes a flat list of styled blocks, each with its
 * kind, text style, insets and text pieces in font roles. Both the PDF and the DOCX exporter start
 * from this list, so they agree on every styling decision and a new rule is made once:
 *
 * - which style a block takes (title, heading by level, body, quote, list item, byline, rule);
 * - heading levels by numbering when the preset has rules for it (公文: 一、 （一） 1. （1）);
 * - emphasis in 楷 (黑 inside 楷), strong in the role's bold face;
 * - list markers, nesting insets (capped, src/styles/nesting.ts), empty items keeping their marker;
 * - the signature block: the byline and, when the preset asks, the date under it;
 * - what stays together (headings with what follows, the signature block with the text before it).
 *
 * `bindFaces` then checks that every character has a glyph and splits the pieces by the face that
 * draws each character. Exporters only map the result to their own structures.
 */
import type { Diagnostic } from '../errors.js';
import { checkCoverage, fontChain, splitByFace, type Face, type FaceSet } from '../fonts/index.js';
import type { Block, Document, FontRole, Inline, Span } from '../model/index.js';
import { bylineText, inlineText, listMarker, THEMATIC_BREAK_TEXT } from '../model/text.js';
import { nestedInsets } from './nesting.js';
import { formatDate, headingLevel, headingStyle } from './rules.js';
import type { StylePreset, TextStyle } from './types.js';

export type BlockKind = 'title' | 'heading' | 'paragraph' | 'quote' | 'listItem' | 'byline' | 'date' | 'rule';

/** A piece of text in one role and weight; `mark` says which inline markup produced it. */
export interface TextPiece {
  text: string;
  /** Where the text starts in the source, for diagnostics. */
  span?: Span;
  role: FontRole;
  bold: boolean;
  mark?: 'strong' | 'emphasis';
}

export interface StyledBlock {
  kind: BlockKind;
  /** Heading level (1 for a section heading, by numbering when the preset says so); 0 for the title; undefined otherwise. */
  level?: number;
  style: TextStyle;
  pieces: TextPiece[];
  /**
   * Insets of the whole block from the type area, in points at the style's em: on a character
   * grid an exporter scales them by the grid pitch over the body size (quotes, list nesting, the
   * byline's and the date's right inset).
   */
  left: number;
  right: number;
  /** First-line indent in points (same scale as the insets), relative to `left`. */
  firstIndent: number;
  /** List marker of an item's first paragraph, set in the hanging space left of `left`, in the block's role. */
  marker?: TextPiece;
  /** Headings and the title stay on the page with the start of what follows; the byline with its date. */
  keepWithNext: boolean;
  /** A signature block never starts a page alone: the end of the text before it comes along. */
  keepWithPrevious?: boolean;
}

/** Emphasis is set in 楷 (the Chinese convention); inside 楷 text it switches to 黑. */
export const emphasisRole = (role: FontRole): FontRole => (role === 'kai' ? 'sans' : 'kai');

interface Nesting {
  left: number;
  right: number;
  quote: boolean;
  depth: number;
}

/** The document as styled blocks, in reading order: title, body blocks, then the signature block. */
export function styleBlocks(doc: Document, preset: StylePreset): StyledBlock[] {
  const out: StyledBlock[] = [];
  const plain = (text: string, span: Span | undefined, t: TextStyle): TextPiece => ({ text, ...(span ? { span } : {}), role: t.role, bold: t.bold === true });

  const title = preset.title;
  out.push({ kind: 'title', level: 0, style: title, pieces: [plain(doc.meta.title, doc.titleSpan, title)], left: 0, right: 0, firstIndent: 0, keepWithNext: true });

  const walk = (blocks: readonly Block[], nest: Nesting, marker?: string): void => {
    for (const block of blocks) {
      switch (block.type) {
        case 'heading': {
          // The level is the heading's numbering when the preset says so (公文: 一、 （一） 1. （1）), else its Markdown level.
          const level = headingLevel(preset, inlineText(block.children), block.level);
          const style = headingStyle(preset, level);
          out.push({
            kind: 'heading', level, style, pieces: textPieces(block.children, style),
            left: nest.left, right: nest.right, firstIndent: (style.indentEm ?? 0) * style.size, keepWithNext: true,
          });
          break;
        }
        case 'paragraph': {
          const inList = marker !== undefined || nest.depth > 0;
          const kind = nest.quote ? 'quote' : inList ? 'listItem' : 'paragraph';
          const style = nest.quote ? preset.quote : inList ? preset.listItem : preset.body;
          out.push({
            kind, style, pieces: textPieces(block.children, style),
            left: nest.left, right: nest.right, firstIndent: inList ? 0 : (style.indentEm ?? 0) * style.size, keepWithNext: false,
            // The marker is reported at its paragraph's position.
            ...(marker !== undefined ? { marker: plain(marker, block.span, style) } : {}),
          });
          marker = undefined;
          break;
        }
        case 'blockquote': {
          const q = preset.quote;
          walk(block.children, { ...nest, quote: true, ...nestedInsets(preset, nest.left + (q.leftEm ?? 0) * q.size, nest.right + (q.rightEm ?? 0) * q.size) }, marker);
          marker = undefined;
          break;
        }
        case 'list': {
          const li = preset.listItem;
          block.items.forEach((item, i) => {
            const m = listMarker(block.ordered, block.start, i, nest.depth);
            // An empty item is still a bullet: an empty paragraph carries its marker.
            const children = item.children.length > 0 ? item.children : [{ type: 'paragraph' as const, children: [] }];
            walk(children, { ...nest, depth: nest.depth + 1, ...nestedInsets(preset, nest.left + (li.leftEm ?? 2) * li.size, nest.right) }, m);
          });
          break;
        }
        case 'figure':
        case 'table':
          throw new Error(`${block.type} is not laid out yet`); // the reader refuses them until the exporters set them
        case 'thematicBreak': {
          const style = { ...preset.body, align: 'center' as const };
          out.push({ kind: 'rule', style, pieces: [plain(THEMATIC_BREAK_TEXT, block.span, style)], left: nest.left, right: nest.right, firstIndent: 0, keepWithNext: false });
          break;
        }
      }
    }
  };
  walk(doc.blocks, { left: 0, right: 0, quote: false, depth: 0 });

  // The signature block: the byline, and the date under it when the preset asks for one.
  const date = preset.signature?.date && doc.meta.date ? formatDate(doc.meta.date, preset.dateFormat) : undefined;
  if (doc.meta.byline) {
    const s = preset.byline;
    out.push({
      kind: 'byline', style: s, pieces: [plain(bylineText(doc.meta.byline), doc.bylineSpan, s)],
      left: 0, right: (s.rightEm ?? 0) * s.size, firstIndent: 0, keepWithNext: date !== undefined,
      ...(preset.signature ? { keepWithPrevious: true } : {}),
    });
  }
  if (date !== undefined) {
    // The byline's style, directly under it (or, without a byline, with the byline's space before).
    // Its right inset here is the rule's smallest; `signatureInsets` settles both from the set widths.
    const s = doc.meta.byline ? { ...preset.byline, spaceBefore: 0 } : preset.byline;
    out.push({ kind: 'date', style: s, pieces: [plain(date, undefined, s)], left: 0, right: preset.signature!.rightEm * s.size, firstIndent: 0, keepWithNext: false, keepWithPrevious: true });
  }
  return out;
}

/** Inline text as pieces: strong → the role's bold face, emphasis → 楷 (黑 inside 楷). */
function textPieces(inlines: readonly Inline[], style: TextStyle, inEmphasis = false, bold = style.bold === true, role: FontRole = style.role, mark?: TextPiece['mark']): TextPiece[] {
  const out: TextPiece[] = [];
  for (const node of inlines) {
    const base = { role, bold, ...(mark ? { mark } : {}) };
    if (node.type === 'text') out.push({ text: node.value, ...(node.span ? { span: node.span } : {}), ...base });
    else if (node.type === 'break') out.push({ text: '\n', ...base });
    else if (node.type === 'strong') for (const p of textPieces(node.children, style, inEmphasis, true, role, mark ?? 'strong')) out.push(p);
    else if (node.type === 'emphasis') for (const p of textPieces(node.children, style, true, bold, inEmphasis ? role : emphasisRole(role), 'emphasis')) out.push(p);
    else throw new Error(`${node.type} is not laid out yet`); // the reader refuses them until the exporters set them
  }
  return out;
}

/** A stretch of one piece set in one face. */
export interface FaceRun {
  text: string;
  face: Face;
  piece: TextPiece;
}

export interface BoundBlock {
  block: StyledBlock;
  /** The pieces split by the face that draws each character, in order. */
  runs: FaceRun[];
  /** The marker likewise, when the block has one. */
  marker?: FaceRun[];
}

/**
 * Binds every piece to the faces that draw it: the role's face, or a fallback for characters it
 * lacks. Checks coverage first, for the whole document at once (markers included), so that the
 * user sees every character no font can draw, with its position, in one error; characters drawn
 * by a fallback face go to `warn`.
 */
export function bindFaces(blocks: readonly StyledBlock[], faces: FaceSet, file?: string, warn?: (d: Diagnostic) => void): BoundBlock[] {
  const chain = (p: TextPiece) => fontChain(faces, p.role, p.bold);
  checkCoverage(
    blocks.flatMap((b) => (b.marker ? [b.marker, ...b.pieces] : b.pieces)).map((p) => ({ text: p.text, span: p.span, faces: chain(p) })),
    file,
    warn,
  );
  const split = (p: TextPiece): FaceRun[] => {
    const runs = splitByFace(p.text, chain(p));
    // Most pieces are set in one face: keep the piece's own string for it. splitByFace builds its
    // copy a character at a time, a chain of one-character strings that, for every piece of a
    // 3,000-page document at once, took some 150 MB until something flattened them.
    if (runs.length === 1) return [{ text: p.text, face: runs[0]!.face, piece: p }];
    return runs.map((r) => ({ text: r.text, face: r.face, piece: p }));
  };
  return blocks.map((block) => ({ block, runs: block.pieces.flatMap(split), ...(block.marker ? { marker: split(block.marker) } : {}) }));
}

/**
 * styleBlocks and bindFaces of a document, made once for all the formats of an export: the PDF
 * and the DOCX set the same blocks in the same faces (~4 ms each for the essay). Kept in the
 * export's `shared` map (see ExportContext) for the document, preset and face set it was made
 * for; its fallback warnings are given again to each caller's `warn` (an export reports each
 * once). Without a map, bound afresh.
 */
export function boundBlocks(
  doc: Document,
  preset: StylePreset,
  faces: FaceSet,
  warn?: (d: Diagnostic) => void,
  shared?: Map<string, unknown>,
): BoundBlock[] {
  const file = doc.source?.path;
  let memo = shared?.get('bound') as BoundMemo | undefined;
  if (!memo || memo.doc !== doc || memo.preset !== preset || memo.faces !== faces) {
    const warnings: Diagnostic[] = [];
    memo = { doc, preset, faces, warnings, blocks: bindFaces(styleBlocks(doc, preset), faces, file, (d) => warnings.push(d)) };
    shared?.set('bound', memo);
  }
  if (warn) for (const d of memo.warnings) warn(d);
  return memo.blocks;
}

interface BoundMemo {
  doc: Document;
  preset: StylePreset;
  faces: FaceSet;
  warnings: Diagnostic[];
  blocks: BoundBlock[];
}
