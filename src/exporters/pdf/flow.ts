/**
 * Styled blocks → flow: the document as a list of blocks of runs, each run bound to a concrete
 * font face and size, with what the PDF adds of its own: the structure tag of each block (H1 for
 * the title, H2… for headings by level, P, LI) and the outline entries. Every styling decision
 * (styles per block, heading levels by numbering, emphasis, markers, nesting, the signature block)
 * and the coverage check are made once for all exporters in src/styles/blocks.ts.
 */
import type { Diagnostic } from '../../errors.js';
import type { Document } from '../../model/index.js';
import type { FaceSet, Face } from '../../fonts/index.js';
import type { StylePreset, TextStyle } from '../../styles/index.js';
import { boundBlocks, type BlockKind, type FaceRun } from '../../styles/blocks.js';

export interface FlowRun {
  text: string;
  face: Face;
  size: number;
}

export type FlowKind = BlockKind;

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

/** Builds the flow, after checking that every character has a glyph (an input error with its position otherwise). */
export function buildFlow(doc: Document, preset: StylePreset, faces: FaceSet, warn?: (d: Diagnostic) => void, shared?: Map<string, unknown>): FlowBlock[] {
  return boundBlocks(doc, preset, faces, warn, shared).map(({ block: b, runs, marker }) => {
    const size = b.style.size;
    const toFlow = (r: FaceRun): FlowRun => ({ text: r.text, face: r.face, size });
    const outline = b.kind === 'title' || b.kind === 'heading' ? { title: b.pieces.map((p) => p.text).join(''), level: b.level ?? 0 } : undefined;
    return {
      kind: b.kind,
      tag: b.kind === 'title' ? 'H1' : b.kind === 'heading' ? `H${Math.min((b.level ?? 1) + 1, 6)}` : b.marker ? 'LI' : 'P',
      style: b.style,
      runs: runs.map(toFlow),
      left: b.left,
      right: b.right,
      firstIndent: b.firstIndent,
      // The marker is drawn as one run, in the face that draws its first character.
      ...(marker?.[0] ? { marker: toFlow(marker[0]) } : {}),
      keepWithNext: b.keepWithNext,
      ...(b.keepWithPrevious ? { keepWithPrevious: true } : {}),
      ...(outline ? { outline } : {}),
    };
  });
}
