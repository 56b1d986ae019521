/**
 * Markdown (CommonMark + YAML front matter) → the document model.
 *
 * Parsing is markdown-it's (CommonMark, with CJK-friendly emphasis); this module only maps its
 * tokens onto our model, finds where each piece of text starts in the source, and refuses, with
 * the line and column, whatever the model cannot hold (HTML, code), so
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
import attributes from 'markdown-it-attrs';
import cjkFriendly from 'markdown-it-cjk-friendly';
import footnotes from 'markdown-it-footnote';
import { inputError, type Diagnostic } from '../errors.js';
import type { Alignment, Attachment, Block, Dimension, Document, Footnote, Heading, HeadingLevel, Image, Inline, Link, Span, Table, TableRow } from '../model/index.js';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readFrontMatter } from './frontmatter.js';
import { checkCharacters } from './characters.js';
import { CjkLinkify } from './linkify.js';
import { headingIds } from './ids.js';
import { LineIndex } from './positions.js';
import { attachCaptions, cellAlignment, emptyTable, sourceCells } from './tables.js';

const unsupported: Record<string, string> = {
  html_block: 'raw HTML is not supported',
  html_inline: 'raw HTML is not supported',
  code_block: 'code blocks are not supported',
  fence: 'code blocks are not supported',
  code_inline: 'inline code is not supported',
};

/** The body is parsed in pieces of about this many UTF-16 code units (see pieceStarts). */
const PIECE = 1 << 16;

/**
 * How deep block quotes and list items, and emphasis, may nest. Deeper is refused with its
 * position. markdown-it's nesting limit (CommonMark preset: 20 levels of its tokens) silently drops
 * what lies deeper, so it is set past what this depth needs (a list item takes two levels).
 */
export const MAX_DEPTH = 100;

const makeParser = () => {
  const md = new MarkdownIt('commonmark', { linkify: true, maxNesting: 2 * MAX_DEPTH + 2 }).enable(['linkify', 'table']).use(cjkFriendly).use(footnotes).use(attributes);
  md.linkify = new CjkLinkify();
  return md;
};
let parser: ReturnType<typeof makeParser> | undefined;

/**
 * CommonMark as it is (raw HTML recognised, so that it can be refused), plus CJK-friendly
 * emphasis: CommonMark's flanking rules leave **加粗，**和 unparsed (a closing ** after Chinese
 * punctuation and before a hanzi does not count as closing), so Chinese writers would see the
 * asterisks in every format. Footnotes (`[^1]`, `^[…]`) are markdown-it-footnote's, pandoc's
 * attributes in braces (`{width=60%}`, `{#id}`) markdown-it-attrs', and bare addresses in the
 * text are found by linkify-it, made to end an address before Chinese text (see CjkLinkify).
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

  const { blocks: all, notes } = readBody(text, front[0].length, lines, file, pieceSize);
  const official = meta.meta.official;
  // A 公文's attachments: their sections (# 附件1 …) leave the text; a file named in the front matter is read.
  const blocks = official?.attachments ? attachmentSections(all, official.attachments, file) : all;
  if (blocks.length === 0) {
    throw inputError({ file, line: lines.point(text.length).line, message: 'the document has front matter but no body text', code: 'empty' });
  }
  return {
    meta: meta.meta, blocks, titleSpan: meta.titleSpan, ...(meta.subtitleSpan ? { subtitleSpan: meta.subtitleSpan } : {}), bylineSpan: meta.bylineSpan,
    ...(notes.length > 0 ? { footnotes: notes } : {}),
    source: { path: file, text },
  };
}

/** The blocks of a Markdown body starting at `start`, read a piece at a time, and its notes. */
function readBody(text: string, start: number, lines: LineIndex, file: string, pieceSize = PIECE): { blocks: Block[]; notes: Footnote[] } {
  const problems: Diagnostic[] = [];
  const reader = new BlockReader(file, problems, text, lines);
  const starts = pieceStarts(text, pieceSize);
  starts[0] = start;
  const blocks: Block[] = [];
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k]!;
    const env: FootnoteEnv = {};
    const tokens = markdown().parse(text.slice(from, starts[k + 1] ?? text.length), env);
    for (const block of reader.read(tokens, lines.point(from).line - 1, env)) blocks.push(block);
    reader.unreferencedNotes(env, from);
  }
  reader.checkLinks(blocks);
  if (problems.length > 0) throw inputError(problems);
  // A `Table: …` paragraph next to a table is its caption.
  return { blocks: attachCaptions(blocks), notes: reader.notes };
}

