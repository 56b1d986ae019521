/**
 * Lint rules for Chinese text in a source file. They work on the raw source lines (not the
 * model) so that every finding has an exact line and column and a fix can be applied in place.
 */
import type { Diagnostic } from '../errors.js';

export interface Finding extends Diagnostic {
  line: number;
  column: number;
  code: LintRule;
  /** Replacement for the characters at [offset, offset + length), when the fix is safe. */
  fix?: { offset: number; length: number; text: string };
}

export type LintRule = 'ascii-punctuation' | 'mixed-pair' | 'unbalanced' | 'space-between-hanzi';

const HAN = /\p{Script=Han}/u;
/** Hanzi or full-width CJK punctuation: the context in which ASCII punctuation is a typo. */
const CJK = /[\p{Script=Han}\u3001-\u303f\uff01-\uff5e\u201c\u201d\u2018\u2019\u2014\u2026]/u;

const FULL_WIDTH: Record<string, string> = { ',': '，', '.': '。', ';': '；', ':': '：', '?': '？', '!': '！', '(': '（', ')': '）' };

const PAIRS: ReadonlyArray<{ open: string; close: string; family: string }> = [
  { open: '（', close: '）', family: 'paren' },
  { open: '(', close: ')', family: 'paren' },
  { open: '“', close: '”', family: 'dquote' },
  { open: '‘', close: '’', family: 'squote' },
  { open: '《', close: '》', family: 'book' },
  { open: '【', close: '】', family: 'lenticular' },
  { open: '「', close: '」', family: 'corner' },
  { open: '『', close: '』', family: 'wcorner' },
  { open: '［', close: '］', family: 'square' },
];
const OPENERS = new Map(PAIRS.map((p) => [p.open, p]));
const CLOSERS = new Map(PAIRS.map((p) => [p.close, p]));
/** The characters checkPairs acts on (all single code units), by code unit: a quick pass over the rest. */
const PAIR_UNITS = new Set([...PAIRS.flatMap((p) => [p.open, p.close]), '"', '’'].map((ch) => ch.charCodeAt(0)));

/**
 * A character some rule acts on: ASCII (punctuation, white space), the ideographic space, and the
 * brackets and quotes of PAIRS. Only these are kept, each with its neighbours on the line, which
 * is all the rules look at: most characters of Chinese text are none of them, and a document has
 * hundreds of thousands.
 */
interface Char {
  ch: string;
  offset: number;
  line: number;
  column: number;
  /** The characters before and after it on its line ('' at the line's start or end). */
  prev: string;
  next: string;
  /** The ) of an ordered-list marker such as `1)`: not a bracket. */
  marker?: boolean;
}

const isChecked = (unit: number): boolean => unit < 0x80 || unit === 0x3000 || PAIR_UNITS.has(unit);

/** An ordered-list marker `1)` at the start of a line (inside block quotes or bullet items too). */
const LIST_MARKER = /^[ \t]*(?:>[ \t]*|[-+*][ \t]+|\d{1,9}[.)][ \t]+)*\d{1,9}\)(?=[ \t]|$)/;
/** An ATX heading line, and a setext underline (which makes the line above it a heading). */
const ATX_HEADING = /^ {0,3}(?:>[ \t]*)*#{1,6}(?:[ \t]|$)/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
/** A paragraph that opens with “ (after indentation or block-quote marks). */
const OPENS_QUOTE = /^[ \t]*(?:>[ \t]*)*“/;
const LATIN = /\p{Script=Latin}/u;

/**
 * Lints the body of a source (front matter excluded: pass where the body starts). Paragraphs are
 * runs of non-blank lines; brackets must balance within one paragraph, except that a quotation
 * may run over several paragraphs, each opening with “ and only the last closing (GB/T 15834).
 */
