/** The 公文 preset's measures that the 公文 tests compare with, in points (GB/T 9704-2012, 5.2). */
import { gongwen } from '../../src/styles/gongwen.js';
import { gridPitch } from '../../src/styles/index.js';

export const MM = 72 / 25.4;
/** A PDF position is checked within 0.5 mm, LibreOffice's rendering of the DOCX within 1 mm. */
export const TOL = 0.5 * MM;
export const TOL_LO = 1 * MM;
export const pitch = gridPitch(gongwen)!;
/** One grid line and one character cell of the 22 × 28 grid. */
export const L = pitch.line;
export const CH = pitch.char;
export const { page } = gongwen;
/** The type area (版心). */
export const area = { left: page.margin.left, right: page.width - page.margin.right, top: page.margin.top, bottom: page.height - page.margin.bottom };
