/**
 * The structure of a Chinese document, found from its text as a Chinese reader finds it: the
 * title, the 主送机关 after it, headings by their numbering (一、 （一） 1. （1）, and series such as
 * 一要… 二要…), and at the end the 附件说明, the 署名 over the 成文日期, a 附注, the 抄送 and 印发 lines
 * of the 版记, and an author note in parentheses (（作者系……）) as the byline.
 *
 * The readers of foreign files (text, HTML, DOCX) build a draft: blocks in the model's terms and
 * hints about each (indentation, a style name). `recognise` turns the draft into a document and
 * says what it found in one structured result, `Recognition`, with the blocks that hold each 公文
 * element (`Parts`). The 版头, the 版记 table and the attachment labels are read by official.ts,
 * which also moves the elements into the front-matter keys (meta.official) for a 公文; otherwise
 * they stay in the body as the paragraphs they were: nothing is dropped.
 */
import type { Block, Document, Footnote, Image, Inline, Metadata, Paragraph } from '../model/index.js';
import { inlineText } from '../model/text.js';
import { chineseDate, length, numberingOf, promoteHeadings, titleLike } from './numbering.js';
import { addresseeLike, attachmentLabels, attachmentNumber, attendanceAt, CC, hasAttendance, headElements, imprintLines, markTableLines, PRINTING, readHead, type Attendance, type Head } from './official.js';

/** What a reader knows about a block besides its content. */
export interface Hint {
  /** Indentation in a text file: none, a paragraph's (2 characters), deeper (a quote), or pushed right (a signature). */
  indent?: 'none' | 'body' | 'deep' | 'right';
  /** A style that names the element (a DOCX paragraph style, an HTML class). */
  role?: 'title' | 'subtitle' | 'byline' | 'date';
  /** A table of one row: each cell's lines (its paragraphs), which its one line of text runs together. */
  cells?: string[][];
}

export type TitleSource = 'style' | 'heading' | 'properties' | 'first line' | 'file name' | '标志 and 令号';

export interface Draft {
  blocks: Block[];
  hints: Map<Block, Hint>;
  /** A title the format marks as one (DOCX Title style, HTML h1 or title). */
  title?: { text: string; from: TitleSource };
  /** Document properties (DOCX core properties, HTML meta). */
  properties: Partial<Pick<Metadata, 'title' | 'author' | 'subject' | 'keywords' | 'date' | 'lang'>>;
  footnotes: Footnote[];
  /** Headings came from the file's own markup (styles, h1–h6): they are kept, and numbered paragraphs stay paragraphs. */
  explicitHeadings: boolean;
}

/** What was recognised, element by element; the summary line is made from it. */
export interface Recognition {
  title: { text: string; from: TitleSource };
  /** The line under the title (`——在……上的讲话`): `subtitle:`. */
  subtitle?: string;
  /** 主送机关 (kept in the body). */
  addressee?: string;
  headings: number;
  headingLevels: number;
  /** 附件说明, one entry per attachment (kept in the body). */
  attachments?: string[];
  /** 署名 (kept in the body): joint issuers' one a line. */
  signer?: string;
  /** 纪要's 出席, 请假 and 列席 lists (10.3), the names of each. */
  attendance?: Attendance;
  /** 成文日期, as written and as YYYY-MM-DD (the latter becomes `date:`). */
  date?: { text: string; iso: string };
  /** 附注 (kept in the body). */
  note?: string;
  /** 抄送 line of the 版记 (kept in the body). */
  cc?: string;
  /** 印发机关和印发日期 line of the 版记 (kept in the body). */
  printing?: string;
  /** Author note in parentheses at the end: `byline:`. */
  byline?: string;
  /** The 版头 (official.ts), when the text starts with one: then the document is a 公文. */
  head?: Omit<Head, 'count'>;
  /** The seal: the images on the 署名 or the date (their files; joint issuers' side by side). */
  seal?: string[];
  /** Attachment pages (a line 附件1, the attachment's title, its text): their titles. */
  pages?: string[];
  /** The title repeated at the start of the text (a web capture's accident), removed. */
  repeatedTitle?: boolean;
  lists: number;
  tables: number;
  images: number;
  footnotes: number;
  links: number;
}

