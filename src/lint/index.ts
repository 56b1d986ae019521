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

interface Char {
  ch: string;
  offset: number;
  line: number;
  column: number;
}

/**
 * Lints the body of a source (front matter excluded: pass where the body starts). Paragraphs are
 * runs of non-blank lines; brackets must balance within one paragraph.
 */
export function lintSource(text: string, file: string, bodyOffset = 0): Finding[] {
  const findings: Finding[] = [];
  let line = text.slice(0, bodyOffset).split('\n').length;
  let paragraph: Char[] = [];
  let offset = bodyOffset;
  for (const raw of text.slice(bodyOffset).split('\n')) {
    if (raw.trim() === '') {
      checkPairs(paragraph, file, findings);
      paragraph = [];
    } else {
      const chars = charsOf(raw, offset, line);
      checkLine(chars, file, findings);
      paragraph.push(...chars);
    }
    offset += raw.length + 1;
    line++;
  }
  checkPairs(paragraph, file, findings);
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

function charsOf(raw: string, offset: number, line: number): Char[] {
  const out: Char[] = [];
  let column = 1;
  let i = 0;
  for (const ch of raw) {
    out.push({ ch, offset: offset + i, line, column });
    i += ch.length;
    column++;
  }
  return out;
}

function checkLine(chars: Char[], file: string, findings: Finding[]): void {
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const prev = chars[i - 1]?.ch ?? '';
    const next = chars[i + 1]?.ch ?? '';
    const full = FULL_WIDTH[c.ch];
    if (full !== undefined) {
      // ( belongs to what follows it, ) and the rest to what precedes; at a line end the
      // preceding character alone decides, so 发展. is caught but 1. (a list marker) is not.
      const wrong = c.ch === '(' ? CJK.test(next) : CJK.test(prev) && (next === '' || CJK.test(next) || /\s/.test(next) || c.ch === ')');
      if (wrong && !(c.ch === '.' && /\d/.test(next))) {
        findings.push({
          file, line: c.line, column: c.column, code: 'ascii-punctuation', severity: 'error',
          message: `ASCII '${c.ch}' between Chinese characters: use full-width '${full}'`,
          fix: { offset: c.offset, length: c.ch.length, text: full },
        });
      }
    }
    if ((c.ch === ' ' || c.ch === '\u3000' || c.ch === '\t') && i > 0) {
      let j = i;
      while (j < chars.length && /[ \t\u3000]/.test(chars[j]!.ch)) j++;
      if (HAN.test(prev) && j < chars.length && HAN.test(chars[j]!.ch)) {
        const gap = chars.slice(i, j).map((x) => x.ch).join('');
        findings.push({
          file, line: c.line, column: c.column, code: 'space-between-hanzi', severity: 'error',
          message: 'space between two Chinese characters: Chinese text has no spaces between words',
          fix: { offset: c.offset, length: gap.length, text: '' },
        });
      }
      i = j - 1;
    }
  }
}

function checkPairs(chars: Char[], file: string, findings: Finding[]): void {
  const stack: Array<{ c: Char; pair: (typeof PAIRS)[number] }> = [];
  let asciiQuote: Char | undefined;
  for (const c of chars) {
    if (c.ch === '"') {
      // An ASCII double quote is its own opener and closer: pair it with the nearest “ or ".
      const top = stack[stack.length - 1];
      if (top?.pair.family === 'dquote') {
        stack.pop();
        findings.push(mixed(file, c, top.c.ch, '”'));
      } else if (asciiQuote) asciiQuote = undefined;
      else asciiQuote = c;
      continue;
    }
    if (c.ch === '”' && asciiQuote) {
      findings.push(mixed(file, c, '"', '"'));
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
    if (top.pair.close !== c.ch) findings.push(mixed(file, c, top.c.ch, top.pair.close));
  }
  for (const s of stack) findings.push(unbalanced(file, s.c));
  if (asciiQuote) findings.push(unbalanced(file, asciiQuote));
}

function mixed(file: string, c: Char, opener: string, expected: string): Finding {
  const fix = expected !== c.ch && expected !== '"' ? { offset: c.offset, length: c.ch.length, text: expected } : undefined;
  return {
    file, line: c.line, column: c.column, code: 'mixed-pair', severity: 'error',
    message: `'${opener}' is closed by '${c.ch}': a pair must be both full-width or both half-width`,
    ...(fix ? { fix } : {}),
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