/** A heading that opens attachment N's section in the source: `# 附件1` (a title after it is allowed). */
const ATTACHMENT_HEADING = /^附件\s*(\d+)(?:\s|[：:]|$)/u;

/**
 * Takes each attachment's text: the blocks after a `# 附件N` heading up to the next such heading,
 * or the Markdown file the front matter names (relative to the source; front matter optional).
 * Returns the text without the sections.
 */
function attachmentSections(blocks: Block[], attachments: Attachment[], file: string): Block[] {
  const headingText = (b: Block) => (b.type === 'heading' ? b.children.map((c) => (c.type === 'text' ? c.value : '')).join('').trim() : '');
  let end = blocks.length;
  const sections = new Map<number, Block[]>();
  for (let i = blocks.length - 1; i >= 0; i--) {
    const m = ATTACHMENT_HEADING.exec(headingText(blocks[i]!));
    if (blocks[i]!.type === 'heading' && (blocks[i] as { level: number }).level === 1 && m) {
      sections.set(Number(m[1]), blocks.slice(i + 1, end));
      end = i;
    }
  }
  attachments.forEach((a, i) => {
    if (a.file) {
      const path = resolve(dirname(file), a.file);
      let text: string;
      try {
        text = readFileSync(path, 'utf8').replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
      } catch {
        throw inputError({ file, message: `the attachment file '${a.file}' cannot be read`, code: 'attachment' });
      }
      const lines = new LineIndex(text);
      const front = FRONT_MATTER.exec(text);
      a.blocks = readBody(text, front ? front[0].length : 0, lines, path).blocks;
    } else if (sections.has(i + 1)) a.blocks = sections.get(i + 1)!;
  });
  return blocks.slice(0, end);
}

/** What markdown-it-footnote keeps in a parse's env: labels defined (-1 while never referred to) and the notes referred to, in order. */
interface FootnoteEnv {
  [key: string | symbol]: unknown;
  footnotes?: {
    refs?: Record<string, number>;
    list?: Array<{ label?: string; content?: string; tokens?: Token[]; count: number }>;
  };
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
 * turn (InlineWalk). Escapes and character references make a text differ from the source; it is
 * then looked for a little further on, and failing that the cursor's place is kept (the line is
 * still right). What each kind of token becomes is in BLOCK_RULES and INLINE_RULES.
 */
class BlockReader {
  /** Per line of the source, how far markers of enclosing blocks reach. */
  readonly taken = new Map<number, number>();
  /** The line of the current piece's first line (0-based). */
  base = 0;
  /** The footnote environment of the current piece (markdown-it-footnote's). */
  env: FootnoteEnv = {};
  /** Footnotes in the order first referred to, over all pieces. */
  readonly notes: Footnote[] = [];
  /** Per note id of the current piece, its index in `notes`. */
  noteIndex = new Map<number, number>();
  /** Links to `#…`, checked once every heading's id is known. */
  readonly internalLinks: Link[] = [];
  /** How many block quotes and list items enclose the blocks being read. */
  depth = 0;

  /** Refuses a block quote or list item at `at` that would be nested deeper than MAX_DEPTH. */
  tooDeep(at: number): boolean {
    if (this.depth < MAX_DEPTH) return false;
    const p = this.lines.point(at);
    this.problems.push({ file: this.file, line: p.line, column: p.column, message: `block quotes and lists nested more than ${MAX_DEPTH} deep are not supported`, code: 'too-deep' });
    return true;
  }

  constructor(
    private readonly file: string,
    private readonly problems: Diagnostic[],
    readonly text: string,
    readonly lines: LineIndex,
  ) {}

  /** The blocks of one piece, whose first line is line `baseLine` (0-based) of the source. */
  read(tokens: readonly Token[], baseLine: number, env: FootnoteEnv = {}): Block[] {
    this.base = baseLine;
    this.taken.clear();
    this.env = env;
    this.noteIndex = new Map();
    return this.blocks(tokens, 0, tokens.length);
  }

  refuse(offset: number, message: string, code = 'unsupported'): void {
    const at = this.lines.point(offset);
    this.problems.push({ file: this.file, line: at.line, column: at.column, message, code });
  }

