/**
 * Markdown (CommonMark + YAML front matter) → the document model.
 *
 * Parsing is micromark/mdast's; this module only maps mdast nodes onto our model and refuses,
 * with the line and column, whatever the model cannot hold (HTML, code, links, images, tables),
 * so nothing is ever dropped silently.
 */
import type { Nodes as MdNode, PhrasingContent, RootContent, Text as MdText } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { frontmatter } from 'micromark-extension-frontmatter';
import { cjkFriendlyExtension } from 'micromark-extension-cjk-friendly';
import { gfmTable } from 'micromark-extension-gfm-table';
import { inputError, type Diagnostic } from '../errors.js';
import type { Block, Document, HeadingLevel, Inline, Span } from '../model/index.js';
import { readFrontMatter } from './frontmatter.js';
import { checkCharacters } from './characters.js';
import { LineIndex } from './positions.js';

const unsupported: Record<string, string> = {
  html: 'raw HTML is not supported',
  code: 'code blocks are not supported',
  inlineCode: 'inline code is not supported',
  link: 'links are not supported (write the address as text)',
  linkReference: 'links are not supported (write the address as text)',
  image: 'images are not supported',
  imageReference: 'images are not supported',
  table: 'tables are not supported',
  footnoteReference: 'footnotes are not supported',
  footnoteDefinition: 'footnotes are not supported',
  delete: 'strikethrough is not supported',
};

/** The body is parsed in pieces of about this many UTF-16 code units (see pieceStarts). */
const PIECE = 1 << 16;

const extensions = () => ({
  // cjkFriendly: CommonMark's flanking rules leave **加粗，**和 unparsed (a closing ** after
  // Chinese punctuation and before a hanzi does not count as closing), so Chinese writers would
  // see the asterisks in every format.
  extensions: [frontmatter(['yaml']), gfmTable(), cjkFriendlyExtension()],
  mdastExtensions: [frontmatterFromMarkdown(['yaml']), gfmTableFromMarkdown()],
});

/**
 * @param pieceSize roughly how much source micromark parses at a time (tests make it tiny).
 */
export function parseMarkdown(text: string, file: string, pieceSize = PIECE): Document {
  const lines = new LineIndex(text);
  checkCharacters(text, file, lines);

  const starts = pieceStarts(text, pieceSize);
  const pieceAt = (k: number) => text.slice(starts[k], starts[k + 1] ?? text.length);
  const tree = fromMarkdown(pieceAt(0), extensions());

  const first = tree.children[0];
  if (first?.type !== 'yaml') {
    throw inputError({
      file,
      line: 1,
      column: 1,
      message: "the source must start with YAML front matter: a line '---', then 'title: …', then '---'",
      code: 'front-matter',
    });
  }
  const yamlOffset = text.indexOf('\n', first.position?.start.offset ?? 0) + 1;
  const front = readFrontMatter(first.value, yamlOffset, lines, file);

  const problems: Diagnostic[] = [];
  const reader = new BlockReader(file, problems, text, lines);
  const blocks = reader.blocks(tree.children.slice(1));
  for (let k = 1; k < starts.length; k++) {
    const piece = fromMarkdown(pieceAt(k), extensions());
    shiftPositions(piece, starts[k]!, lines.point(starts[k]!).line - 1);
    for (const block of reader.blocks(piece.children)) blocks.push(block);
  }
  if (problems.length > 0) throw inputError(problems);
  if (blocks.length === 0) {
    throw inputError({ file, line: lines.point(text.length).line, message: 'the document has front matter but no body text', code: 'empty' });
  }
  return { meta: front.meta, blocks, titleSpan: front.titleSpan, bylineSpan: front.bylineSpan, source: { path: file, text } };
}

/**
 * Where the source can be cut into pieces that parse, one at a time, into exactly the nodes the
 * whole would give: micromark holds its events and a tokenizer per paragraph for all of its input
 * at once, some 75 bytes per character, which for a 3,000-page source was over 200 MB. A cut goes
 * before a line that follows a blank line and starts with a character that is not ASCII (Chinese
 * text) or `#` (a heading): after a blank line such a line starts a block of its own, since only
 * an indented line continues a list item, and nothing else but fenced code, HTML blocks and link
 * reference definitions (which reach across the whole document) spans a blank line. A source with
 * any of those, or with a carriage return, is parsed whole, as is one without front matter (the
 * first piece holds it all), and anything shorter than `size`. Always starts with 0.
 */
