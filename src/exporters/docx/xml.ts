/**
 * The smallest XML writer that is enough for WordprocessingML: escaped text and attributes, and
 * elements built from strings. Output is compact (no indentation), so the same input always gives
 * the same bytes and no white space ever leaks into a w:t.
 */

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Characters XML 1.0 forbids (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/FFFF). */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** Anything escapeText or escapeAttr would change (surrogates: to look for lone ones). */
const SPECIAL = /[&<>"\u0000-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

export function escapeText(text: string): string {
  // Most text and nearly every attribute has nothing to escape: one test instead of four passes.
  if (!SPECIAL.test(text)) return text;
  return text.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

export type Attrs = Record<string, string | number | boolean | undefined>;

/** `<name a="1">children</name>`, or `<name a="1"/>` with no children. Undefined attributes are left out. */
export function el(name: string, attrs: Attrs = {}, ...children: Array<string | false | undefined>): string {
  let open = `<${name}`;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    open += ` ${key}="${escapeAttr(value === true ? 'true' : String(value))}"`;
  }
  const body = children.filter((c): c is string => typeof c === 'string').join('');
  return body === '' ? `${open}/>` : `${open}>${body}</${name}>`;
}

/** Points to twentieths of a point (twips), the unit of most WordprocessingML lengths. */
export const twips = (pt: number): number => Math.round(pt * 20);

/** Points to half-points, the unit of w:sz. */
export const halfPoints = (pt: number): number => Math.round(pt * 2);

export const NS = {
  w: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  rels: 'http://schemas.openxmlformats.org/package/2006/relationships',
  ct: 'http://schemas.openxmlformats.org/package/2006/content-types',
  relType: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
} as const;
