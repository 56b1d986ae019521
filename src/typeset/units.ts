/**
 * Numbers and their units (issue 18): a line never breaks between a number and the unit after it
 * (28.9｜万元, 12｜个百分点, 2025｜年度), nor inside a date (1月｜20日, 2026年｜3月), nor after the
 * 第 of an ordinal written in digits (第｜12次). A break there
 * becomes a prohibited one, taken only when nothing else fits, as the line-start rules are.
 *
 * A unit is the run of up to MAX_UNIT hanzi from UNIT_CHARACTERS that follows a number: measure
 * words and the units of money, time and quantity that office documents write after digits.
 */

const UNIT_CHARACTERS = new Set([
  ...'年月日时分秒点号周天岁届期批次轮',
  ...'万亿千百十元角',
  ...'个人户名家件项条所座台辆套张本册页篇章节部股笔场位起例份',
  ...'米克吨升度倍亩斤里平方公',
  ...'余多',
]);
/** The longest unit kept with its number, in characters (个百分点). */
const MAX_UNIT = 4;
const DATE_UNITS = new Set(['年', '月']);
const DATE_ENDS = new Set(['月', '日']);

/** An ASCII or full-width digit, by UTF-16 unit (asked at every joint of a document: no regex). */
const isDigitUnit = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
const endsWithDigit = (s: string | undefined): boolean => s !== undefined && s.length > 0 && isDigitUnit(s.charCodeAt(s.length - 1));
const startsWithDigit = (s: string | undefined): boolean => s !== undefined && s.length > 0 && isDigitUnit(s.charCodeAt(0));
const isUnit = (s: string | undefined): boolean => s !== undefined && UNIT_CHARACTERS.has(s);

/**
 * Whether the joint before atom `i` of `text` (atoms, as the segment builder makes them) lies
 * inside a number with its unit, or inside a date.
 */
export function insideNumberWithUnit(text: readonly string[], i: number): boolean {
  // 28.9｜万元: the atom is a unit character, and a number comes before it with only units between.
  if (isUnit(text[i])) {
    for (let j = i - 1; j >= 0 && j >= i - MAX_UNIT; j--) {
      if (endsWithDigit(text[j])) return true;
      if (!isUnit(text[j])) return false;
    }
    return false;
  }
  // 第｜12次: an ordinal's 第 stays with its digits.
  if (startsWithDigit(text[i]) && text[i - 1] === '第') return true;
  // 1月｜20日, 2026年｜3月: a number between two date units.
  return startsWithDigit(text[i]) && DATE_UNITS.has(text[i - 1] ?? '') && endsWithDigit(text[i - 2]) && DATE_ENDS.has(text[i + 1] ?? '');
}

/** Whether an atom boundary sets a digit beside a hanzi: `before` ends with a digit or `after` starts with one. */
export const digitAtJoint = (before: string, after: string): boolean => endsWithDigit(before) || startsWithDigit(after);

/**
 * Whether the space before atom `i` groups a number's digits by thousands, as GB/T 15835 and
 * office documents write large numbers (7 650人, 1 280.5万元): the space is part of the number and
 * no line may break at it. The atom after the space is three digits (and maybe decimals); the one
 * before it ends with one to three digits.
 */
export function digitGroupSpace(text: readonly string[], i: number): boolean {
  const after = text[i];
  const before = text[i - 1];
  if (after === undefined || before === undefined || !endsWithDigit(before)) return false;
  if (!THREE_DIGITS.test(after)) return false;
  let run = 0;
  for (let k = before.length - 1; k >= 0 && isDigitUnit(before.charCodeAt(k)); k--) run++;
  return run <= 3;
}

const THREE_DIGITS = /^[0-9０-９]{3}(?:[.．][0-9０-９]+)?$/u;
