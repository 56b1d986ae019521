/**
 * A font subset under a family name of its own. A word processor knows an embedded font only by
 * its family name: LibreOffice keeps the first font it loads under a name for the whole session,
 * so a second document embedding another subset of "FandolFang R" was drawn with the first one's
 * glyphs (every character the first did not use a missing-glyph box). Word finds an embedded font
 * through the family in its name table, so the table must carry the same name as the document.
 */
import { assemble } from './truetype-subset.js';
import { concatBytes } from '../io/bytes.js';

/** Family (1), unique id (3), full name (4), typographic family (16): these get " TAG". */
const SPACED = new Set([1, 3, 4, 16]);
/** The PostScript name (6) has no spaces: it gets "-TAG". */
const POSTSCRIPT = 6;

/** The font with its family names suffixed by `tag` (ASCII letters), every other table as it was. */
export function renameFamily(font: Uint8Array, tag: string): Buffer {
  if (!/^[A-Za-z0-9]+$/.test(tag)) throw new Error(`bad font name tag ${tag}`);
  const v = view(font);
  const version = v.getUint32(0);
  const tables = new Map<string, Uint8Array>();
  for (let i = 0, n = v.getUint16(4); i < n; i++) {
    const rec = 12 + 16 * i;
    const name = String.fromCharCode(font[rec]!, font[rec + 1]!, font[rec + 2]!, font[rec + 3]!);
    const offset = v.getUint32(rec + 8);
    const length = v.getUint32(rec + 12);
    if (offset + length > font.length) throw new Error('corrupt table directory');
    tables.set(name, font.subarray(offset, offset + length));
  }
  const names = tables.get('name');
  if (!names) return Buffer.from(font);
  tables.set('name', renamedTable(names, tag));
  return assemble(tables, version);
}

/** The name table (format 0 or 1) with the family records suffixed; language tags kept. */
function renamedTable(table: Uint8Array, tag: string): Uint8Array {
  const v = view(table);
  const format = v.getUint16(0);
  const count = v.getUint16(2);
  const storage = v.getUint16(4);
  const langTags = format === 1 ? v.getUint16(6 + 12 * count) : 0;
  const header = 6 + 12 * count + (format === 1 ? 2 + 4 * langTags : 0);
  const strings: Uint8Array[] = [];
  let at = 0;
  const out = new Uint8Array(header);
  out.set(table.subarray(0, header));
  const o = view(out);
  o.setUint16(4, header);
  const store = (bytes: Uint8Array): number => {
    strings.push(bytes);
    const offset = at;
    at += bytes.length;
    return offset;
  };
  for (let i = 0; i < count; i++) {
    const rec = 6 + 12 * i;
    const platform = v.getUint16(rec);
    const id = v.getUint16(rec + 6);
    const start = storage + v.getUint16(rec + 10);
    let bytes = table.subarray(start, start + v.getUint16(rec + 8));
    const suffix = SPACED.has(id) ? ` ${tag}` : id === POSTSCRIPT ? `-${tag}` : '';
    // Platforms 0 and 3 store UTF-16BE; Macintosh encodings all keep ASCII as single bytes.
    if (suffix) bytes = concatBytes([bytes, platform === 0 || platform === 3 ? utf16be(suffix) : Buffer.from(suffix, 'latin1')]);
    o.setUint16(rec + 8, bytes.length);
    o.setUint16(rec + 10, store(bytes));
  }
  for (let i = 0; i < langTags; i++) {
    const rec = 6 + 12 * count + 2 + 4 * i;
    const start = storage + v.getUint16(rec + 2);
    o.setUint16(rec + 2, store(table.subarray(start, start + v.getUint16(rec))));
  }
  return concatBytes([out, ...strings]);
}

const utf16be = (text: string): Uint8Array => {
  const out = new Uint8Array(2 * text.length);
  for (let i = 0; i < text.length; i++) view(out).setUint16(2 * i, text.charCodeAt(i));
  return out;
};


const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
