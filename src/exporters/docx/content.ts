/**
 * Model → DOCX paragraphs: each block becomes a paragraph in a named style, its text split into
 * runs by the face that draws each character (the role's face, or the fallback for characters it
 * lacks). Mirrors the PDF exporter's flow (same styles per block, same emphasis rule, same text
 * from src/model/text), so both formats print the same thing.
 */
import { checkCoverage, fontChain, splitByFace, type Face, type FaceSet } from '../../fonts/index.js';
import type { Diagnostic } from '../../errors.js';
import type { Block, Document, FontRole, Inline, Span } from '../../model/index.js';
import { bylineText, listMarker, THEMATIC_BREAK_TEXT } from '../../model/text.js';
import type { StylePreset, TextStyle } from '../../styles/index.js';
import { emphasisRole, headingStyleId, paragraphStyles, type Geometry, type ParagraphStyle } from './styles.js';
import { nestedInsets } from '../../styles/nesting.js';

export interface DocxRun {
  text: string;
  face: Face;
  charStyle?: 'Strong' | 'Emphasis';
}

export interface DocxParagraph {
  style: ParagraphStyle;
  runs: DocxRun[];
  /** The paragraph's indents; written as direct formatting only where they differ from the style's. */
  geometry: Geometry;
}

interface Piece {
  text: string;
  span?: Span;
  role: FontRole;
  bold: boolean;
  charStyle?: 'Strong' | 'Emphasis';
}

interface Nesting {
  left: number;
  right: number;
  quote: boolean;
  depth: number;
}

/** Builds the paragraphs, after checking that every character has a glyph (an input error with its position otherwise). */
export function buildParagraphs(doc: Document, preset: StylePreset, faces: FaceSet, warn?: (d: Diagnostic) => void): DocxParagraph[] {
  const styles = new Map(paragraphStyles(preset).map((s) => [s.id, s]));
  const style = (id: string) => styles.get(id)!;
  const out: Array<{ style: ParagraphStyle; pieces: Piece[]; geometry: Geometry }> = [];
  const add = (s: ParagraphStyle, pieces: Piece[], geometry: Geometry = s.geometry) => out.push({ style: s, pieces, geometry });
  const plain = (text: string, span: Span | undefined, t: TextStyle): Piece => ({ text, span, role: t.role, bold: t.bold === true });

  add(style('Title'), [plain(doc.meta.title, doc.titleSpan, preset.title)]);

  const walk = (blocks: readonly Block[], nest: Nesting, marker?: string): void => {
    for (const block of blocks) {
      switch (block.type) {
        case 'heading': {
          const s = style(headingStyleId(block.level));
          add(s, pieces(block.children, s.text), { left: nest.left, right: nest.right, first: 0 });
          break;
        }
        case 'paragraph': {
          const inList = marker !== undefined || nest.depth > 0;
          const s = style(nest.quote ? 'Quote' : inList ? 'ListParagraph' : 'Normal');
          const t = s.text;
          const liIndent = (preset.listItem.leftEm ?? 2) * preset.listItem.size;
          const first = marker !== undefined ? -liIndent : inList ? 0 : (t.indentEm ?? 0) * t.size;
          const body = pieces(block.children, t);
          // The marker and a tab to the text position, in the paragraph's own font.
          add(s, marker !== undefined ? [plain(`${marker}\t`, block.span, t), ...body] : body, { left: nest.left, right: nest.right, first });
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
        case 'thematicBreak': {
          const s = style('Separator');
          add(s, [plain(THEMATIC_BREAK_TEXT, block.span, s.text)], { left: nest.left, right: nest.right, first: 0 });
          break;
        }
      }
    }
  };
  walk(doc.blocks, { left: 0, right: 0, quote: false, depth: 0 });

  if (doc.meta.byline) add(style('Byline'), [plain(bylineText(doc.meta.byline), doc.bylineSpan, preset.byline)]);

  // One check for the whole document, so the user sees every missing character at once.
  checkCoverage(
    out.flatMap((p) => p.pieces).map((p) => ({ text: p.text, span: p.span, faces: fontChain(faces, p.role, p.bold) })),
    doc.source?.path,
    warn,
  );
  return out.map(({ style: s, pieces: ps, geometry }) => ({
    style: s,
    geometry,
    runs: ps.flatMap((p) =>
      splitByFace(p.text, fontChain(faces, p.role, p.bold)).map((r) => ({ text: r.text, face: r.face, ...(p.charStyle ? { charStyle: p.charStyle } : {}) })),
    ),
  }));
}

/** Inline text as pieces: strong → the role's bold face, emphasis → 楷 (黑 inside 楷), as in the PDF. */
function pieces(inlines: readonly Inline[], t: TextStyle, inEmphasis = false, bold = t.bold === true, role: FontRole = t.role, charStyle?: Piece['charStyle']): Piece[] {
  const out: Piece[] = [];
  for (const node of inlines) {
    const base = { role, bold, ...(charStyle ? { charStyle } : {}) };
    if (node.type === 'text') out.push({ text: node.value, ...(node.span ? { span: node.span } : {}), ...base });
    else if (node.type === 'break') out.push({ text: '\n', ...base });
    else if (node.type === 'strong') out.push(...pieces(node.children, t, inEmphasis, true, role, charStyle ?? 'Strong'));
    else out.push(...pieces(node.children, t, true, bold, inEmphasis ? role : emphasisRole(role), 'Emphasis'));
  }
  return out;
}
