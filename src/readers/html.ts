/**
 * HTML (a saved web page, or the HTML mammoth makes of a DOCX) → a draft of the model.
 *
 * Parsing is parse5's: the WHATWG algorithm browsers use, so a saved page gets the tree a browser
 * shows (implied </p>, misnested tags, tables), and it parsed the 300-page DOCX's HTML (0.3 MB) in
 * 7–30 ms, as fast as htmlparser2, which is not spec-conformant. This module maps elements onto the
 * model: h1–h6 headings, paragraphs, b/strong and i/em, br, a (http, https, mailto) links,
 * img images (a paragraph holding only an image is a figure), tables (th or thead rows are the
 * header, else the first row), ul/ol lists, blockquote, hr, and footnotes as mammoth and pandoc
 * write them (a reference linking to a list item that links back). Whatever the model cannot hold
 * (video, audio, embedded frames, forms, SVG, MathML, remote images, merged cells) is reported as
 * dropped, never silently lost; scripts and styles are not content, and the site's navigation,
 * banner, sidebar and footer are left out and reported.
 */
import { parse, parseFragment, type DefaultTreeAdapterTypes as T } from 'parse5';
import type { Alignment, Block, Figure, Footnote, Image, Inline, List, ListItem, Paragraph, Table, TableCell, TableRow } from '../model/index.js';
import { inlineText, THEMATIC_BREAK_TEXT } from '../model/text.js';
import { numberingOf } from './numbering.js';
import { TABLE_CAPTION, type Draft, type Hint } from './structure.js';

type Node = T.ChildNode;
type Element = T.Element;

/** Something of the input that the model cannot hold and the import left out. */
export interface Dropped {
  what: string;
  detail: string;
}

export interface HtmlOptions {
  /**
   * An image's source → where the imported source refers to it, or a reason it cannot be kept.
   * Without it, every image is dropped.
   */
  image?: (src: string, alt: string) => { src: string } | { dropped: string };
  /** The HTML is mammoth's (a DOCX): its class names carry Word's styles. */
  fromDocx?: boolean;
}

export interface HtmlDraft {
  draft: Draft;
  dropped: Dropped[];
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'base']);
const DROP: Record<string, string> = {
  iframe: 'an embedded frame', object: 'an embedded object', embed: 'an embedded object', video: 'a video', audio: 'an audio clip',
  canvas: 'a canvas drawing', svg: 'an SVG drawing', math: 'a formula (MathML)', input: 'a form field', select: 'a form field',
  textarea: 'a form field', button: 'a button', map: 'an image map',
};
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li',
  'blockquote', 'hr', 'table', 'figure', 'figcaption', 'pre', 'dl', 'dt', 'dd', 'address', 'center', 'form', 'fieldset', 'body', 'html',
  'caption', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'details', 'summary', 'hgroup',
]);
/**
 * A page's navigation, banner and footer (the site's, not the text's): reported as dropped, so
 * that a menu above the <h1> neither becomes the title nor the footer's copyright line the body.
 */
const CHROME: Record<string, string> = { nav: 'the page navigation', header: 'the page header', footer: 'the page footer', aside: 'a page sidebar' };
const STRONG = new Set(['strong', 'b']);
const EMPHASIS = new Set(['em', 'i', 'cite', 'dfn', 'var']);

