/**
 * The document model → a wenshu source: YAML front matter and a CommonMark body (with GFM pipe
 * tables, `[^1]` footnotes and `![alt](path "title")` images for the nodes the model has for
 * them). `wenshu import` writes its result through this, and the rule it keeps is that reading
 * the output back (`parseSource`) gives the same model: text, inline marks, breaks, headings and
 * levels, lists, quotes, metadata.
 *
 * One block is one paragraph of the source, blocks apart by a blank line; a paragraph is one line
 * (a hard break ends a line with a backslash). Everything Markdown would read as syntax is
 * escaped: * _ ` [ ] < { } \ & | anywhere, and at the start of a line # > - + = and list numbers.
 */
import type { Block, Dimension, Document, Footnote, Inline, List, Metadata, Official, Table, TableRow } from '../model/index.js';
import { inlineText } from '../model/text.js';

export interface MarkdownOptions {
  /** Written as `preset:` (the document's own preset otherwise). */
  preset?: string;
}

/** The source text for a document: front matter, body, footnote definitions; ends with a newline. */
export function writeMarkdown(doc: Document, options: MarkdownOptions = {}): string {
  const parts = [frontMatter(doc.meta, options.preset ?? doc.meta.preset)];
  // A 公文's attachments whose text came with them: a section `# 附件N` each, after the text.
  const sections = (doc.meta.official?.attachments ?? []).flatMap((a, i): Block[] =>
    !a.file && a.blocks && a.blocks.length > 0 ? [{ type: 'heading', level: 1, children: [{ type: 'text', value: `附件${i + 1}` }] }, ...a.blocks] : [],
  );
  const body = blocks([...doc.blocks, ...sections]);
  parts.push(body === '' ? '' : body + '\n');
  const notes = (doc.footnotes ?? []).map(footnote).join('\n');
  if (notes !== '') parts.push('\n' + notes);
  return parts.join('');
}

// ---------------------------------------------------------------- front matter

function frontMatter(meta: Metadata, preset: string | undefined): string {
  const lines = ['---', `title: ${yamlString(meta.title)}`];
  if (meta.subtitle) lines.push(`subtitle: ${yamlString(meta.subtitle)}`);
  if (meta.author) lines.push(`author: ${yamlString(meta.author)}`);
  if (meta.byline) lines.push(`byline: ${yamlString(meta.byline)}`);
  if (meta.lang && meta.lang !== 'zh-CN') lines.push(`lang: ${yamlString(meta.lang)}`);
  if (meta.date) lines.push(`date: ${meta.date}`);
  if (meta.subject) lines.push(`subject: ${yamlString(meta.subject)}`);
  if (meta.keywords.length > 0) lines.push(`keywords: [${meta.keywords.map((k) => yamlString(k, true)).join(', ')}]`);
  if (preset) lines.push(`preset: ${yamlString(preset)}`);
  if (meta.pdfa) lines.push(`pdfa: ${yamlString(meta.pdfa)}`);
  if (meta.official) for (const line of officialLines(meta.official)) lines.push(line);
  lines.push('---', '');
  return lines.join('\n');
}

/** The 公文 keys (README: 公文 elements), in the order the document prints them. */
function officialLines(o: Official): string[] {
  const out: string[] = [];
  const one = (key: string, value: string | undefined) => value !== undefined && out.push(`${key}: ${yamlString(value)}`);
  const many = (key: string, values: string[] | undefined) => {
    if (!values || values.length === 0) return;
    out.push(values.length === 1 ? `${key}: ${yamlString(values[0]!)}` : `${key}: [${values.map((v) => yamlString(v, true)).join(', ')}]`);
  };
  if (o.format !== '文件') out.push(`format: ${o.format}`);
  one('copy', o.copy);
  one('secrecy', o.secrecy);
  one('urgency', o.urgency);
  many('issuer', o.issuer);
  one('number', o.number);
  many('signer', o.signer);
  one('to', o.to);
  if (o.attachments?.length) {
    out.push('attachments:');
    for (const a of o.attachments) out.push(a.file ? `  - { title: ${yamlString(a.title, true)}, file: ${yamlString(a.file, true)} }` : `  - ${yamlString(a.title)}`);
  }
  many('signature', o.signature);
  many('seal', o.seal);
  many('stamp', o.stamp);
  one('note', o.note);
  one('cc', o.cc);
  one('printer', o.printer);
  if (o.printed) out.push(`printed: ${o.printed}`);
  if (o.preprinted) out.push('preprinted: true');
  many('attendees', o.attendees);
  many('absent', o.absent);
  many('observers', o.observers);
  return out;
}