export function lintSource(text: string, file: string, bodyOffset = 0): Finding[] {
  const findings: Finding[] = [];
  const firstLine = text.slice(0, bodyOffset).split('\n').length;
  const lines = text.slice(bodyOffset).split('\n');
  let paragraph: Char[] = [];
  let offset = bodyOffset;
  const endParagraph = (next: number) => {
    let following = next;
    while (following < lines.length && lines[following]!.trim() === '') following++;
    checkPairs(paragraph, file, findings, following < lines.length && OPENS_QUOTE.test(lines[following]!));
    checkAsciiParens(paragraph, file, findings);
    paragraph = [];
  };
  lines.forEach((raw, k) => {
    if (raw.trim() === '') endParagraph(k + 1);
    else {
      const chars = charsOf(raw, offset, firstLine + k);
      const marker = LIST_MARKER.exec(raw);
      // The prefix is ASCII: its ) is at column = length.
      if (marker) chars.find((c) => c.column === marker[0].length)!.marker = true;
      const heading = ATX_HEADING.test(raw) || SETEXT_UNDERLINE.test(lines[k + 1] ?? '');
      checkLine(chars, file, findings, heading);
      for (const c of chars) paragraph.push(c); // (a spread of a long line's characters overflows the stack)
    }
    offset += raw.length + 1;
  });
  endParagraph(lines.length);
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The checked characters of a line; columns count code points, as editors do. */
function charsOf(raw: string, offset: number, line: number): Char[] {
  const out: Char[] = [];
  let column = 1;
  for (let i = 0; i < raw.length; column++) {
    const size = codePointSize(raw, i);
    // Checked characters are single code units (not surrogates).
    if (isChecked(raw.charCodeAt(i))) {
      const before = i > 0 ? i - codePointSizeBefore(raw, i) : i;
      const after = i + 1 < raw.length ? i + 1 + codePointSize(raw, i + 1) : i + 1;
      out.push({ ch: raw[i]!, offset: offset + i, line, column, prev: raw.slice(before, i), next: raw.slice(i + 1, after) });
    }
    i += size;
  }
  return out;
}

/** Code units of the code point at i (a lone surrogate is one, as in `for (const ch of s)`). */
function codePointSize(s: string, i: number): number {
  const unit = s.charCodeAt(i);
  if (unit < 0xd800 || unit > 0xdbff || i + 1 >= s.length) return 1;
  const low = s.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
}

/** Code units of the code point that ends just before i. */
function codePointSizeBefore(s: string, i: number): number {
  const unit = s.charCodeAt(i - 1);
  if (unit < 0xdc00 || unit > 0xdfff || i < 2) return 1;
  const high = s.charCodeAt(i - 2);
  return high >= 0xd800 && high <= 0xdbff ? 2 : 1;
}

/** Whether b comes right after a on the same line. */
const adjacent = (a: Char, b: Char): boolean => b.line === a.line && b.column === a.column + 1;

function checkLine(chars: Char[], file: string, findings: Finding[], heading: boolean): void {
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    // Only ASCII punctuation and white space can start a finding: pass over the rest (nearly
    // every character of Chinese text) without looking anything up.
    if (c.ch.charCodeAt(0) > 0x7f && c.ch !== '\u3000') continue;
    const { prev, next } = c;
    const full = FULL_WIDTH[c.ch];
    // ( and ) are judged as a pair, per paragraph: see checkAsciiParens.
    if (full !== undefined && c.ch !== '(' && c.ch !== ')') {
      // Punctuation belongs to what precedes it; at a line end the preceding character alone
      // decides, so 发展. is caught but 1. (a list marker) is not.
      const wrong = CJK.test(prev) && (next === '' || CJK.test(next) || /\s/.test(next));
      if (wrong && !(c.ch === '.' && /\d/.test(next))) {
        findings.push({
          file, line: c.line, column: c.column, code: 'ascii-punctuation', severity: 'error',
          message: `ASCII '${c.ch}' between Chinese characters: use full-width '${full}'`,
          fix: { offset: c.offset, length: c.ch.length, text: full },
        });
      }
    }
    if ((c.ch === ' ' || c.ch === '\u3000' || c.ch === '\t') && c.column > 1) {
      // The run of white space from here (white space is always checked: the run is the
      // adjacent checked characters), and what follows it.
      let j = i + 1;
      while (j < chars.length && adjacent(chars[j - 1]!, chars[j]!) && /[ \t\u3000]/.test(chars[j]!.ch)) j++;
      const gap = chars.slice(i, j).map((x) => x.ch).join('');
      const after = chars[j - 1]!.next;
      // Headings may separate headline phrases with spaces; an ideographic space (U+3000) is a
      // deliberate gap in legal and 公文 text (第一条　为了…), so only ASCII spaces and tabs count.
      if (!heading && /[ \t]/.test(gap) && HAN.test(prev) && HAN.test(after)) {
        findings.push({
          file, line: c.line, column: c.column, code: 'space-between-hanzi', severity: 'error',
          message: 'space between two Chinese characters: Chinese text has no spaces between words',
          fix: { offset: c.offset, length: gap.length, text: gap.replace(/[ \t]/g, '') },
        });
      }
      i = j - 1;
    }
  }
}

/**
 * ASCII ( and ) next to Chinese text: ( belongs to what follows it, ) to what precedes it. A
 * matched ASCII pair is one unit: if either half is wrong, both are findings, so a fix never
 * leaves a pair half full-width.
 */