const attr = (el: Element, name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value;
const classes = (el: Element): string[] => (attr(el, 'class') ?? '').split(/\s+/).filter(Boolean);
const isElement = (n: Node | undefined): n is Element => n !== undefined && 'tagName' in n;

/** HTML text → a draft. `html` may be a whole page or a fragment (mammoth's). */
export function readHtml(html: string, options: HtmlOptions = {}): HtmlDraft {
  const whole = /<html[\s>]|<body[\s>]|<!doctype/i.test(html.slice(0, 4096));
  const root = whole ? parse(html) : parseFragment(html);
  return new HtmlReader(options).read(root);
}

class HtmlReader {
  private readonly dropped: Dropped[] = [];
  private readonly hints = new Map<Block, Hint>();
  private readonly byId = new Map<string, Element>();
  /** Footnote definitions (list items), and references by the id of the link. */
  private readonly noteItems = new Set<Element>();
  private readonly noteLabel = new Map<Element, string>();
  private readonly footnotes: Footnote[] = [];
  private title: Draft['title'];
  private properties: Draft['properties'] = {};
  /** Headings the HTML marks (h1–h6, not a title style): with any besides the title, numbering finds none. */
  private explicitHeadings = 0;

  constructor(private readonly options: HtmlOptions) {}

  private drop(what: string, detail: string): void {
    this.dropped.push({ what, detail });
  }

  read(root: T.Document | T.DocumentFragment): HtmlDraft {
    const all: Element[] = [];
    const walk = (n: T.ParentNode): void => {
      for (const c of n.childNodes) {
        if (!isElement(c)) continue;
        all.push(c);
        const id = attr(c, 'id');
        if (id !== undefined && !this.byId.has(id)) this.byId.set(id, c);
        walk(c.tagName === 'template' ? (c as T.Template).content : c);
      }
    };
    walk(root);
    this.readHead(all);
    this.findFootnotes(all);

    const body = all.find((e) => e.tagName === 'body') ?? root;
    const blocks = this.blocks(body.childNodes);
    // Footnote definitions in the order of their first reference.
    const order = [...this.noteLabel.entries()].sort((a, b) => Number(a[1]) - Number(b[1]));
    for (const [item, label] of order) this.footnotes.push({ label, children: this.blocks(item.childNodes.filter((c) => !this.isBackLink(c))) });

    // A page's one h1 (or mammoth's Title style) is the title; the other headings move up a level.
    const h1s = blocks.filter((b) => b.type === 'heading' && b.level === 1);
    const titleIndex = blocks.findIndex((b) => this.hints.get(b)?.role === 'title');
    const headingAsTitle = (h: Block) => {
      this.title = { text: plain(h), from: 'heading' };
      blocks.splice(blocks.indexOf(h), 1);
      this.explicitHeadings--;
      for (const b of blocks) if (b.type === 'heading' && b.level > 1) b.level = (b.level - 1) as typeof b.level;
    };
    if (titleIndex >= 0) {
      this.title = { text: plain(blocks[titleIndex]!), from: 'style' };
      blocks.splice(titleIndex, 1);
    } else if (!this.options.fromDocx && h1s.length === 1) {
      // Even after other blocks (a breadcrumb, a date line): a page has one title.
      headingAsTitle(h1s[0]!);
    } else if (this.options.fromDocx && h1s.length === 1 && blocks[0] === h1s[0] && numberingOf(plain(h1s[0]!)) === undefined && blocks.some((b) => b.type === 'heading' && b.level === 2)) {
      // A Word file without a Title style whose first paragraph is its one Heading 1, over Heading 2
      // sections (pandoc writes a Markdown # so, and so do many hand-made files): that heading is the
      // title. Not a numbered one (一、总体要求 opens a section), nor one of several.
      headingAsTitle(h1s[0]!);
    } else if (!this.options.fromDocx && this.properties.title && !blocks.some((b) => b.type === 'heading' && b.level === 1)) {
      this.title = { text: this.properties.title, from: 'properties' };
    }
    return {
      draft: { blocks, hints: this.hints, ...(this.title ? { title: this.title } : {}), properties: this.properties, footnotes: this.footnotes, explicitHeadings: this.explicitHeadings > 0 },
      dropped: this.dropped,
    };
  }

  private readHead(all: Element[]): void {
    const title = all.find((e) => e.tagName === 'title');
    if (title) this.properties.title = textOf(title).replace(/\s+/g, ' ').trim() || undefined;
    for (const meta of all.filter((e) => e.tagName === 'meta')) {
      const name = attr(meta, 'name')?.toLowerCase();
      const content = attr(meta, 'content')?.trim();
      if (!content) continue;
      if (name === 'author') this.properties.author = content;
      else if (name === 'keywords') this.properties.keywords = content.split(/[,，、;；]/u).map((k) => k.trim()).filter(Boolean);
      else if (name === 'description' || name === 'subject') this.properties.subject ??= content;
    }
    const html = all.find((e) => e.tagName === 'html');
    const lang = html && attr(html, 'lang');
    if (lang && /^zh\b/i.test(lang)) this.properties.lang = lang;
  }

  /** A link to a list item that links back to it is a footnote reference (mammoth, pandoc). */
  private findFootnotes(all: Element[]): void {
    let n = 0;
    for (const a of all) {
      if (a.tagName !== 'a') continue;
      const href = attr(a, 'href');
      const id = attr(a, 'id');
      if (!href?.startsWith('#')) continue;
      const target = this.byId.get(decodeURIComponent(href.slice(1)));
      if (!target || target.tagName !== 'li') continue;
      const back = id !== undefined && hasDescendant(target, (e) => e.tagName === 'a' && attr(e, 'href') === `#${id}`);
      const noteClass = classes(a).includes('footnote-ref') || attr(a, 'role') === 'doc-noteref';
      if (!back && !noteClass) continue;
      if (!this.noteItems.has(target)) {
        this.noteItems.add(target);
        this.noteLabel.set(target, String(++n));
      }
      this.noteRefs.set(a, this.noteLabel.get(target)!);
    }
  }

  private readonly noteRefs = new Map<Element, string>();

  private isBackLink(n: Node): boolean {
    if (!isElement(n)) return false;
    if (n.tagName === 'a') {
      const href = attr(n, 'href');
      return href !== undefined && href.startsWith('#') && (classes(n).includes('footnote-back') || attr(n, 'role') === 'doc-backlink' || [...this.noteRefs.keys()].some((r) => attr(r, 'id') === href.slice(1)));
    }
    return false;
  }

  // ------------------------------------------------------------ blocks

  blocks(nodes: readonly Node[]): Block[] {
    const out: Block[] = [];
    let pending: Node[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      for (const item of this.paragraphs(pending)) out.push(item);
      pending = [];
    };
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      if (!isElement(n)) {
        if (n.nodeName === '#text') pending.push(n);
        continue;
      }
      const tag = n.tagName;
      if (SKIP.has(tag)) continue;
      if (DROP[tag] !== undefined) {
        flush();
        this.dropElement(n);
        continue;
      }
      // A <header> holding the <h1> is the text's own (an article's), not the site's.
      if (CHROME[tag] !== undefined && !this.options.fromDocx && !(tag === 'header' && hasDescendant(n, (e) => e.tagName === 'h1'))) {
        flush();
        const text = textOf(n).replace(/\s+/g, ' ').trim();
        if (text) this.drop(CHROME[tag], `«${text.slice(0, 40)}${text.length > 40 ? '…' : ''}»`);
        continue;
      }
      if (!BLOCK.has(tag) || tag === 'body' || tag === 'html') {
        if (tag === 'body' || tag === 'html') {
          flush();
          for (const item of this.blocks(n.childNodes)) out.push(item);
        } else if (containsBlock(n)) {
          // An inline element wrapping blocks (<a><div>…</div></a>, <font><p>…): its blocks.
          flush();
          for (const item of this.blocks(n.childNodes)) out.push(item);
        } else pending.push(n);
        continue;
      }
      flush();
      for (const item of this.block(n)) out.push(item);
    }
    flush();
    return this.captions(out);
  }

  private block(el: Element): Block[] {
    const tag = el.tagName;
    const cls = classes(el);
    switch (tag) {
      case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': {
        const children = this.inlines(el.childNodes, { heading: true });
        if (children.length === 0) return [];
        const heading: Block = { type: 'heading', level: Number(tag[1]) as 1, children };
        if (cls.includes('title')) this.hints.set(heading, { role: 'title' });
        else this.explicitHeadings++;
        return [heading];
      }
      case 'p': case 'dt': case 'dd': case 'address': case 'summary': case 'figcaption': case 'caption': {
        if (containsBlock(el)) return this.blocks(el.childNodes);
        const blocks = this.paragraphs(el.childNodes);
        const role = cls.includes('byline') ? 'byline' : cls.includes('date') ? 'date' : cls.includes('subtitle') ? 'subtitle' : undefined;
        if (cls.includes('separator') && blocks.length === 1) return [{ type: 'thematicBreak' }];
        for (const b of blocks) if (role) this.hints.set(b, { role });
        const listClass = cls.find((c) => /^wenshu-list-\d+$/.test(c));
        if (listClass) for (const b of blocks) this.typedItems.set(b, Number(listClass.slice(12)));
        return blocks;
      }
      case 'pre': {
        // Code has no place in the model: its text is kept, line by line.
        const lines = textOf(el).replace(/\n$/, '').split('\n');
        const children: Inline[] = [];
        lines.forEach((line, k) => {
          if (k > 0) children.push({ type: 'break' as const });
          children.push({ type: 'text', value: line });
        });
        return [{ type: 'paragraph', children: cleanInlines(children) }];
      }
      case 'hr':
        return [{ type: 'thematicBreak' }];
      case 'blockquote': {
        const children = this.blocks(el.childNodes);
        return children.length > 0 ? [{ type: 'blockquote', children }] : [];
      }
      case 'ul': case 'ol': {
        const items = el.childNodes.filter((c): c is Element => isElement(c) && c.tagName === 'li');
        if (items.length > 0 && items.every((li) => this.noteItems.has(li))) return []; // footnote definitions
        const list: List = { type: 'list', ordered: tag === 'ol', start: tag === 'ol' ? Number(attr(el, 'start') ?? 1) || 1 : 1, items: [] };
        for (const c of el.childNodes) {
          if (!isElement(c)) continue;
          if (c.tagName === 'li') {
            if (this.noteItems.has(c)) continue;
            list.items.push({ type: 'listItem', children: this.blocks(c.childNodes) });
          } else {
            // Stray content between items belongs to the item before.
            const blocks = this.block(c);
            const last = list.items.at(-1);
            if (last) for (const item of blocks) last.children.push(item);
            else list.items.push({ type: 'listItem', children: blocks });
          }
        }
        return list.items.length > 0 ? [list] : [];
      }
      case 'table':
        return this.table(el);
      case 'figure': {
        const caption = el.childNodes.find((c): c is Element => isElement(c) && c.tagName === 'figcaption');
        const rest = this.blocks(el.childNodes.filter((c) => c !== caption));
        const figure = rest.find((b): b is Figure => b.type === 'figure');
        if (figure && caption) figure.caption = this.inlines(caption.childNodes);
        return rest;
      }
      case 'section': {
        // pandoc's footnotes section: its rule and list are the definitions.
        if (cls.includes('footnotes') || attr(el, 'role') === 'doc-endnotes') {
          const items = el.childNodes.filter((c) => isElement(c) && c.tagName !== 'hr');
          if (items.every((c) => isElement(c) && (c.tagName === 'ol' || c.tagName === 'ul'))) return this.blocks(items);
        }
        return this.blocks(el.childNodes);
      }
      case 'li': case 'tr': case 'td': case 'th': case 'thead': case 'tbody': case 'tfoot':
        return this.blocks(el.childNodes);
      default:
        if (DROP[tag] !== undefined) {
          this.dropElement(el);
          return [];
        }
        return this.blocks(el.childNodes);
    }
  }

  /** Paragraphs from inline content, split at double <br> the way a page shows paragraphs. */
  private paragraphs(nodes: readonly Node[]): Block[] {
    const inlines = this.inlines(nodes);
    if (inlines.length === 0) return [];
    // A paragraph holding only an image is a figure.
    if (inlines.length === 1 && inlines[0]!.type === 'image') return [{ type: 'figure', image: inlines[0] as Image, caption: [] }];
    const only = inlines.length === 1 ? inlines[0] : undefined;
    if (only?.type === 'text' && only.value === THEMATIC_BREAK_TEXT) return [{ type: 'thematicBreak' }];
    return [{ type: 'paragraph', children: inlines }];
  }

  /** Paragraphs marked with a list style and typed markers (a wenshu DOCX): nesting depth by paragraph. */
  readonly typedItems = new Map<Block, number>();

  private dropElement(el: Element): void {
    const text = textOf(el).replace(/\s+/g, ' ').trim();
    this.drop(DROP[el.tagName] ?? el.tagName, text ? `«${text.slice(0, 40)}${text.length > 40 ? '…' : ''}»` : `<${el.tagName}>`);
  }

  /**
   * Captions in the Chinese convention: a paragraph 表1… right before a table, or 图1… right after a
   * figure, is its caption.
   */
  private captions(blocks: Block[]): Block[] {
    const out: Block[] = [];
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i]!;
      const next = blocks[i + 1];
      if (b.type === 'paragraph' && next?.type === 'table' && !next.caption && TABLE_CAPTION.test(plain(b))) {
        next.caption = b.children;
        continue;
      }
      if (b.type === 'paragraph' && out.at(-1)?.type === 'table' && !(out.at(-1) as Table).caption && /^(?:表|Table)\s*[0-9０-９一二三四五六七八九十]/u.test(plain(b))) {
        (out.at(-1) as Table).caption = b.children;
        continue;
      }
      if (b.type === 'paragraph' && out.at(-1)?.type === 'figure' && (out.at(-1) as Figure).caption.length === 0 && /^(?:图|Figure)\s*[0-9０-９一二三四五六七八九十]/u.test(plain(b))) {
        (out.at(-1) as Figure).caption = b.children;
        continue;
      }
      out.push(b);
    }
    return this.typedLists(out);
  }

  /**
   * wenshu's own DOCX types its list markers (`1.⇥`, `•⇥`) into List Paragraph paragraphs, nested by
   * indentation (docx.ts passes the depth as a class): they become lists again. A list paragraph
   * without a marker continues the item before it.
   */
  private typedLists(blocks: Block[]): Block[] {
    const out: Block[] = [];
    let stack: Array<{ list: List; depth: number }> = [];
    for (const b of blocks) {
      const depth = this.typedItems.get(b);
      if (depth === undefined || b.type !== 'paragraph') {
        stack = [];
        out.push(b);
        continue;
      }
      const first = b.children[0];
      const m = first?.type === 'text' ? /^(?:(\d{1,9})\.|([•◦]))[\t ]/.exec(first.value) : null;
      while (stack.length > 0 && stack.at(-1)!.depth > depth) stack.pop();
      if (!m) {
        const item = stack.at(-1)?.list.items.at(-1) ?? lastItemAt(out.at(-1), depth);
        if (item) item.children.push(b);
        else out.push(b);
        continue;
      }
      (first as { value: string }).value = (first as { value: string }).value.slice(m[0].length);
      const ordered = m[1] !== undefined;
      if (b.children[0]?.type === 'text' && (b.children[0] as { value: string }).value === '') b.children.shift();
      let top = stack.at(-1);
      if (top && top.depth === depth && top.list.ordered !== ordered) {
        stack.pop();
        top = stack.at(-1);
      }
      if (!top || top.depth < depth) {
        const list: List = { type: 'list', ordered, start: ordered ? Number(m[1]) : 1, items: [] };
        const parent = top?.list.items.at(-1);
        if (parent) parent.children.push(list);
        else out.push(list);
        stack.push({ list, depth });
        top = stack.at(-1)!;
      }
      const item: ListItem = { type: 'listItem', children: b.children.length > 0 ? [b] : [] };
      top.list.items.push(item);
    }
    return out;
  }

  // ------------------------------------------------------------ tables

  private table(el: Element): Block[] {
    const rows: Array<{ el: Element; head: boolean }> = [];
    let caption: Inline[] | undefined;
    const collect = (n: Element, head: boolean): void => {
      for (const c of n.childNodes) {
        if (!isElement(c)) continue;
        if (c.tagName === 'tr') rows.push({ el: c, head });
        else if (c.tagName === 'thead') collect(c, true);
        else if (c.tagName === 'tbody' || c.tagName === 'tfoot') collect(c, false);
        else if (c.tagName === 'caption') caption = this.inlines(c.childNodes);
      }
    };
    collect(el, false);
    // Cells, with merged cells (colspan, rowspan) spread out: the model has none.
    const grid: Array<Array<TableCell | undefined>> = [];
    // Each cell's alignment: its align attribute or text-align, or the class the DOCX reader gives
    // a paragraph that Word centres or right-aligns (mammoth writes no alignment of its own).
    const cellAligns: Array<Array<Alignment | undefined>> = [];
    let merged = false;
    // The lines of each cell (its paragraphs, its line breaks), which the cell's one line joins: a
    // one-row table at the top may be a 发文机关标志 of joint issuers (official.ts), a name a line.
    const cellLines: string[][] = [];
    rows.forEach((row, r) => {
      grid[r] ??= [];
      let col = 0;
      for (const c of row.el.childNodes) {
        if (!isElement(c) || (c.tagName !== 'td' && c.tagName !== 'th')) continue;
        while (grid[r]![col] !== undefined) col++;
        const span = Math.max(1, Math.min(50, Number(attr(c, 'colspan') ?? 1) || 1));
        const down = Math.max(1, Math.min(500, Number(attr(c, 'rowspan') ?? 1) || 1));
        if (span > 1 || down > 1) merged = true;
        if (hasDescendant(c, (e) => e.tagName === 'table')) this.drop('a table inside a table cell', 'its text is kept in the cell');
        const content = this.cellInlines(c);
        const cell: TableCell = { type: 'tableCell', children: content.inlines };
        cellLines.push(content.lines);
        const firstP = c.childNodes.find((n): n is Element => isElement(n) && n.tagName === 'p');
        const align = (attr(c, 'align') ?? /text-align:\s*(left|center|right)/.exec(attr(c, 'style') ?? '')?.[1]
          ?? /\bwenshu-align-(center|right)\b/.exec((firstP && attr(firstP, 'class')) ?? '')?.[1])?.toLowerCase();
        if (align === 'left' || align === 'center' || align === 'right') (cellAligns[r] ??= [])[col] = align;
        for (let dr = 0; dr < down; dr++) {
          grid[r + dr] ??= [];
          for (let dc = 0; dc < span; dc++) grid[r + dr]![col + dc] = dr === 0 && dc === 0 ? cell : { type: 'tableCell', children: [] };
        }
        col += span;
      }
    });
    if (merged) this.drop('merged table cells', 'written as separate cells, the text in the first of them');
    const width = grid.reduce((w, r) => Math.max(w, r.length), 0);
    if (width === 0) return [];
    const toRow = (cells: Array<TableCell | undefined>): TableRow => ({
      type: 'tableRow',
      cells: Array.from({ length: width }, (_, i) => cells[i] ?? { type: 'tableCell', children: [] }),
    });
    let headCount = 0;
    while (headCount < rows.length && (rows[headCount]!.head || rows[headCount]!.el.childNodes.filter(isElement).every((c) => c.tagName === 'th'))) headCount++;
    // With no marked header row, the first row is the header (a Chinese table's first row names the columns).
    if (headCount === 0) headCount = 1;
    const table: Table = {
      type: 'table',
      // A column's alignment is its body's (a header may be centred over right-aligned figures).
      align: Array.from({ length: width }, (_, i) => {
        const inRows = (from: number, to: number) => cellAligns.slice(from, to).find((row) => row?.[i] !== undefined)?.[i];
        return inRows(headCount, grid.length) ?? inRows(0, headCount);
      }),
      head: grid.slice(0, headCount).map(toRow),
      body: grid.slice(headCount).map(toRow),
      ...(caption && caption.length > 0 ? { caption } : {}),
    };
    if (rows.length === 1) this.hints.set(table, { cells: cellLines });
    return [table];
  }

  /** A cell's content as one line: its paragraphs joined (no space between hanzi), its breaks spaces; and its lines apart. */
  private cellInlines(cell: Element): { inlines: Inline[]; lines: string[] } {
    const blocks = this.blocks(cell.childNodes);
    const out: Inline[] = [];
    const flat = (b: Block): Inline[] => {
      if (b.type === 'paragraph' || b.type === 'heading') return b.children;
      if (b.type === 'figure') return [b.image];
      if (b.type === 'list') return b.items.flatMap((i) => i.children.flatMap(flat));
      if (b.type === 'blockquote') return b.children.flatMap(flat);
      if (b.type === 'table') return [...b.head, ...b.body].flatMap((r) => r.cells.flatMap((c) => [...c.children, { type: 'text' as const, value: ' ' }]));
      return [];
    };
    const lines: string[] = [];
    for (const b of blocks) {
      const own = flat(b);
      for (const line of inlineText(own).split('\n')) if (line.trim() !== '') lines.push(line.trim());
      const inl = own.map((n) => (n.type === 'break' ? { type: 'text' as const, value: ' ' } : n));
      if (out.length > 0 && inl.length > 0) out.push({ type: 'text', value: joiner(lastChar(out), firstChar(inl)) });
      for (const item of inl) out.push(item);
    }
    return { inlines: cleanInlines(out), lines };
  }

  // ------------------------------------------------------------ inlines

  inlines(nodes: readonly Node[], ctx: { heading?: boolean } = {}): Inline[] {
    const out: Inline[] = [];
    const visit = (n: Node): Inline[] => {
      if (!isElement(n)) {
        return n.nodeName === '#text' ? [{ type: 'text', value: collapse((n as T.TextNode).value) }] : [];
      }
      const tag = n.tagName;
      if (SKIP.has(tag)) return [];
      if (this.isBackLink(n)) return [];
      const kids = () => n.childNodes.flatMap(visit);
      if (STRONG.has(tag)) return wrap('strong', kids());
      if (EMPHASIS.has(tag)) return wrap('emphasis', kids());
      if (tag === 'br') return ctx.heading ? [{ type: 'text', value: ' ' }] : [{ type: 'break' }];
      if (tag === 'img') return this.image(n);
      if (tag === 'a') {
        const label = this.noteRefs.get(n);
        if (label !== undefined) return [{ type: 'footnoteReference', label }];
        const href = attr(n, 'href')?.trim();
        const children = kids();
        if (href && /^(?:https?:|mailto:)/i.test(href)) {
          const title = attr(n, 'title');
          return [{ type: 'link', url: href, ...(title ? { title } : {}), children: cleanInlines(children) }];
        }
        return children;
      }
      if (tag === 'sup' || tag === 'sub') {
        // A footnote reference wrapped in <sup> keeps only the reference.
        const inner = kids();
        return inner.length === 1 && inner[0]!.type === 'footnoteReference' ? inner : inner;
      }
      if (DROP[tag] !== undefined) {
        this.dropElement(n);
        return [];
      }
      if (BLOCK.has(tag)) {
        // A block inside inline content (a <p> in a table cell is handled by cellInlines): its text, as a line.
        const inner = kids();
        return inner.length > 0 ? [{ type: 'break' }, ...inner, { type: 'break' }] : [];
      }
      return kids();
    };
    for (const n of nodes) for (const item of visit(n)) out.push(item);
    return cleanInlines(out);
  }

  private image(el: Element): Inline[] {
    const src = attr(el, 'src') ?? '';
    const alt = (attr(el, 'alt') ?? '').trim();
    const title = attr(el, 'title')?.trim();
    const resolved = this.options.image ? this.options.image(src, alt) : { dropped: 'images are not imported from here' };
    if ('dropped' in resolved) {
      if (resolved.dropped !== '') this.drop('an image', `${alt ? `«${alt}» ` : ''}(${resolved.dropped})`);
      return [];
    }
    return [{ type: 'image', src: resolved.src, alt, ...(title ? { title } : {}) }];
  }
}

