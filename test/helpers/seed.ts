/**
 * The reference text for fidelity tests: the seed essay as captured (a copy lives in
 * test/fixtures), with the capture's one structural accident undone (line 2 repeats the title
 * before the opening paragraph). Comparing under NFKC proves that no character was lost, added or
 * altered, whatever full-width punctuation the source restored.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fidelityKey } from '../../src/model/text.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const essayPath = `${root}content/essay.md`;

export function seedText(): string {
  const lines = readFileSync(`${root}test/fixtures/essay-as-scraped.txt`, 'utf8').split('\n');
  const title = lines[0]!.trim();
  if (!lines[1]!.startsWith(title)) throw new Error('seed line 2 no longer starts with the title');
  lines[1] = lines[1]!.slice(title.length);
  return lines.join('\n');
}

export function seedKey(): string {
  return fidelityKey(seedText());
}

/** Where two fidelity keys first differ, for a readable failure message. */
export function firstDifference(actual: string, expected: string): string {
  const a = [...actual];
  const e = [...expected];
  let i = 0;
  while (i < a.length && i < e.length && a[i] === e[i]) i++;
  if (i === a.length && i === e.length) return 'equal';
  return `at character ${i}: got «${a.slice(Math.max(0, i - 10), i + 10).join('')}», expected «${e.slice(Math.max(0, i - 10), i + 10).join('')}»`;
}