  /** The note a reference with markdown-it-footnote's id refers to: its index in `notes`, made on first reference. */
  noteFor(id: number, label: string, span: Span): number {
    let index = this.noteIndex.get(id);
    if (index === undefined) {
      index = this.notes.length;
      this.noteIndex.set(id, index);
      this.notes.push({ label, children: [], span });
    }
    return index;
  }

  /** A definition no reference refers to would be dropped by markdown-it-footnote: refused instead, at its `[^label]:`. */
  unreferencedNotes(env: FootnoteEnv, from: number): void {
    for (const [key, id] of Object.entries(env.footnotes?.refs ?? {})) {
      if (id >= 0) continue;
      const label = key.slice(1);
      const at = this.text.indexOf(`[^${label}]:`, from);
      this.refuse(at < 0 ? from : at, `footnote [^${label}] is defined but never referred to`, 'footnote');
    }
  }

  /**
   * Every heading's id (`{#id}`, else pandoc's automatic one), and every link to `#…` checked
   * against them: a link to no heading is refused with the ids there are.
   */
  checkLinks(blocks: readonly Block[]): void {
    const ids = headingIds(blocks);
    for (const link of this.internalLinks) {
      const id = link.url.slice(1);
      if (ids.has(id)) continue;
      const known = [...ids].slice(0, 8).map((i) => `#${i}`).join(', ');
      const at = link.span?.start.offset ?? 0;
      this.refuse(at, `the link ${link.url} goes to no heading of this document${known ? ` (headings: ${known})` : ' (it has no headings)'}`, 'link');
    }
  }

  spanAt(start: number, end = start): Span {
    return { start: this.lines.point(start), end: this.lines.point(Math.max(start, end)) };
  }

  /** The source line (0-based) of a token's first line. */
  lineOf(token: Token): number {
    return this.base + (token.map?.[0] ?? 0);
  }

  /** Where the enclosing blocks' markers end on a line. */
  from(line: number): number {
    return Math.max(this.taken.get(line) ?? 0, this.lines.lineStart(line));
  }

