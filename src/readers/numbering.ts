/**
 * How Chinese documents number their headings and write their dates: the numberings (第一章,
 * 一、 （一） 1. （1）, and series such as 一要… 二要…) in the order of their levels, the test of a
 * line that could be a heading or a title, the promotion of numbered paragraphs to headings, and
 * dates as a 公文 writes them (2026年11月23日, 二〇二六年十一月二十三日). structure.ts uses these
 * on a draft; the text reader uses them to keep such lines apart.
 */
import type { Block, Heading, HeadingLevel, Paragraph } from '../model/index.js';
import { inlineText } from '../model/text.js';
import type { Hint } from './structure.js';

const NUMERAL = '一二三四五六七八九十';

/** Heading numberings, in the order of their levels (公文: 一、 （一） 1. （1）). */
const NUMBERINGS: ReadonlyArray<{ kind: string; pattern: RegExp }> = [
  { kind: '第一章', pattern: /^第[一二三四五六七八九十百零〇]+[章编]/u },
  { kind: '第一部分', pattern: /^第[一二三四五六七八九十百零〇]+部分/u },
  { kind: '第一节', pattern: /^第[一二三四五六七八九十百零〇]+节/u },
  { kind: '一、', pattern: /^[一二三四五六七八九十百零〇]+[、，]/u },
  { kind: '（一）', pattern: /^[（(][一二三四五六七八九十百零〇]+[）)]/u },
  // 4.2 followed by a space (without one, 1.5倍 is a number).
  { kind: '1.1', pattern: /^[0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3})+(?=[ \t\u3000])/u },
  { kind: '1.', pattern: /^[0-9０-９]{1,3}[.．、](?![0-9０-９])/u },
  { kind: '（1）', pattern: /^[（(][0-9０-９]{1,3}[）)]/u },
];

/** A series of points, 一要… 二要… or 一是… 二是…: a heading level of its own (公文 counts them as 一、). */
const SERIES = new RegExp(`^([${NUMERAL}]+)([要是])`, 'u');

/** The longest heading, in characters; a longer line is a paragraph. */
const HEADING_MAX = 40;

const DATE = /^([0-9０-９]{4}|[〇零一二三四五六七八九]{4})\s*年\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日$/u;

/**
 * A date as written in a 公文 (2026年11月23日, 二〇二六年十一月二十三日) as YYYY-MM-DD, or
 * undefined when the text is not such a date or not a real day.
 */
export function chineseDate(text: string): string | undefined {
  const m = DATE.exec(text.trim());
  if (!m) return undefined;
  const year = digits(m[1]!);
  const month = number(m[2]!);
  const day = number(m[3]!);
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : undefined;
}

const DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Digit by digit: 2026, ２０２６, 二〇二六. */
function digits(s: string): number | undefined {
  let n = 0;
  for (const ch of s) {
    const d = /[0-9]/.test(ch) ? Number(ch) : /[０-９]/.test(ch) ? ch.charCodeAt(0) - 0xff10 : DIGIT[ch];
    if (d === undefined) return undefined;
    n = n * 10 + d;
  }
  return n;
}

/** A number up to 99: 11, １１, 十一, 二十三. */
function number(s: string): number | undefined {
  if (/^[0-9０-９]+$/.test(s)) return digits(s);
  if (!s.includes('十')) return [...s].length === 1 ? DIGIT[s] : undefined;
  const m = /^([二三四五六七八九]?)十([一二三四五六七八九]?)$/u.exec(s);
  if (!m) return undefined;
  return (m[1] ? DIGIT[m[1]]! : 1) * 10 + (m[2] ? DIGIT[m[2]]! : 0);
}

/** Characters, counting code points. */
export const length = (s: string): number => [...s].length;

/**
 * A line that could be a heading: short, and not a sentence (no sentence punctuation inside it;
 * a full stop at its very end is allowed, as in 一要增强会员意识。, but not after a comma).
 */
