/**
 * Chinese line breaking and justification (clreq "basic" level), pure and font-agnostic.
 *
 * The PDF exporter calls `layoutParagraph` once per paragraph, heading or list item with the
 * text split into styled runs and a measuring callback, and draws each returned glyph at
 * `left margin + glyph.origin` (see `PlacedGlyph` for why origin and x can differ). The DOCX
 * exporter leaves line breaking to the word processor and does not use this module.
 *
 * Pipeline: atoms.ts turns runs into boxes and joints (glue + break penalty) per hard-break
 * segment (segment.ts), breaker.ts picks the breaks by total fit, place.ts positions each line.
 *
 * Guarantees, whatever the input:
 * - the `text` of all glyphs of all lines, concatenated, is the input text minus white space
 *   at line edges (at breaks, at the paragraph's start and end, around a hard break) and minus
 *   the hard breaks (\n, \r\n, U+2028, U+2029) themselves;
 * - no line starts with a closing mark or ends with an opening one, —— and …… and Latin words
 *   are not split, unless the text leaves no other way to fit (a run wider than the line is
 *   cut by character; a chain of marks wider than the line is broken where it must);
 * - non-final lines of a justified paragraph end exactly at `width` when they contain anything
 *   to stretch (a line holding a single word is left as is, `justified: false`).
 */
import { buildSegments } from './atoms.js';
import { breakLines, breakParams, formLineShort } from './breaker.js';
import { Metrics } from './metrics.js';
import { placeLine } from './place.js';
import type { LayoutOptions, Line, Measure, StyledRun } from './types.js';

export type { Align, LayoutOptions, Line, Measure, PlacedGlyph, StyledRun, Work } from './types.js';
export { breakBetweenPhrases } from './balance.js';
export { contentWidths, type ContentWidths } from './widths.js';
export { breakTitle } from './titles.js';
export { isApostrophe, punctuationBox, type MarkBox } from './boxes.js';
export {
  cannotEndLine, cannotStartLine, charClass, isAlnum, isCJK, isClosing, isDash, isHardBreak,
  isMiddleDot, isOpening, isSpace, mayBreakBetween, type CharClass,
} from './classify.js';

export function layoutParagraph(runs: readonly StyledRun[], measure: Measure, options: LayoutOptions): Line[] {
  // A negative indent hangs the first line out to the left (附件：1. over the names it aligns).
  const indent = Math.max(-Math.max(0, options.width), options.firstIndent ?? 0);
  const width = Math.max(0, options.width);
  const firstWidth = Math.max(0, width - indent);
  const avoidRunt = options.avoidRunt ?? options.align === 'justify';
  if (runs.every((r) => r.text.length === 0)) return [];

  const lines: Line[] = [];
  const work = options.work;
  const segments = buildSegments(runs, measure, options.em, firstWidth, work, options.gridScale ?? 1);
  for (const [s, seg] of segments.entries()) {
    const first = s === 0;
    if (seg.length === 0) {
      // an empty line between two hard breaks, or after a trailing one
      lines.push({ glyphs: [], width: 0, justified: false, indent: first ? indent : 0 });
      continue;
    }
    // The indent already marks a paragraph's start, so an opening mark there keeps its full
    // width (clreq's usual choice); at every other line start it loses its leading blank.
    const m = new Metrics(seg, first && indent > 0, options.align === 'justify');
    const ends = breakLines(seg, m, breakParams(first ? firstWidth : width, width, options.align === 'justify', avoidRunt, options.em, options.grid), work);
    let a = 0;
    for (const b of ends) {
      const lineIndent = first && a === 0 ? indent : 0;
      const target = width - lineIndent;
      lines.push(placeLine(seg, m, a, b, {
        indent: lineIndent,
        target,
        align: options.align,
        // A form's line that its separators cannot fill is set short, as the breaker rated it.
        last: b === seg.length || (options.align === 'justify' && formLineShort(seg, m, a, b, target)),
      }));
      if (work) work.ops += b - a;
      a = b;
    }
  }
  return lines;
}
