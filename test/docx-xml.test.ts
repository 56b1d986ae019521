import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { el, escapeAttr, escapeText } from '../src/exporters/docx/xml.js';

/** The escapes, a character at a time, as XML 1.0 wants them. */
function plainText(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffe || c === 0xffff || (c >= 0xd800 && c <= 0xdfff)) continue;
    out += ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch;
  }
  return out;
}

const plainAttr = (s: string) => plainText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

const text = fc.string({ unit: fc.constantFrom('甲', 'a', '&', '<', '>', '"', '\t', '\n', '\r', '\u0001', '\ufffe', '\ud800', '\udc00', '😀', '𠀾', ' ') });

describe('XML escapes', () => {
  it('escape exactly what XML needs, and drop what it cannot carry', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(escapeText(s)).toBe(plainText(s));
        expect(escapeAttr(s)).toBe(plainAttr(s));
      }),
      { numRuns: 500 },
    );
  });

  it('writes elements with escaped attributes and no empty body', () => {
    expect(el('w:t', { 'xml:space': 'preserve' }, escapeText('甲&乙'))).toBe('<w:t xml:space="preserve">甲&amp;乙</w:t>');
    expect(el('w:b', { 'w:val': 'a"b' })).toBe('<w:b w:val="a&quot;b"/>');
  });
});