/** The blocks that hold the 公文 elements recognised, for official.ts to move into front-matter keys. */
export interface Parts {
  addressee?: Paragraph;
  attachmentNote?: Paragraph;
  /** The 署名: one paragraph (joint issuers a line each in it), or one a paragraph pushed right. */
  signature?: Paragraph[];
  /** The 出席, 请假 and 列席 lists' paragraphs. */
  attendance?: Paragraph[];
  /** The seal's images, and the block they sit in (the 署名, the date's place, or their own). */
  seal?: { images: Image[]; block: Block };
  note?: Paragraph;
  cc?: Paragraph;
  printing?: Paragraph;
  /** The 印发 line read: 印发机关 and 印发日期 (YYYY-MM-DD); a line without a real date is not. */
  printed?: { printer?: string; iso: string };
  /** Each attachment page's label (附件1) and title; its text runs to the next label or the 版记. */
  pages: Array<{ label: Block; title: Block }>;
}

export interface Recognised {
  document: Document;
  recognition: Recognition;
  parts: Parts;
}

const isParagraph = (b: Block | undefined): b is Paragraph => b?.type === 'paragraph';

const text = (b: Block): string => (b.type === 'paragraph' || b.type === 'heading' ? inlineText(b.children).trim() : '');

/** An author note in parentheses, at the end of a document or of its last paragraph. */
/** A table's caption as offices number it, before the table: 表1　…, 续表2, Table 3. */
export const TABLE_CAPTION = /^(?:续?表|Table)\s*[0-9０-９一二三四五六七八九十]/u;

const BYLINE_WHOLE = /^[（(]\s*((?:本文)?作者[^（）()]{1,80})[）)]$/u;
const BYLINE_TAIL = /[（(]\s*((?:本文)?作者[^（）()]{1,80})[）)]\s*$/u;

/**
 * Turns a draft into a document: the title, then the elements at the end, then the headings.
 * `fallbackTitle` (the file's name) is used when nothing else gives one.
 */
