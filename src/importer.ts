/**
 * `wenshu import`: a Word file, a web page or a text → a wenshu source. The readers (docx.ts
 * through mammoth, html.ts through parse5, text.ts) each make a draft of the model; structure.ts
 * recognises the title, the headings and the 公文 elements in it; the Markdown writer writes the
 * source; the lint rules' safe fixes repair it (ASCII punctuation between hanzi, spaces between
 * hanzi, mixed pairs). The library API (`importFile` in api.ts) reads and writes the files and
 * checks the result as `wenshu check` would.
 */
import { basename, extname } from 'node:path';
import { inputError, type Diagnostic } from './errors.js';
import { applyFixes, lintSource } from './lint/index.js';
import type { Document, Inline, Block } from './model/index.js';
import type { Dropped } from './readers/html.js';
import { keptInBody, moveToOfficial } from './readers/official.js';
import { recognise, summary, type Recognition } from './readers/structure.js';
import { writeMarkdown } from './writers/markdown.js';

export type ImportFormat = 'docx' | 'html' | 'txt';

export interface ConvertOptions {
  /** Written as `preset:` in the front matter (a document with a 版头 gets `gongwen` unless this says otherwise). */
  preset?: string;
  /** Names the n-th image extracted from a DOCX (the caller writes it next to the source). */
  imageName?: (n: number, extension: string) => string;
  /** Resolves an HTML page's image source to a path relative to the new source, or says why not. */
  htmlImage?: (src: string, alt: string) => { src: string } | { dropped: string };
}

export interface Converted {
  format: ImportFormat;
  /** The text encoding detected (TXT and HTML). */
  encoding?: string;
  /** The new source, repaired by the safe lint fixes. */
  source: string;
  /** The model as read from the input, before it was written out (the source reads back to it, with the fixes). */
  document: Document;
  recognition: Recognition;
  /** `title, 主送机关, 5 headings (2 levels), …` */
  summary: string;
  /** 公文 elements recognised but kept as body text (a document without a 版头, not imported into the 公文 preset). */
  keptInBody: string[];
  dropped: Dropped[];
  /** Other things done that the user should know: a repeated title removed, a title taken from the file name. */
  notes: string[];
  /** How many safe fixes were applied. */
  fixed: number;
  images: Array<{ name: string; bytes: Uint8Array }>;
}

/** The format of an input, by its name, else by its first bytes. */
export function detectFormat(bytes: Uint8Array, file: string): ImportFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.docx' || ext === '.docm' || ext === '.dotx') return 'docx';
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml' || ext === '.shtml') return 'html';
  if (ext === '.txt' || ext === '.text') return 'txt';
  if (ext === '.doc' || ext === '.wps') {
    throw inputError({ file, message: 'an old binary Word (.doc) or WPS (.wps) file: save it as .docx in Word or WPS, then import that', code: 'format' });
  }
  if (ext === '.md' || ext === '.markdown') throw inputError({ file, message: "already a Markdown source: use 'wenshu check' on it", code: 'format' });
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'docx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf) return 'docx'; // encrypted: the DOCX reader says so
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').toLowerCase();
  if (/^\s*(?:<!doctype html|<html[\s>])/.test(head.replace(/^\ufeff|^ï»¿/, ''))) return 'html';
  return 'txt';
}