export function headingLike(text: string): boolean {
  const t = text.trim();
  if (t === '' || length(t) > HEADING_MAX) return false;
  // A numbering may be followed by a colon: 第一部分：总体要求.
  const numbered = NUMBERINGS.map((n) => n.pattern.exec(t)?.[0]).find((m) => m !== undefined);
  const rest = numbered ? t.slice(numbered.length).replace(/^[：:]/u, '') : t;
  if (rest.trim() === '') return false;
  const inner = rest.replace(/[。．.！!？?]$/u, '');
  // A full stop after a clause and a comma makes a sentence: 一要增强会员意识。 is a heading, 这一段…，却不是。 is not.
  if (inner !== rest && /[，,]/u.test(inner)) return false;
  return !/[。！？；;：:]/u.test(inner) && !/[：:，,、；;]$/u.test(rest);
}

/** The numbering kind a heading-like text starts with, if any. */
export function numberingOf(text: string): string | undefined {
  const t = text.trim();
  for (const n of NUMBERINGS) if (n.pattern.test(t) && length(t) > length(n.pattern.exec(t)![0])) return n.kind;
  return undefined;
}

/** A title: a short line that is not a sentence and does not end as one. */
export function titleLike(text: string): boolean {
  const t = text.trim();
  return t !== '' && length(t) <= 60 && !/[。！？；;，,：:]$/u.test(t) && !/[。！？]/u.test(t);
}


const isParagraph = (b: Block | undefined): b is Paragraph => b?.type === 'paragraph';

const text = (b: Block): string => (b.type === 'paragraph' || b.type === 'heading' ? inlineText(b.children).trim() : '');

/**
 * Paragraphs that are headings by their numbering or their place: short, not sentences, and
 * numbered (一、 （一） 1. （1）, 第一章), or one of a series 一要/二要…, or (in a text whose paragraphs
 * are indented) standing unindented on their own. Levels follow the order of the numberings, the
 * first one present being level 1.
 */
export function promoteHeadings(blocks: Block[], hints: Map<Block, Hint>, keep: Set<Block>): void {
  const candidates: Array<{ index: number; kind: string }> = [];
  const indented = blocks.filter((b) => isParagraph(b) && hints.get(b)?.indent === 'body').length;
  const unindented = blocks.filter((b) => isParagraph(b) && hints.get(b)?.indent === 'none').length;
  const indentMarksParagraphs = indented >= 2 && indented >= unindented;
  blocks.forEach((b, index) => {
    if (!isParagraph(b) || keep.has(b) || b.children.some((c) => c.type === 'break' || c.type === 'image')) return;
    const t = text(b);
    if (!headingLike(t)) return;
    const kind = numberingOf(t);
    if (kind !== undefined) candidates.push({ index, kind });
    else if (SERIES.test(t)) candidates.push({ index, kind: `series-${SERIES.exec(t)![2]}` });
    else if (indentMarksParagraphs && hints.get(b)?.indent === 'none' && index > 0 && index < blocks.length - 1) candidates.push({ index, kind: 'plain' });
  });
  // A series counts only when it runs 一, 二, 三 … in order, two or more.
  const seriesOk = new Set<number>();
  for (const kind of new Set(candidates.filter((c) => c.kind.startsWith('series-')).map((c) => c.kind))) {
    const members = candidates.filter((c) => c.kind === kind);
    const numbers = members.map((c) => number(SERIES.exec(text(blocks[c.index]!))![1]!) ?? 0);
    if (members.length >= 2 && numbers[0] === 1 && numbers.every((n, k) => k === 0 || n === numbers[k - 1]! + 1)) for (const m of members) seriesOk.add(m.index);
  }
  const chosen = candidates.filter((c) => !c.kind.startsWith('series-') || seriesOk.has(c.index));
  // The order of levels: unnumbered headings (a text's own section titles) first, then 第一章, 一、
  // (and a series, which stands where 一、 would), （一）, 1., （1）.
  const order = ['plain', '第一章', '第一部分', '第一节', '一、', 'series-要', 'series-是', '（一）', '1.', '1.1', '（1）'];
  const rank = (kind: string): number => (kind === 'series-要' || kind === 'series-是' ? order.indexOf('一、') : order.indexOf(kind));
  const present = [...new Set(chosen.map((c) => rank(c.kind)))].sort((a, b) => a - b);
  for (const c of chosen) {
    const p = blocks[c.index] as Paragraph;
    const level = Math.min(6, present.indexOf(rank(c.kind)) + 1) as HeadingLevel;
    const heading: Heading = { type: 'heading', level, children: p.children };
    hints.set(heading, hints.get(p) ?? {});
    blocks[c.index] = heading;
  }
}