export function recognise(draft: Draft, fallbackTitle: string): Recognised {
  const blocks = draft.blocks.filter((b) => !(isParagraph(b) && b.children.length === 0));
  const hints = draft.hints;
  const meta: Metadata = { title: '', lang: 'zh-CN', keywords: [] };
  const r: Recognition = { title: { text: '', from: 'file name' }, headings: 0, headingLevels: 0, lists: 0, tables: 0, images: 0, footnotes: draft.footnotes.length, links: 0 };
  const parts: Parts = { pages: [] };

  // -------------------------------------------------------------- 版头 (before the title)
  // Its lines, each with the block it is in: a paragraph is a line; a table of joint issuers' names
  // with the format's word to their right (as wenshu and Word set them) is its names and the word.
  const leading: string[] = [];
  const from: number[] = [];
  for (const [n, b] of blocks.slice(0, 16).entries()) {
    const cells = b.type === 'table' ? hints.get(b)?.cells : undefined;
    const lines = isParagraph(b) ? [text(b)] : cells ? markTableLines(cells) : undefined;
    if (!lines) break;
    for (const line of lines) {
      leading.push(line);
      from.push(n);
    }
  }
  const head = readHead(leading, { minutes: hasAttendance(blocks.map(text)), titled: draft.title !== undefined });
  // A table is the 版头's whole, or none of it.
  if (head && !(head.count > 0 && from[head.count] === from[head.count - 1])) {
    const { count, ...elements } = head;
    r.head = elements;
    blocks.splice(0, count > 0 ? from[count - 1]! + 1 : 0);
    // The red line under it, typed as a rule.
    if (blocks[0]?.type === 'thematicBreak') blocks.shift();
  }

  // -------------------------------------------------------------- title
  const styled = blocks.findIndex((b) => hints.get(b)?.role === 'title');
  if (draft.title) {
    r.title = draft.title;
  } else if (styled >= 0) {
    r.title = { text: text(blocks[styled]!), from: 'style' };
    blocks.splice(styled, 1);
  } else if (r.head?.format !== '命令' && blocks[0] && (isParagraph(blocks[0]) || (blocks[0].type === 'heading' && !draft.explicitHeadings)) && titleLike(text(blocks[0]))) {
    r.title = { text: text(blocks[0]), from: 'first line' };
    blocks.shift();
  } else if (r.head?.format === '命令' && draft.properties.title?.trim() === undefined && r.head.issuer && r.head.number) {
    // A 命令 prints no title (10.2): it is named by its 标志 and 令号, 滇南市人民政府令第12号.
    const issuers = r.head.issuer;
    r.title = { text: `${issuers.length > 1 ? `${issuers.join('、')}命令` : issuers[0]}${r.head.number}`, from: '标志 and 令号' };
  } else if (draft.properties.title?.trim()) {
    r.title = { text: draft.properties.title.trim(), from: 'properties' };
  } else {
    r.title = { text: fallbackTitle, from: 'file name' };
  }
  r.title.text = r.title.text.replace(/\s+/g, ' ').trim() || fallbackTitle;
  // A title set on two lines (a line break where a space may or may not have been): the
  // properties' title when it is the same text, which wenshu writes unbroken.
  const squeezed = (s: string) => s.replace(/\s+/gu, '');
  const stated = draft.properties.title?.trim();
  if (r.title.from === 'style' && stated && stated !== r.title.text && squeezed(stated) === squeezed(r.title.text)) r.title.text = stated;
  meta.title = r.title.text;
  // The subtitle: a paragraph right under a title that the format marks as one (Word's Subtitle
  // style, an HTML subtitle class), or a short line under the title that opens with ——, as the
  // line naming a speech's occasion does (`——在……上的讲话`).
  const under = blocks[0];
  if ((r.title.from === 'style' || r.title.from === 'heading' || r.title.from === 'first line') && isParagraph(under)
    && (hints.get(under)?.role === 'subtitle' || (/^——/u.test(text(under)) && titleLike(text(under))))) {
    meta.subtitle = r.subtitle = text(under).replace(/\s+/g, ' ');
    blocks.shift();
  }

  // The title repeated at the start of the first paragraph: a capture's accident (the seed's line 2).
  const first = blocks[0];
  if (isParagraph(first) && first.children[0]?.type === 'text') {
    const lead = first.children[0];
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    const title = squeeze(meta.title);
    // Compare without white space: the capture may have dropped the title's spaces.
    let k = 0;
    let matched = 0;
    for (const ch of lead.value) {
      if (matched === title.length) break;
      k += ch.length;
      if (/\s/.test(ch)) continue;
      if (!title.startsWith(ch, matched)) break;
      matched += ch.length;
    }
    if (title.length > 0 && matched === title.length && lead.value.length > k) {
      lead.value = lead.value.slice(k).replace(/^\s+/, '');
      r.repeatedTitle = true;
    }
  }

  // -------------------------------------------------------------- properties
  if (draft.properties.author) meta.author = draft.properties.author;
  if (draft.properties.subject) meta.subject = draft.properties.subject;
  if (draft.properties.keywords?.length) meta.keywords = draft.properties.keywords;
  if (draft.properties.lang) meta.lang = draft.properties.lang;
  if (draft.properties.date) meta.date = draft.properties.date;

  // -------------------------------------------------------------- the end: byline, 版记, date, 署名, 附件说明
  let end = blocks.length - 1;
  const last = blocks[end];
  if (last && (hints.get(last)?.role === 'byline' || (isParagraph(last) && BYLINE_WHOLE.test(text(last))))) {
    r.byline = text(last).replace(/^[（(]\s*|\s*[）)]$/gu, '');
    blocks.splice(end, 1);
    end--;
  } else if (isParagraph(last)) {
    // Glued to the closing paragraph (the seed's line 13): split off.
    const tail = last.children.at(-1);
    const m = tail?.type === 'text' ? BYLINE_TAIL.exec(tail.value) : null;
    if (tail?.type === 'text' && m && text(last).length > m[0].length) {
      r.byline = m[1]!.trim();
      tail.value = tail.value.slice(0, m.index).trimEnd();
    }
  }
  if (r.byline) meta.byline = r.byline;

  const para = (i: number): string | undefined => (i >= 0 && isParagraph(blocks[i]) ? text(blocks[i]!) : undefined);
  // 版记: 印发 last, 抄送 before it; a DOCX's table of them is read as its lines.
  const imprint = imprintLines(blocks[end]);
  if (imprint) {
    const lines = imprint.map((line): Paragraph => ({ type: 'paragraph', children: [{ type: 'text', value: line }] }));
    blocks.splice(end, 1);
    for (const [k, p] of lines.entries()) blocks.splice(end + k, 0, p);
    end += imprint.length - 1;
  }
  let i = end;
  const printing = para(i);
  if (printing !== undefined && /印\s*发$/u.test(printing) && /\d{4}\s*年|[〇零一二三四五六七八九]{4}年/u.test(printing)) {
    r.printing = printing;
    parts.printing = blocks[i] as Paragraph;
    const m = PRINTING.exec(printing);
    const iso = m ? chineseDate(m[2]!) : undefined;
    if (m && iso) parts.printed = { ...(m[1]!.trim() !== '' ? { printer: m[1]!.trim() } : {}), iso };
    i--;
  }
  const cc = para(i);
  if (cc !== undefined && CC.test(cc)) {
    r.cc = cc;
    parts.cc = blocks[i] as Paragraph;
    i--;
  }
  // Attachment pages: 附件1, its title, its text; … (between the signature block and the 版记).
  const labels = attachmentLabels(blocks.slice(0, i + 1).map(text), (j) => j <= i && isTitleBlock(blocks[j]));
  if (labels.length > 0) {
    parts.pages = labels.map((l) => ({ label: blocks[l]!, title: blocks[l + 1]! }));
    r.pages = labels.map((l) => text(blocks[l + 1]!));
    i = labels[0]! - 1;
  }
  // 附注 in parentheses, under the date.
  const noteAt = i;
  const note = para(i);
  if (note !== undefined && /^[（(].*[）)]$/u.test(note) && para(i - 1) !== undefined && chineseDate(para(i - 1)!) !== undefined) {
    r.note = note;
    parts.note = blocks[i] as Paragraph;
    i--;
  }
  const dateText = para(i);
  const iso = dateText !== undefined ? chineseDate(dateText) : undefined;
  if (dateText !== undefined && iso !== undefined) {
    r.date = { text: dateText, iso };
    meta.date = iso;
    // The date is `date:` now (the 公文 preset prints it under the signature): out of the body,
    // but for a seal pressed on it, which keeps its place.
    const pressed = imagesOf(blocks[i]!);
    if (pressed.length > 0) {
      const kept: Paragraph = { type: 'paragraph', children: pressed };
      blocks[i] = kept;
      parts.seal = { images: pressed, block: kept };
    } else blocks.splice(i, 1);
    i--;
    // wenshu's signature block: the byline over the date, in brackets (a 署名 never has them).
    const above = blocks[i];
    if (!r.byline && above && isParagraph(above) && (BYLINE_WHOLE.test(text(above)) || (hints.get(above)?.role === 'byline' && /^[（(].*[）)]$/u.test(text(above))))) {
      r.byline = text(above).replace(/^[（(]\s*|\s*[）)]$/gu, '');
      meta.byline = r.byline;
      blocks.splice(i, 1);
      i--;
    }
    const signer = para(i);
    // Joint issuers without seals one under another (7.3.5.2): lines of one paragraph, or paragraphs
    // of their own pushed right, as a text typed by hand sets them.
    const signerLine = (t: string) => t !== '' && length(t) <= 30 && !/[。！？；，,：:]/u.test(t) && numberingOf(t) === undefined;
    // With seals (7.3.5.1) joint issuers stand side by side, as many to a row as fit, a seal on
    // each name: such a row is a paragraph of as many seals as names.
    const rowNames = (b: Block) => text(b).split(/[\s\u3000]+/u).filter((n) => n !== '');
    const sealedRow = (b: Block | undefined) => b !== undefined && isParagraph(b) && imagesOf(b).length > 1 && rowNames(b).length === imagesOf(b).length && rowNames(b).every(signerLine);
    if (signer !== undefined && ((signer.split('\n').length <= 10 && signer.split('\n').every(signerLine)) || sealedRow(blocks[i]))) {
      let top = i;
      while (hints.get(blocks[top]!)?.indent === 'right' && hints.get(blocks[top - 1]!)?.indent === 'right' && para(top - 1) !== undefined && signerLine(para(top - 1)!)) top--;
      // The rows of seals and names above the last one.
      if (imagesOf(blocks[i]!).length > 0) while (sealedRow(blocks[top - 1])) top--;
      r.signer = blocks.slice(top, i + 1).map(text).join('\n');
      parts.signature = blocks.slice(top, i + 1) as Paragraph[];
      // The seals on the 署名 (pictures anchored in its paragraphs), or one on its own just above it.
      const own = parts.signature.flatMap(imagesOf);
      i = top;
      const alone = blocks[i - 1];
      if (!parts.seal && own.length > 0) parts.seal = { images: own, block: parts.signature.at(-1)! };
      else if (!parts.seal && alone && imageOnly(alone)) {
        parts.seal = { images: imagesOf(alone), block: alone };
        i--;
      }
      i--;
    }
    if (parts.seal) r.seal = parts.seal.images.map((image) => image.src);
    // Joint issuers with seals (7.3.5.1) stand side by side on a line, a seal on each: as many
    // names as seals, apart where the line has white space (a DOCX's tab comes as a space).
    const names = r.signer?.split('\n') ?? [];
    const apart = names.flatMap((line) => line.split(/[\s\u3000]+/u)).filter((n) => n !== '');
    if (r.seal && r.seal.length > names.length && apart.length === r.seal.length) r.signer = apart.join('\n');
  } else if (r.note !== undefined) {
    // A parenthesised line without a date above it is no 附注.
    delete r.note;
    delete parts.note;
    i = noteAt;
  }
  // 纪要: 出席, 请假, 列席 above the signature block (10.3).
  const attendance = attendanceAt(blocks.slice(0, i + 1).map((b) => (isParagraph(b) ? text(b) : undefined)));
  if (attendance) {
    r.attendance = attendance.lists;
    parts.attendance = blocks.slice(i + 1 - attendance.count, i + 1) as Paragraph[];
    i -= attendance.count;
  }
  // 附件说明: 附件：1.… and the names under it.
  for (let k = i; k >= Math.max(0, i - 20); k--) {
    const t = para(k);
    if (t === undefined) break;
    if (/^附\s*件\s*[：:]/u.test(t)) {
      const names = t.replace(/^附\s*件\s*[：:]\s*/u, '').split('\n');
      for (let j = k + 1; j <= i; j++) for (const item of para(j)!.split('\n')) names.push(item);
      if (names.slice(1).every((n) => /^[0-9０-９]{1,2}[.．、]/u.test(n) && length(n) <= 60)) {
        r.attachments = names.filter((n) => n !== '');
        // One paragraph with a line per attachment, as it is printed.
        const merged: Paragraph = { type: 'paragraph', children: [] };
        for (let j = k; j <= i; j++) {
          if (j > k) merged.children.push({ type: 'break' });
          for (const item of (blocks[j] as Paragraph).children) merged.children.push(item);
        }
        blocks.splice(k, i - k + 1, merged);
        parts.attachmentNote = merged;
      }
      break;
    }
    if (!/^[0-9０-９]{1,2}[.．、]/u.test(t)) break;
  }

  // -------------------------------------------------------------- 主送机关
  const top = blocks[0];
  if (isParagraph(top) && addresseeLike(text(top))) {
    r.addressee = text(top);
    parts.addressee = top;
  }

  // -------------------------------------------------------------- headings
  const protectedBlocks = new Set<Block>(
    [parts.addressee, ...(parts.signature ?? []), ...(parts.attendance ?? []), parts.note, parts.cc, parts.printing, ...parts.pages.flatMap((p) => [p.label, p.title])].filter((b) => b !== undefined),
  );
  if (!draft.explicitHeadings) promoteHeadings(blocks, hints, protectedBlocks);
  const levels = new Set<number>();
  // An attachment page's title is no heading of the text, whatever its style.
  const pageTitles = new Set(parts.pages.map((p) => p.title));
  const count = (list: readonly Block[]): void => {
    for (const b of list) {
      if (b.type === 'heading' && !pageTitles.has(b)) {
        r.headings++;
        levels.add(b.level);
      } else if (b.type === 'list') {
        r.lists++;
        for (const item of b.items) count(item.children);
      } else if (b.type === 'blockquote') count(b.children);
      else if (b.type === 'table') r.tables++;
      else if (b.type === 'figure') r.images++;
      if (b.type === 'paragraph' || b.type === 'heading') countInlines(b.children);
      if (b.type === 'table') for (const row of [...b.head, ...b.body]) for (const c of row.cells) countInlines(c.children);
    }
  };
  const countInlines = (list: readonly Inline[]): void => {
    for (const n of list) {
      if (n.type === 'image') r.images++;
      else if (n.type === 'link') r.links++;
      if ('children' in n) countInlines(n.children);
    }
  };
  count(blocks);
  for (const note of draft.footnotes) count(note.children);
  r.headingLevels = levels.size;
  // The seal is named on its own (印章), not among the body's images.
  if (parts.seal) r.images -= parts.seal.images.length;

  const document: Document = { meta, blocks, ...(draft.footnotes.length > 0 ? { footnotes: draft.footnotes } : {}) };
  return { document, recognition: r, parts };
}

