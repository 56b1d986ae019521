/**
 * Plain text (pasted from an office system, a web page, or wenshu's own TXT) → a draft of the
 * model, its structure found from the text as a Chinese reader finds it:
 *
 * - paragraphs start at an indented line (two ideographic spaces, or spaces) or after a blank line;
 *   in a text with neither, each line is a paragraph;
 * - lines hard-wrapped by an office system are joined back: a line that fills the text's wrap
 *   width continues, and so does a line broken between two hanzi mid-sentence (no space is put
 *   between Chinese characters; between Latin words, one);
 * - headings, the title and the 公文 elements are left to `recognise` (structure.ts), which this
 *   helps by marking each paragraph's indentation and keeping structural lines (a numbered
 *   heading, a date, 附件：, 抄送：, …印发) as paragraphs of their own;
 * - lists (`1. ` `• ` `- ` markers, nested by indentation), quotations (indented deeper than the
 *   paragraphs) and thematic breaks (`＊　＊　＊`, `***`).
 *
 * Decoding: UTF-8 (with or without a BOM), UTF-16 with a BOM, or GB18030, detected.
 */
import { inputError } from '../errors.js';
import type { Alignment, Block, Inline, List, ListItem, Paragraph, Table, TableRow } from '../model/index.js';
import { decodeSource } from './decode.js';
import { addresseeLike, ATTENDANCE_LABEL, attachmentNumber, hasAttendance, nameLike, readHead } from './official.js';
import { chineseDate, headingLike, numberingOf } from './numbering.js';
import { TABLE_CAPTION, type Draft, type Hint } from './structure.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * Bytes of a text file → text: a UTF-16 BOM decides UTF-16; else UTF-8 when the bytes are valid
 * UTF-8, else GB18030 when they decode as such. Binary data is refused (decode.ts). Line ends
 * become LF.
 */
export function decodeText(bytes: Uint8Array, file: string): { text: string; encoding: TextEncoding } {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    let text: string;
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch {
      throw inputError({ file, message: `not valid ${utf16.toUpperCase()} text, though it starts with a UTF-16 byte-order mark`, code: 'encoding' });
    }
    if (text.includes('\u0000')) throw inputError({ file, message: 'this is a binary file, not text', code: 'binary' });
    return { text: text.replace(/\r\n?/g, '\n'), encoding: utf16 };
  }
  try {
    return { text: decodeSource(bytes, file, 'utf-8'), encoding: 'utf-8' };
  } catch (error) {
    if ((error as { diagnostics?: Array<{ code?: string }> }).diagnostics?.[0]?.code !== 'encoding') throw error;
    try {
      return { text: decodeSource(bytes, file, 'gb18030'), encoding: 'gb18030' };
    } catch {
      throw inputError({ file, message: 'not text in UTF-8, UTF-16 (with a byte-order mark) or GB18030', code: 'encoding' });
    }
  }
}

/** Display columns: a wide character (hanzi, full-width forms, Chinese quotes and dashes) counts 2. */
export function columns(s: string): number {
  let n = 0;
  for (const ch of s) n += WIDE.test(ch) ? 2 : 1;
  return n;
}

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u2014\u2026\u201c\u201d\u2018\u2019\u00b7\u3000\u{20000}-\u{3fffd}]/u;

/** Indentation of a line in columns: an ideographic space is 2, a tab reaches the next multiple of 4. */
function indentColumns(line: string): number {
  let n = 0;
  for (const ch of line) {
    if (ch === '\u3000') n += 2;
    else if (ch === ' ' || ch === '\u00a0') n += 1;
    else if (ch === '\t') n += 4 - (n % 4);
    else break;
  }
  return n;
}

function indentKind(cols: number): NonNullable<Hint['indent']> {
  return cols === 0 ? 'none' : cols <= 5 ? 'body' : cols <= 15 ? 'deep' : 'right';
}

