/**
 * Heading identifiers, for links to a heading (`[见第一节](#一总体要求)`): `{#id}` as written, else
 * pandoc's automatic identifier, so that a source written for pandoc links the same way here.
 */
import type { Block, Heading } from '../model/index.js';
import { inlineText } from '../model/text.js';

/**
 * pandoc's auto_identifiers: the heading's text without formatting or notes; every character but
 * letters, digits, `_`, `-` and `.` removed, spaces and line breaks as hyphens, lower case,
 * nothing before the first letter; `section` when nothing is left. A repeated identifier gets
 * `-1`, `-2` …
 */
export function autoIdentifier(text: string): string {
  const kept = text
    .replace(/[\s]+/gu, '-')
    .replace(/[^\p{L}\p{N}\p{M}_.-]/gu, '')
    .toLowerCase();
  const first = kept.search(/\p{L}/u);
  return first < 0 ? 'section' : kept.slice(first);
}

/** Gives every heading without `{#id}` its automatic identifier, in document order; returns every heading's id. */
export function headingIds(blocks: readonly Block[]): Set<string> {
  const headings: Heading[] = [];
  const walk = (list: readonly Block[]): void => {
    for (const b of list) {
      if (b.type === 'heading') headings.push(b);
      else if (b.type === 'blockquote') walk(b.children);
      else if (b.type === 'list') for (const item of b.items) walk(item.children);
    }
  };
  walk(blocks);
  const ids = new Set<string>(headings.flatMap((h) => (h.id ? [h.id] : [])));
  for (const h of headings) {
    if (h.id) continue;
    const base = autoIdentifier(inlineText(h.children));
    let id = base;
    for (let n = 1; ids.has(id); n++) id = `${base}-${n}`;
    h.id = id;
    ids.add(id);
  }
  return ids;
}
