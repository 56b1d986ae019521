/**
 * The prepared document's blocks → flow: each run with its size, and what the PDF adds of its
 * own: the structure tag of each block (H1 for the title, H2… for headings by level, P, LI) and
 * the outline entries. Every styling decision (styles per block, heading levels by numbering,
 * emphasis, markers, nesting, the signature block's insets, a title's phrase breaks) and the
 * coverage check are made once for all exporters in the prepared stage (src/prepare).
 */
import type { Face } from '../../fonts/index.js';
import type { TextStyle } from '../../styles/index.js';
import type { BlockKind, BoundBlock, FaceRun } from '../../styles/blocks.js';

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
  /** A headline title too long for one line: its runs with breaks between the phrases. */
  phrased?: FlowRun[];
  /** Headings and the title stay on the page with the start of what follows. */
  keepWithNext: boolean;
  /** A signature block never starts a page alone: the end of the text before it comes along. */
  keepWithPrevious?: boolean;
  /** Outline (bookmark) entry: level 0 is the title. */
  outline?: { title: string; level: number };
}

export function buildFlow(blocks: readonly BoundBlock[]): FlowBlock[] {
  return blocks.map(({ block: b, runs, marker, phrased }) => {
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
      ...(phrased ? { phrased: phrased.map(toFlow) } : {}),
      keepWithNext: b.keepWithNext,
      ...(b.keepWithPrevious ? { keepWithPrevious: true } : {}),
      ...(outline ? { outline } : {}),
    };
  });
}