function wrap(type: 'strong' | 'emphasis', children: Inline[]): Inline[] {
  const clean = cleanInlines(children, false);
  if (clean.length === 0) return [];
  // Nothing but white space or breaks inside: no mark.
  if (clean.every((c) => (c.type === 'text' && c.value.trim() === '') || c.type === 'break')) return clean;
  return [{ type, children: clean }];
}

const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019]/u;

/** HTML white space collapsed; a run with a line end between two wide characters is dropped later (joiner). */
function collapse(s: string): string {
  return s.replace(/[ \t\n\r\f]+/g, (m) => (m.includes('\n') ? '\n' : ' ')).replace(/\u00a0/g, ' ');
}

const joiner = (before: string, after: string): string => (WIDE.test(before) || WIDE.test(after) ? '' : ' ');

function lastChar(list: readonly Inline[]): string {
  for (let i = list.length - 1; i >= 0; i--) {
    const n = list[i]!;
    if (n.type === 'text') return n.value.at(-1) ?? '';
    if ('children' in n) return lastChar(n.children);
  }
  return '';
}

function firstChar(list: readonly Inline[]): string {
  for (const n of list) {
    if (n.type === 'text') return n.value[0] ?? '';
    if ('children' in n) return firstChar(n.children);
  }
  return '';
}

