/**
 * Flattening the model to text. Exporters use these so that every format agrees on what
 * "the text of the document" is, and tests use them to compare an output with its source.
 */
import type { Block, Document, Inline, Span } from './index.js';

/**
 * The text of inlines as read: a hard break is a newline, a link its text. An image and a footnote
 * reference add nothing here (an image's alt text is not text of the line; a note's text is in
 * Document.footnotes).
 */
export function inlineText(inlines: readonly Inline[]): string {
  let out = '';
  for (const node of inlines) {
    if (node.type === 'text') out += node.value;
    else if (node.type === 'break') out += '\n';
    else if ('children' in node) out += inlineText(node.children);
  }
  return out;
}

/** The byline as printed: wrapped in full-width parentheses unless the source already has them. */
/** A heading's own number (1. 1． （1） 一、 （一）) followed by white space typed after it. */
const NUMBER_THEN_SPACE = /^(\s*(?:[0-9０-９]+[.．](?![0-9０-９])|[（(][0-9０-９一二三四五六七八九十百]+[）)]|[一二三四五六七八九十百]+、))[ \t\u3000]+(?=\S)/u;

/**
 * A heading's inlines without the space typed after its number: Chinese numbering runs straight
 * into the text (1.加强领导, （一）工作目标), as GB/T 9704 sets it, so `### 1. 加强领导` prints 1.加强领导.
 */
export function headingInlines(inlines: readonly Inline[]): Inline[] {
  const first = inlines[0];
  if (first?.type !== 'text' || !NUMBER_THEN_SPACE.test(first.value)) return [...inlines];
  return [{ ...first, value: first.value.replace(NUMBER_THEN_SPACE, '$1') }, ...inlines.slice(1)];
}

export function bylineText(byline: string): string {
  const trimmed = byline.trim();
  return /^[（(].*[）)]$/u.test(trimmed) ? trimmed : `（${trimmed}）`;
}

/**
 * Bullets by nesting depth: ● ○ ■, then again. Round bullets that read as bullets at text size in
 * a Chinese face (• is a dot a third the size of a hanzi's stroke width in most of them), each of
 * the three in GB 2312, so every Chinese face a preset bundles (仿宋 too) draws them.
 */
export const BULLETS = ['●', '○', '■'] as const;

/** Marker of the n-th item (0-based) of a list, as every exporter prints it. */
export function listMarker(ordered: boolean, start: number, index: number, depth = 0): string {
  if (ordered) return `${start + index}.`;
  return BULLETS[depth % BULLETS.length]!;
}

/** How notes are numbered: ①②③ (restarting on each page of a paged format) or 1 2 3 through the document. */
export type NoteNumbering = 'circled' | 'arabic';

/** The circled numbers ① … ㊿ (U+2460–2473, U+3251–325F, U+32B1–32BF). */
function circled(n: number): string | undefined {
  if (n >= 1 && n <= 20) return String.fromCodePoint(0x2460 + n - 1);
  if (n >= 21 && n <= 35) return String.fromCodePoint(0x3251 + n - 21);
  if (n >= 36 && n <= 50) return String.fromCodePoint(0x32b1 + n - 36);
  return undefined;
}

/** The n-th (1-based) note's marker: ① … ㊿ (then (51) …), or the number itself. */
export function noteMarker(n: number, numbering: NoteNumbering): string {
  if (numbering === 'arabic') return String(n);
  return circled(n) ?? `(${n})`;
}

export interface TextRun {
  text: string;
  span?: Span;
}

/**
 * Every piece of text in reading order, with where it came from: the title, each text node,
 * list markers, the byline. Font coverage checks walk this to name the source position of a
 * character no font can draw.
 */
export function* textRuns(doc: Document, options: { markers?: boolean } = {}): Generator<TextRun> {
  yield { text: doc.meta.title, span: doc.titleSpan };
  if (doc.meta.subtitle) yield { text: doc.meta.subtitle, span: doc.subtitleSpan };
  yield* blockRuns(doc.blocks, options.markers ?? true, 0);
  for (const note of doc.footnotes ?? []) yield* blockRuns(note.children, options.markers ?? true, 0);
  if (doc.meta.byline) yield { text: bylineText(doc.meta.byline), span: doc.bylineSpan };
}

function* blockRuns(blocks: readonly Block[], markers: boolean, depth: number): Generator<TextRun> {
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
      case 'paragraph':
        yield* inlineRuns(block.children);
        break;
      case 'blockquote':
        yield* blockRuns(block.children, markers, depth);
        break;
      case 'list':
        for (const [i, item] of block.items.entries()) {
          if (markers) yield { text: listMarker(block.ordered, block.start, i, depth), span: item.span };
          yield* blockRuns(item.children, markers, depth + 1);
        }
        break;
      case 'thematicBreak':
        yield { text: THEMATIC_BREAK_TEXT, span: block.span };
        break;
      case 'figure':
        yield* inlineRuns(block.caption);
        break;
      case 'table':
        if (block.caption) yield* inlineRuns(block.caption);
        for (const row of [...block.head, ...block.body]) for (const cell of row.cells) yield* inlineRuns(cell.children);
        break;
    }
  }
}

function* inlineRuns(inlines: readonly Inline[]): Generator<TextRun> {
  for (const node of inlines) {
    if (node.type === 'text') yield { text: node.value, span: node.span };
    else if ('children' in node) yield* inlineRuns(node.children);
  }
}

/** All the document's text joined, markers included; white space is not significant in it. */
export function documentText(doc: Document, options: { markers?: boolean } = {}): string {
  let out = '';
  for (const run of textRuns(doc, options)) out += run.text + '\n';
  return out;
}

/**
 * The comparison key for fidelity: NFKC, with all white space and invisible format characters
 * (zero-width space, joiners: default-ignorable code points) removed. Two texts that are equal
 * under this key differ at most in layout (line breaks, indentation, spacing).
 */
export function fidelityKey(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u3000\p{Default_Ignorable_Code_Point}]+/gu, '');
}

/** What a thematic break prints as in text formats: three spaced asterisks, centred by convention. */
export const THEMATIC_BREAK_TEXT = '＊　＊　＊';
