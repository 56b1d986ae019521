/**
 * The prepared document's blocks → flow: each run with its size, and what the PDF adds of its
 * own: the structure tag of each block (H1 for the title, H2… for headings by level, P, LI) and
 * the outline entries. Every styling decision (styles per block, heading levels by numbering,
 * emphasis, markers, nesting, the signature block's insets, a title's phrase breaks) and the
 * coverage check are made once for all exporters in the prepared stage (src/prepare).
 */
import type { Face } from '../../fonts/index.js';
import type { NoteStyle, TableStyle, TextStyle } from '../../styles/types.js';
import { rowFlow } from '../../prepare/index.js';
import type { BlockKind, BoundBlock, FaceRun, PlacedImage, PlacedMark, TableGeometry } from '../../styles/blocks.js';

export interface FlowRun {
  text: string;
  face: Face;
  size: number;
  /** The address the run links to (https:, mailto:, #id). */
  link?: string;
  /** A note's reference: the note (0-based), set smaller and raised by `rise` points, close against the text before it. */
  note?: number;
  rise?: number;
  /** An inline image, set as a box on the baseline. */
  image?: PlacedImage;
}

export type FlowKind = BlockKind;

/** A table as the PDF sets it: its geometry from src/prepare, its cells' runs by row and column. */
export interface FlowTable {
  /** The table's number in the document (0-based). */
  id: number;
  style: TableStyle;
  geometry: TableGeometry;
  align: Array<'left' | 'center' | 'right'>;
  headAlign: Array<'left' | 'center' | 'right'>;
  headRows: number;
  cells: FlowRun[][][];
  /** The caption and （续表）, set above the repeated header on every page after the first. */
  continued?: FlowRun[];
}

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
  /** A list marker drawn in the hanging space to the left of the first line (an inline one is in `runs`). */
  marker?: FlowRun;
  /** A title or subtitle too long for one line, whose runs hold its breaks between phrases or words (src/prepare). */
  broken?: boolean;
  /** Headings and the title stay on the page with the start of what follows. */
  keepWithNext: boolean;
  /** A signature block never starts a page alone: the end of the text before it comes along. */
  keepWithPrevious?: boolean;
  /** Outline (bookmark) entry: level 0 is the title. */
  outline?: { title: string; level: number };
  /** A figure's image, centred in the block's width. */
  figure?: PlacedImage;
  /** A heading's id: a named destination for links to it. */
  id?: string;
  /** A note's paragraph: which note. */
  note?: number;
  /** A table's row: each row is a block of its own, which pagination never splits. */
  row?: { table: FlowTable; index: number };
  /** Set across a page turned to landscape: a table too wide for the page, and its caption. */
  landscape?: boolean;
  /** 公文: starts a new page (an attachment); ends on the last page's last line (版记); rules on its lines' edges; colour. */
  breakBefore?: boolean;
  foot?: boolean;
  rules?: { above?: number; below?: number };
  color?: string;
  /** 公文: seals or 签名章 pressed on the block (7.3.5), and tab stops of a row of names (src/prepare). */
  marks?: PlacedMark[];
  tabs?: number[];
}

const TAGS: Partial<Record<BlockKind, string>> = { figure: 'Figure', caption: 'Caption', tableCaption: 'Caption', note: 'Note', table: 'Table' };

export function buildFlow(blocks: readonly BoundBlock[], notes?: NoteStyle): FlowBlock[] {
  let tables = 0;
  const flow = blocks.flatMap(({ block: b, runs, marker, phrased, cells, continued }): FlowBlock[] => {
    const size = b.style.size;
    const flowRun = (size: number) => (r: FaceRun): FlowRun => {
      const p = r.piece;
      if (p.note !== undefined && notes) return { text: r.text, face: r.face, size: size * notes.referenceScale, note: p.note, rise: size * notes.rise };
      return { text: r.text, face: r.face, size, ...(p.link ? { link: p.link } : {}), ...(p.image ? { image: p.image } : {}) };
    };
    const toFlow = flowRun(size);
    if (b.table && cells) {
      const t = b.table;
      const g = t.geometry!;
      const table: FlowTable = {
        id: tables++, style: t.style, geometry: g, align: t.align, headAlign: t.headAlign, headRows: t.headRows,
        cells: cells.map((row, r) => row.map((cell) => cell.map(flowRun(r < t.headRows ? g.header.size : g.body.size)))),
        ...(continued ? { continued: continued.map(flowRun(t.style.caption.size)) } : {}),
      };
      // One block per row: the first with the table's space before, the last with its space
      // after, the header rows kept with the first body row.
      return cells.map((_, r): FlowBlock => {
        const { spaceBefore, spaceAfter, keepWithNext } = rowFlow(b.style, r, cells.length, t.headRows);
        return {
          kind: 'table', tag: 'TR', style: { ...b.style, spaceBefore, spaceAfter },
          runs: [], left: b.left, right: b.right, firstIndent: 0, keepWithNext,
          row: { table, index: r },
          ...(g.landscape ? { landscape: true } : {}),
        };
      });
    }
    const outline = b.kind === 'title' || b.kind === 'heading' || b.kind === 'attachmentTitle' ? { title: b.pieces.map((p) => p.text).join(''), level: b.level ?? 0 } : undefined;
    return [{
      kind: b.kind,
      tag: b.kind === 'title' ? 'H1' : b.kind === 'heading' || b.kind === 'attachmentTitle' ? `H${Math.min((b.level ?? 1) + 1, 6)}` : TAGS[b.kind] ?? (b.marker ? 'LI' : 'P'),
      style: b.style,
      // A title broken in the prepared stage is set as broken there. An inline marker (公文) is
      // the first text of its paragraph, laid out and justified with it.
      runs: [...(b.markerInline && marker ? marker.map(toFlow) : []), ...(phrased ?? runs).map(toFlow)],
      left: b.left,
      right: b.right,
      firstIndent: b.firstIndent,
      // The marker is drawn as one run, in the face that draws its first character.
      ...(marker?.[0] && !b.markerInline ? { marker: toFlow(marker[0]) } : {}),
      ...(phrased ? { broken: true } : {}),
      keepWithNext: b.keepWithNext,
      ...(b.keepWithPrevious ? { keepWithPrevious: true } : {}),
      ...(outline ? { outline } : {}),
      ...(b.figure ? { figure: b.figure } : {}),
      ...(b.id ? { id: b.id } : {}),
      ...(b.note !== undefined ? { note: b.note } : {}),
      ...(b.breakBefore ? { breakBefore: true } : {}),
      ...(b.foot ? { foot: true } : {}),
      ...(b.rules ? { rules: b.rules } : {}),
      ...(b.color ? { color: b.color } : {}),
      ...(b.marks ? { marks: b.marks } : {}),
      ...(b.tabs ? { tabs: b.tabs } : {}),
    }];
  });
  // A landscape table's caption goes on its page.
  flow.forEach((b, i) => {
    if (b.kind === 'tableCaption' && flow[i + 1]?.landscape) b.landscape = true;
  });
  return flow;
}
