/**
 * Character classes for Chinese line breaking (clreq "basic" level, GB/T 15834 marks).
 *
 * Every function takes one grapheme cluster (or a longer string) and looks at its first code
 * point only, except `cannotEndLine`, which looks at the last one. They are exported so that
 * tests of the PDF exporter can check extracted lines with the very same definitions.
 *
 * Punctuation width policy (mainland/GB style fonts, where ，。、：；！？ sit in the left half):
 * - opening marks “‘「『（《〈【〔［｛〖〘〚｟ carry their blank half on the left;
 * - closing marks ”’」』）》〉】〕］｝〗〙〛｠ and the stops 、，。．：；！？ carry it on the right;
 * - middle dots ·・‧ are never compressed (their blank is split on both sides) but may not
 *   start a line.
 * A mark only counts as having a blank when the font sets it full width (see atoms.ts).
 */

export type CharClass = 'newline' | 'space' | 'open' | 'close' | 'middle' | 'dash' | 'cjk' | 'latin';

/** Sets of code points (looked up by number: no string to make or hash per question). */
const codePoints = (chars: string): ReadonlySet<number> => new Set(Array.from(chars, (c) => c.codePointAt(0)!));

const OPENING = codePoints('“‘「『（《〈【〔［｛〖〘〚｟');
const CLOSING = codePoints('”’」』）》〉】〕］｝〗〙〛｠、，。．：；！？');
const MIDDLE = codePoints('·・‧');
/** —— (U+2014), …… (U+2026), the two/three-em dashes and the horizontal bar some sources use for
 * ——. A run of the same one of these is never split. */
const DASHES = codePoints('—…⸺⸻―');
/** Half-width marks that would look as wrong at a line start or end as their full-width
 * siblings: the content should not have them, but scraped text does. */
const ASCII_NO_START = codePoints(',;:!?)]}');
const ASCII_NO_END = codePoints('([{');

/** The first code point of s (0 for ''). */
const first = (s: string): number => s.codePointAt(0) ?? 0;

/** The last code point of s (0 for ''): a surrogate pair counts as one, as in Array.from(s). */
function last(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  const low = s.charCodeAt(n - 1);
  if (n >= 2 && low >= 0xdc00 && low <= 0xdfff) {
    const high = s.charCodeAt(n - 2);
    if (high >= 0xd800 && high <= 0xdbff) return s.codePointAt(n - 2)!;
  }
  return low;
}

const CJK_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}〆〇ー]/u;

/**
 * Answers per cluster, remembered: the layout asks about every character of a document several
 * times, and each answer costs Unicode-property regex tests (slow in a cold process). A cluster
 * of one UTF-16 unit, nearly every one, is looked up in a table indexed by that unit (no hashing);
 * longer ones in a map, bounded so that a document of unusual clusters cannot grow it without
 * limit. `answers` lists every answer `compute` can give: the table holds an index into it.
 */
export function memo<T>(answers: readonly T[], compute: (s: string) => T): (s: string) => T {
  const byUnit = new Uint8Array(0x10000); // 1 + the answer's index; 0 while not known
  const cache = new Map<string, T>();
  return (s) => {
    if (s.length === 1) {
      const unit = s.charCodeAt(0);
      const known = byUnit[unit]!;
      if (known !== 0) return answers[known - 1]!;
      const v = compute(s);
      byUnit[unit] = answers.indexOf(v) + 1;
      return v;
    }
    let v = cache.get(s);
    if (v === undefined) {
      v = compute(s);
      if (s.length <= 8 && cache.size < 65536) cache.set(s, v);
    }
    return v;
  };
}

/** A hanzi (or kana, hangul, bopomofo): a letter-like ideographic character, not punctuation.
 * These get CJK–Latin spacing and make up runts. */
export const isCJK = memo([false, true], (s: string): boolean => CJK_SCRIPT.test(s) && !OPENING.has(first(s)) && !CLOSING.has(first(s)) && !MIDDLE.has(first(s)));

/** Other characters set on the ideographic em grid and breakable on both sides: CJK symbols,
 * full-width forms (ＡＢＣ１２３), ideographic space, enclosed and compatibility characters. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x2fdf) || // radicals
    (cp >= 0x3000 && cp <= 0x33ff) || // symbols, kana, bopomofo, enclosed, compatibility
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe1f) || // vertical forms
    (cp >= 0xfe30 && cp <= 0xfe4f) || // compatibility forms
    (cp >= 0xff01 && cp <= 0xff60) || // full-width forms
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    cp === 0xfffc || // an object in the line (an inline image): a box like a hanzi's
    (cp >= 0x20000 && cp <= 0x3ffff)
  );
}

export function isOpening(s: string): boolean {
  return OPENING.has(first(s));
}

/** Closing quotes and brackets and the stops 、，。．：；！？ (all carry a right blank). */
export function isClosing(s: string): boolean {
  return CLOSING.has(first(s));
}

export function isMiddleDot(s: string): boolean {
  return MIDDLE.has(first(s));
}

/** One half of ——, …… and similar: a run of the same such character is never split. */
export function isDash(s: string): boolean {
  return DASHES.has(first(s));
}

/** A Latin (or other non-CJK) letter or digit: the side of a CJK–Latin boundary that gets spacing. */
export const isAlnum = memo([false, true], (s: string): boolean => /^[\p{L}\p{N}]/u.test(s) && charClass(s) === 'latin');

export function isHardBreak(s: string): boolean {
  return s === '\n' || s === '\r' || s === '\r\n' || s === '\u2028' || s === '\u2029';
}

/** Breakable white space. NBSP (U+00A0, U+202F) is not: it glues words. U+3000 is a CJK box. */
export function isSpace(s: string): boolean {
  return /^[\t \u1680\u2000-\u200b\u205f]/u.test(s);
}

export const charClass = memo<CharClass>(['newline', 'space', 'open', 'close', 'middle', 'dash', 'cjk', 'latin'], classify);

function classify(s: string): CharClass {
  if (isHardBreak(s)) return 'newline';
  if (isSpace(s)) return 'space';
  const c = first(s);
  if (OPENING.has(c)) return 'open';
  if (CLOSING.has(c)) return 'close';
  if (MIDDLE.has(c)) return 'middle';
  if (DASHES.has(c)) return 'dash';
  if (CJK_SCRIPT.test(s) || isWide(c)) return 'cjk';
  return 'latin';
}

/** May not begin a line (clreq basic): closing marks, stops, middle dots, stray ASCII closers. */
export function cannotStartLine(s: string): boolean {
  const c = first(s);
  return CLOSING.has(c) || MIDDLE.has(c) || ASCII_NO_START.has(c);
}

/** May not end a line: opening quotes and brackets (full-width, or a stray ASCII one). */
export function cannotEndLine(s: string): boolean {
  const c = last(s);
  return OPENING.has(c) || ASCII_NO_END.has(c);
}

/**
 * Whether a line may break between two adjacent clusters (spaces between them aside). False
 * inside a run of Latin text, inside ——/……, after an opening mark and before a closing one.
 */
export function mayBreakBetween(before: string, after: string): boolean {
  const a = charClass(before);
  const b = charClass(after);
  if (a === 'newline' || b === 'newline') return true;
  if (a === 'space' || b === 'space') return !cannotEndLine(before) && !cannotStartLine(after);
  if (a === 'latin' && b === 'latin') return false;
  if (a === 'dash' && b === 'dash' && first(before) === first(after)) return false;
  return !cannotEndLine(before) && !cannotStartLine(after);
}