/** A paragraph or heading that can be an attachment's title: one short line, not a label itself. */
function isTitleBlock(b: Block | undefined): boolean {
  return (isParagraph(b) || b?.type === 'heading') && titleLike(text(b)) && attachmentNumber(text(b)) === undefined;
}

/** The images directly in a paragraph (a seal anchored in it comes so from a DOCX). */
function imagesOf(b: Block): Image[] {
  if (b.type === 'figure') return [b.image];
  return isParagraph(b) ? b.children.filter((c): c is Image => c.type === 'image') : [];
}

/** A block that is one picture and nothing else (a figure without a caption, or a paragraph of it). */
function imageOnly(b: Block): boolean {
  if (b.type === 'figure') return b.caption.length === 0;
  return isParagraph(b) && b.children.length === 1 && b.children[0]!.type === 'image';
}

/**
 * The line that tells the user what was found: `版头 (份号, 发文机关标志, 发文字号), title, 主送机关,
 * 5 headings (2 levels), 附件说明, 署名, 印章, 成文日期, 2 附件 pages, 抄送, 印发`.
 */
export function summary(r: Recognition): string {
  const parts: string[] = r.head ? [`版头 (${headElements(r.head).join(', ')})`] : [];
  parts.push(r.title.from === 'file name' ? 'no title (the file name used)' : 'title');
  if (r.subtitle) parts.push('subtitle');
  if (r.addressee) parts.push('主送机关');
  if (r.headings > 0) parts.push(`${r.headings} heading${r.headings === 1 ? '' : 's'} (${r.headingLevels} level${r.headingLevels === 1 ? '' : 's'})`);
  else parts.push('no headings');
  if (r.lists > 0) parts.push(`${r.lists} list${r.lists === 1 ? '' : 's'}`);
  if (r.tables > 0) parts.push(`${r.tables} table${r.tables === 1 ? '' : 's'}`);
  if (r.images > 0) parts.push(`${r.images} image${r.images === 1 ? '' : 's'}`);
  if (r.links > 0) parts.push(`${r.links} link${r.links === 1 ? '' : 's'}`);
  if (r.footnotes > 0) parts.push(`${r.footnotes} footnote${r.footnotes === 1 ? '' : 's'}`);
  if (r.attachments) parts.push('附件说明');
  for (const [key, name] of [['attendees', '出席'], ['absent', '请假'], ['observers', '列席']] as const) if (r.attendance?.[key]) parts.push(name);
  if (r.signer) parts.push('署名');
  if (r.seal) parts.push('印章');
  if (r.date) parts.push('成文日期');
  if (r.note) parts.push('附注');
  if (r.pages) parts.push(`${r.pages.length} 附件 page${r.pages.length === 1 ? '' : 's'}`);
  if (r.cc) parts.push('抄送');
  if (r.printing) parts.push('印发');
  if (r.byline) parts.push('byline');
  return parts.join(', ');
}