/**
 * Adjacent texts merged, a source line end resolved (nothing between wide characters, else a
 * space), runs of spaces made one, and (at the top) white space and breaks trimmed from both ends.
 */
export function cleanInlines(list: readonly Inline[], trim = true): Inline[] {
  const merged: Inline[] = [];
  for (const n of list) {
    const prev = merged.at(-1);
    if (n.type === 'text' && prev?.type === 'text') prev.value += n.value;
    else merged.push(n.type === 'text' ? { ...n } : n);
  }
  for (let i = 0; i < merged.length; i++) {
    const n = merged[i]!;
    if (n.type !== 'text') continue;
    n.value = n.value.replace(/ *\n[ \n]*/g, (m, offset: number, whole: string) => {
      const before = offset > 0 ? whole[offset - 1]! : lastChar(merged.slice(0, i));
      const after = whole[offset + m.length] ?? firstChar(merged.slice(i + 1));
      return joiner(before, after);
    });
    n.value = n.value.replace(/ {2,}/g, ' ');
    // A space after a break or a line start is not text.
    if (merged[i - 1]?.type === 'break') n.value = n.value.replace(/^ +/, '');
    if (merged[i + 1]?.type === 'break') n.value = n.value.replace(/ +$/, '');
  }
  let out = merged.filter((n) => n.type !== 'text' || n.value !== '');
  if (trim) {
    while (out[0]?.type === 'break') out.shift();
    while (out.at(-1)?.type === 'break') out.pop();
    const head = out[0];
    if (head?.type === 'text') head.value = head.value.replace(/^\s+/, '');
    const tail = out.at(-1);
    if (tail?.type === 'text') tail.value = tail.value.replace(/\s+$/, '');
    out = out.filter((n) => n.type !== 'text' || n.value !== '');
    // Two breaks in a row are an empty line: one is enough inside a paragraph.
    out = out.filter((n, i) => !(n.type === 'break' && out[i - 1]?.type === 'break'));
  }
  return out;
}