/** The charset an HTML page declares (<meta charset>), if any, for GB2312/GBK/GB18030 pages. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)/i.exec(head)?.[1]?.toLowerCase();
}

/** Reads an input of any supported format into a source. `file` names it in messages and gives the fallback title. */
export async function convert(bytes: Uint8Array, file: string, options: ConvertOptions = {}): Promise<Converted> {
  if (bytes.length === 0) throw inputError({ file, message: 'is empty: there is nothing to import', code: 'empty' });
  const format = detectFormat(bytes, file);
  const stem = basename(file, extname(file));
  let draft;
  let dropped: Dropped[] = [];
  let encoding: string | undefined;
  let images: Array<{ name: string; bytes: Uint8Array }> = [];
  if (format === 'docx') {
    const { readDocx } = await import('./readers/docx.js');
    const result = await readDocx(bytes, file, options.imageName ?? ((n, ext) => `${stem}-${n}.${ext}`));
    draft = result.draft;
    dropped = result.dropped;
    images = result.images;
  } else {
    const { decodeText } = await import('./readers/text.js');
    let text: string;
    const charset = format === 'html' ? declaredCharset(bytes) : undefined;
    if (charset && /^(?:gb2312|gbk|gb18030|x-gbk)$/.test(charset) && !(bytes[0] === 0xef && bytes[1] === 0xbb)) {
      const iconv = (await import('iconv-lite')).default;
      text = iconv.decode(Buffer.from(bytes), 'gb18030').replace(/\r\n?/g, '\n');
      encoding = 'gb18030';
    } else {
      const decoded = decodeText(bytes, file);
      text = decoded.text;
      encoding = decoded.encoding;
    }
    if (text.trim() === '') throw inputError({ file, message: 'has no text: there is nothing to import', code: 'empty' });
    if (format === 'html') {
      const { readHtml } = await import('./readers/html.js');
      const result = readHtml(text, { image: options.htmlImage ?? (() => ({ dropped: 'images of a web page are imported by importFile' })) });
      draft = result.draft;
      dropped = result.dropped;
    } else {
      const { readText } = await import('./readers/text.js');
      draft = readText(text);
    }
  }
  if (!hasText(draft.blocks) && !draft.title) throw inputError({ file, message: 'has no text: there is nothing to import', code: 'empty' });

  const { document, recognition, parts } = recognise(draft, stem);
  const notes: string[] = [];
  // A 公文 (its 版头 found), or an import into the 公文 preset: the recognised elements become the
  // front-matter keys of meta.official, which the preset prints in their places.
  const preset = options.preset ?? (recognition.head ? 'gongwen' : undefined);
  if (recognition.head || preset === 'gongwen') for (const note of moveToOfficial(document, recognition, parts)) notes.push(note);
  if (recognition.head && !options.preset) notes.push('a 公文 (its 版头 was found): written with preset: gongwen, which prints its elements');
  // wenshu writes the byline as the author when there is none: that is no author of its own.
  const bare = (s: string) => s.trim().replace(/^[（(]|[）)]$/gu, '');
  if (document.meta.author && document.meta.byline && bare(document.meta.author) === bare(document.meta.byline)) delete document.meta.author;
  if (!hasText(document.blocks)) {
    // Only a title: the body needs one paragraph for the source to be valid; the title is kept twice rather than lost.
    document.blocks.push({ type: 'paragraph', children: [{ type: 'text', value: document.meta.title }] });
  }
  if (recognition.title.from === 'file name') notes.push(`no title was found: the file name '${stem}' is the title, change it in the front matter`);
  if (recognition.repeatedTitle) notes.push('the title was repeated at the start of the text: the repetition was removed');
  if (recognition.title.from === 'properties') notes.push("the title is the document's properties' title");

  // Metadata strings get the same safe fixes as the body (ASCII punctuation between hanzi).
  for (const key of ['title', 'byline', 'subject', 'author'] as const) {
    const value = document.meta[key];
    if (value) document.meta[key] = fixText(value);
  }
  const written = writeMarkdown(document, preset ? { preset } : {});
  const { text: source, fixed } = repair(written, file);
  return {
    format, ...(encoding ? { encoding } : {}), source, document, recognition,
    summary: summary(recognition), keptInBody: keptInBody(recognition, document.meta.official), dropped, notes, fixed, images,
  };
}

function hasText(blocks: readonly Block[]): boolean {
  return blocks.length > 0;
}

/** The safe lint fixes, applied until none is left (a fix can make another one possible). */
export function repair(source: string, file: string): { text: string; fixed: number } {
  let text = source;
  let fixed = 0;
  for (let round = 0; round < 4; round++) {
    const body = bodyStart(text);
    const findings = lintSource(text, file, body).filter((f) => f.fix);
    if (findings.length === 0) break;
    const result = applyFixes(text, findings);
    if (result.fixed === 0) break;
    text = result.text;
    fixed += result.fixed;
  }
  return { text, fixed };
}

function fixText(value: string): string {
  return applyFixes(value, lintSource(value, '<meta>').filter((f) => f.fix && f.code !== 'space-between-hanzi')).text;
}

/** Where the body starts, after the front matter the writer wrote. */
export function bodyStart(text: string): number {
  const m = /^---\n[\s\S]*?\n---\n/.exec(text);
  return m ? m[0].length : 0;
}

/** Lint findings as they would be reported for the written file. */
export function remainingFindings(text: string, file: string): Diagnostic[] {
  return lintSource(text, file, bodyStart(text));
}

/** Text of inlines, for tests and reports. */
export function plainText(inlines: readonly Inline[]): string {
  return inlines.map((n) => (n.type === 'text' ? n.value : n.type === 'break' ? '\n' : 'children' in n ? plainText(n.children) : '')).join('');
}
