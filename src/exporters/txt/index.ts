/**
 * Plain text for pasting into office systems, mail and chat, laid out as Chinese plain text is:
 * the title, a blank line, then each paragraph on one line indented with two ideographic spaces;
 * headings unindented; blank lines between blocks; the byline last.
 */
import type { Block, Document } from '../../model/index.js';
import { bylineText, inlineText, listMarker, THEMATIC_BREAK_TEXT } from '../../model/text.js';
import type { Exporter, TxtOptions } from '../types.js';
import { wrapLine } from './wrap.js';

const INDENT = '\u3000\u3000';

interface Line {
  text: string;
  /** Prefix for continuation lines when hard-wrapping (list and quote indentation). */
  hang: string;
}

export function renderText(doc: Document, options: TxtOptions): string {
  const blocks: Line[][] = [[{ text: doc.meta.title, hang: '' }]];
  collect(doc.blocks, blocks, '', 0);
  if (doc.meta.byline) blocks.push([{ text: bylineText(doc.meta.byline), hang: '' }]);
  const eol = options.eol === 'crlf' ? '\r\n' : '\n';
  return (
    blocks
      .map((lines) => lines.flatMap((l) => (options.wrap > 0 ? wrapLine(l.text, options.wrap, l.hang) : [l.text])).join(eol))
      .join(eol + eol) + eol
  );
}

function collect(blocks: readonly Block[], out: Line[][], prefix: string, depth: number): void {
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
        out.push(split(inlineText(block.children), prefix, prefix));
        break;
      case 'paragraph':
        out.push(split(inlineText(block.children), prefix + INDENT, prefix));
        break;
      case 'blockquote':
        collect(block.children, out, prefix + INDENT, depth);
        break;
      case 'list':
        block.items.forEach((item, i) => {
          const marker = listMarker(block.ordered, block.start, i, depth) + ' ';
          const inner: Line[][] = [];
          collect(item.children, inner, '', depth + 1);
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
    }
  }
}

/** A hard line break in the source starts a new, unindented line of the same block. */
function split(text: string, first: string, rest: string): Line[] {
  return text.split('\n').map((part, i) => ({ text: (i === 0 ? first : rest) + part, hang: rest }));
}

async function encode(text: string, options: TxtOptions): Promise<Uint8Array> {
  const withBom = options.bom ? '\ufeff' + text : text;
  // Loaded only for GB18030: iconv-lite's tables are ~0.5 MB of code a UTF-8 export never needs.
  if (options.encoding === 'gb18030') return (await import('iconv-lite')).default.encode(withBom, 'gb18030');
  return Buffer.from(withBom, 'utf8');
}

const txt: Exporter = {
  format: 'txt',
  extension: 'txt',
  description: 'plain text (UTF-8 or GB18030), one paragraph a line',
  async render(doc, ctx) {
    return encode(renderText(doc, ctx.options.txt), ctx.options.txt);
  },
};

export default txt;
