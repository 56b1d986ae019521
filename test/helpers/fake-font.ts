/**
 * A fake font for line-breaker tests, so that widths are known exactly: CJK and full-width marks
 * 1 em, Latin letters 0.5 em, digits 0.55 em, spaces 0.25 em, combining marks 0.
 */
export const EM = 10;

export function fakeMeasure(text: string, _font: string, size: number): number {
  let w = 0;
  for (const c of text) {
    if (c === ' ') w += 0.25;
    else if (/\p{M}/u.test(c)) w += 0;
    else if (/[0-9]/.test(c)) w += 0.55;
    else if (/[A-Za-z]/.test(c)) w += 0.5;
    else if (c.codePointAt(0)! < 0x2000) w += 0.5; // other ASCII/Latin-1
    else w += 1; // CJK, full-width marks, dashes
  }
  return w * size;
}