  /** Finds a block marker on a line after the enclosing ones, and marks it taken. */
  marker(line: number, marker: string | RegExp): number {
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
  contentStart(line: number): number {
    let at = this.from(line);
    const end = this.lines.lineEnd(line);
    while (at < end && (this.text[at] === ' ' || this.text[at] === '\t')) at++;
    return at;
  }

  /** Where an inline token's text (its first line) starts on `line`. */
  textStart(line: number, content: string): number {
    const first = content.slice(0, content.indexOf('\n') >>> 0).trimEnd();
    const from = this.from(line);
    const at = first === '' ? -1 : this.text.indexOf(first, from);
    return at >= 0 && at + first.length <= this.lines.lineEnd(line) ? at : this.contentStart(line);
  }

  /** tokens[from, to) are whole blocks. */
  blocks(tokens: readonly Token[], from: number, to: number): Block[] {
    const out: Block[] = [];
    for (let i = from; i < to; ) {
      const t = tokens[i]!;
      const close = t.nesting === 1 ? closing(tokens, i) : i;
      const line = this.lineOf(t);
      const rule = BLOCK_RULES[t.type];
      if (rule) {
        this.refuseAttributes(t, line, t.type === 'heading_open' ? ['id'] : []);
        const block = rule(this, { tokens, at: i, close, line });
        if (block) out.push(block);
      } else {
        // Indented code starts at its indentation.
        const at = t.type === 'fence' ? this.marker(line, t.markup) : t.type === 'html_block' ? this.marker(line, '<') : t.type === 'code_block' ? this.from(line) : this.contentStart(line);
        this.refuse(at, unsupported[t.type] ?? `${t.type.replace(/_open$/, '')} is not supported`);
      }
      i = close + 1;
    }
    return out;
  }

  /**
   * Attributes in braces (markdown-it-attrs) belong to images, and `{#id}` to headings: on any other
   * block they are refused, since the plugin takes the braces out of the text.
   */
  refuseAttributes(t: Token, line: number, allowed: readonly string[]): void {
    const extra = (t.attrs ?? []).filter(([name]) => !allowed.includes(name) && !(t.type === 'ordered_list_open' && name === 'start'));
    if (extra.length === 0) return;
    const text = extra.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join(' ');
    const brace = this.text.indexOf('{', this.contentStart(line));
    const at = brace >= 0 && brace <= this.lines.lineEnd(line + Math.max(0, (t.map?.[1] ?? 1) - (t.map?.[0] ?? 0) - 1)) ? brace : this.contentStart(line);
    this.refuse(
      at,
      `attributes {${text}} apply only to an image (write them right after it, without a space: ![…](a.png){width=50%})${allowed.includes('id') ? ' or {#id} to a heading' : ''}; to print braces, escape them: \\{ \\}`,
      'attributes',
    );
  }

  /**
   * Inline tokens → inlines, `start` being where their text starts in the source. Text between
   * two soft breaks becomes a text node of its own (one per source line), ending in what the
   * break becomes (see joinAt); it is the joined text of the whole paragraph, split at line ends.
   */
  inlines(tokens: readonly Token[], start: number): Inline[] {
    return trimEdges(new InlineWalk(this, tokens, start).read(0, tokens.length));
  }

  /**
   * A run of text and soft breaks as text nodes, one per source line, each with its start in the
   * source. What a soft break becomes (nothing between wide characters, else a space) ends the
   * node before it; a run that starts with a soft break gets a node of its own for it.
   */
  textRun(run: readonly Token[], cursor: () => number, moveTo: (at: number) => void, nextLine: () => number): Inline[] {
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

/** A block token and where it is: `tokens[at]` opens it, `tokens[close]` closes it, on source line `line` (0-based). */
interface BlockToken {
  tokens: readonly Token[];
  at: number;
  close: number;
  line: number;
}

/**
 * How each kind of block token becomes a model block, by token type. A rule finds its marker on
 * the line through the reader (`marker`, `textStart`: one position walker for all of them) and
 * reads what it contains with `blocks` or `inlines`. A token with no rule is refused with its
 * position (see `unsupported`). A markdown-it plugin's new block is one more entry here.
 */
const BLOCK_RULES: Partial<Record<string, (r: BlockReader, b: BlockToken) => Block | undefined>> = {
  paragraph_open(r, { tokens, at, line }) {
    const inline = tokens[at + 1]!;
    const start = r.textStart(line, inline.content);
    const children = r.inlines(inline.children ?? [], start);
    // An image alone in its paragraph is a figure: set on its own, with its title (or alt) as caption.
    const only = children.length === 1 && children[0]!.type === 'image' ? children[0] : undefined;
    if (only) {
      const caption = only.title ?? only.alt;
      const at = only.span?.start;
      const captionSpan = at ? r.spanAt(at.offset + 2) : undefined;
      return { type: 'figure', image: only, caption: caption === '' ? [] : [{ type: 'text', value: caption, ...(captionSpan ? { span: captionSpan } : {}) }], span: r.spanAt(start) };
    }
    return { type: 'paragraph', children, span: r.spanAt(start) };
  },

  heading_open(r, { tokens, at, line }) {
    const t = tokens[at]!;
    const inline = tokens[at + 1]!;
    const atx = t.markup.startsWith('#');
    const start = atx ? r.marker(line, t.markup) : r.textStart(line, inline.content);
    const textStart = atx ? r.textStart(line, inline.content) : start;
    const id = t.attrGet('id') == null ? undefined : String(t.attrGet('id'));
    const heading: Heading = { type: 'heading', level: Number(t.tag.slice(1)) as HeadingLevel, children: r.inlines(inline.children ?? [], textStart), span: r.spanAt(start) };
    return id ? { ...heading, id } : heading;
  },

  /**
   * The footnotes' definitions, which markdown-it-footnote moves to the end of the tokens, in the
   * order first referred to: each note's blocks, read at its definition (`[^1]: …`). Notes written
   * inline (`^[…]`) were read where they stand (see footnoteReference).
   */
  footnote_block_open(r, { tokens, at, close }) {
    for (let k = at + 1; k < close; ) {
      const open = tokens[k]!;
      const end = closing(tokens, k);
      const id = Number(open.meta?.id);
      const entry = r.env.footnotes?.list?.[id];
      if (open.type === 'footnote_open' && entry && !entry.tokens) {
        const first = tokens.slice(k + 1, end).find((t) => t.map);
        const line = first ? r.lineOf(first) : r.base;
        const label = String(open.meta?.label ?? entry.label ?? '');
        const marker = r.marker(line, `[^${label}]:`);
        const after = r.taken.get(line) ?? 0;
        if (r.text[after] === ' ' || r.text[after] === '\t') r.taken.set(line, after + 1);
        const note = r.notes[r.noteFor(id, label, r.spanAt(marker))]!;
        note.children = r.blocks(tokens, k + 1, end);
        note.span = r.spanAt(marker);
      }
      k = end + 1;
    }
    return undefined;
  },

  blockquote_open(r, { tokens, at, close, line }) {
    const start = r.marker(line, '>');
    if (r.tooDeep(start)) return undefined;
    // Every line of the quote has its '>' (lazy lines have none: those are left as they are).
    for (let l = line + 1; l < r.base + (tokens[at]!.map?.[1] ?? 0); l++) {
      const from = r.from(l);
      const m = /^[ \t]*>/.exec(r.text.slice(from, r.lines.lineEnd(l)));
      if (m) r.taken.set(l, from + m[0].length);
    }
    r.depth++;
    const children = r.blocks(tokens, at + 1, close);
    r.depth--;
    return { type: 'blockquote', children, span: r.spanAt(start) };
  },

  bullet_list_open: list,
  ordered_list_open: list,
  table_open: table,
  // The back-reference markdown-it-footnote ends a note with: a block of its own after a note's last table.
  footnote_anchor: () => undefined,

  hr(r, { line }) {
    return { type: 'thematicBreak', span: r.spanAt(r.marker(line, /[-*_]/)) };
  },
};

function list(r: BlockReader, { tokens, at, close, line }: BlockToken): Block {
  const t = tokens[at]!;
  const ordered = t.type === 'ordered_list_open';
  const items: Array<{ type: 'listItem'; children: Block[]; span: Span }> = [];
  let listStart: number | undefined;
  for (let k = at + 1; k < close; ) {
    const item = tokens[k]!;
    const end = closing(tokens, k);
    const itemLine = r.lineOf(item);
    r.refuseAttributes(item, itemLine, []);
    const markerAt = r.marker(itemLine, ordered ? `${item.info}${item.markup}` : item.markup);
    if (r.tooDeep(markerAt)) break;
    // The item's content begins one blank after its marker (more is indented code).
    const after = r.taken.get(itemLine) ?? 0;
    if (r.text[after] === ' ' || r.text[after] === '\t') r.taken.set(itemLine, after + 1);
    listStart ??= markerAt;
    // The item's content is indented past its marker on every line but the first.
    const indent = markerAt + (ordered ? item.info.length : 0) + item.markup.length - r.lines.lineStart(itemLine);
    for (let l = itemLine + 1; l < r.base + (item.map?.[1] ?? 0); l++) {
      const lineStart = r.from(l);
      const spaces = /^[ \t]*/.exec(r.text.slice(lineStart, r.lines.lineEnd(l)))![0].length;
      if (lineStart === r.lines.lineStart(l)) r.taken.set(l, lineStart + Math.min(spaces, indent));
    }
    r.depth++;
    items.push({ type: 'listItem', children: r.blocks(tokens, k + 1, end), span: r.spanAt(markerAt) });
    r.depth--;
    k = end + 1;
  }
  return { type: 'list', ordered, start: ordered ? Number(t.attrGet('start') ?? 1) : 1, items, span: r.spanAt(listStart ?? r.contentStart(line)) };
}

/**
 * A GFM pipe table (markdown-it's table rule): header row, alignment row, body rows. Each cell's
 * text is read as inlines from where it starts in the source (src/readers/tables.ts finds the
 * cells); a row with fewer cells is padded with empty ones, a row with more is refused at its
 * first extra cell, and a table without any text is refused.
 */
function table(r: BlockReader, { tokens, at, close, line }: BlockToken): Block | undefined {
  const start = r.contentStart(line);
  const head: TableRow[] = [];
  const body: TableRow[] = [];
  let align: Array<Alignment | undefined> = [];
  let inHead = false;
  for (let k = at + 1; k < close; k++) {
    const t = tokens[k]!;
    if (t.type === 'thead_open') inHead = true;
    else if (t.type === 'thead_close') inHead = false;
    if (t.type !== 'tr_open') continue;
    const end = closing(tokens, k);
    const rowLine = r.lineOf(t);
    const from = r.from(rowLine);
    const cells = sourceCells(r.text, from, r.lines.lineEnd(rowLine));
    const row: TableRow = { type: 'tableRow', cells: [], span: r.spanAt(r.contentStart(rowLine)) };
    let c = 0;
    for (let j = k + 1; j < end; j++) {
      const cell = tokens[j]!;
      if (cell.type !== 'th_open' && cell.type !== 'td_open') continue;
      const inline = tokens[j + 1]!;
      const source = cells[c];
      if (inHead) align.push(cellAlignment(cell.attrGet('style') as string | null));
      const children = source ? r.inlines(inline.children ?? [], source.start) : [];
      row.cells.push({ type: 'tableCell', children, ...(source ? { span: r.spanAt(source.start, source.end) } : {}) });
      c++;
      j = closing(tokens, j);
    }
    if (inHead) {
      head.push(row);
      align = align.slice(0, row.cells.length);
    } else {
      const columns = head[0]?.cells.length ?? row.cells.length;
      if (cells.length > columns) {
        r.refuse(cells[columns]!.start, `this table row has ${cells.length} cells, but the table has ${columns} columns (its header row): join or remove the extra cells, or add a column to the header`, 'table');
      }
      // markdown-it pads a short row with empty cells already; this keeps the model's rule whatever it does.
      while (row.cells.length < columns) row.cells.push({ type: 'tableCell', children: [] });
      body.push(row);
    }
    k = end;
  }
  const node: Table = { type: 'table', align, head, body, span: r.spanAt(start) };
  if (emptyTable(node)) {
    r.refuse(start, 'this table has no text in any cell: write the column names in its first row, or delete it', 'table');
    return undefined;
  }
  return node;
}

/**
 * The position walker of one block's inline tokens: a cursor moves through the source from the
 * start of the block's text, past each delimiter and text in turn (markdown-it gives inline
 * tokens no positions). Every inline rule moves it the same way, so a new kind of inline node
 * finds its position with `find` and `moveTo` like the others.
 */
class InlineWalk {
  cursor: number;
  /** Emphasis inside emphasis, up to MAX_DEPTH. */
  depth = 0;

  constructor(
    readonly reader: BlockReader,
    readonly tokens: readonly Token[],
    start: number,
  ) {
    this.cursor = start;
  }

  /** Where `what` next occurs from the cursor (the cursor itself if nowhere). */
  find(what: string): number {
    const at = this.reader.text.indexOf(what, this.cursor);
    return at < 0 ? this.cursor : at;
  }

  /** Past the line end and the next line's container markers (see `taken`) and indentation. */
  nextLine(): number {
    const { text, lines, taken } = this.reader;
    const nl = text.indexOf('\n', this.cursor);
    if (nl < 0) return text.length;
    const line = lines.point(nl + 1).line - 1;
    let at = Math.max(taken.get(line) ?? 0, nl + 1);
    while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at++;
    return at;
  }

  /** Inlines of tokens[from, to). */
  read(from: number, to: number): Inline[] {
    const out: Inline[] = [];
    for (let i = from; i < to; ) {
      const t = this.tokens[i]!;
      const rule = INLINE_RULES[t.type];
      if (rule) {
        i = rule(this, i, to, out);
        continue;
      }
      const text = this.reader.text;
      const at = t.type === 'code_inline' ? this.find(t.markup) : this.find('<');
      this.reader.refuse(at, unsupported[t.type] ?? `${t.type.replace(/_open$/, '')} is not supported`);
      this.cursor = skipConstruct(text, at, t);
      i = t.nesting === 1 ? closing(this.tokens, i) + 1 : i + 1;
    }
    return out;
  }
}

/**
 * How each kind of inline token becomes model inlines, by token type: a rule reads the tokens
 * from `i` (within `to`), pushes what it makes to `out`, moves the walk's cursor past it in the
 * source, and returns the index of the next token. A token with no rule is refused.
 */
const INLINE_RULES: Partial<Record<string, (walk: InlineWalk, i: number, to: number, out: Inline[]) => number>> = {
  text: textAndSoftBreaks,
  softbreak: textAndSoftBreaks,
  em_open: emphasisOrStrong,
  strong_open: emphasisOrStrong,
  link_open: link,
  image,
  footnote_ref: footnoteReference,
  // The back-reference markdown-it-footnote puts at the end of a note: no text of the note's.
  footnote_anchor: (_walk, i) => i + 1,

  hardbreak(walk, i, _to, out) {
    const text = walk.reader.text;
    const nl = text.indexOf('\n', walk.cursor);
    let at = nl < 0 ? walk.cursor : nl;
    if (text[at - 1] === '\\') at--;
    else while (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
    out.push({ type: 'break', span: walk.reader.spanAt(at, nl + 1) });
    walk.cursor = walk.nextLine();
    return i + 1;
  },
};

/** A run of text and soft breaks: one text with its soft breaks, split into lines (BlockReader.textRun). */
function textAndSoftBreaks(walk: InlineWalk, i: number, to: number, out: Inline[]): number {
  const tokens = walk.tokens;
  let end = i;
  while (end < to && (tokens[end]!.type === 'text' || tokens[end]!.type === 'softbreak')) end++;
  for (const node of walk.reader.textRun(tokens.slice(i, end), () => walk.cursor, (at) => (walk.cursor = at), () => walk.nextLine())) out.push(node);
  return end;
}

function emphasisOrStrong(walk: InlineWalk, i: number, _to: number, out: Inline[]): number {
  const t = walk.tokens[i]!;
  const close = closing(walk.tokens, i);
  const at = walk.find(t.markup);
  walk.cursor = at + t.markup.length;
  if (walk.depth >= MAX_DEPTH) {
    walk.reader.refuse(at, `emphasis nested more than ${MAX_DEPTH} deep is not supported`, 'too-deep');
    // The rest of the paragraph is refused with it: nothing of it is read, so nothing is dropped unsaid.
    return walk.tokens.length;
  }
  walk.depth++;
  const children = walk.read(i + 1, close);
  walk.depth--;
  walk.cursor = walk.find(t.markup) + t.markup.length;
  out.push({ type: t.type === 'em_open' ? 'emphasis' : 'strong', children: trimEdges(children), span: walk.reader.spanAt(at, walk.cursor) });
  return close + 1;
}

/** Schemes a link may have: a web or e-mail address; `#…` goes to a heading of the document. */
const LINK_SCHEMES = /^(?:https?|ftp|mailto|tel):/i;

/**
 * A link: `[text](url "title")`, `[text][ref]`, `<https://…>`, or an address linkify found in the
 * text. Its text is read as inlines; the cursor then moves past the destination.
 */
function link(walk: InlineWalk, i: number, _to: number, out: Inline[]): number {
  const t = walk.tokens[i]!;
  const close = closing(walk.tokens, i);
  const text = walk.reader.text;
  const href = String(t.attrGet('href') ?? '');
  // A heading's id as written (markdown-it percent-encodes it: #一总体要求 → #%E4%B8%80…).
  const url = href.startsWith('#') ? `#${decodeSource(href.slice(1))}` : href;
  const title = t.attrGet('title') == null ? undefined : String(t.attrGet('title'));
  let at: number;
  let children: Inline[];
  if (t.markup === 'linkify') {
    // The address as written: its text is its own source.
    at = walk.find(walk.tokens[i + 1]?.content ?? '');
    children = walk.read(i + 1, close);
  } else if (t.markup === 'autolink') {
    at = walk.find('<');
    walk.cursor = at + 1;
    children = walk.read(i + 1, close);
    const end = text.indexOf('>', walk.cursor);
    walk.cursor = end < 0 ? walk.cursor : end + 1;
  } else {
    at = walk.find('[');
    walk.cursor = at + 1;
    children = walk.read(i + 1, close);
    walk.cursor = skipDestination(text, walk.find(']'));
  }
  const node: Link = { type: 'link', url, ...(title ? { title } : {}), children: trimEdges(children), span: walk.reader.spanAt(at, walk.cursor) };
  if (url.startsWith('#')) walk.reader.internalLinks.push(node);
  else if (!LINK_SCHEMES.test(url)) {
    walk.reader.refuse(at, `a link must go to a web address (https://…), an e-mail address (mailto:…) or a heading of this document (#…), not '${url}'`, 'link');
  }
  out.push(node);
  return close + 1;
}

/** Past `](destination "title")`, `][label]` or a shortcut reference's `]`, from the `]` at `at`. */
function skipDestination(source: string, at: number): number {
  if (source[at] !== ']') return at;
  const next = source[at + 1];
  if (next !== '(' && next !== '[') return at + 1;
  const open = next;
  const shut = open === '(' ? ')' : ']';
  let depth = 0;
  for (let i = at + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === open) depth++;
    else if (source[i] === shut && --depth === 0) return i + 1;
  }
  return at + 1;
}

/** Image sizes: a number and a unit (pandoc's: px without one). */
const DIMENSION = /^(\d+(?:\.\d+)?|\.\d+)(mm|cm|in|pt|px|%)?$/;

/**
 * An image: `![alt](path "title"){width=60% height=30mm}`. Its file is read when the document is
 * prepared (src/images); here a remote address or an SVG file is refused, and the attributes read.
 */
function image(walk: InlineWalk, i: number, _to: number, out: Inline[]): number {
  const t = walk.tokens[i]!;
  const reader = walk.reader;
  const text = reader.text;
  const at = walk.find('![');
  walk.cursor = skipDestination(text, skipLabel(text, at + 1));
  // The attributes markdown-it-attrs took from the braces right after it.
  if (text[walk.cursor] === '{') {
    const end = text.indexOf('}', walk.cursor);
    if (end >= 0) walk.cursor = end + 1;
  }
  const src = String(t.attrGet('src') ?? '');
  const title = t.attrGet('title') == null ? undefined : String(t.attrGet('title'));
  const node: Image = { type: 'image', src: decodeSource(src), alt: t.content, ...(title ? { title } : {}), span: reader.spanAt(at, walk.cursor) };
  for (const [name, value] of t.attrs ?? []) {
    if (name === 'src' || name === 'alt' || name === 'title') continue;
    if (name !== 'width' && name !== 'height') {
      reader.refuse(at, `unknown image attribute '${name}': images take width and height ({width=60%}, {width=50mm})`, 'image');
      continue;
    }
    const m = DIMENSION.exec(String(value).trim());
    const dimension: Dimension | undefined = m ? { value: Number(m[1]), unit: (m[2] ?? 'px') as Dimension['unit'] } : undefined;
    if (!dimension || dimension.value <= 0) {
      reader.refuse(at, `image ${name} '${value}' is not a size: write a number and a unit (mm, cm, in, pt, px or % of the text width), such as ${name}=60% or ${name}=50mm`, 'image');
    } else node[name] = dimension;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) && !/^file:/i.test(src) && !/^[a-z]:[\\/]/i.test(src)) {
    reader.refuse(at, `the image '${src}' is not a local file: nothing is downloaded; save it beside the source and write its path`, 'image');
  } else if (/\.svgz?$/i.test(node.src)) {
    reader.refuse(at, `the image '${node.src}' is SVG, which is not supported: convert it to PNG (for example: rsvg-convert -d 300 -p 300 -o ${node.src.replace(/\.svgz?$/i, '.png')} ${node.src})`, 'image');
  }
  out.push(node);
  return i + 1;
}

/** A path as written in the source (markdown-it percent-encodes it: 照片.png → %E7%85%A7…). */
function decodeSource(src: string): string {
  try {
    return decodeURI(src);
  } catch {
    return src;
  }
}

/** Past the balanced `[…]` that opens at `at`. */
function skipLabel(source: string, at: number): number {
  let depth = 0;
  for (let i = at; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '[') depth++;
    else if (source[i] === ']' && --depth === 0) return i;
  }
  return at;
}

/**
 * A footnote reference, `[^label]`, or a note written inline, `^[text]`, whose text is read here,
 * where it stands.
 */
function footnoteReference(walk: InlineWalk, i: number, _to: number, out: Inline[]): number {
  const t = walk.tokens[i]!;
  const reader = walk.reader;
  const id = Number(t.meta?.id);
  const entry = reader.env.footnotes?.list?.[id];
  if (entry?.tokens) {
    // ^[…]: the note's text follows the caret.
    const at = walk.find('^[');
    walk.cursor = at + 2;
    const span = reader.spanAt(at);
    const index = reader.noteFor(id, `^${reader.notes.length + 1}`, span);
    const note = reader.notes[index]!;
    if (note.children.length === 0) note.children = [{ type: 'paragraph', children: trimEdges(new InlineWalk(reader, entry.tokens, walk.cursor).read(0, entry.tokens.length)), span: reader.spanAt(walk.cursor) }];
    walk.cursor = skipLabel(reader.text, at + 1) + 1;
    out.push({ type: 'footnoteReference', label: note.label, span });
    return i + 1;
  }
  const label = String(t.meta?.label ?? entry?.label ?? '');
  const at = walk.find(`[^${label}]`);
  walk.cursor = at + label.length + 3;
  const span = reader.spanAt(at, walk.cursor);
  reader.noteFor(id, label, span);
  out.push({ type: 'footnoteReference', label, span });
  return i + 1;
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

/** Past a refused inline construct in the source, as far as can be told: code or HTML. */
function skipConstruct(source: string, at: number, token: Token): number {
  if (token.type === 'code_inline') {
    const close = source.indexOf(token.markup, at + token.markup.length);
    return close < 0 ? at + 1 : close + token.markup.length;
  }
  return at + Math.max(1, token.content.length);
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
