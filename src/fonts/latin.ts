/**
 * The `latin` role: Latin letters and digits of 宋 and 仿宋 text set in a face whose weight matches
 * the hanzi. FandolFang (the bundled 仿宋) draws its Latin letters and digits far heavier than its
 * thin hanzi (`https://…`, `28.9` looked bold in a 公文 body), so in 仿宋 text they are set in
 * Noto Serif SC Light, whose strokes match; the bundled 宋 (Noto Serif SC Regular), 黑 and 楷 faces
 * have Latin of their own weight and keep it. A user's `fonts: latin:` (a Times New Roman, say,
 * as offices set 西文) applies to both 宋 and 仿宋 text, and its `bold:` to their bold text; bold
 * text otherwise keeps its own face's Latin, which matches its bold hanzi.
 *
 * A Latin stretch is a run of Latin letters and ASCII digits with the ASCII punctuation inside or
 * around it (28.9%, https://www.example.org, GB/T 9704-2012); full-width forms (ＡＢＣ１２３) are
 * CJK and stay with the hanzi. A character the Latin face lacks falls back to the role's chain.
 */
import type { FontRole } from '../model/index.js';
import { splitByFace, type FaceRun } from './coverage.js';
import type { Face } from './face.js';
import { halfWidthCharacters, halfWidthForms } from './half-width.js';
import { fontChain, type FaceSet } from './resolve.js';

/** A stretch of Latin text: letters and digits, with the ASCII marks among them. */
const LATIN_STRETCH = /[!-~\u00a0-\u024f\u1e00-\u1eff]*[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff][!-~\u00a0-\u024f\u1e00-\u1eff]*/gu;
const HAS_LATIN = /[A-Za-z0-9\u00c0-\u024f]/u;

/** The Latin face for text of `role` in this weight, or undefined when the role keeps its own. */
export function latinFace(set: FaceSet, role: FontRole, bold: boolean): Face | undefined {
  const user = set.latin.regular.source === 'user';
  if (!(role === 'fang' || (user && role === 'serif'))) return undefined;
  if (!bold) return set.latin.regular;
  return user && set.latin.bold.boldFallback === undefined ? set.latin.bold : undefined;
}

/** The Latin face first, then the role's chain: one array per set, role and weight (coverage caches by the array). */
function latinChain(set: FaceSet, role: FontRole, bold: boolean, latin: Face): readonly Face[] {
  let chains = latinChains.get(set);
  if (!chains) latinChains.set(set, (chains = new Map()));
  const key = `${role}${bold ? ' bold' : ''}`;
  let chain = chains.get(key);
  if (!chain) chains.set(key, (chain = Object.freeze([latin, ...fontChain(set, role, bold).filter((f) => f !== latin)])));
  return chain;
}

const latinChains = new WeakMap<FaceSet, Map<string, readonly Face[]>>();

/** The half-width forms of the Latin face first, then the Latin chain (one array per chain, as above). */
function halfWidthChain(latinChain: readonly Face[], forms: Face): readonly Face[] {
  let chain = halfWidthChains.get(latinChain);
  if (!chain) halfWidthChains.set(latinChain, (chain = Object.freeze([forms, ...latinChain])));
  return chain;
}

const halfWidthChains = new WeakMap<readonly Face[], readonly Face[]>();

/** How a Latin stretch's digits are set: `'half-width'` in the Latin face's hwid forms where it has them (half-width.ts). */
export type DigitWidths = 'proportional' | 'half-width';

/**
 * `text` of `role` split by the face that draws each character, its Latin stretches in the Latin
 * face where the role has one (see above), the rest as splitByFace gives it. With `digits`
 * half-width, a stretch's digits and the marks inside its numbers are in the Latin face's
 * half-width forms.
 */
export function splitWithLatin(text: string, set: FaceSet, role: FontRole, bold: boolean, digits: DigitWidths = 'proportional'): FaceRun[] {
  const chain = fontChain(set, role, bold);
  const latin = latinFace(set, role, bold);
  if (!latin || !HAS_LATIN.test(text)) return splitByFace(text, chain);
  const withLatin = latinChain(set, role, bold, latin);
  const forms = digits === 'half-width' ? halfWidthForms(latin) : undefined;
  const halfWidth = forms && halfWidthChain(withLatin, forms);
  const merged: FaceRun[] = [];
  // Neighbouring runs in one face are one run.
  const add = (runs: readonly FaceRun[]) => {
    for (const r of runs) {
      const last = merged[merged.length - 1];
      if (last && last.face === r.face) last.text += r.text;
      else merged.push({ ...r });
    }
  };
  let at = 0;
  for (const m of text.matchAll(LATIN_STRETCH)) {
    if (m.index > at) add(splitByFace(text.slice(at, m.index), chain));
    if (halfWidth) addHalfWidth(m[0], withLatin, halfWidth, add);
    else add(splitByFace(m[0], withLatin));
    at = m.index + m[0].length;
  }
  if (at < text.length) add(splitByFace(text.slice(at), chain));
  return merged;
}

/** A Latin stretch with its digits (and the marks inside its numbers) in the half-width chain, the rest in the Latin chain. */
function addHalfWidth(stretch: string, latin: readonly Face[], halfWidth: readonly Face[], add: (runs: readonly FaceRun[]) => void): void {
  const half = halfWidthCharacters(stretch);
  const chars = [...stretch];
  for (let i = 0; i < chars.length; ) {
    let j = i + 1;
    while (j < chars.length && half[j] === half[i]) j++;
    add(splitByFace(chars.slice(i, j).join(''), half[i] ? halfWidth : latin));
    i = j;
  }
}