/** A line that ends a sentence or a clause: after it, a line break may be meant. */
const ENDS_CLAUSE = /[。．！？；：:;!?…—”’」』）)》]$/u;
const HAN_END = /[\p{Script=Han}，、]$/u;
const HAN_START = /^[\p{Script=Han}]/u;

const BULLET = /^([•◦▪▫·●○■□\-*+])[ \t\u3000]+(?=\S)/u;
const ORDERED = /^(\d{1,3})([.)])[ \t]+(?=\S)/u;
const RULE = /^(?:[＊*][ \t\u3000]*){3,}$|^(?:[-_][ \t]*){3,}$|^[—－]{3,}$/u;

const PIPE_ROW = /^\|.*\|$/u;
const PIPE_RULE = /^\|(?:\s*:?-+:?\s*\|)+$/u;

/**
 * A table in the pipe layout (GFM's, as wenshu's TXT and many plain-text tools write it) that
 * starts at line k: a row of cells between | marks, a rule row of dashes (colons give each column
 * its alignment), and the rows under it. The cells are text; a row is padded to the widest.
 */
function pipeTableAt(lines: readonly string[], k: number): { table: Table; end: number } | undefined {
  const head = lines[k]?.trim() ?? '';
  const rule = lines[k + 1]?.trim() ?? '';
  if (!PIPE_ROW.test(head) || !PIPE_RULE.test(rule)) return undefined;
  const split = (row: string) => row.slice(1, -1).split('|').map((c) => c.trim());
  const align = split(rule).map((c): Alignment | undefined => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : undefined));
  const rows = [split(head)];
  let end = k + 2;
  while (end < lines.length && PIPE_ROW.test(lines[end]!.trim()) && !PIPE_RULE.test(lines[end]!.trim())) rows.push(split(lines[end++]!.trim()));
  const width = rows.reduce((w, r) => Math.max(w, r.length), align.length);
  const row = (cells: string[]): TableRow => ({
    type: 'tableRow',
    cells: Array.from({ length: width }, (_, i) => ({ type: 'tableCell' as const, children: cells[i] ? [{ type: 'text' as const, value: cells[i]! }] : [] })),
  });
  return { table: { type: 'table', align: Array.from({ length: width }, (_, i) => align[i]), head: [row(rows[0]!)], body: rows.slice(1).map(row) }, end };
}

/** A line that stands alone, whatever comes before and after it. */
function structural(t: string): boolean {
  return (
    chineseDate(t) !== undefined ||
    /^附\s*件\s*[：:]/u.test(t) ||
    /^抄\s*送[：:]/u.test(t) ||
    ATTENDANCE_LABEL.test(t) ||
    attachmentNumber(t) !== undefined ||
    (/印发$/u.test(t) && t.length <= 60) ||
    /^[（(]\s*(?:本文)?作者[^（）()]{1,80}[）)]$/u.test(t) ||
    RULE.test(t) ||
    (headingLike(t) && (numberingOf(t) !== undefined || /^[一二三四五六七八九十]+[要是]/u.test(t)))
  );
}

interface Raw {
  kind: 'paragraph' | 'item' | 'rule' | 'table';
  /** A table: the pipe layout read (see pipeTableAt). */
  table?: Table;
  /** The block's lines so far, and for each line break whether it is a hard break (true) or a join. */
  lines: string[];
  hard: boolean[];
  indent: number;
  /** List items: marker, ordered number, where the marker and the content start. */
  ordered?: boolean;
  number?: number;
  delimiter?: string;
  markerIndent?: number;
  contentIndent?: number;
  /** A paragraph inside the list item before it (a further paragraph of the item). */
  inItem?: boolean;
  /** Nothing more joins this block (a structural line). */
  closed: boolean;
  /** A line of the 版头 or the title after it, however centred: never a quotation. */
  top?: boolean;
}