function checkAsciiParens(chars: Char[], file: string, findings: Finding[]): void {
  if (!hasAsciiParen(chars)) return; // the usual case in Chinese text
  const wrong = (i: number) =>
    chars[i]!.ch === '(' ? CJK.test(chars[i]!.next) : CJK.test(chars[i]!.prev);
  // Match brackets the way checkPairs does (the nearest open bracket of the family, either width).
  const partner = new Map<number, number>();
  const open: number[] = [];
  chars.forEach((c, i) => {
    if (c.marker) return;
    if (c.ch === '(' || c.ch === '（') open.push(i);
    else if ((c.ch === ')' || c.ch === '）') && open.length > 0) {
      const o = open.pop()!;
      if (chars[o]!.ch === '(' && c.ch === ')') partner.set(o, i).set(i, o);
    }
  });
  chars.forEach((c, i) => {
    if (c.marker || (c.ch !== '(' && c.ch !== ')')) return;
    const other = partner.get(i);
    const self = wrong(i);
    if (!self && !(other !== undefined && wrong(other))) return;
    const full = FULL_WIDTH[c.ch]!;
    findings.push({
      file, line: c.line, column: c.column, code: 'ascii-punctuation', severity: 'error',
      message: self
        ? `ASCII '${c.ch}' between Chinese characters: use full-width '${full}'`
        : `ASCII '${c.ch}' pairs with a bracket next to Chinese characters: use full-width '${full}'`,
      fix: { offset: c.offset, length: c.ch.length, text: full },
    });
  });
}

function hasAsciiParen(chars: Char[]): boolean {
  for (const c of chars) if (c.ch === '(' || c.ch === ')') return true;
  return false;
}

function checkPairs(chars: Char[], file: string, findings: Finding[], quoteContinues = false): void {
  const stack: Array<{ c: Char; pair: (typeof PAIRS)[number] }> = [];
  let asciiQuote: Char | undefined;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c.marker || !PAIR_UNITS.has(c.ch.charCodeAt(0))) continue;
    // ’ between Latin letters is an apostrophe (Node’s), not a closing quote.
    if (c.ch === '’' && LATIN.test(c.prev) && LATIN.test(c.next)) continue;
    if (c.ch === '"') {
      // An ASCII double quote is its own opener and closer: pair it with the nearest “ or ".
      const top = stack[stack.length - 1];
      if (top?.pair.family === 'dquote') {
        stack.pop();
        findings.push(mixed(file, c, top.c.ch, c.ch, c, '”'));
      } else if (asciiQuote) asciiQuote = undefined;
      else asciiQuote = c;
      continue;
    }
    if (c.ch === '”' && asciiQuote) {
      findings.push(mixed(file, asciiQuote, '"', c.ch, asciiQuote, '“'));
      asciiQuote = undefined;
      continue;
    }
    const opener = OPENERS.get(c.ch);
    if (opener) {
      stack.push({ c, pair: opener });
      continue;
    }
    const closer = CLOSERS.get(c.ch);
    if (!closer) continue;
    const index = findLast(stack, (s) => s.pair.family === closer.family);
    if (index < 0) {
      findings.push({ file, line: c.line, column: c.column, code: 'unbalanced', severity: 'error', message: `closing '${c.ch}' has no matching opening mark` });
      continue;
    }
    const top = stack[index]!;
    for (const unclosed of stack.splice(index)) if (unclosed !== top) findings.push(unbalanced(file, unclosed.c));
    if (top.pair.close !== c.ch) {
      // The fix always makes the half-width member full-width, opener or closer.
      const half = FULL_WIDTH[c.ch] !== undefined ? c : top.c;
      const full = FULL_WIDTH[half.ch];
      if (full !== undefined) findings.push(mixed(file, half, top.c.ch, c.ch, half, full));
      else findings.push(mixed(file, c, top.c.ch, c.ch)); // no half-width member: no safe fix
    }
  }
  // A quotation over several paragraphs: each paragraph opens with “ and only the last closes.
  const carried = quoteContinues ? stack.findIndex((s) => s.c.ch === '“') : -1;
  stack.forEach((s, k) => k !== carried && findings.push(unbalanced(file, s.c)));
  if (asciiQuote) findings.push(unbalanced(file, asciiQuote));
}

/** A pair opened by one width and closed by the other, reported at `at`; `fix` replaces `half`. */
function mixed(file: string, at: Char, opener: string, closer: string, half?: Char, fix?: string): Finding {
  return {
    file, line: at.line, column: at.column, code: 'mixed-pair', severity: 'error',
    message: `'${opener}' is closed by '${closer}': a pair must be both full-width or both half-width`,
    ...(half && fix ? { fix: { offset: half.offset, length: half.ch.length, text: fix } } : {}),
  };
}

function unbalanced(file: string, c: Char): Finding {
  return { file, line: c.line, column: c.column, code: 'unbalanced', severity: 'error', message: `opening '${c.ch}' is never closed in this paragraph` };
}

function findLast<T>(items: T[], test: (t: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}

/** Applies the safe fixes (right to left so earlier offsets stay valid). */
export function applyFixes(text: string, findings: readonly Finding[]): { text: string; fixed: number } {
  const fixes = findings.flatMap((f) => (f.fix ? [f.fix] : [])).sort((a, b) => b.offset - a.offset);
  let out = text;
  let lastStart = Infinity;
  let fixed = 0;
  for (const fix of fixes) {
    if (fix.offset + fix.length > lastStart) continue; // overlapping fixes: keep the later one
    out = out.slice(0, fix.offset) + fix.text + out.slice(fix.offset + fix.length);
    lastStart = fix.offset;
    fixed++;
  }
  return { text: out, fixed };
}
