/**
 * Footnotes as Word's own (footnotes.xml): the separator and continuation separator notes Word
 * expects (ids -1 and 0), then one note per footnote of the document, numbered by Word in the
 * preset's format: ①②③ restarting on each page (decimalEnclosedCircleChinese, numRestart eachPage)
 * or 1 2 3 through the document.
 */
import type { NoteStyle } from '../../styles/types.js';
import { ordered } from './schema.js';
import { el, NS } from './xml.js';

/** The w:id of the n-th note (0-based): separators take -1 and 0. */
export const noteId = (note: number): number => note + 1;

/** w:footnotePr for settings.xml (with the separators) or sectPr (without). */
export function footnotePrXml(style: NoteStyle, inSettings: boolean): string {
  const circled = style.numbering === 'circled';
  return ordered(
    'w:footnotePr',
    {},
    el('w:pos', { 'w:val': 'pageBottom' }),
    el('w:numFmt', { 'w:val': circled ? 'decimalEnclosedCircleChinese' : 'decimal' }),
    el('w:numStart', { 'w:val': 1 }),
    el('w:numRestart', { 'w:val': circled ? 'eachPage' : 'continuous' }),
    inSettings && el('w:footnote', { 'w:id': -1 }),
    inSettings && el('w:footnote', { 'w:id': 0 }),
  );
}

/** footnotes.xml: the separators, then each note's paragraphs (already written as w:p). */
export function footnotesXml(notes: ReadonlyArray<readonly string[]>): string {
  const separator = (type: string, id: number, mark: string) =>
    el('w:footnote', { 'w:type': type, 'w:id': id }, el('w:p', {}, ordered('w:pPr', {}, el('w:spacing', { 'w:after': 0, 'w:line': 240, 'w:lineRule': 'auto' })), el('w:r', {}, el(mark))));
  return el(
    'w:footnotes',
    { 'xmlns:w': NS.w, 'xmlns:r': NS.r },
    separator('separator', -1, 'w:separator'),
    separator('continuationSeparator', 0, 'w:continuationSeparator'),
    ...notes.map((paragraphs, i) => el('w:footnote', { 'w:id': noteId(i) }, ...paragraphs)),
  );
}