/** A text → a draft of the model (see the module comment). */
export function readText(text: string): Draft {
  const lines = text.replace(/\ufeff/g, '').split('\n').map((l) => l.replace(/[ \t\u3000\u00a0]+$/u, ''));
  const nonBlank = lines.filter((l) => l.trim() !== '');
  const usesBlank = lines.some((l, k) => l.trim() === '' && k > 0 && k < lines.length - 1 && lines[k - 1]!.trim() !== '');
  const usesIndent = nonBlank.filter((l) => indentKind(indentColumns(l)) === 'body').length >= 2;
  const wrap = wrapWidth(lines);
  // A 公文's 版头 at the top (official.ts): each of its lines stands alone, though hanzi end and start them.
  const leading = lines.flatMap((l, k) => (l.trim() !== '' ? [k] : [])).slice(0, 16);
  const head = readHead(leading.map((k) => lines[k]!), { minutes: hasAttendance(nonBlank.map((l) => l.trim())) });
  const headCount = head?.count ?? 0;
  const headLines = new Set(leading.slice(0, headCount));
  // The title's first line: the first line of the text, or the one after the 版头; a 命令 has none (10.2).
  const titleLine = head?.format === '命令' ? -1 : leading[headCount] ?? -1;

  const raws: Raw[] = [];
  let current: Raw | undefined;
  let afterBlank = true;
  let first = true;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const t = line.trim();
    const piped = pipeTableAt(lines, k);
    if (piped) {
      // A caption line right above the table (as wenshu's TXT writes it) is its caption.
      let caption: Inline[] | undefined;
      if (current?.kind === 'paragraph' && current.lines.length === 1 && TABLE_CAPTION.test(current.lines[0]!)) {
        caption = [{ type: 'text', value: current.lines[0]! }];
        raws.pop();
      }
      raws.push({ kind: 'table', table: caption ? { ...piped.table, caption } : piped.table, lines: [], hard: [], indent: 0, closed: true });
      current = undefined;
      afterBlank = false;
      first = false;
      k = piped.end - 1;
      continue;
    }
    if (t === '') {
      current = undefined;
      afterBlank = true;
      continue;
    }
    const cols = indentColumns(line);
    const previous = current?.lines.at(-1);
    const bullet = BULLET.exec(t);
    const ordered = ORDERED.exec(t);
    // A line indented the Chinese way (ideographic spaces) is a paragraph, whatever it starts with.
    const marker = (bullet || ordered) && !first && !RULE.test(t) && !/^[ \t]*\u3000/u.test(line);
    // Names under 附件：1.… continue the attachment note: they are no headings.
    const attachment = current !== undefined && /^附\s*件\s*[：:]/u.test(current.lines[0]!) && /^[0-9０-９]{1,2}[.．、]/u.test(t);
    // A 纪要's 出席 list wrapped: its further lines hang under the first name, or follow a 、.
    const names = current !== undefined && ATTENDANCE_LABEL.test(current.lines[0]!) && !structural(t) && (cols > current.indent || /、$/u.test(previous ?? ''));
    const lastItem = [...raws].reverse().find((r) => r.kind === 'item');
    const isStructural = (structural(t) && !attachment) || headLines.has(k);

    // Does this line continue the current block?
    let join: 'no' | 'soft' | 'hard' = 'no';
    if (attachment) join = 'hard';
    else if (names) join = 'soft';
    else if (current && !current.closed && !marker && !isStructural && previous !== undefined) {
      const full = wrap > 0 && columns(current.lines.length === 1 ? ' '.repeat(current.indent) + previous : previous) >= wrap - 3;
      const lessIndented = cols < current.indent || cols === 0 || (current.kind === 'item' && cols === current.contentIndent);
      if (full && lessIndented) join = 'soft';
      else if (cols > 0 && !(current.kind === 'item' && cols === current.contentIndent) && (usesIndent || cols > 5)) join = 'no';
      else if (HAN_END.test(previous) && HAN_START.test(t) && !ENDS_CLAUSE.test(previous)) join = 'soft';
      else if (usesBlank || usesIndent || current.kind === 'item') join = 'hard';
    }
    if (join !== 'no') {
      current!.lines.push(t);
      current!.hard.push(join === 'hard');
    } else {
      let raw: Raw;
      if (marker) {
        const m = (bullet ?? ordered)!;
        raw = {
          kind: 'item', lines: [t.slice(m[0].length)], hard: [], indent: cols, closed: false,
          ordered: !!ordered && !bullet, number: ordered && !bullet ? Number(ordered[1]) : 1, delimiter: bullet ? '' : ordered![2],
          markerIndent: cols, contentIndent: cols + m[0].length,
        };
      } else if (RULE.test(t) && !first) {
        raw = { kind: 'rule', lines: [t], hard: [], indent: cols, closed: true };
      } else {
        // After a blank line, text indented to a list item's content is a further paragraph of it.
        const inItem = afterBlank && lastItem !== undefined && cols > 0 && cols === lastItem.contentIndent && raws.at(-1) !== undefined && (raws.at(-1) === lastItem || raws.at(-1)!.inItem === true);
        raw = { kind: 'paragraph', lines: [t], hard: [], indent: cols, closed: isStructural || first || k === titleLine, inItem, ...(headLines.has(k) || (headCount > 0 && k === titleLine) ? { top: true } : {}) };
      }
      raws.push(raw);
      current = raw;
    }
    // The 主送机关 under the title (7.3.2) ends at its `：`, however wrapped: the text it addresses
    // may follow on the next line, with no blank line or indentation to set it apart.
    if (current?.kind === 'paragraph' && k > titleLine && titleLine >= 0 && addresseeLike(current.lines.join(''))) {
      const at = raws.indexOf(current);
      const titleRest = raws.slice(headCount + 1, at);
      if (at > headCount && titleRest.length <= 1 && titleRest.every((r) => r.kind === 'paragraph' && r.lines.length === 1 && !/[。！？，：:；]$/u.test(r.lines[0]!))) current.closed = true;
    }
    afterBlank = false;
    first = false;
  }

  // A title over two short lines at the top (a long 公文 title), set off by a blank line; not a
  // title and the —— line under it that names a speech's occasion (the subtitle).
  const t = headCount;
  if (raws.length >= t + 2 && titleLine >= 0) {
    const [a, b] = [raws[t]!, raws[t + 1]!];
    const twoLines = lines[titleLine + 1]?.trim() === b.lines[0] && (lines[titleLine + 2] ?? '').trim() === '';
    if (twoLines && a.kind === 'paragraph' && b.kind === 'paragraph' && b.lines.length === 1 && [...a.lines[0]!].length <= 30 && [...b.lines[0]!].length <= 30 && !/[。！？，：:；]$/u.test(a.lines[0]! + b.lines[0]!) && !structural(b.lines[0]!) && !/^——/u.test(b.lines[0]!) && usesBlank) {
      a.lines[0] = a.lines[0]! + joinBetween(a.lines[0]!, b.lines[0]!) + b.lines[0];
      raws.splice(t + 1, 1);
    }
  }

  keepSignersApart(raws);
  return toDraft(raws, usesIndent);
}

