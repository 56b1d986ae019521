/**
 * Half-width digits in the DOCX (src/fonts/half-width.ts). Word and LibreOffice apply no OpenType
 * feature a run could ask for (hwid included), so a run the prepared stage set in a face's
 * half-width forms is written in that face itself, narrowed to half a cell per character by
 * character spacing (w:spacing, whole twips), drawn with the proportional glyphs.
 *
 * One spacing for the whole run, not one per digit: LibreOffice 7.4 adds a run's spacing after
 * each character but its last (measured: 〔2026〕31号 with a run per digit width ended 1.8 pt off
 * the PDF, each run boundary losing up to 0.9 pt), so fewer runs lose less. Word sets the run
 * exactly as wide as the PDF's (to a twentieth of a point per digit); inside it a digit is at most
 * 0.4 pt from its half cell (Noto Serif SC Light's 1 is 472 units, its 0 549, against 500).
 */
import { openFace, ownFace, type Face } from '../../fonts/index.js';

/**
 * The character spacing (twips, after each character) that sets `text`, drawn in `face`'s
 * half-width forms, in its own face at `size` as wide as `half` points per character.
 */
export function halfWidthSpacing(text: string, face: Face, size: number, half: number): number {
  const own = openFace(ownFace(face));
  let natural = 0;
  let count = 0;
  for (const ch of text) {
    natural += (own.advance(ch.codePointAt(0)!) * size) / 1000;
    count++;
  }
  return count === 0 ? 0 : Math.round((20 * (count * half - natural)) / count);
}
