/**
 * Markdown (CommonMark + YAML front matter) → the document model.
 *
 * Parsing is markdown-it's (CommonMark, with CJK-friendly emphasis); this module only maps its
 * tokens onto our model, finds where each piece of text starts in the source, and refuses, with
 * the line and column, whatever the model cannot hold (HTML, code, links, images, tables), so
 * nothing is ever dropped silently.
 *
 * Why markdown-it and not micromark/mdast, which gave positions for every node: micromark parsed
 * about a megabyte a second (a state function and an event per character, and the garbage of
 * those), 0.43 s of a 300-page export against markdown-it's ~0.05 s. markdown-it gives block
 * tokens their lines only; the start of each text, emphasis and break is found here by walking
 * the source alongside the tokens (BlockReader), which is all the model needs: positions are for
 * messages, which point at a start.
 */
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { inputError, type Diagnostic } from '../errors.js';
import type { Block, Document, HeadingLevel, Inline, Span } from '../model/index.js';
import { readFrontMatter } from './frontmatter.js';
import { checkCharacters } from './characters.js';
import { LineIndex } from './positions.js';

const unsupported: Record<string, string> = {
  html_block: 'raw HTML is not supported',
  html_inline: 'raw HTML is not supported',
  code_block: 'code blocks are not supported',
  fence: 'code blocks are not supported',
  code_inline: 'inline code is not supported',
  link_open: 'links are not supported (write the address as text)',
  image: 'images are not supported',
  table: 'tables are not supported',
};

/** The body is parsed in pieces of about this many UTF-16 code units (see pieceStarts). */
const PIECE = 1 << 16;

/**
 * How deep block quotes and list items, and emphasis, may nest. Deeper is refused with its
 * position. markdown-it's nesting limit (CommonMark preset: 20 levels of its tokens) silently drops
 * what lies deeper, so it is set past what this depth needs (a list item takes two levels).
 */
export const MAX_DEPTH = 100;

const makeParser = () => new MarkdownIt('commonmark', { maxNesting: 2 * MAX_DEPTH + 2 }).use(cjkFriendly);
let parser: ReturnType<typeof makeParser> | undefined;

/**
 * CommonMark as it is (raw HTML recognised, so that it can be refused), plus CJK-friendly
 * emphasis: CommonMark's flanking rules leave **加粗，**和 unparsed (a closing ** after Chinese
 * punctuation and before a hanzi does not count as closing), so Chinese writers would see the
 * asterisks in every format.
 */
function markdown(): ReturnType<typeof makeParser> {
  return (parser ??= makeParser());
}

/** `---`, YAML, `---` at the very start, each fence a line of its own. */
const FRONT_MATTER = /^---[ \t]*\n((?:[^\n]*\n)*?)---[ \t]*(?:\n|$)/;

/**
 * @param pieceSize roughly how much source is parsed at a time (tests make it tiny).
 */
export function parseMarkdown(text: string, file: string, pieceSize = PIECE): Document {
  const lines = new LineIndex(text);
  checkCharacters(text, file, lines);

  const front = FRONT_MATTER.exec(text);
  if (!front) {
    throw inputError({
      file,
      line: 1,
      column: 1,
      message: "the source must start with YAML front matter: a line '---', then 'title: …', then '---'",
      code: 'front-matter',
    });
  }
  const yamlOffset = text.indexOf('\n') + 1;
  const meta = readFrontMatter(front[1]!.replace(/\n$/, ''), yamlOffset, lines, file);

  const problems: Diagnostic[] = [];
  const reader = new BlockReader(file, problems, text, lines);
  const starts = pieceStarts(text, pieceSize);
  starts[0] = front[0].length;
  const blocks: Block[] = [];
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k]!;
    const tokens = markdown().parse(text.slice(from, starts[k + 1] ?? text.length), {});
    for (const block of reader.read(tokens, lines.point(from).line - 1)) blocks.push(block);
  }
  if (problems.length > 0) throw inputError(problems);
  if (blocks.length === 0) {
    throw inputError({ file, line: lines.point(text.length).line, message: 'the document has front matter but no body text', code: 'empty' });
  }
  return { meta: meta.meta, blocks, titleSpan: meta.titleSpan, bylineSpan: meta.bylineSpan, source: { path: file, text } };
}

