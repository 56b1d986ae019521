/**
 * Text → grapheme clusters, each as one shared string per distinct cluster: the segmenter
 * returns a new string for every cluster, and a long document keeps millions of them (one per
 * placed glyph) until it is drawn.
 */

// Made on first use: creating it loads ICU data (about 10 ms), and text of plain hanzi,
// punctuation and ASCII never needs it (see SIMPLE).
let segmenterInstance: Intl.Segmenter | undefined;
const segmenter = (): Intl.Segmenter => (segmenterInstance ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));

/**
 * Text made only of characters that are a grapheme cluster of their own whatever surrounds them
 * (none is Extend, ZWJ, SpacingMark, Prepend, CR, a regional indicator, Hangul jamo or a
 * surrogate): LF and printable ASCII, the middle dot, general punctuation U+2010–2027 and
 * U+2030–205E, CJK symbols U+3000–3029 and U+3030–303F (not the tone marks U+302A–302F), CJK
 * ideographs U+3400–4DBF and U+4E00–9FFF, and the fullwidth forms U+FF01–FF60.
 */
const SIMPLE = /^[\n\x20-\x7e\u00b7\u2010-\u2027\u2030-\u205e\u3000-\u3029\u3030-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]*$/;

/**
 * Grapheme clusters of `text`. V8's segmenter gets slower per cluster as the string grows
 * (200,000 hanzi took tens of seconds), so it is fed windows of a few thousand code units; each
 * window starts on a cluster boundary and its last, possibly cut, cluster is redone by the next.
 */
export function* graphemes(text: string): Generator<string> {
  if (SIMPLE.test(text)) {
    // Each character is a cluster of its own: no need for the (slow) segmenter.
    for (let i = 0; i < text.length; i++) yield text[i]!;
    return;
  }
  let pos = 0;
  let size = 1024;
  while (pos < text.length) {
    const stop = pos + size;
    if (stop >= text.length) {
      for (const { segment } of segmenter().segment(text.slice(pos))) yield segment;
      return;
    }
    let lastStart = -1;
    let lastText = '';
    const pending: string[] = [];
    for (const { segment, index } of segmenter().segment(text.slice(pos, stop))) {
      if (lastStart >= 0) pending.push(lastText);
      [lastStart, lastText] = [index, segment];
    }
    if (pending.length === 0) {
      size *= 2; // one cluster fills the window: look further
      continue;
    }
    yield* pending;
    pos += lastStart;
  }
}

const clusterStrings = new Map<string, string>();
const MAX_INTERNED = 65536;

/** The shared string for cluster g (g itself once the table is full). */
export function intern(g: string): string {
  const hit = clusterStrings.get(g);
  if (hit !== undefined) return hit;
  if (clusterStrings.size < MAX_INTERNED) clusterStrings.set(g, g);
  return g;
}

/** The shared string of each code unit met, by unit: found without making a string first. */
const unitStrings = new Map<number, string>();

/**
 * Calls `visit` with each grapheme cluster of `text`, interned. Text of single-unit clusters (see
 * SIMPLE), nearly all Chinese text, is read unit by unit: no generator step and no new string per
 * character, which in a cold process (the interpreter) and for the garbage collector add up.
 */
export function forEachCluster(text: string, visit: (cluster: string) => void): void {
  if (!SIMPLE.test(text)) {
    for (const g of graphemes(text)) visit(intern(g));
    return;
  }
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let g = unitStrings.get(unit);
    if (g === undefined) {
      g = intern(text[i]!);
      unitStrings.set(unit, g);
    }
    visit(g);
  }
}
