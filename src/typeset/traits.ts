/**
 * All the segment builder asks about a cluster, in one remembered lookup: its class and what the
 * joint on either side of it needs (line-start and line-end rules, hanzi or Latin letter for
 * CJK–Latin spacing). The builder asks once per cluster and keeps the answers for an atom's first
 * and last cluster, rather than asking the classes again for every joint.
 */
import { cannotEndLine, cannotStartLine, charClass, isAlnum, isCJK, memo, type CharClass } from './classify.js';

const CLASSES: readonly CharClass[] = ['newline', 'space', 'open', 'close', 'middle', 'dash', 'cjk', 'latin'];
const CLASS_MASK = 7;

/** Flags next to the class: cannotStartLine, cannotEndLine, isCJK, isAlnum. */
export const CANNOT_START = 8;
export const CANNOT_END = 16;
export const HANZI = 32;
export const ALNUM = 64;

export const traitsOf = memo(
  Array.from({ length: 128 }, (_, i) => i),
  (g: string): number =>
    CLASSES.indexOf(charClass(g)) |
    (cannotStartLine(g) ? CANNOT_START : 0) |
    (cannotEndLine(g) ? CANNOT_END : 0) |
    (isCJK(g) ? HANZI : 0) |
    (isAlnum(g) ? ALNUM : 0),
);

export const classOf = (traits: number): CharClass => CLASSES[traits & CLASS_MASK]!;

/** The class bits of 'latin'. */
export const LATIN_CLASS = CLASSES.indexOf('latin');
