/**
 * The 版头 and the 版记 of a 公文 (GB/T 9704-2012, 7.2 and 7.4) found in a foreign file's lines, as
 * a reader of 公文 finds them: one recogniser for every reader (text, HTML, DOCX), working on plain
 * lines of text, so that a notice typed by hand reads as the one wenshu wrote.
 *
 * - The 版头 is a run of lines at the very top, before the title: 份号 (six digits), 密级和保密期限
 *   (机密★1年), 紧急程度 (特急, 加急), the 发文机关标志 (a name, or names, ending in 文件, 命令/令 or
 *   纪要; a name alone, without the word, is a 信函's), 签发人：…, and the 发文字号 (滇南工发〔2026〕12号,
 *   a 命令's 令号 第12号, a 信函's flush right on the 份号's line), which ends it. It counts only with a
 *   发文字号, or with a 标志 ending in its format's word and a 份号, 密级 or 紧急程度 above it (or, for a
 *   纪要, its 出席/列席 lists at the end and a title under it): a line ending in 文件 elsewhere (an
 *   essay's 学习贯彻上级文件) is text.
 * - A 纪要's 出席, 请假 and 列席 lists (10.3): a label, a colon, the names separated by 、.
 * - The 版记 is the 抄送 line and the 印发 line at the very end; a DOCX sets them as a table.
 *
 * structure.ts calls these on the draft's paragraphs and moves what they find into the front-matter
 * keys of meta.official (src/model/index.ts), the one set of 公文 keys.
 */
import type { Block, Document, Official, OfficialFormat, Paragraph, Table } from '../model/index.js';
import { inlineText } from '../model/text.js';
import { numberingOf, titleLike } from './numbering.js';
import type { Parts, Recognition } from './structure.js';

/** What a 版头 gave: the front-matter keys, and how many of the lines it took. */
export interface Head {
  count: number;
  copy?: string;
  secrecy?: string;
  urgency?: string;
  issuer?: string[];
  format?: OfficialFormat;
  signer?: string[];
  number?: string;
}

