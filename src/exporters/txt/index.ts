/**
 * Plain text for pasting into office systems, mail and chat, laid out as Chinese plain text is:
 * the title, a blank line, then each paragraph on one line indented with two ideographic spaces;
 * headings unindented; blank lines between blocks; the byline last.
 */
import type { Block, Document, Inline } from '../../model/index.js';
import { bylineText, headingInlines, listMarker, noteMarker, THEMATIC_BREAK_TEXT, type NoteNumbering } from '../../model/text.js';
import type { Exporter, TxtOptions } from '../types.js';
import { ByteBlocks, drainBlocks } from '../../io/blocks.js';
import { wrapLine } from './wrap.js';

const INDENT = '\u3000\u3000';

interface Line {
  text: string;
  /** Prefix for continuation lines when hard-wrapping (list and quote indentation). */
  hang: string;
}

export function renderText(doc: Document, options: TxtOptions, numbering: NoteNumbering = 'circled'): string {
  return [...textBlocks(doc, options, numbering)].join('');
}

/**
 * Inlines as plain text: a link as `text（url）` (just the address when that is its text), an
 * image as `[图：alt]`, a note's reference as its marker (the notes follow the text).
 */
function plain(inlines: readonly Inline[], notes: (label: string) => string): string {
  let out = '';
  for (const node of inlines) {
    if (node.type === 'text') out += node.value;
    else if (node.type === 'break') out += '\n';
    else if (node.type === 'image') out += imageText(node.alt);
    else if (node.type === 'footnoteReference') out += notes(node.label);
    else if (node.type === 'link') {
      const text = plain(node.children, notes);
      const address = node.url.replace(/^mailto:/i, '');
      out += text === node.url || text === address || node.url.startsWith('#') ? text : `${text}（${address}）`;
    } else out += plain(node.children, notes);
  }
  return out;
}

const imageText = (alt: string) => `[图：${alt}]`;

/** The text a block at a time, each with the line ends after it: a blank line between blocks, a line end after the last. */
function* textBlocks(doc: Document, options: TxtOptions, numbering: NoteNumbering): Generator<string> {
  // The subtitle on the line under the title.
  const blocks: Array<Line[] | undefined> = [[{ text: doc.meta.title, hang: '' }, ...(doc.meta.subtitle ? [{ text: doc.meta.subtitle, hang: '' }] : [])]];
  // Notes are numbered through the text in the order referred to (plain text has no pages), and follow it.
  const notes = doc.footnotes ?? [];
  const number = (label: string) => notes.findIndex((n) => n.label === label) + 1;
  const marker = numbering === 'arabic' ? (label: string) => `[${number(label)}]` : (label: string) => noteMarker(number(label), 'circled');
  collect(doc.blocks, blocks as Line[][], '', 0, marker);
  if (doc.meta.byline) blocks.push([{ text: bylineText(doc.meta.byline), hang: '' }]);
  for (const note of notes) {
    const lines: Line[][] = [];
    collect(note.children, lines, '', 0, marker);
    const text = lines.flat().map((l) => l.text.replace(/^\u3000+/, '')).join('');
    blocks.push([{ text: marker(note.label) + text, hang: '' }]);
  }
  const eol = options.eol === 'crlf' ? '\r\n' : '\n';
  for (let k = 0; k < blocks.length; k++) {
    const lines = blocks[k]!;
    blocks[k] = undefined;
    yield lines.flatMap((l) => (options.wrap > 0 ? wrapLine(l.text, options.wrap, l.hang) : [l.text])).join(eol) + (k < blocks.length - 1 ? eol + eol : eol);
  }
}

function collect(blocks: readonly Block[], out: Line[][], prefix: string, depth: number, notes: (label: string) => string): void {
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
        out.push(split(plain(headingInlines(block.children), notes), prefix, prefix));
        break;
      case 'paragraph':
        out.push(split(plain(block.children, notes), prefix + INDENT, prefix));
        break;
      case 'figure': {
        // The image on its own line, its caption under it when it says more than the alt text.
        const caption = plain(block.caption, notes);
        out.push([{ text: prefix + imageText(block.image.alt), hang: prefix }, ...(caption !== '' && caption !== block.image.alt ? split(caption, prefix, prefix) : [])]);
        break;
      }
      case 'blockquote':
        collect(block.children, out, prefix + INDENT, depth, notes);
        break;
      case 'list':
        block.items.forEach((item, i) => {
          const marker = listMarker(block.ordered, block.start, i, depth) + ' ';
          const inner: Line[][] = [];
          collect(item.children, inner, '', depth + 1, notes);
          const hang = prefix + ' '.repeat(marker.length);
          // An empty item is still a bullet: its marker stands alone.
          const lines = inner.length === 0 ? [{ text: '', hang: '' }] : inner.flatMap((ls, k) => (k > 0 ? [{ text: '', hang: '' }, ...ls] : ls));
          out.push(
            lines.map((l, k) => ({
              text: ((k === 0 ? prefix + marker : l.text === '' ? '' : hang) + l.text.replace(/^\u3000+/, '')).trimEnd(),
              hang: hang + l.hang,
            })),
          );
        });
        break;
      case 'thematicBreak':
        out.push([{ text: prefix + THEMATIC_BREAK_TEXT, hang: '' }]);
        break;
      default:
        throw new Error(`${block.type} is not written as text yet`); // the reader refuses them until then
    }
  }
}

/** A hard line break in the source starts a new, unindented line of the same block. */
function split(text: string, first: string, rest: string): Line[] {
  return text.split('\n').map((part, i) => ({ text: (i === 0 ? first : rest) + part, hang: rest }));
}

/**
 * The encoded text in buffers of a megabyte, written some 64K characters at a time: never the
 * whole text as one string (for 3,000 pages that was the text three times over, 20 MB, next to its
 * bytes). Both encodings are per character, so encoding piece by piece gives the same bytes.
 */
async function encode(doc: Document, options: TxtOptions, numbering: NoteNumbering): Promise<Uint8Array[]> {
  // Loaded only for GB18030: iconv-lite's tables are ~0.5 MB of code a UTF-8 export never needs.
  const gb18030 = options.encoding === 'gb18030' ? (await import('iconv-lite')).default : undefined;
  const out = new ByteBlocks();
  const write = (text: string) => (gb18030 ? out.write(gb18030.encode(text, 'gb18030')) : out.writeUtf8(text));
  let pending: string[] = options.bom ? ['\ufeff'] : [];
  let length = 0;
  for (const text of textBlocks(doc, options, numbering)) {
    pending.push(text);
    length += text.length;
    if (length >= 1 << 16) {
      write(pending.join(''));
      pending = [];
      length = 0;
    }
  }
  write(pending.join(''));
  return out.finish();
}

const txt: Exporter = {
  format: 'txt',
  extension: 'txt',
  description: 'plain text (UTF-8 or GB18030), one paragraph a line',
  typesets: false,
  async render(doc) {
    return drainBlocks(await encode(doc.document, doc.options.txt, doc.preset.notes?.numbering === 'arabic' ? 'arabic' : 'circled'));
  },
};

export default txt;
