/**
 * The font signature (w:sig) of a font table entry: the OS/2 Unicode-range and code-page bits.
 * Word uses these to decide whether a font can set East Asian text; a CJK font whose signature
 * lacks the GB2312 code page may be passed over for Chinese runs.
 *
 * The bits come from the embedded subset's OS/2 table. Some fonts under-declare (FandolFang's
 * OS/2 has no CJK-ideograph range bit), and hb-subset only keeps bits the source declared, so the
 * bits of the blocks the document actually draws from are added as well.
 */

export interface FontSignature {
  usb: [number, number, number, number];
  csb: [number, number];
  /** The 10 PANOSE bytes as hex, or undefined when the table has none. */
  panose?: string;
}

/** Unicode blocks a Chinese document draws from, with their OS/2 ulUnicodeRange bit. */
const RANGES: ReadonlyArray<[number, number, number]> = [
  [0x0000, 0x007f, 0], // Basic Latin
  [0x0080, 0x00ff, 1], // Latin-1 Supplement
  [0x2000, 0x206f, 31], // General Punctuation (“ ” — …)
  [0x2e80, 0x2fdf, 59], // CJK radicals count with the ideographs
  [0x3000, 0x303f, 48], // CJK Symbols and Punctuation (、。《》「」)
  [0x3040, 0x309f, 49], // Hiragana
  [0x30a0, 0x30ff, 50], // Katakana
  [0x3400, 0x4dbf, 59], // CJK Extension A
  [0x4e00, 0x9fff, 59], // CJK Unified Ideographs
  [0xf900, 0xfaff, 61], // CJK Compatibility Ideographs
  [0xfe30, 0xfe4f, 65], // CJK Compatibility Forms
  [0xff00, 0xffef, 68], // Halfwidth and Fullwidth Forms (，！？：；（）)
  [0x20000, 0x2ffff, 57], // supplementary ideographs are flagged through "non-plane 0"
];

const CODE_PAGE_GB2312 = 18;

/** Reads OS/2 from an sfnt (TrueType or CFF-flavoured OpenType) and adds the bits `text` needs. */
export function fontSignature(sfnt: Uint8Array, text: string | ReadonlySet<number>): FontSignature {
  const view = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
  const usb: [number, number, number, number] = [0, 0, 0, 0];
  const csb: [number, number] = [0, 0];
  let panose: string | undefined;
  const os2 = findTable(view, 'OS/2');
  if (os2 !== undefined) {
    const version = view.getUint16(os2);
    panose = Buffer.from(sfnt.subarray(os2 + 32, os2 + 42)).toString('hex').toUpperCase();
    for (let i = 0; i < 4; i++) usb[i] = view.getUint32(os2 + 42 + 4 * i);
    if (version >= 1) for (let i = 0; i < 2; i++) csb[i] = view.getUint32(os2 + 78 + 4 * i);
  }
  let ideographs = false;
  const codePoints = typeof text === 'string' ? new Set(Array.from(text, (ch) => ch.codePointAt(0)!)) : text;
  for (const cp of codePoints) {
    const range = RANGES.find(([lo, hi]) => cp >= lo && cp <= hi);
    if (!range) continue;
    setBit(usb, range[2]);
    if (range[2] === 59 || range[2] === 57) ideographs = true;
  }
  if (ideographs) csb[0] = (csb[0] | (1 << CODE_PAGE_GB2312)) >>> 0;
  return { usb, csb, ...(panose !== undefined ? { panose } : {}) };
}

function setBit(words: number[], bit: number): void {
  words[bit >> 5] = (words[bit >> 5]! | (1 << (bit & 31))) >>> 0;
}

/** Offset of a table in the sfnt's table directory, or undefined. */
function findTable(view: DataView, tag: string): number | undefined {
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const rec = 12 + 16 * i;
    const name = String.fromCharCode(view.getUint8(rec), view.getUint8(rec + 1), view.getUint8(rec + 2), view.getUint8(rec + 3));
    if (name === tag) return view.getUint32(rec + 8);
  }
  return undefined;
}

/** w:sig attribute values: eight upper-case hex digits each. */
export const hex8 = (n: number): string => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