export function pieceStarts(text: string, size: number): number[] {
  const starts = [0];
  if (text.length <= size || /```|~~~|\]:|<|\r/.test(text)) return starts;
  const front = /^---[ \t]*\n(?:[^\n]*\n)*?---[ \t]*(?:\n|$)/.exec(text);
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

/** Makes a piece's positions the whole source's: `offset` characters and `lines` lines before it. */
function shiftPositions(node: MdNode, offset: number, lines: number): void {
  const p = node.position;
  if (p) {
    for (const point of [p.start, p.end]) {
      if (point.offset !== undefined) point.offset += offset;
      point.line += lines;
    }
  }
  if ('children' in node) for (const child of node.children) shiftPositions(child, offset, lines);
}

class BlockReader {
  constructor(
    private readonly file: string,
    private readonly problems: Diagnostic[],
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  private refuse(node: MdNode, message: string): void {
    const p = node.position?.start;
    const at = p?.offset !== undefined ? this.lines.point(p.offset) : p;
    this.problems.push({ file: this.file, line: at?.line, column: at?.column, message, code: 'unsupported' });
  }

  /** micromark's position of a node, with columns counted in code points like every other position. */
  private spanOf(node: MdNode): Span | undefined {
    const p = node.position;
    if (p?.start.offset === undefined || p.end.offset === undefined) return undefined;
    return { start: this.lines.point(p.start.offset), end: this.lines.point(p.end.offset) };
  }

  private spanAt(start: number, end: number): Span {
    return { start: this.lines.point(start), end: this.lines.point(Math.max(start, end)) };
  }

  blocks(nodes: readonly RootContent[]): Block[] {
    const out: Block[] = [];
    for (const node of nodes) {
      const span = this.spanOf(node);
      switch (node.type) {
        case 'heading':
          out.push({ type: 'heading', level: node.depth as HeadingLevel, children: this.inlines(node.children), span });
          break;
        case 'paragraph':
          out.push({ type: 'paragraph', children: this.inlines(node.children), span });
          break;
        case 'blockquote':
          out.push({ type: 'blockquote', children: this.blocks(node.children), span });
          break;
        case 'list':
          out.push({
            type: 'list',
            ordered: node.ordered === true,
            start: node.start ?? 1,
            items: node.children.map((item) => ({ type: 'listItem', children: this.blocks(item.children), span: this.spanOf(item) })),
            span,
          });
          break;
        case 'thematicBreak':
          out.push({ type: 'thematicBreak', span });
          break;
        case 'definition':
          break; // a link reference definition prints nothing; links themselves are refused
        case 'yaml':
          this.refuse(node, 'a second front matter block is not allowed');
          break;
        default:
          this.refuse(node, unsupported[node.type] ?? `${node.type} is not supported`);
      }
    }
    return out;
  }

  inlines(nodes: readonly PhrasingContent[]): Inline[] {
    const out: Inline[] = [];
    for (const node of nodes) {
      const span = this.spanOf(node);
      switch (node.type) {
        case 'text':
          out.push(...this.sourceLines(node));
          break;
        case 'emphasis':
          out.push({ type: 'emphasis', children: this.inlines(node.children), span });
          break;
        case 'strong':
          out.push({ type: 'strong', children: this.inlines(node.children), span });
          break;
        case 'break':
          out.push({ type: 'break', span });
          break;
        default:
          this.refuse(node, unsupported[node.type] ?? `${node.type} is not supported`);
      }
    }
    return trimEdges(out);
  }

  /**
   * A text node as one model text node per source line, each with its exact start in the source,
   * so that a position counted from `span.start` (font coverage) is right on every line. The text
   * joined is exactly `joinSoftBreaks(node.value)`: the space (or nothing) that a soft break
   * becomes ends the piece before it; a node that starts with a soft break gets a piece of its own
   * for it, at the line end.
   *
   * micromark drops the container prefix ('>', indentation) and leading white space of each
   * continuation line, so a piece is found in the source from the line's content start. Escapes
   * and character references make the text differ from the source: then the piece is looked for
   * nearby, and failing that the line's content start is kept (the line is still right).
   */
  private sourceLines(node: MdText): Inline[] {
    const value = node.value;
    const from = node.position?.start.offset;
    const to = node.position?.end.offset;
    const breaks = [...value.matchAll(SOFT_BREAK)];
    const out: Inline[] = [];
    let at = 0; // in value
    let start = from; // in the source, of the current piece
    let previous = ''; // the raw text of the previous piece
    for (let i = 0; i <= breaks.length; i++) {
      const m = breaks[i];
      const raw = value.slice(at, m ? m.index : value.length);
      const join = m ? joinAt(value, m.index, m[0].length) : '';
      if (i > 0 && start !== undefined && to !== undefined) start = this.locate(raw, start, previous.length, to);
      const text = raw + join;
      if (text !== '') out.push({ type: 'text', value: text, ...(start !== undefined ? { span: this.spanAt(start, Math.min(start + raw.length, to ?? start)) } : {}) });
      if (m) at = m.index + m[0].length;
      previous = raw;
    }
    return out;
  }

  /** Source offset of `raw`, the piece after the next soft break, given the previous piece's start and length. */
  private locate(raw: string, previousStart: number, previousLength: number, end: number): number {
    const text = this.text;
    const newline = text.indexOf('\n', previousStart);
    let candidate: number | undefined;
    let lineEnd = end;
    if (newline >= 0 && newline < end) {
      candidate = newline + 1;
      while (candidate < end && /[ \t>]/.test(text[candidate]!)) candidate++;
      if (text.startsWith(raw, candidate)) return candidate;
      const next = text.indexOf('\n', candidate);
      if (next >= 0 && next < end) lineEnd = next;
    }
    if (raw !== '') {
      const found = text.indexOf(raw, previousStart + previousLength);
      if (found >= 0 && found + raw.length <= lineEnd) return found;
    }
    return candidate ?? previousStart;
  }
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
  const before = value[offset - 1] ?? '';
  const after = value[offset + length] ?? '';
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