/**
 * Joint issuers' 署名 without seals, one a line over the date (7.3.5.2), were joined as one wrapped
 * paragraph (hanzi end and start them): each name is a line of its own again.
 */
function keepSignersApart(raws: Raw[]): void {
  raws.forEach((raw, j) => {
    const next = raws[j + 1];
    const overDate = next?.kind === 'paragraph' && next.lines.length === 1 && chineseDate(next.lines[0]!) !== undefined;
    if (raw.kind === 'paragraph' && overDate && raw.lines.length >= 2 && raw.lines.length <= 10 && raw.lines.every((l) => nameLike(l) && [...l].length <= 30)) {
      raw.hard = raw.hard.map(() => true);
    }
  });
}

/**
 * The width an office system wrapped the text at, in columns, or 0: the widest line that another
 * line continues, when at least two lines come within three columns of it.
 */
function wrapWidth(lines: readonly string[]): number {
  const widths: number[] = [];
  for (let k = 0; k + 1 < lines.length; k++) {
    if (lines[k]!.trim() === '' || lines[k + 1]!.trim() === '') continue;
    widths.push(columns(lines[k]!));
  }
  if (widths.length < 2) return 0;
  const max = widths.reduce((m, w) => Math.max(m, w), -Infinity);
  const near = widths.filter((w) => w >= max - 3).length;
  return max >= 30 && near >= 2 ? max : 0;
}