/** What YAML's core schema reads as something other than a string, or as a date. */
const NOT_A_STRING = /^(?:~|null|true|false|yes|no|on|off|[-+]?[0-9][0-9_.:eExXoO+-]*|[-+]?\.(?:inf|nan)|\.nan|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?)$/i;

/**
 * A YAML scalar for `text`: plain where YAML reads plain text as exactly that string, otherwise
 * double-quoted (JSON's escapes are YAML's).
 */
export function yamlString(text: string, inFlow = false): string {
  const plain =
    text !== '' &&
    text === text.trim() &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) &&
    !/: | #|:$|[\t\n\r]/.test(text) &&
    !NOT_A_STRING.test(text) &&
    !(inFlow && /[,[\]{}]/.test(text)) &&
    // C0/C1 controls, and characters YAML does not allow unquoted.
    !/[\u0000-\u001f\u007f-\u009f\ufeff]/.test(text);
  return plain ? text : JSON.stringify(text);
}

// ---------------------------------------------------------------- blocks

function blocks(list: readonly Block[]): string {
  const out: string[] = [];
  let previous: Block | undefined;
  for (const block of list) {
    out.push(blockText(block, previous));
    previous = block;
  }
  return out.join('\n\n');
}

function blockText(block: Block, previous: Block | undefined): string {
  switch (block.type) {
    case 'heading': {
      // An ATX heading is one line: a break in it is a space, and a closing # would be dropped.
      const text = inlines(block.children, { heading: true }).replace(/(#+)$/, (m) => '\\' + m);
      return `${'#'.repeat(block.level)} ${text}`.trimEnd();
    }
    case 'paragraph':
      return inlines(block.children);
    case 'blockquote':
      return prefixLines(blocks(block.children), '> ', '>');
    case 'list':
      return list(block, previous?.type === 'list' && previous.ordered === block.ordered ? alternate(previous) : undefined);
    case 'thematicBreak':
      return '***';
    case 'figure': {
      const caption = inlineText(block.caption);
      const title = caption !== '' && caption !== block.image.alt ? caption : block.image.title;
      return image({ ...block.image, ...(title ? { title } : { title: undefined }) });
    }
    case 'table':
      return table(block);
  }
}

/** Markers used for a list: two lists in a row keep apart only when their markers differ. */
const listMarkers = new WeakMap<List, string>();

function alternate(previous: List): string {
  const used = listMarkers.get(previous);
  return previous.ordered ? (used === '.' ? ')' : '.') : used === '-' ? '*' : '-';
}

function list(block: List, marker?: string): string {
  const delimiter = marker ?? (block.ordered ? '.' : '-');
  listMarkers.set(block, delimiter);
  // A list whose items hold one block each is written tight, any other loose.
  const loose = block.items.some((item) => item.children.length > 1);
  return block.items
    .map((item, i) => {
      const head = block.ordered ? `${block.start + i}${delimiter}` : delimiter;
      const content = blocks(item.children);
      if (content === '') return head;
      const pad = ' '.repeat(head.length + 1);
      return prefixLines(content, `${head} `, '', pad, '');
    })
    .join(loose ? '\n\n' : '\n');
}

/**
 * Prefixes the first line with `first` and the others with `rest` (blank lines with the blank
 * forms, so that no line ends in white space).
 */
function prefixLines(text: string, first: string, blankFirst: string, rest = first, blankRest = blankFirst): string {
  return text
    .split('\n')
    .map((line, i) => (line === '' ? (i === 0 ? blankFirst : blankRest) : (i === 0 ? first : rest) + line))
    .join('\n');
}

function table(block: Table): string {
  const [head, ...extraHead] = block.head.length > 0 ? block.head : block.body.slice(0, 1);
  const body = block.head.length > 0 ? [...extraHead, ...block.body] : block.body.slice(1);
  const columns = [head, ...body].reduce((n, r) => Math.max(n, r?.cells.length ?? 0), block.align.length);
  const row = (r: TableRow | undefined): string => {
    const cells = Array.from({ length: columns }, (_, i) => inlines(r?.cells[i]?.children ?? [], { cell: true }));
    return `| ${cells.join(' | ')} |`;
  };
  const rule = Array.from({ length: columns }, (_, i) => {
    const a = block.align[i];
    return a === 'center' ? ':---:' : a === 'right' ? '---:' : a === 'left' ? ':---' : '---';
  });
  const lines = [row(head), `| ${rule.join(' | ')} |`, ...body.map(row)];
  const caption = block.caption ? inlines(block.caption) : '';
  if (caption !== '') lines.push('', `Table: ${caption}`);
  return lines.join('\n');
}

function footnote(note: Footnote): string {
  const content = blocks(note.children);
  return prefixLines(content === '' ? '' : content, `[^${label(note.label)}]: `, `[^${label(note.label)}]:`, '    ', '') + '\n';
}

/** A footnote label: anything but white space and brackets. */
const label = (text: string): string => text.replace(/[\s[\]^\\]/g, '') || 'note';

// ---------------------------------------------------------------- inlines

interface InlineContext {
  heading?: boolean;
  cell?: boolean;
}

function inlines(nodes: readonly Inline[], ctx: InlineContext = {}): string {
  let out = '';
  for (const node of nodes) out += inline(node, ctx);
  // A paragraph's text starts and ends without white space (Markdown would drop it).
  return escapeLineStarts(out.replace(/^[ \t]+|[ \t]+$/g, ''), ctx);
}

function inline(node: Inline, ctx: InlineContext): string {
  switch (node.type) {
    case 'text':
      return escapeText(node.value, ctx);
    case 'break':
      // A cell or a heading is one line: a break there becomes a space.
      return ctx.heading || ctx.cell ? ' ' : '\\\n';
    case 'emphasis':
    case 'strong': {
      const marker = node.type === 'emphasis' ? '*' : '**';
      const content = inlines(node.children, ctx);
      if (content === '') return '';
      // White space just inside a delimiter would stop it from opening or closing: it goes outside.
      const lead = /^\s*/.exec(inlineText(node.children))![0] ? ' ' : '';
      const trail = /\s*$/.exec(inlineText(node.children))![0] ? ' ' : '';
      return `${lead}${marker}${content}${marker}${trail}`;
    }
    case 'link': {
      const title = node.title ? ` ${quoteTitle(node.title)}` : '';
      return `[${inlines(node.children, ctx)}](${destination(node.url)}${title})`;
    }
    case 'image':
      return image(node);
    case 'footnoteReference':
      return `[^${label(node.label)}]`;
  }
}

function image(node: { src: string; alt: string; title?: string | undefined; width?: Dimension | undefined; height?: Dimension | undefined }): string {
  const title = node.title ? ` ${quoteTitle(node.title)}` : '';
  const size = [node.width ? `width=${dim(node.width)}` : '', node.height ? `height=${dim(node.height)}` : ''].filter(Boolean).join(' ');
  return `![${escapeText(node.alt, {})}](${destination(node.src)}${title})${size ? `{${size}}` : ''}`;
}

const dim = (d: Dimension): string => `${d.value}${d.unit}`;

function destination(url: string): string {
  return /[\s()<>]/.test(url) || url === '' ? `<${url.replace(/[<>\\]/g, (c) => '\\' + c)}>` : url.replace(/\\/g, '\\\\');
}

const quoteTitle = (title: string): string => `"${title.replace(/["\\]/g, (c) => '\\' + c)}"`;

/**
 * Text as Markdown reads it back as exactly that text. Backslash escapes work on any ASCII
 * punctuation; only the characters that could start syntax in running text are escaped.
 */
function escapeText(text: string, ctx: InlineContext): string {
  // Braces too: markdown-it-attrs reads {…} as attributes (of an image), or refuses them.
  let out = text.replace(/[\\`*_[\]<{}]/g, (c) => '\\' + c);
  // A character reference (&amp; &#20013;) would be decoded: its & is escaped.
  out = out.replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  // ! before [ would start an image (the [ is escaped already, but keep it plain text).
  if (ctx.cell) out = out.replace(/\|/g, '\\|');
  // A newline inside a text node is white space in Markdown too.
  return out.replace(/[ \t]*\n[ \t]*/g, ' ');
}

/**
 * At the start of a line (the paragraph's first, or after a hard break), what would begin
 * another block is escaped: a heading, a quote, a list item, a thematic break or a setext
 * underline, code by indentation (white space is trimmed instead).
 */
function escapeLineStarts(text: string, ctx: InlineContext): string {
  if (ctx.cell) return text;
  return text
    .split('\n')
    .map((line, i) => {
      let l = i === 0 ? line : line.replace(/^[ \t]+/, '');
      l = l.replace(/^(\d{1,9})([.)])(?=[ \t]|$)/, '$1\\$2');
      l = l.replace(/^([#>+=~-])/, '\\$1');
      if (/^[ \t]*(?:[*_-][ \t]*){3,}$/.test(l)) l = '\\' + l;
      return l;
    })
    .join('\n');
}
