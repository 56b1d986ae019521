/**
 * The character classes against their first, string-based definitions (kept here as the
 * reference): the classes are now looked up by code point and remembered per code unit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cannotEndLine, cannotStartLine, charClass, isAlnum, isCJK, isClosing, isDash, isMiddleDot, isOpening, mayBreakBetween,
} from '../src/typeset/index.js';
import { ALNUM, CANNOT_END, CANNOT_START, classOf, HANZI, traitsOf } from '../src/typeset/traits.js';

const OPENING = new Set('“‘「『（《〈【〔［｛〖〘〚｟');
const CLOSING = new Set('”’」』）》〉】〕］｝〗〙〛｠、，。．：；！？');
const MIDDLE = new Set('·・‧');
const DASHES = new Set('—…⸺⸻―');
const ASCII_NO_START = new Set(',;:!?)]}');
const ASCII_NO_END = new Set('([{');
const first = (s: string): string => String.fromCodePoint(s.codePointAt(0) ?? 0);
const last = (s: string): string => {
  const chars = Array.from(s.length > 4 ? s.slice(-4) : s);
  return chars[chars.length - 1] ?? '';
};
const CJK_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}〆〇ー]/u;
const isWide = (cp: number): boolean =>
  (cp >= 0x2e80 && cp <= 0x2fdf) || (cp >= 0x3000 && cp <= 0x33ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
  (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xac00 && cp <= 0xd7ff) ||
  (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe10 && cp <= 0xfe1f) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
  (cp >= 0xff01 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp === 0xfffc || (cp >= 0x20000 && cp <= 0x3ffff);
const reference = {
  isCJK: (s: string) => CJK_SCRIPT.test(s) && !OPENING.has(first(s)) && !CLOSING.has(first(s)) && !MIDDLE.has(first(s)),
  charClass(s: string): string {
    if (s === '\n' || s === '\r' || s === '\r\n' || s === '\u2028' || s === '\u2029') return 'newline';
    if (/^[\t \u1680\u2000-\u200b\u205f]/u.test(s)) return 'space';
    const c = first(s);
    if (OPENING.has(c)) return 'open';
    if (CLOSING.has(c)) return 'close';
    if (MIDDLE.has(c)) return 'middle';
    if (DASHES.has(c)) return 'dash';
    if (CJK_SCRIPT.test(c) || isWide(c.codePointAt(0) ?? 0)) return 'cjk';
    return 'latin';
  },
  isAlnum: (s: string) => /^[\p{L}\p{N}]/u.test(s) && reference.charClass(s) === 'latin',
  cannotStartLine: (s: string) => CLOSING.has(first(s)) || MIDDLE.has(first(s)) || ASCII_NO_START.has(first(s)),
  cannotEndLine: (s: string) => OPENING.has(last(s)) || ASCII_NO_END.has(last(s)),
};

/** Strings of the characters the classes single out, and anything else. */
const special = [...'“‘「『（《〈【〔［｛〖〘〚｟”’」』）》〉】〕］｝〗〙〛｠、，。．：；！？·・‧—…⸺⸻―,;:!?)]}([{\n\r\u2028 \t\u3000\u00a0文字あアㄅ한〇ー𠀀𪚥Aa1é\u0301\ud800\udc00\ufffc'];
const text = fc.oneof(
  fc.array(fc.constantFrom(...special), { minLength: 0, maxLength: 5 }).map((a) => a.join('')),
  fc.string({ unit: 'grapheme', maxLength: 3 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
);

describe('character classes', () => {
  it('give the answers of their string-based definitions, asked once or many times', () => {
    fc.assert(
      fc.property(text, text, (s, t) => {
        for (let round = 0; round < 2; round++) {
          expect(charClass(s)).toBe(reference.charClass(s));
          expect(isCJK(s)).toBe(reference.isCJK(s));
          expect(isAlnum(s)).toBe(reference.isAlnum(s));
          expect(cannotStartLine(s)).toBe(reference.cannotStartLine(s));
          expect(cannotEndLine(s)).toBe(reference.cannotEndLine(s));
          expect(isOpening(s)).toBe(OPENING.has(first(s)));
          expect(isClosing(s)).toBe(CLOSING.has(first(s)));
          expect(isMiddleDot(s)).toBe(MIDDLE.has(first(s)));
          expect(isDash(s)).toBe(DASHES.has(first(s)));
        }
        const a = reference.charClass(s);
        const b = reference.charClass(t);
        const breakable =
          a === 'newline' || b === 'newline' ? true
          : a === 'space' || b === 'space' ? !reference.cannotEndLine(s) && !reference.cannotStartLine(t)
          : a === 'latin' && b === 'latin' ? false
          : a === 'dash' && b === 'dash' && first(s) === first(t) ? false
          : !reference.cannotEndLine(s) && !reference.cannotStartLine(t);
        expect(mayBreakBetween(s, t)).toBe(breakable);
      }),
      { numRuns: 20000 },
    );
  });
});

describe('cluster traits', () => {
  it('pack the class and the four facts the joints use', () => {
    fc.assert(
      fc.property(text, (s) => {
        const t = traitsOf(s);
        expect(classOf(t)).toBe(charClass(s));
        expect([(t & CANNOT_START) !== 0, (t & CANNOT_END) !== 0, (t & HANZI) !== 0, (t & ALNUM) !== 0])
          .toEqual([cannotStartLine(s), cannotEndLine(s), isCJK(s), isAlnum(s)]);
      }),
      { numRuns: 20000 },
    );
  });
});