/** What a line break between these two lines becomes: nothing next to a wide character, else a space. */
function joinBetween(before: string, after: string): string {
  return WIDE.test(before.at(-1) ?? '') || WIDE.test([...after][0] ?? '') ? '' : ' ';
}

function inlinesOf(raw: Raw): Inline[] {
  const out: Inline[] = [];
  let text = raw.lines[0]!;
  for (let k = 1; k < raw.lines.length; k++) {
    const next = raw.lines[k]!;
    if (raw.hard[k - 1]) {
      out.push({ type: 'text', value: text }, { type: 'break' });
      text = next;
    } else {
      text += joinBetween(text, next) + next;
    }
  }
  out.push({ type: 'text', value: text });
  return out.filter((n) => n.type !== 'text' || n.value !== '');
}

function toDraft(raws: readonly Raw[], usesIndent: boolean): Draft {
  const hints = new Map<Block, Hint>();
  const blocks: Block[] = [];
  // Open lists, innermost last, each with the marker column of its items.
  let lists: Array<{ list: List; indent: number; delimiter: string }> = [];
  let lastItem: ListItem | undefined;
  let quote: { type: 'blockquote'; children: Block[] } | undefined;
  const paragraph = (raw: Raw): Paragraph => ({ type: 'paragraph', children: inlinesOf(raw) });

  for (const raw of raws) {
    if (raw.kind === 'item') {
      quote = undefined;
      const indent = raw.markerIndent!;
      while (lists.length > 0 && lists.at(-1)!.indent > indent) lists.pop();
      let top = lists.at(-1);
      if (top && top.indent === indent && (top.list.ordered !== raw.ordered || top.delimiter !== raw.delimiter)) {
        lists.pop();
        top = lists.at(-1);
      }
      if (!top || top.indent < indent) {
        const list: List = { type: 'list', ordered: raw.ordered!, start: raw.ordered ? raw.number! : 1, items: [] };
        if (top && lastItem) lastItem.children.push(list);
        else {
          lists = [];
          blocks.push(list);
        }
        lists.push({ list, indent, delimiter: raw.delimiter! });
        top = lists.at(-1)!;
      }
      lastItem = { type: 'listItem', children: [paragraph(raw)] };
      top.list.items.push(lastItem);
      continue;
    }
    if (raw.kind === 'paragraph' && raw.inItem && lastItem) {
      lastItem.children.push(paragraph(raw));
      continue;
    }
    lists = [];
    lastItem = undefined;
    if (raw.kind === 'rule') {
      quote = undefined;
      blocks.push({ type: 'thematicBreak' });
      continue;
    }
    if (raw.kind === 'table') {
      quote = undefined;
      blocks.push(raw.table!);
      continue;
    }
    const p = paragraph(raw);
    const kind = indentKind(raw.indent);
    hints.set(p, { indent: kind });
    // Indented deeper than the paragraphs (and not pushed right, as a signature is): a quotation.
    if (kind === 'deep' && usesIndent && !raw.top) {
      if (!quote) {
        quote = { type: 'blockquote', children: [] };
        blocks.push(quote);
      }
      quote.children.push(p);
      continue;
    }
    quote = undefined;
    blocks.push(p);
  }
  return { blocks, hints, properties: {}, footnotes: [], explicitHeadings: false };
}
