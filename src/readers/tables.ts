/**
 * GFM pipe tables and their captions, for the Markdown reader.
 *
 * markdown-it's own table rule parses them (alignment row and all); this module finds where each
 * cell starts in the source (markdown-it gives rows their lines, cells nothing) and checks what
 * GFM lets pass silently: a row with more cells than the header (GFM drops the extra cells: we
 * refuse the row, naming its line), and a table with no text at all.
 *
 * Captions follow pandoc's convention: a paragraph `Table: …` (or just `: …`) directly before or
 * after the table. As in pandoc, a caption after a table is taken first, so in `P T1 :cap T2` the
 * caption belongs to T1. The caption is kept as written (`表1　2026年度名额分配表`): never numbered.
 */
import type { Alignment, Block, Inline, Paragraph, Table, TableRow } from '../model/index.js';

/** A cell of a source row: where its text starts and ends (offsets into the source). */
export interface SourceCell {
  start: number;
  end: number;
}

/**
 * The cells of one table row in the source, `from` being where the row starts after its
 * containers' markers, `end` the line's end: split at pipes that are not escaped (and not inside
 * a code span, which the reader refuses anyway), less a leading and a trailing pipe; each cell's
 * start is its first character that is not white space.
 */
export function sourceCells(text: string, from: number, end: number): SourceCell[] {
  const bounds: number[] = [];
  let code = false;
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '`') code = !code;
    else if (c === '|' && !code) bounds.push(i);
  }
  let lineStart = from;
  while (lineStart < end && (text[lineStart] === ' ' || text[lineStart] === '\t')) lineStart++;
  let lineEnd = end;
  while (lineEnd > lineStart && (text[lineEnd - 1] === ' ' || text[lineEnd - 1] === '\t')) lineEnd--;
  const edges = [lineStart - 1, ...bounds, lineEnd];
  // A leading pipe opens the row, a trailing one closes it: neither makes a cell.
  if (bounds[0] === lineStart) edges.shift();
  if (bounds.at(-1) === lineEnd - 1 && edges.length > 2) edges.pop();
  const out: SourceCell[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    let s = edges[k]! + 1;
    let e = edges[k + 1]!;
    while (s < e && (text[s] === ' ' || text[s] === '\t')) s++;
    while (e > s && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
    out.push({ start: s, end: e });
  }
  return out;
}

/** The alignment markdown-it's table rule gives a cell (`style="text-align:right"`), undefined for none. */
export function cellAlignment(style: string | null | undefined): Alignment | undefined {
  const m = /text-align:\s*(left|center|right)/.exec(style ?? '');
  return m ? (m[1] as Alignment) : undefined;
}

/** Whether every cell of the table is empty. */
export function emptyTable(table: Table): boolean {
  return [...table.head, ...table.body].every((row: TableRow) => row.cells.every((c) => c.children.length === 0));
}

const CAPTION = /^(?:[Tt]able:|:(?!\p{P}))[ \t\u3000]*/u;

/** The caption a paragraph states (`Table: …` or `: …`), its prefix taken off; undefined if it is no caption. */
function captionOf(block: Block | undefined): Inline[] | undefined {
  if (block?.type !== 'paragraph') return undefined;
  const first = block.children[0];
  if (first?.type !== 'text') return undefined;
  const m = CAPTION.exec(first.value);
  if (!m) return undefined;
  const rest = first.value.slice(m[0].length);
  const span = first.span && {
    start: { line: first.span.start.line, column: first.span.start.column + [...m[0]].length, offset: first.span.start.offset + m[0].length },
    end: first.span.end,
  };
  const head: Inline[] = rest === '' ? [] : [{ type: 'text', value: rest, ...(span ? { span } : {}) }];
  const caption = [...head, ...block.children.slice(1)];
  return caption.length > 0 ? caption : undefined;
}

/**
 * Gives each table the caption paragraph next to it (after it first, as pandoc does, else before
 * it) and takes that paragraph out of the text; through quotes and list items too.
 */
export function attachCaptions(blocks: Block[]): Block[] {
  const used = new Set<Block>();
  blocks.forEach((b, i) => {
    if (b.type === 'blockquote') b.children = attachCaptions(b.children);
    else if (b.type === 'list') for (const item of b.items) item.children = attachCaptions(item.children);
    if (b.type !== 'table' || b.caption) return;
    const after = blocks[i + 1];
    const before = blocks[i - 1];
    const caption = captionOf(after);
    if (caption && after) {
      b.caption = caption;
      used.add(after);
      return;
    }
    const front = used.has(before as Block) ? undefined : captionOf(before);
    if (front && before) {
      b.caption = front;
      used.add(before);
      b.span = (before as Paragraph).span ?? b.span;
    }
  });
  return used.size === 0 ? blocks : blocks.filter((b) => !used.has(b));
}