/** The text of a block, for titles and captions. */
function plain(b: Block): string {
  const text = (list: readonly Inline[]): string => list.map((n) => (n.type === 'text' ? n.value : n.type === 'break' ? ' ' : 'children' in n ? text(n.children) : '')).join('');
  return b.type === 'paragraph' || b.type === 'heading' ? text(b.children).replace(/\s+/g, ' ').trim() : '';
}

function textOf(n: Node | T.ParentNode): string {
  if ('value' in n && n.nodeName === '#text') return (n as T.TextNode).value;
  if (!('childNodes' in n)) return '';
  return n.childNodes.map((c) => textOf(c)).join('');
}

function hasDescendant(el: Element, test: (e: Element) => boolean): boolean {
  for (const c of el.childNodes) if (isElement(c) && (test(c) || hasDescendant(c, test))) return true;
  return false;
}

function containsBlock(el: Element): boolean {
  return hasDescendant(el, (e) => BLOCK.has(e.tagName) && e.tagName !== 'br');
}

/**
 * The last item at `depth` (1 = the list itself) of a list that Word numbering made (mammoth's
 * <ol>/<ul>): a List Paragraph without numbering right after it continues that item.
 */
function lastItemAt(block: Block | undefined, depth: number): ListItem | undefined {
  if (block?.type !== 'list') return undefined;
  let item = block.items.at(-1);
  for (let d = 1; d < depth && item; d++) {
    const inner = item.children.at(-1);
    if (inner?.type !== 'list') break;
    item = inner.items.at(-1);
  }
  return item;
}