/**
 * Where the source can be cut into pieces that parse, one at a time, into exactly the blocks the
 * whole would give, so that the parser's tokens for a 3,000-page source never exist all at once.
 * A cut goes before a line that follows a blank line and starts with a character that is not
 * ASCII (Chinese text) or `#` (a heading): after a blank line such a line starts a block of its
 * own, since only an indented line continues a list item, and nothing else but fenced code, HTML
 * blocks and link reference definitions (which reach across the whole document) spans a blank
 * line. A source with any of those, or with a carriage return, is parsed whole, as is one without
 * front matter (the first piece holds it all), and anything shorter than `size`. Always starts
 * with 0.
 */
export function pieceStarts(text: string, size: number): number[] {
  const starts = [0];
  if (text.length <= size || /```|~~~|\]:|<|\r/.test(text)) return starts;
  const front = FRONT_MATTER.exec(text);
  if (!front) return starts;
  const cut = /\n[ \t]*\n(?=[^\x00-\x22\x24-\x7f])/g;
  cut.lastIndex = Math.max(front[0].length - 1, size);
  for (let m = cut.exec(text); m; m = cut.exec(text)) {
    const at = m.index + m[0].length;
    starts.push(at);
    cut.lastIndex = at + size;
  }
  return starts;
}

/**
 * Tokens → blocks, finding in the source where each block and each piece of text starts. Block
 * tokens carry their lines; on a line, a block's marker (`>`, `-`, `1.`, `#`) is looked for after
 * the markers of the blocks that contain it (`taken`). Inline tokens carry no position at all: a
 * cursor walks the source from the start of the block's text, past each delimiter and text in
 * turn. Escapes and character references make a text differ from the source; it is then looked
 * for a little further on, and failing that the cursor's place is kept (the line is still right).
 */
class BlockReader {
  /** Per line of the source, how far markers of enclosing blocks reach. */
  private readonly taken = new Map<number, number>();
  /** The line of the current piece's first line (0-based). */
  private base = 0;
  /** How many block quotes and list items enclose the blocks being read. */
  private depth = 0;

  constructor(
    private readonly file: string,
    private readonly problems: Diagnostic[],
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  /** The blocks of one piece, whose first line is line `baseLine` (0-based) of the source. */
  read(tokens: readonly Token[], baseLine: number): Block[] {
    this.base = baseLine;
    this.taken.clear();
    return this.blocks(tokens, 0, tokens.length);
  }

  private refuse(offset: number, message: string): void {
    const at = this.lines.point(offset);
    this.problems.push({ file: this.file, line: at.line, column: at.column, message, code: 'unsupported' });
  }

  /** Refuses a block quote or list item at `at` that would be nested deeper than MAX_DEPTH. */
  private tooDeep(at: number): boolean {
    if (this.depth < MAX_DEPTH) return false;
    const p = this.lines.point(at);
    this.problems.push({ file: this.file, line: p.line, column: p.column, message: `block quotes and lists nested more than ${MAX_DEPTH} deep are not supported`, code: 'too-deep' });
    return true;
  }

  private spanAt(start: number, end = start): Span {
    return { start: this.lines.point(start), end: this.lines.point(Math.max(start, end)) };
  }

  /** The source line (0-based) of a token's first line. */
  private lineOf(token: Token): number {
    return this.base + (token.map?.[0] ?? 0);
  }

  /** Where the enclosing blocks' markers end on a line. */
  private from(line: number): number {
    return Math.max(this.taken.get(line) ?? 0, this.lines.lineStart(line));
  }

  /** Finds a block marker on a line after the enclosing ones, and marks it taken. */
  private marker(line: number, marker: string | RegExp): number {
    const from = this.from(line);
    const end = this.lines.lineEnd(line);
    let at: number;
    let length: number;
    if (typeof marker === 'string') {
      at = this.text.indexOf(marker, from);
      length = marker.length;
    } else {
      const m = new RegExp(marker.source, 'g');
      m.lastIndex = from;
      const found = m.exec(this.text);
      at = found ? found.index : -1;
      length = found ? found[0].length : 0;
    }
    if (at < 0 || at > end) return this.contentStart(line);
    this.taken.set(line, at + length);
    return at;
  }

  /** The first character on a line after the enclosing markers and white space. */
  private contentStart(line: number): number {
    let at = this.from(line);
    const end = this.lines.lineEnd(line);
    while (at < end && (this.text[at] === ' ' || this.text[at] === '\t')) at++;
    return at;
  }

  /** Where an inline token's text (its first line) starts on `line`. */
  private textStart(line: number, content: string): number {
    const first = content.slice(0, content.indexOf('\n') >>> 0).trimEnd();
    const from = this.from(line);
    const at = first === '' ? -1 : this.text.indexOf(first, from);
    return at >= 0 && at + first.length <= this.lines.lineEnd(line) ? at : this.contentStart(line);
  }

  /** tokens[from, to) are whole blocks. */
  private blocks(tokens: readonly Token[], from: number, to: number): Block[] {
    const out: Block[] = [];
    for (let i = from; i < to; ) {
      const t = tokens[i]!;
      const close = t.nesting === 1 ? closing(tokens, i) : i;
      const line = this.lineOf(t);
      switch (t.type) {
        case 'paragraph_open': {
          const inline = tokens[i + 1]!;
          const start = this.textStart(line, inline.content);
          const table = tableRow(inline.content, (i) => indentation(this.text.slice(this.from(line + i), this.lines.lineEnd(line + i))));
          if (table >= 0) this.refuse(table === 0 ? start : this.contentStart(line + table), unsupported.table!);
          else out.push({ type: 'paragraph', children: this.inlines(inline.children ?? [], start), span: this.spanAt(start) });
          break;
        }
        case 'heading_open': {
          const inline = tokens[i + 1]!;
          const atx = t.markup.startsWith('#');
          const start = atx ? this.marker(line, t.markup) : this.textStart(line, inline.content);
          const textStart = atx ? this.textStart(line, inline.content) : start;
          out.push({ type: 'heading', level: Number(t.tag.slice(1)) as HeadingLevel, children: this.inlines(inline.children ?? [], textStart), span: this.spanAt(start) });
          break;
        }
        case 'blockquote_open': {
          const start = this.marker(line, '>');
          if (this.tooDeep(start)) break;
          // Every line of the quote has its '>' (lazy lines have none: those are left as they are).
          for (let l = line + 1; l < this.base + (t.map?.[1] ?? 0); l++) {
            const at = this.from(l);
            const m = /^[ \t]*>/.exec(this.text.slice(at, this.lines.lineEnd(l)));
            if (m) this.taken.set(l, at + m[0].length);
          }
          this.depth++;
          out.push({ type: 'blockquote', children: this.blocks(tokens, i + 1, close), span: this.spanAt(start) });
          this.depth--;
          break;
        }
        case 'bullet_list_open':
        case 'ordered_list_open': {
          const ordered = t.type === 'ordered_list_open';
          const items: Array<{ type: 'listItem'; children: Block[]; span: Span }> = [];
          let listStart: number | undefined;
          for (let k = i + 1; k < close; ) {
            const item = tokens[k]!;
            const end = closing(tokens, k);
            const itemLine = this.lineOf(item);
            const at = this.marker(itemLine, ordered ? `${item.info}${item.markup}` : item.markup);
            if (this.tooDeep(at)) break;
            // The item's content begins one blank after its marker (more is indented code).
            const after = this.taken.get(itemLine) ?? 0;
            if (this.text[after] === ' ' || this.text[after] === '\t') this.taken.set(itemLine, after + 1);
            listStart ??= at;
            // The item's content is indented past its marker on every line but the first.
            const indent = at + (ordered ? item.info.length : 0) + item.markup.length - this.lines.lineStart(itemLine);
            for (let l = itemLine + 1; l < this.base + (item.map?.[1] ?? 0); l++) {
              const lineStart = this.from(l);
              const spaces = /^[ \t]*/.exec(this.text.slice(lineStart, this.lines.lineEnd(l)))![0].length;
              if (lineStart === this.lines.lineStart(l)) this.taken.set(l, lineStart + Math.min(spaces, indent));
            }
            this.depth++;
            items.push({ type: 'listItem', children: this.blocks(tokens, k + 1, end), span: this.spanAt(at) });
            this.depth--;
            k = end + 1;
          }
          out.push({ type: 'list', ordered, start: ordered ? Number(t.attrGet('start') ?? 1) : 1, items, span: this.spanAt(listStart ?? this.contentStart(line)) });
          break;
        }
        case 'hr':
          out.push({ type: 'thematicBreak', span: this.spanAt(this.marker(line, /[-*_]/)) });
          break;
        default: {
          // Indented code starts at its indentation.
          const at = t.type === 'fence' ? this.marker(line, t.markup) : t.type === 'html_block' ? this.marker(line, '<') : t.type === 'code_block' ? this.from(line) : this.contentStart(line);
          this.refuse(at, unsupported[t.type] ?? `${t.type.replace(/_open$/, '')} is not supported`);
        }
      }
      i = close + 1;
    }
    return out;
  }

  /**
   * Inline tokens → inlines, `start` being where their text starts in the source. Text between
   * two soft breaks becomes a text node of its own (one per source line), ending in what the
   * break becomes (see joinAt); it is the joined text of the whole paragraph, split at line ends.
   */
  private inlines(tokens: readonly Token[], start: number): Inline[] {
    let cursor = start;
    const text = this.text;
    const find = (what: string): number => {
      const at = text.indexOf(what, cursor);
      return at < 0 ? cursor : at;
    };
    /** Past the line end and the next line's container markers (see `taken`) and indentation. */
    const nextLine = (): number => {
      const nl = text.indexOf('\n', cursor);
      if (nl < 0) return text.length;
      const line = this.lines.point(nl + 1).line - 1;
      let at = Math.max(this.taken.get(line) ?? 0, nl + 1);
      while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at++;
      return at;
    };
    let depth = 0; // emphasis inside emphasis
    const read = (from: number, to: number): Inline[] => {
      const out: Inline[] = [];
      for (let i = from; i < to; ) {
        const t = tokens[i]!;
        switch (t.type) {
          case 'text':
          case 'softbreak': {
            // A run of text and soft breaks: one text with its soft breaks, split into lines below.
            let end = i;
            while (end < to && (tokens[end]!.type === 'text' || tokens[end]!.type === 'softbreak')) end++;
            for (const node of this.textRun(tokens.slice(i, end), () => cursor, (at) => (cursor = at), nextLine)) out.push(node);
            i = end;
            continue;
          }
          case 'em_open':
          case 'strong_open': {
            const close = closing(tokens, i);
            const at = find(t.markup);
            cursor = at + t.markup.length;
            if (depth >= MAX_DEPTH) {
              const p = this.lines.point(at);
              this.problems.push({ file: this.file, line: p.line, column: p.column, message: `emphasis nested more than ${MAX_DEPTH} deep is not supported`, code: 'too-deep' });
              return out;
            }
            depth++;
            const children = read(i + 1, close);
            depth--;
            cursor = find(t.markup) + t.markup.length;
            out.push({ type: t.type === 'em_open' ? 'emphasis' : 'strong', children: trimEdges(children), span: this.spanAt(at, cursor) });
            i = close + 1;
            continue;
          }
          case 'hardbreak': {
            const nl = text.indexOf('\n', cursor);
            let at = nl < 0 ? cursor : nl;
            if (text[at - 1] === '\\') at--;
            else while (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
            out.push({ type: 'break', span: this.spanAt(at, nl + 1) });
            cursor = nextLine();
            break;
          }
          default: {
            const at = t.type === 'code_inline' ? find(t.markup) : t.type === 'image' ? find('![') : t.type === 'link_open' ? find(t.markup === 'autolink' ? '<' : '[') : find('<');
            this.refuse(at, unsupported[t.type] ?? `${t.type.replace(/_open$/, '')} is not supported`);
            cursor = skipConstruct(text, at, t);
            if (t.nesting === 1) {
              i = closing(tokens, i) + 1;
              continue;
            }
          }
        }
        i++;
      }
      return out;
    };
    return trimEdges(read(0, tokens.length));
  }

  /**
   * A run of text and soft breaks as text nodes, one per source line, each with its start in the
   * source. What a soft break becomes (nothing between wide characters, else a space) ends the
   * node before it; a run that starts with a soft break gets a node of its own for it.
   */
  private textRun(run: readonly Token[], cursor: () => number, moveTo: (at: number) => void, nextLine: () => number): Inline[] {
    // A newline inside a text (a reference such as &#10;) counts as a soft break too, but on the
    // same source line: 'inline' breaks.
    const parts: Array<{ text: string; first: boolean } | { softBreak: 'source' | 'inline' }> = [];
    for (const t of run) {
      if (t.type !== 'text') parts.push({ softBreak: 'source' });
      else t.content.split(SOFT_BREAK).forEach((text, j) => {
        if (j > 0) parts.push({ softBreak: 'inline' });
        parts.push({ text, first: j === 0 });
      });
    }
    const out: Inline[] = [];
    const text = this.text;
    let raw = '';
    let start = cursor();
    const flush = (join: string): void => {
      const value = raw + join;
      if (value !== '') out.push({ type: 'text', value, span: this.spanAt(start, start + raw.length) });
    };
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!;
      if ('text' in part) {
        // Where the text is in the source: right here, or (after an escape or a reference) a little on.
        const content = part.text;
        const here = cursor();
        // An escape or a reference right here starts a token's text, though it reads differently
        // (after a reference that made a line break, the text is further on). The text's start is
        // its first character: after the backslash of an escape, so that counting characters
        // from it (font coverage does) lands right.
        const verbatim = text.startsWith(content, here);
        const escaped = !verbatim && part.first && (text[here] === '\\' || text[here] === '&');
        const at = verbatim || escaped ? here : text.indexOf(content, here);
        const found = at >= 0 && at <= this.lines.lineEnd(this.lines.point(here).line - 1);
        if (raw === '') start = !found ? here : escaped && text[here] === '\\' && text[here + 1] === content[0] ? here + 1 : at;
        moveTo(found && !escaped && text.startsWith(content, at) ? at + content.length : sourceEnd(text, found ? at : here, content));
        raw += content;
        continue;
      }
      // The break's white space is not text: a line's trailing blanks go, as the next one's leading ones.
      raw = raw.replace(/[ \t]+$/, '');
      const next = parts[k + 1];
      const before = raw.at(-1) ?? '';
      const after = next && 'text' in next ? (next.text.replace(/^[ \t]+/, '')[0] ?? '') : '';
      if (raw === '' && out.length === 0 && part.softBreak === 'source') {
        // A soft break first in the run: its node sits at the line end.
        const nl = text.indexOf('\n', cursor());
        start = nl < 0 ? cursor() : nl;
        while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
      }
      flush(joinBetween(before, after));
      if (part.softBreak === 'source') moveTo(nextLine());
      else {
        // Past the reference that made the break (&#10;), to where the next text's source starts.
        const ref = /^[ \t]*&#(?:0*10|[xX]0*[aA]);[ \t]*/.exec(text.slice(cursor(), cursor() + 24));
        if (ref) moveTo(cursor() + ref[0].length);
      }
      if (next && 'text' in next) parts[k + 1] = { text: next.text.replace(/^[ \t]+/, ''), first: true };
      raw = '';
      start = cursor();
    }
    flush('');
    return out;
  }
}

/**
 * Where `content` ends in the source when read from `at`, escapes (\\*) and character references
 * (&amp;) taken as what they stand for; where the two part ways, that is the end.
 */
function sourceEnd(source: string, at: number, content: string): number {
  let i = at;
  let k = 0;
  while (k < content.length && i < source.length) {
    if (source[i] === '\\' && source[i + 1] === content[k] && source[i + 1] !== '\n') {
      i += 2;
      k++;
    } else if (source[i] === '&') {
      const ref = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/.exec(source.slice(i, i + 40))?.[0];
      const decoded = ref ? markdown().utils.unescapeAll(ref) : '&';
      if (ref && decoded !== ref && content.startsWith(decoded, k)) {
        i += ref.length;
        k += decoded.length;
      } else if (content[k] === '&') {
        i++;
        k++;
      } else break;
    } else if (source[i] === content[k]) {
      i++;
      k++;
    } else break;
  }
  return i;
}

/** Past a refused inline construct in the source, as far as can be told: code, HTML, a link or image. */
function skipConstruct(source: string, at: number, token: Token): number {
  if (token.type === 'code_inline') {
    const close = source.indexOf(token.markup, at + token.markup.length);
    return close < 0 ? at + 1 : close + token.markup.length;
  }
  if (token.type === 'html_inline') return at + token.content.length;
  if (token.markup === 'autolink') {
    const close = source.indexOf('>', at);
    return close < 0 ? at + 1 : close + 1;
  }
  // [text](destination), [text][label], ![alt](…): the bracket, then what follows it, balanced.
  const balanced = (from: number, open: string, close: string): number => {
    let depth = 0;
    for (let i = from; i < source.length; i++) {
      if (source[i] === '\\') i++;
      else if (source[i] === open) depth++;
      else if (source[i] === close && --depth === 0) return i + 1;
      else if (source[i] === '\n' && source[i + 1] === '\n') break;
    }
    return -1;
  };
  const label = balanced(source.indexOf('[', at), '[', ']');
  if (label < 0) return at + 1;
  const next = source[label] === '(' ? balanced(label, '(', ')') : source[label] === '[' ? balanced(label, '[', ']') : label;
  return next < 0 ? label : next;
}

/** Index of the token that closes the one opened at tokens[i]. */
function closing(tokens: readonly Token[], i: number): number {
  let depth = 0;
  for (let k = i; k < tokens.length; k++) {
    depth += tokens[k]!.nesting;
    if (depth === 0) return k;
  }
  return tokens.length - 1;
}

/**
 * The first line of a GFM table in a paragraph's text, or -1: a row of cells followed by a
 * delimiter row (`--- | :---:`) with as many cells, the two with pipes between them. CommonMark reads
 * a table as a paragraph; GitHub and others show a table, so the model must not take it as text.
 */
function tableRow(content: string, indentOf: (row: number) => number): number {
  if (!content.includes('|')) return -1;
  const rows = content.split('\n');
  for (let i = 0; i + 1 < rows.length; i++) {
    // Rows indented by four columns or more (in their container) are text, as in GFM.
    if (indentOf(i) >= 4 || indentOf(i + 1) >= 4) continue;
    const head = rows[i]!;
    const delimiter = rows[i + 1]!;
    if (!DELIMITER_ROW.test(delimiter)) continue;
    // A one-column table needs a pipe in its delimiter row; so does any, in a header without one.
    const columns = cells(head);
    if (columns !== cells(delimiter) || !(delimiter.includes('|') || (columns > 1 && head.includes('|')))) continue;
    return i;
  }
  return -1;
}

/** Columns of white space a line starts with, a tab reaching the next multiple of 4. */
function indentation(line: string): number {
  let column = 0;
  for (const ch of line) {
    if (ch === ' ') column++;
    else if (ch === '\t') column += 4 - (column % 4);
    else break;
  }
  return column;
}

const DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** Cells in a table row: pipes that are not escaped, less a leading and a trailing one. */
function cells(row: string): number {
  const trimmed = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).length;
}

const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019]/u;

/**
 * A newline inside a paragraph is only a line break of the source. Chinese has no spaces
 * between words, so it disappears between wide characters; between Latin words it is a space.
 */
export function joinSoftBreaks(value: string): string {
  return value.replace(SOFT_BREAK, (m: string, offset: number, whole: string) => joinAt(whole, offset, m.length));
}

const SOFT_BREAK = /[ \t]*\n[ \t]*/g;

/** What the soft break at `value[offset, offset + length)` becomes: nothing next to a wide character, else a space. */
function joinAt(value: string, offset: number, length: number): string {
  return joinBetween(value[offset - 1] ?? '', value[offset + length] ?? '');
}

/** What a soft break between these characters becomes ('' at a paragraph's edge or next to emphasis). */
function joinBetween(before: string, after: string): string {
  return WIDE.test(before) || WIDE.test(after) ? '' : ' ';
}

/**
 * White space at the edges of a paragraph (or an emphasis) is not printed. It is trimmed from the
 * text nodes at each edge, as many as it empties; a node's start moves past what it loses.
 */
function trimEdges(inlines: Inline[]): Inline[] {
  for (const node of inlines) {
    if (node.type !== 'text') break;
    const kept = node.value.replace(/^\s+/, '');
    const lost = node.value.slice(0, node.value.length - kept.length);
    if (lost && node.span) {
      const start = node.span.start;
      node.span = { ...node.span, start: { line: start.line, column: start.column + [...lost].length, offset: start.offset + lost.length } };
    }
    node.value = kept;
    if (kept !== '') break;
  }
  for (let i = inlines.length - 1; i >= 0; i--) {
    const node = inlines[i]!;
    if (node.type !== 'text') break;
    node.value = node.value.replace(/\s+$/, '');
    if (node.value !== '') break;
  }
  return inlines.filter((n) => n.type !== 'text' || n.value !== '');
}
