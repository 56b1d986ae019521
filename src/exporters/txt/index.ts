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
import { tableLines } from './table.js';
import type { StylePreset } from '../../styles/types.js';
import { formatDate } from '../../styles/rules.js';
import { attendanceLines, officialHead, officialText } from '../../model/official.js';

const INDENT = '\u3000\u3000';

interface Line {
  text: string;
  /** Prefix for continuation lines when hard-wrapping (list and quote indentation). */
  hang: string;
  /** Laid out already (a table's line): never wrapped again. */
  fixed?: boolean;
}

export function renderText(doc: Document, options: TxtOptions, numbering: NoteNumbering = 'circled', preset?: StylePreset): string {
  return [...textBlocks(doc, options, numbering, preset)].join('');
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
function* textBlocks(doc: Document, options: TxtOptions, numbering: NoteNumbering, preset?: StylePreset): Generator<string> {
  const official = preset?.official ? doc.meta.official : undefined;
  const line = (text: string): Line[] => [{ text, hang: '' }];
  // A 公文's 版头 first, one element a line, in reading order (7.2).
  const head = official ? officialHead(official) : [];
  // A 命令 prints no title (10.2): its text follows the 令号.
  const title = official?.format === '命令' ? [] : [[{ text: doc.meta.title, hang: '' }, ...(doc.meta.subtitle ? [{ text: doc.meta.subtitle, hang: '' }] : [])]];
  const blocks: Array<Line[] | undefined> = [...(head.length > 0 ? [head.map((t) => ({ text: t, hang: '' }))] : []), ...title];
  if (official?.to) blocks.push(line(officialText.addressee(official.to)));
  // Notes are numbered through the text in the order referred to (plain text has no pages), and follow it.
  const notes = doc.footnotes ?? [];
  const number = (label: string) => notes.findIndex((n) => n.label === label) + 1;
  const marker = numbering === 'arabic' ? (label: string) => `[${number(label)}]` : (label: string) => noteMarker(number(label), 'circled');
  collect(doc.blocks, blocks as Line[][], '', 0, marker, options);
  const attachments = official?.attachments ?? [];
  if (attachments.length > 0) {
    const many = attachments.length > 1;
    blocks.push(attachments.map((a, i) => ({ text: `${INDENT}${i === 0 ? '附件：' : INDENT + '\u3000'}${many ? `${i + 1}.` : ''}${officialText.attachmentName(a.title)}`, hang: '' })));
  }
  // 10.3 纪要: 出席, 请假, 列席, two characters in, wrapped lines after the label.
  const attendance = official ? attendanceLines(official) : [];
  if (attendance.length > 0) blocks.push(attendance.map(({ label, names }) => ({ text: `${INDENT}${label}${names}`, hang: INDENT + '\u3000'.repeat(label.length) })));
  // The signature block: the 署名 (no brackets) and the 成文日期 where the preset prints it, else the author note in brackets.
  const date = preset?.signature?.date && doc.meta.date ? formatDate(doc.meta.date, preset.dateFormat) : undefined;
  const signature = official?.signature ? official.signature : doc.meta.byline ? [bylineText(doc.meta.byline)] : [];
  const signatureBlock = signature.concat(date ? [date] : []).map((text) => ({ text, hang: '' }));
  if (signatureBlock.length > 0) blocks.push(signatureBlock);
  if (official?.note) blocks.push(line(INDENT + officialText.bracketed(official.note)));
  attachments.forEach((a, i) => {
    if (!a.blocks || a.blocks.length === 0) return;
    blocks.push(line(attachments.length > 1 ? `附件${i + 1}` : '附件'), line(a.title));
    collect(a.blocks, blocks as Line[][], '', 0, marker, options);
  });
  // The 版记 (7.4): 抄送, then 印发机关 and date.
  if (official?.cc) blocks.push(line(`抄送：${officialText.endWithStop(official.cc)}`));
  if (official && (official.printer || official.printed) && official.format !== '信函') {
    blocks.push(line([official.printer ?? '', official.printed ? `${formatDate(official.printed, 'chinese')}印发` : ''].filter(Boolean).join('\u3000\u3000')));
  }
  for (const note of notes) {
    const lines: Line[][] = [];
    collect(note.children, lines, '', 0, marker, options);
    // A note is one line of text; a table in it keeps its own lines.
    const out: Line[] = [{ text: marker(note.label), hang: '' }];
    for (const l of lines.flat()) {
      if (l.fixed) out.push(l);
      else if (out.at(-1)!.fixed) out.push({ text: l.text.replace(/^\u3000+/, ''), hang: '' });
      else out.at(-1)!.text += l.text.replace(/^\u3000+/, '');
    }
    blocks.push(out);
  }
  const eol = options.eol === 'crlf' ? '\r\n' : '\n';
  for (let k = 0; k < blocks.length; k++) {
    const lines = blocks[k]!;
    blocks[k] = undefined;
    yield lines.flatMap((l) => (options.wrap > 0 && !l.fixed ? wrapLine(l.text, options.wrap, l.hang) : [l.text])).join(eol) + (k < blocks.length - 1 ? eol + eol : eol);
  }
}

function collect(blocks: readonly Block[], out: Line[][], prefix: string, depth: number, notes: (label: string) => string, options: TxtOptions): void {
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
        collect(block.children, out, prefix + INDENT, depth, notes, options);
        break;
      case 'list':
        block.items.forEach((item, i) => {
          const marker = listMarker(block.ordered, block.start, i, depth) + ' ';
          const inner: Line[][] = [];
          collect(item.children, inner, '', depth + 1, notes, options);
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
      case 'table': {
        // The caption on a line of its own, then the table, its columns lined up (src/exporters/txt/table.ts).
        const caption = block.caption ? plain(block.caption, notes) : '';
        const rows = [...block.head, ...block.body].map((r) => r.cells.map((c) => plain(c.children, notes)));
        const lines = tableLines({ align: block.align, rows, headRows: block.head.length }, options.table, options.wrap, prefix);
        out.push([...(caption !== '' ? split(caption, prefix, prefix) : []), ...lines.map((text) => ({ text, hang: prefix, fixed: true }))]);
        break;
      }
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
async function encode(doc: Document, options: TxtOptions, numbering: NoteNumbering, preset?: StylePreset): Promise<Uint8Array[]> {
  // Loaded only for GB18030: iconv-lite's tables are ~0.5 MB of code a UTF-8 export never needs.
  const gb18030 = options.encoding === 'gb18030' ? (await import('iconv-lite')).default : undefined;
  const out = new ByteBlocks();
  const write = (text: string) => (gb18030 ? out.write(gb18030.encode(text, 'gb18030')) : out.writeUtf8(text));
  let pending: string[] = options.bom ? ['\ufeff'] : [];
  let length = 0;
  for (const text of textBlocks(doc, options, numbering, preset)) {
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
    return drainBlocks(await encode(doc.document, doc.options.txt, doc.preset.notes?.numbering === 'arabic' ? 'arabic' : 'circled', doc.preset));
  },
};

export default txt;