const COPY = /^[0-9０-９]{6}$/u;
const SECRECY = /^(?:绝密|机密|秘密)(?:\s*★\s*[^\s★]{1,12})?$/u;
const URGENCY = /^(?:特急|加急|特提|平急)$/u;
/** 发文字号: an organ's code, the year in brackets (any of the ways it is typed), the number, 号. */
const NUMBER = /^([^\s，。：:；、]{1,30}?[〔[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,6}\s*号)(?:[\s\u3000]+(.+))?$/u;
/** A 信函's line under the double red line: the 份号 flush left, the 发文字号 flush right (10.1). */
const COPY_THEN_NUMBER = /^([0-9０-９]{6})[\s\u3000]+(\S.*)$/u;
/** A 命令's 令号 (10.2): 第12号. */
const ORDER_NUMBER = /^第\s*[0-9０-９]{1,6}\s*号$/u;
const SIGNER = /^签\s*发\s*人\s*[：:]\s*(.+)$/u;
/** The 标志's word for its format (7.2.4, 10.2: 命令 or 令, 10.3). */
const FORMAT_WORD = /(文件|命令|令|纪要)$/u;
const SPACES = /[\s\u3000]+/u;

/** A name or a 标志: short, no sentence punctuation, no digits of a date. */
export function nameLike(t: string): boolean {
  return [...t].length <= 60 && !/[。，、；：:！？,;!?“”"（）()]/u.test(t) && !/\d/.test(t);
}

const names = (t: string): string[] => t.split(SPACES).filter((n) => n !== '');
const asciiDigits = (t: string): string => t.replace(/[０-９]/gu, (d) => String(d.charCodeAt(0) - 0xff10));
/** The year in 〔〕 however it was typed, as the front matter's reader sets it ([2026], （2026）). */
const numberText = (n: string): string => n.replace(/\s+/gu, '').replace(/[[［(（〔](\d{4})[\]］)）〕]/u, '〔$1〕');

/** The format a 标志 names by its last word; a 标志 without one (the organ's name alone) is a 信函's (10.1). */
function formatOf(mark: string): OfficialFormat {
  const word = FORMAT_WORD.exec(mark.replace(SPACES, ''))?.[1];
  return word === '命令' || word === '令' ? '命令' : word === '纪要' ? '纪要' : word === '文件' ? '文件' : '信函';
}

/**
 * The 版头 at the start of `lines` (paragraph texts, or a text file's lines before its first blank
 * line), or undefined when they do not start with one. `minutes`: the text has a 纪要's 出席 or 列席
 * list, which makes a 标志 ending in 纪要 over a title (the next line, or `titled`: one the file
 * marks as such, a DOCX's Title style) a 版头 without a 发文字号.
 */
export function readHead(lines: readonly string[], evidence: { minutes?: boolean; titled?: boolean } = {}): Head | undefined {
  const h: Head = { count: 0 };
  const marks: string[] = [];
  let k = 0;
  for (; k < lines.length; k++) {
    const t = lines[k]!.trim();
    // A 信函 sets its 份号, 密级 and 紧急程度 under its 标志 (10.1); the other formats above it.
    const lettered = marks.length > 0 && formatOf(marks.at(-1)!) === '信函';
    const above = (marks.length === 0 || lettered) && h.signer === undefined;
    const signer = SIGNER.exec(t);
    const number = NUMBER.exec(t);
    const copyThenNumber = COPY_THEN_NUMBER.exec(t);
    const numberAfterCopy = copyThenNumber && NUMBER.exec(copyThenNumber[2]!);
    if (above && h.copy === undefined && h.secrecy === undefined && h.urgency === undefined && COPY.test(t)) {
      h.copy = asciiDigits(t);
    } else if (above && h.secrecy === undefined && h.urgency === undefined && SECRECY.test(t)) {
      h.secrecy = t.replace(/\s+/gu, '');
    } else if (above && h.urgency === undefined && URGENCY.test(t)) {
      h.urgency = t;
    } else if (above && h.copy === undefined && numberAfterCopy && numberAfterCopy[2] === undefined) {
      h.copy = asciiDigits(copyThenNumber![1]!);
      h.number = numberText(numberAfterCopy[1]!);
      k++;
      break;
    } else if (signer) {
      h.signer = [...(h.signer ?? []), ...names(signer[1]!)];
    } else if (number) {
      // An upward document's last 签发人 shares the 发文字号's line (7.2.6), with or without its label.
      const rest = number[2]?.trim();
      if (rest !== undefined) {
        const named = SIGNER.exec(rest);
        if (!named && h.signer === undefined) break;
        h.signer = [...(h.signer ?? []), ...names(named ? named[1]! : rest)];
      }
      h.number = numberText(number[1]!);
      k++;
      break;
    } else if (marks.length > 0 && formatOf(marks.at(-1)!) === '命令' && ORDER_NUMBER.test(t)) {
      h.number = asciiDigits(t.replace(/\s+/gu, ''));
      k++;
      break;
    } else if (h.signer !== undefined && nameLike(t)) {
      // Further 签发人 under the first line (two names a line), before the 发文字号.
      h.signer = [...h.signer, ...names(t)];
    } else if (h.signer === undefined && nameLike(t) && t !== '' && !FORMAT_WORD.test(marks.at(-1)?.replace(SPACES, '') ?? '')) {
      // The 标志: lines of names up to the one ending in the format's word (then a 签发人 or the 发文字号).
      marks.push(t);
    } else break;
  }
  h.count = k;
  if (marks.length > 0) {
    const word = FORMAT_WORD.exec(marks.at(-1)!.replace(SPACES, ''))?.[1];
    h.format = formatOf(marks.at(-1)!);
    if (marks.length === 1 && names(marks[0]!).length === 1) h.issuer = [marks[0]!];
    else {
      // Joint issuers: their names (on one line or one a line), the word set to their right.
      const all = marks.flatMap(names);
      if (word !== undefined) all[all.length - 1] = all.at(-1)!.slice(0, -word.length);
      const joint = all.filter((n) => n !== '');
      h.issuer = joint.length === 1 ? [joint[0]! + (word ?? '')] : joint;
    }
  }
  // Evidence enough that these lines are a 版头 and not the start of a text.
  const worded = marks.length > 0 && h.format !== '信函';
  const marked = h.copy !== undefined || h.secrecy !== undefined || h.urgency !== undefined;
  const minutes = h.format === '纪要' && evidence.minutes === true && (evidence.titled === true || titleLike(lines[k] ?? ''));
  if (h.number === undefined && !(worded && (marked || minutes || h.signer !== undefined))) return undefined;
  return h;
}

/**
 * The lines of a table that sets joint issuers' 标志 (wenshu and Word do so: the names one a line in
 * the first cell, 文件, 命令 or 纪要 in the last, centred on them), from its one row's cells' lines;
 * undefined for any other table.
 */
export function markTableLines(cells: readonly string[][]): string[] | undefined {
  const word = cells.at(-1)?.join('') ?? '';
  const names = cells.slice(0, -1).flat();
  if (!/^(?:文件|命令|纪要)$/u.test(word) || names.length === 0 || !names.every(nameLike)) return undefined;
  return [...names, word];
}

/** The lines the 版头's elements are written as, in order, for a summary: 份号, 密级, …. */
export function headElements(h: Omit<Head, 'count'>): string[] {
  return [
    ...(h.copy ? ['份号'] : []),
    ...(h.secrecy ? ['密级'] : []),
    ...(h.urgency ? ['紧急程度'] : []),
    ...(h.issuer ? ['发文机关标志'] : []),
    ...(h.signer ? ['签发人'] : []),
    ...(h.number ? ['发文字号'] : []),
  ];
}

// ---------------------------------------------------------------- 主送机关

/** A line that can be the 主送机关 (7.3.2): short, ending with `：`, no sentence, not a numbered heading. */
export function addresseeLike(t: string): boolean {
  return /[：:]$/u.test(t) && [...t].length <= 80 && !/[。！？]/u.test(t) && numberingOf(t) === undefined;
}

// ---------------------------------------------------------------- 版记

/** The 抄送 line of a 版记. */
export const CC = /^抄\s*送\s*[：:]/u;
/** The 印发 line: 印发机关 (optional) and the 印发日期. */
export const PRINTING = /^(.*?)\s*((?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.*日)\s*印\s*发$/u;

const cellText = (t: Table) => [...t.head, ...t.body].map((row) => row.cells.map((c) => inlineText(c.children).trim()).filter((s) => s !== ''));

/**
 * A table at the end that is a 版记 (a DOCX sets it so: a row per line, ruled): its lines, each a
 * paragraph's text; undefined for any other table.
 */
export function imprintLines(block: Block | undefined): string[] | undefined {
  if (block?.type !== 'table') return undefined;
  const lines = cellText(block).map((cells) => cells.join('\u3000\u3000')).filter((l) => l !== '');
  const ok = lines.length > 0 && lines.every((l) => CC.test(l) || PRINTING.test(l) || (/印发$/u.test(l) && nameLike(l.replace(/印发$/u, ''))));
  return ok ? lines : undefined;
}

// ---------------------------------------------------------------- 纪要

/** The label of a 纪要's 出席, 请假 or 列席 list (10.3). */
export const ATTENDANCE_LABEL = /^(?:出\s*席|请\s*假|列\s*席)(?:人员)?\s*[：:]/u;

/** 出席, 请假, 列席 (10.3): the label, a colon, the names; the key each goes to. */
const ATTENDANCE = /^(出\s*席|请\s*假|列\s*席)(?:人员)?\s*[：:]\s*([\s\S]+)$/u;
const ATTENDANCE_KEY = { 出席: 'attendees', 请假: 'absent', 列席: 'observers' } as const;

export type Attendance = Partial<Record<'attendees' | 'absent' | 'observers', string[]>>;

/** Whether some line is a 纪要's 出席 or 列席 list (请假 alone says nothing: 请假 lines are in many texts). */
export const hasAttendance = (texts: readonly string[]): boolean => texts.some((t) => /^(?:出\s*席|列\s*席)/u.test(t) && attendanceList(t) !== undefined);

/** A 出席/请假/列席 line: its key and names (split at 、 and commas; a line break inside is a wrapped line). */
function attendanceList(text: string): { key: keyof Attendance; names: string[] } | undefined {
  const m = ATTENDANCE.exec(text.trim());
  if (!m) return undefined;
  const names = m[2]!.replace(/\n\s*/gu, '').replace(/[。.]$/u, '').split(/[、，,；;]/u).map((n) => n.trim());
  if (names.some((n) => n === '' || [...n].length > 30 || /[。！？：:]/u.test(n))) return undefined;
  return { key: ATTENDANCE_KEY[m[1]!.replace(/\s+/gu, '') as keyof typeof ATTENDANCE_KEY], names };
}

/**
 * The 出席, 请假 and 列席 lists at the end of `texts` (paragraph texts, undefined for other blocks),
 * in that order, each at most once: the names of each and how many paragraphs they take.
 */
export function attendanceAt(texts: ReadonlyArray<string | undefined>): { lists: Attendance; count: number } | undefined {
  const order = ['attendees', 'absent', 'observers'] as const;
  const lists: Attendance = {};
  let count = 0;
  let before: number = order.length;
  for (let k = texts.length - 1; k >= 0; k--) {
    const list = texts[k] === undefined ? undefined : attendanceList(texts[k]!);
    const rank = list ? order.indexOf(list.key) : -1;
    if (!list || rank >= before) break;
    lists[list.key] = list.names;
    before = rank;
    count++;
  }
  return count > 0 ? { lists, count } : undefined;
}

// ---------------------------------------------------------------- 附件

/** The label on an attachment's first page: 附件1 (附件 alone for the only one). */
const LABEL = /^附\s*件\s*([0-9０-９]{1,2})?$/u;

export function attachmentNumber(text: string): number | undefined {
  const m = LABEL.exec(text.trim());
  if (!m) return undefined;
  return m[1] === undefined ? 0 : Number(m[1].replace(/[０-９]/gu, (d) => String(d.charCodeAt(0) - 0xff10)));
}

/**
 * Where the attachment pages begin: the first label of a run 附件1, 附件2, … (or one 附件), each
 * followed by its title (`isTitle`), in `texts` (the blocks' texts, '' for other blocks). Returns
 * the indices of the labels, or [] when there are none.
 */
export function attachmentLabels(texts: readonly string[], isTitle: (i: number) => boolean): number[] {
  const labels = texts.map((t, i) => ({ i, n: attachmentNumber(t) })).filter((l) => l.n !== undefined && isTitle(l.i + 1));
  for (let s = 0; s < labels.length; s++) {
    const run = labels.slice(s);
    const ok = run[0]!.n === 0 ? run.length === 1 : run.every((l, j) => l.n === j + 1);
    if (ok) return run.map((l) => l.i);
  }
  return [];
}

/** An attachment's name in the 附件说明, without its number: 1.代表名额分配表 → 代表名额分配表. */
export const attachmentName = (line: string): string => line.trim().replace(/^[0-9０-９]{1,2}\s*[.．、]\s*/u, '').trim();

// ---------------------------------------------------------------- into the front matter

const textOf = (b: Block): string => (b.type === 'paragraph' || b.type === 'heading' ? inlineText(b.children).trim() : '');

/**
 * Moves the recognised 公文 elements out of the body into `meta.official`, the front-matter keys
 * of the 公文 issue (README: 公文 elements): the 版头's, to, attachments (the pages' text as each
 * one's blocks), signature, seal, note, cc, printer, printed. For a document whose 版头 was found,
 * and for an import into the 公文 preset, which prints them in their places. Each leaves the body
 * only where it was found; what cannot be read back (a 印发 line without a date) stays. Returns
 * notes for the user (a 附件说明 that does not name the pages).
 */
export function moveToOfficial(document: Document, r: Recognition, parts: Parts): string[] {
  const notes: string[] = [];
  const blocks = document.blocks;
  const official: Official = { format: '文件', ...document.meta.official };
  const take = (b: Block | undefined): boolean => {
    const i = b ? blocks.indexOf(b) : -1;
    if (i >= 0) blocks.splice(i, 1);
    return i >= 0;
  };
  if (r.head) {
    const { format, ...head } = r.head;
    Object.assign(official, head);
    if (format) official.format = format;
  }
  if (r.addressee && take(parts.addressee)) official.to = r.addressee.replace(/[：:]$/u, '');

  // Attachment pages: each one's text from under its title to the next label, the last one's to the 版记.
  const imprint = [parts.cc, parts.printing].map((b) => (b ? blocks.indexOf(b) : -1)).filter((i) => i >= 0);
  const pages = parts.pages.map((p, k) => {
    const start = blocks.indexOf(p.label);
    const next = parts.pages[k + 1];
    const end = next ? blocks.indexOf(next.label) : imprint.reduce((a, b) => Math.min(a, b), blocks.length);
    return { title: textOf(p.title), blocks: blocks.slice(start + 2, end), start, end };
  });
  const named = r.attachments?.map(attachmentName);
  if (pages.length > 0) {
    blocks.splice(pages[0]!.start, pages.at(-1)!.end - pages[0]!.start);
    official.attachments = pages.map((p) => ({ title: p.title, ...(p.blocks.length > 0 ? { blocks: p.blocks } : {}) }));
    const titles = pages.map((p) => p.title);
    if (named && named.join('\n') !== titles.join('\n')) {
      notes.push(`the 附件说明 names ${named.map((n) => `«${n}»`).join(', ')} but the attachment pages are titled ${titles.map((n) => `«${n}»`).join(', ')}: the pages' titles are the attachments' (the 附件说明 is printed from them), check them`);
    }
    take(parts.attachmentNote);
  } else if (named && take(parts.attachmentNote)) official.attachments = named.map((title) => ({ title }));

  if (r.attendance && parts.attendance?.every(take)) Object.assign(official, r.attendance);
  if (r.signer && parts.signature?.every(take)) official.signature = r.signer.split('\n');
  if (parts.seal && (parts.signature?.includes(parts.seal.block as Paragraph) || take(parts.seal.block))) official.seal = parts.seal.images.map((image) => image.src);
  if (r.note && take(parts.note)) official.note = r.note.replace(/^[（(]\s*|\s*[）)]$/gu, '');
  if (r.cc && take(parts.cc)) official.cc = r.cc.replace(/^抄\s*送\s*[：:]\s*/u, '').replace(/[。.]$/u, '');
  if (parts.printed && take(parts.printing)) {
    if (parts.printed.printer) official.printer = parts.printed.printer;
    official.printed = parts.printed.iso;
  }
  if (Object.keys(official).length > 1) document.meta.official = official;
  return notes;
}

/** The recognised 公文 elements that stay in the body as text (all, unless moveToOfficial gave them keys). */
export function keptInBody(r: Recognition, official?: Official): string[] {
  const o: Partial<Official> = official ?? {};
  const kept: Array<[boolean, string]> = [
    [!!r.addressee && !o.to, '主送机关'],
    [!!r.attachments && !o.attachments, '附件说明'],
    [!!r.attendance?.attendees && !o.attendees, '出席'],
    [!!r.attendance?.absent && !o.absent, '请假'],
    [!!r.attendance?.observers && !o.observers, '列席'],
    [!!r.signer && !o.signature, '署名'],
    [!!r.seal && !o.seal, '印章'],
    [!!r.note && !o.note, '附注'],
    [!!r.pages && !o.attachments, '附件 pages'],
    [!!r.cc && !o.cc, '抄送'],
    [!!r.printing && !o.printed, '印发'],
  ];
  return kept.filter(([k]) => k).map(([, name]) => name);
}
