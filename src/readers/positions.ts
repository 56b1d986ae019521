import type { Point } from '../model/index.js';

/**
 * Maps UTF-16 offsets of a text to 1-based line and column. Columns count code points (what a
 * reader counts as characters: 😀 or 𠀾 is one column), everywhere a position is reported.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /**
   * The last answer, so that asking along one long line stays linear: forward from it, or back
   * from it when that is nearer than the line's start (an emphasis's start is asked for after
   * its text's, and a line of 75,000 emphases was counted from its start 75,000 times).
   */
  private last = { line: 0, offset: 0, column: 1 };

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** Offset where a line starts (0-based line number), or the text's length past the last line. */
  lineStart(line: number): number {
    return line < this.starts.length ? this.starts[line]! : this.text.length;
  }

  /** Offset just past a line's last character, before its line feed (0-based line number). */
  lineEnd(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
  }

  point(offset: number): Point {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = this.starts[lo]!;
    let from = lineStart;
    let column = 1;
    const end = Math.min(offset, this.text.length);
    // A low surrogate after its high surrogate is the second half of one code point.
    const counts = (i: number) => {
      const c = this.text.charCodeAt(i);
      return !(c >= 0xdc00 && c <= 0xdfff && i > lineStart && isHighSurrogate(this.text.charCodeAt(i - 1)));
    };
    if (this.last.line === lo && this.last.offset <= end) ({ offset: from, column } = this.last);
    else if (this.last.line === lo && this.last.offset - end < end - lineStart) {
      column = this.last.column;
      for (let i = end; i < this.last.offset; i++) if (counts(i)) column--;
      from = end;
    }
    for (let i = from; i < end; i++) if (counts(i)) column++;
    this.last = { line: lo, offset: end, column };
    return { line: lo + 1, column, offset };
  }
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** Levenshtein distance, for "did you mean" hints on misspelt keys and names. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean '${best}'?)` : '';
}
