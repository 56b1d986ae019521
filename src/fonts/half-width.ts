/**
 * Half-width digits (a preset's `digits: 'half-width'`, as 公文 sets them): in real 公文, set in
 * 仿宋_GB2312, every ASCII digit is exactly half a cell, so `2026年12月20日` takes 7 cells and a
 * line holding it can stay on the 28-character grid. Proportional digits (Noto Serif SC Light's
 * are 0.47–0.55 em) cannot. Faces of the Noto CJK family carry the type designer's own half-width
 * forms under the OpenType feature `hwid` (every one 500 units, drawn for that width: not a
 * squashed proportional glyph), and this module offers them as a face of their own: the same file,
 * a character mapped to its hwid glyph. So everything that measures, subsets and encodes a face
 * (layout widths, the font plan, the PDF's glyph ids and ToUnicode map) takes them as it takes any
 * face, and the text extracted from the PDF is still the digits.
 *
 * Which characters: digits, and the marks inside a number (2026-12-20, 28.9%, 1,280, 10:30, 1/3).
 * Latin letters keep their proportional widths: a half-width M or W is squeezed and an i or l
 * padded out, so `https://www.example.org` or `GB/T 9704-2012` read as typewriter text, and they
 * occur in 公文 as names and addresses (a line holding them is flush, if not on the grid); digits,
 * on the other hand, are where a 公文 line meets the grid most (dates, amounts, 〔2026〕12号).
 *
 * Only faces with TrueType outlines (every bundled one): their subsets and encoding are ours. A
 * CFF face (a user's .otf) or one without hwid keeps its proportional digits.
 */
import { openFace, type Face } from './face.js';
import { singleSubstitutions } from './gsub.js';

const forms = new WeakMap<Face, Face | null>();

/** The face of `face`'s half-width forms, or undefined when it has none we can set. */
export function halfWidthForms(face: Face): Face | undefined {
  let known = forms.get(face);
  if (known === undefined) {
    const opened = openFace(face);
    const usable = opened.tables.outlines === 'TrueType' && singleSubstitutions(opened.tables, 'hwid').size > 0;
    known = usable ? { ...face, id: `${face.id}~hwid`, halfWidthOf: face } : null;
    forms.set(face, known);
  }
  return known ?? undefined;
}

/** The face a run is really in: for half-width forms, the face they come from (the DOCX names and embeds that one). */
export const ownFace = (face: Face): Face => face.halfWidthOf ?? face;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
/** Marks that join the digits of one number: 2026-12-20, 28.9, 1,280, 10:30, 1/3. */
const INSIDE_NUMBER = new Set(['.', ',', ':', '/', '-']);

/**
 * Per character of `text` (a stretch of Latin text), whether it is set half-width: a digit, a
 * mark between two digits, a per cent sign after one.
 */
export function halfWidthCharacters(text: string): boolean[] {
  const chars = [...text];
  return chars.map((c, i) => isDigit(c) || (INSIDE_NUMBER.has(c) && isDigit(chars[i - 1]) && isDigit(chars[i + 1])) || (c === '%' && isDigit(chars[i - 1])));
}
