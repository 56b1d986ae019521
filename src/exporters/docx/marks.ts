/**
 * Punctuation boxes in the DOCX (see src/typeset/boxes.ts): a mark the face draws narrower than a
 * full-width character (LXGW WenKai's “ ” ‘ ’ ·) gets the missing width as character spacing, which
 * Word and LibreOffice add after a character: after a closing mark itself (its glyph at the left of
 * its box), after the character before an opening mark (its glyph at the right), half on either
 * side of a middle dot. A word processor compresses nothing at a line's start or end, so these
 * marks are as wide there as elsewhere; an opening mark that starts a paragraph has nothing before
 * it to carry its blank (README: DOCX limits).
 */
import { openFace } from '../../fonts/index.js';
import { charClass, isApostrophe, punctuationBox } from '../../typeset/index.js';
import type { DocxRun } from './content.js';

/** Twips of spacing after each character of `runs` beyond the style's `condense`, where a box needs it. */
function extraAfter(chars: ReadonlyArray<{ ch: string; run: DocxRun }>, size: number): number[] {
  const after = new Array<number>(chars.length).fill(0);
  const latin = (k: number) => k >= 0 && k < chars.length && charClass(chars[k]!.ch) === 'latin';
  chars.forEach(({ ch, run }, j) => {
    const cls = charClass(ch);
    if (cls !== 'open' && cls !== 'close' && cls !== 'middle') return;
    if (isApostrophe(ch, latin(j - 1), latin(j + 1))) return;
    const adv = (openFace(run.face).advance(ch.codePointAt(0)!) * size) / 1000;
    const box = punctuationBox(cls, adv, size);
    const before = box.ink;
    const afterMark = box.adv - adv - box.ink;
    if (afterMark > 0) after[j]! += afterMark * 20;
    if (before > 0 && j > 0 && !/[\n\t]/.test(chars[j - 1]!.ch)) after[j - 1]! += before * 20;
  });
  return after;
}

/** Whether a run holds a mark its face draws narrower than a full-width character. */
function hasNarrowMark(run: DocxRun): boolean {
  for (const ch of run.text) {
    const cls = charClass(ch);
    if ((cls === 'open' || cls === 'close' || cls === 'middle') && openFace(run.face).advance(ch.codePointAt(0)!) < 1000) return true;
  }
  return false;
}

/**
 * The runs with every narrow mark's box as character spacing (`spacing`, in twips, the style's
 * grid condensing `condense` included): runs are split where the spacing changes. Runs without
 * such a mark come back as they are.
 */
export function boxMarks(runs: readonly DocxRun[], size: number, condense: number): DocxRun[] {
  const text = (r: DocxRun) => r.note === undefined && !r.image;
  // Nearly every paragraph has no narrow mark: find that out without a list of its characters.
  if (!runs.some((r) => text(r) && hasNarrowMark(r))) return [...runs];
  const chars: Array<{ ch: string; run: DocxRun }> = [];
  for (const run of runs) if (text(run)) for (const ch of run.text) chars.push({ ch, run });
  const after = extraAfter(chars, size);
  if (after.every((t) => t === 0)) return [...runs];
  const out: DocxRun[] = [];
  let k = 0;
  for (const run of runs) {
    if (!text(run)) {
      out.push(run);
      continue;
    }
    let piece = '';
    let spacing = 0;
    const flush = () => {
      if (piece !== '') out.push({ ...run, text: piece, ...(spacing !== 0 ? { spacing: condense + spacing } : {}) });
      piece = '';
    };
    for (const ch of run.text) {
      const s = Math.round(after[k++]!);
      if (s !== spacing) {
        flush();
        spacing = s;
      }
      piece += ch;
    }
    flush();
    spacing = 0;
  }
  return out;
}
