/**
 * Headline phrasing: a title printed as phrases separated by spaces (强化意识 认真履职 …) breaks
 * only between phrases, into the fewest lines, with the longest line as short as possible. Pure,
 * so that the PDF (which sets the lines) and the DOCX (which only places the breaks and lets the
 * word processor set them) break a title in the same places.
 */

/**
 * The title with '\n' at the chosen breaks between phrases, or undefined when it fits on one
 * line, a phrase alone is wider than the line, or it is not a phrased headline.
 *
 * @param widthOf width of a piece of text in the title's font and size, in points
 */
export function breakBetweenPhrases(text: string, widthOf: (s: string) => number, lineWidth: number): string | undefined {
  const phrases = text.split(/ +/);
  const n = phrases.length;
  // Exhaustive over the 2^(n-1) ways to break: a headline has a handful of phrases.
  if (n < 2 || n > 12) return undefined;
  if (phrases.some((p) => widthOf(p) > lineWidth)) return undefined;
  // A line's width is measured whole, so that the space between its phrases counts as set.
  const widths = new Map<string, number>();
  const lineWidthOf = (line: string): number => {
    let w = widths.get(line);
    if (w === undefined) widths.set(line, (w = widthOf(line)));
    return w;
  };
  let best: { lines: number; longest: number; mask: number } | undefined;
  for (let mask = 0; mask < 1 << (n - 1); mask++) {
    let lines = 1;
    let current = phrases[0]!;
    let longest = 0;
    for (let i = 1; i < n; i++) {
      if (mask & (1 << (i - 1))) {
        longest = Math.max(longest, lineWidthOf(current));
        current = phrases[i]!;
        lines++;
      } else current += ` ${phrases[i]!}`;
    }
    longest = Math.max(longest, lineWidthOf(current));
    if (longest > lineWidth) continue;
    if (!best || lines < best.lines || (lines === best.lines && longest < best.longest)) best = { lines, longest, mask };
  }
  if (!best || best.lines < 2) return undefined;
  const chosen = best;
  return phrases.map((p, i) => (i === 0 ? p : (chosen.mask & (1 << (i - 1)) ? '\n' : ' ') + p)).join('');
}
