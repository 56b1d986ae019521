/**
 * Hard wrapping for plain text at N display columns (a hanzi counts 2). Greedy is right here:
 * plain text cannot be justified, so there is no texture to optimise, only the rules to keep:
 * no line starts with closing punctuation or ends with opening punctuation, and Latin words,
 * numbers, —— and …… are never split.
 */
// classify.js, not the typeset index: that would load the line breaker too, for nothing.
import { cannotEndLine, cannotStartLine } from '../../typeset/classify.js';

// Made on first use: the first Intl.Segmenter of a process loads ICU's break data (~10 ms), and
// text is wrapped only on request (--txt-wrap).
let segmenter: Intl.Segmenter | undefined;
const segments = (text: string) => (segmenter ??= new Intl.Segmenter('zh', { granularity: 'grapheme' })).segment(text);

/** Display width of a grapheme: 2 for East Asian wide/full-width, 0 for marks, else 1. */
export function columns(g: string): number {
  const cp = g.codePointAt(0) ?? 0;
  if (/^\p{M}|^[\u200b-\u200f\u2060\ufeff]/u.test(g)) return 0;
  if (/\p{Script=Han}/u.test(g)) return 2;
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd) ||
    cp === 0x201c || cp === 0x201d || cp === 0x2018 || cp === 0x2019 || cp === 0x2014 || cp === 0x2026
  ) {
    return 2;
  }
  return 1;
}

/** Pieces that may not be split: a Latin word or number (with its ASCII punctuation), ——, ……, or one grapheme. */
function tokens(text: string): string[] {
  const out: string[] = [];
  const re = /[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f'’.,:%\-_/+]*|—{2,}|…{2,}| +/gu;
  let last = 0;
  for (const m of text.matchAll(re)) {
    for (const { segment } of segments(text.slice(last, m.index))) out.push(segment);
    out.push(m[0]);
    last = m.index + m[0].length;
  }
  for (const { segment } of segments(text.slice(last))) out.push(segment);
  return out;
}

const width = (s: string): number => {
  let w = 0;
  for (const { segment } of segments(s)) w += columns(segment);
  return w;
};

const firstChar = (t: string) => [...t][0] ?? '';
const lastChar = (t: string) => [...t].pop() ?? '';

/** A break may fall between tokens a and b unless a rule forbids it. */
function canBreakBetween(a: string, b: string): boolean {
  if (cannotStartLine(firstChar(b)) || cannotEndLine(lastChar(a))) return false;
  return true;
}

export function wrapLine(text: string, maxColumns: number, hang: string): string[] {
  const toks = tokens(text);
  const lines: string[] = [];
  let line: string[] = [];
  let used = 0;
  const flush = (upTo: number) => {
    lines.push(line.slice(0, upTo).join('').replace(/ +$/, ''));
    const carried = line.slice(upTo);
    while (carried[0]?.trim() === '') carried.shift();
    line = hang ? [hang, ...carried] : carried;
    used = width(line.join(''));
  };
  for (const tok of toks) {
    const w = width(tok);
    if (line.length > 0 && used + w > maxColumns && tok.trim() !== '') {
      // Walk back to the last place a break is allowed; if there is none, let the line run over.
      let at = line.length;
      const minimum = hang ? 1 : 0;
      while (at > minimum && !canBreakBetween(line[at - 1]!, at === line.length ? tok : line[at]!)) at--;
      if (at > minimum) flush(at);
    }
    line.push(tok);
    used += w;
  }
  lines.push(line.join('').replace(/ +$/, ''));
  return lines;
}
