/**
 * Breaking a title (or subtitle) that does not fit on one line, the way GB/T 9704-2012 7.3.3 asks
 * a 公文 title to be broken: 回行时，要做到词意完整，排列对称 — whole words on each line, lines of
 * even length. A headline whose phrases are separated by spaces breaks between phrases
 * (breakBetweenPhrases, balance.ts); any other title between words.
 *
 * Words come from the ICU dictionary segmenter (Intl.Segmenter, zh), which the JavaScript runtime
 * ships: no dictionary of our own. Its words are not always a title's: 委员|会, 第十|五届, 劳动|者.
 * So a suffix (者, 化, 性 …) is joined to the word before it, and a
 * break next to a word of one hanzi costs something unless that hanzi is a function word that
 * a line may start or end with (在, 的 …), a break before a conjunction (和, 与 …) is welcome, and
 * some breaks never happen: after a number followed
 * by its unit (2025|年度, 12.5|%), after —— (a subtitle's ——在 stays together), before 的, or where
 * the line-start and line-end rules forbid it.
 *
 * Among the ways with the fewest lines, the one whose longest line is shortest, plus the cost of
 * its doubtful breaks, wins. Pure: the prepared stage works the breaks out once, and the PDF sets
 * them while the DOCX writes them as line breaks, so both break a title in the same places.
 */
import { breakBetweenPhrases } from './balance.js';
import { cannotEndLine, cannotStartLine, isCJK, isDash } from './classify.js';

/** One-hanzi words a title line may start or end with at no cost. */
const FUNCTION_WORDS = new Set([...'在的上和与及对为于中下等之了是把将向从由']);
/** Words a line may never start with. */
const NO_START = new Set([...'的之等了']);
/** A doubtful break (beside a word of one hanzi) costs this many ems of line length. */
const DOUBTFUL = 2;
/**
 * Suffixes that make a word of the word before them (劳动者, 现代化, 积极性, 同志们, 公务员, 覆盖率,
 * 创新型) where the segmenter returns them as words of their own (劳动|者): joined back, a break
 * after 劳动者 is a plain word boundary and 劳动／者 is no break at all.
 */
const SUFFIXES = new Set([...'者们性化员率型']);
/** Conjunctions a line likes to start with (…工作情况／和2026年…): a break before one gains this many ems. */
const CONJUNCTIONS = new Set([...'和与及暨并']);
const BEFORE_CONJUNCTION = -1.5;
/** More break combinations than this and the title is broken greedily instead. */
const MAX_COMBINATIONS = 200_000;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** A place the title may break: the text before it ends at `at`; a space there is dropped. */
interface Breakpoint {
  at: number;
  /** Where the next line starts (after the spaces at the break). */
  next: number;
  cost: number;
}

const isDigit = (s: string) => /^[0-9０-９]/u.test(s);
const lastChar = (s: string) => [...s].pop() ?? '';
const firstChar = (s: string) => [...s][0] ?? '';

/** The words of `text`, with the index each starts at, a suffix joined to the word before it. */
function titleWords(text: string): Array<{ text: string; at: number }> {
  const words: Array<{ text: string; at: number }> = [];
  for (const s of segmenter.segment(text)) {
    const last = words[words.length - 1];
    if (last && SUFFIXES.has(s.segment) && isCJK(lastChar(last.text))) last.text += s.segment;
    else words.push({ text: s.segment, at: s.index });
  }
  return words;
}

/** Where `text` may break, with the cost of each break (in ems). */
function breakpoints(text: string): Breakpoint[] {
  const words = titleWords(text);
  const out: Breakpoint[] = [];
  for (let i = 1; i < words.length; i++) {
    const before = words[i - 1]!;
    const after = words[i]!;
    if (/^\s+$/u.test(before.text)) continue; // the break is at the start of the spaces
    if (/^\s+$/u.test(after.text)) {
      const next = words[i + 1];
      if (next) out.push({ at: after.at, next: next.at, cost: 0 });
      continue;
    }
    const a = lastChar(before.text);
    const b = firstChar(after.text);
    if (cannotEndLine(a) || cannotStartLine(b) || isDash(a)) continue;
    if (isDigit(a) && (isCJK(b) || b === '%' || b === '％' || b === '‰')) continue; // a number stays with its unit
    if (a === '第' && isDigit(b)) continue; // an ordinal: 第12次
    if (/[0-9０-９.．]$/u.test(before.text) && /^[0-9０-９.．]/u.test(after.text)) continue;
    if (NO_START.has(b)) continue;
    const single = (w: string) => [...w].length === 1 && isCJK(w) && !FUNCTION_WORDS.has(w);
    const cost = CONJUNCTIONS.has(after.text) ? BEFORE_CONJUNCTION : single(before.text) || single(after.text) ? DOUBTFUL : 0;
    out.push({ at: after.at, next: after.at, cost });
  }
  return out;
}

/** Each way to choose `k` of `n` indices, in increasing order, until `visit` returns false. */
function combinations(n: number, k: number, visit: (chosen: readonly number[]) => void): void {
  const chosen: number[] = [];
  const go = (from: number): void => {
    if (chosen.length === k) return visit(chosen);
    for (let i = from; i <= n - (k - chosen.length); i++) {
      chosen.push(i);
      go(i + 1);
      chosen.pop();
    }
  };
  go(0);
}

const choose = (n: number, k: number): number => {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
};

/**
 * The title with '\n' at the chosen breaks (a space at a break dropped), or undefined when it fits
 * on one line or cannot be broken so that each line fits.
 *
 * @param widthOf the natural width of a line of the title, in points (spacing between hanzi and
 *   Latin letters or digits included)
 * @param em the title's size: what a doubtful break costs is counted in it
 */
export function breakTitle(text: string, widthOf: (line: string) => number, lineWidth: number, em: number): string | undefined {
  if (widthOf(text) <= lineWidth + 1e-6) return undefined;
  // A headline of phrases breaks between them whenever they fit.
  const phrased = breakBetweenPhrases(text, widthOf, lineWidth);
  if (phrased !== undefined) return phrased;
  const points = breakpoints(text);
  const widths = new Map<string, number>();
  const lineAt = (from: number, to: number): number => {
    const key = `${from},${to}`;
    let w = widths.get(key);
    if (w === undefined) widths.set(key, (w = widthOf(text.slice(from, to).trimEnd())));
    return w;
  };
  const starts = [0, ...points.map((p) => p.next)];
  const ends = [...points.map((p) => p.at), text.length];
  for (let breaks = 1; breaks <= points.length; breaks++) {
    if (choose(points.length, breaks) > MAX_COMBINATIONS) return undefined;
    let best: { cost: number; chosen: number[] } | undefined;
    combinations(points.length, breaks, (chosen) => {
      let longest = 0;
      let cost = 0;
      let from = 0;
      for (const c of chosen) {
        longest = Math.max(longest, lineAt(starts[from]!, ends[c]!));
        cost += points[c]!.cost * em;
        from = c + 1;
      }
      longest = Math.max(longest, lineAt(starts[from]!, text.length));
      if (longest > lineWidth + 1e-6) return;
      const total = longest + cost;
      if (!best || total < best.cost - 1e-9) best = { cost: total, chosen: [...chosen] };
    });
    if (best) {
      let out = '';
      let from = 0;
      for (const c of best.chosen) {
        out += `${text.slice(from, points[c]!.at).trimEnd()}\n`;
        from = points[c]!.next;
      }
      return out + text.slice(from);
    }
  }
  return undefined;
}
