/**
 * Embedded fonts (ECMA-376 Part 1, §17.8.1 and §17.8.3.3): every face the document draws with is
 * subset to the characters it draws, obfuscated with a key, and listed in the font table under
 * its family name, in the regular or bold slot. Keys are GUIDs derived from the subset's bytes,
 * so the same document always gives the same package.
 */
import { fingerprint, toHex } from '../../io/fingerprint.js';
import { OBFUSCATED_LEAD, SharedDeflate } from '../../io/deflate.js';
import { faceKey, fontChain, openFace, type Face, type FaceSet } from '../../fonts/index.js';
import { isTrueType, type FontPlan } from '../../prepare/index.js';
import { fontSignature, type FontSignature } from './signature.js';
import { escapeAttr } from './xml.js';

export type Slot = 'Regular' | 'Bold';

/** A face is set as bold (w:b) only when it really is a bold face, never for a bold fallback to the regular. */
export const isBoldFace = (face: Face): boolean => face.bold && face.boldFallback !== 'regular';

/** The name a run's w:rFonts uses for a face: the family (name ID 1) that the subset keeps. */
export const familyOf = (face: Face): string => openFace(face).family;

export interface EmbeddedFont {
  /** The family name in the subset's name table. */
  family: string;
  slot: Slot;
  /** Font key as written in w:fontKey: {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}. */
  key: string;
  /** The obfuscated subset, stored as word/fonts/<file>; and compressed, for the zip. */
  data: Uint8Array;
  deflated: Uint8Array;
  file: string;
  /** Whether the subset has PostScript (CFF) outlines rather than TrueType ones. */
  cff: boolean;
  signature: FontSignature;
}

export interface FontFamilyEntry {
  /** The name the document and the subsets give the family: its own and the export's tag (see the font plan). */
  family: string;
  /** The face's own family, as familyOf gives it while the parts are written. */
  source: string;
  fonts: EmbeddedFont[];
  signature: FontSignature;
}

/**
 * The faces the document's runs are set in, told apart by file and slot (regular or bold), to be
 * embedded as the subsets of the export's font plan: the very subsets the PDF embeds.
 */
export class FaceUsage {
  private readonly uses = new Map<string, { face: Face; slot: Slot }>();

  constructor(private readonly plan: FontPlan) {}

  add(face: Face): void {
    const slot: Slot = isBoldFace(face) ? 'Bold' : 'Regular';
    const key = `${faceKey(face)}\u0000${slot}`;
    if (!this.uses.has(key)) this.uses.set(key, { face, slot });
  }

  /** The footer's faces: those of its chain that draw something (its text, the page numbers' digits). */
  addFooter(faces: FaceSet, role: Face['role']): void {
    for (const face of fontChain(faces, role, false)) if (this.plan.charactersOf(face).size > 0) this.add(face);
  }

  /** Keys and obfuscates every face used, grouped into font table entries by family. */
  async embed(): Promise<FontFamilyEntry[]> {
    const byFamily = new Map<string, Map<Slot, EmbeddedFont>>();
    const sorted = [...this.uses.values()].sort((a, b) => compare(familyOf(a.face), familyOf(b.face)) || compare(a.slot, b.slot));
    let n = 0;
    for (const { face, slot } of sorted) {
      const family = familyOf(face);
      const slots = byFamily.get(family) ?? new Map<Slot, EmbeddedFont>();
      byFamily.set(family, slots);
      if (slots.has(slot)) continue; // two files claiming one family and slot: the first wins
      const subset = await this.plan.subsetFile(face);
      const key = fontKey(subset);
      const cff = subset.readUInt32BE(0) === 0x4f54544f; // 'OTTO'
      const data = obfuscate(subset, key);
      // A TrueType subset is the one the PDF embeds: both use one compression of it.
      const compressed = isTrueType(face) ? this.plan.compressed(face) : new SharedDeflate(subset);
      const deflated = compressed.raw(data.subarray(0, OBFUSCATED_LEAD));
      slots.set(slot, { family: this.plan.familyName(face), slot, key, data, deflated, file: `font${++n}.odttf`, cff, signature: fontSignature(subset, this.plan.charactersOf(face)) });
    }
    return [...byFamily].map(([source, slots]) => {
      const fonts = [...slots.values()];
      return { family: fonts[0]!.family, source, fonts, signature: mergeSignatures(fonts.map((f) => f.signature)) };
    });
  }
}

/**
 * The parts' font references (w:rFonts) under the names the subsets carry: the parts are written
 * with each face's own family (familyOf), before the export's subsets are made.
 */
export function renameFonts(xml: string, families: readonly FontFamilyEntry[]): string {
  const names = new Map(families.map((f) => [escapeAttr(f.source), escapeAttr(f.family)]));
  return xml.replace(/ w:(ascii|hAnsi|eastAsia|cs)="([^"]*)"/g, (all, attr: string, name: string) => {
    const renamed = names.get(name);
    return renamed === undefined ? all : ` w:${attr}="${renamed}"`;
  });
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A GUID from the font's fingerprint: stable, and different per subset. */
export function fontKey(bytes: Uint8Array): string {
  const h = toHex(fingerprint(bytes)).toUpperCase();
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`;
}

/**
 * §17.8.1: XOR the first 32 bytes of the font with the key's 16 bytes, taken from the GUID
 * string read backwards (the last hex pair is key byte 0). Applying it twice gives the font back.
 */
export function obfuscate(font: Uint8Array, key: string): Uint8Array {
  const hex = key.replace(/[^0-9A-Fa-f]/g, '');
  if (hex.length !== 32) throw new Error(`bad font key ${key}`);
  const k = Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(30 - 2 * i, 32 - 2 * i), 16));
  const out = new Uint8Array(font);
  for (let i = 0; i < 32 && i < out.length; i++) out[i]! ^= k[i % 16]!;
  return out;
}

/** One signature per family: the union of its faces' bits (the panose of the first face). */
function mergeSignatures(sigs: FontSignature[]): FontSignature {
  const first = sigs[0]!;
  const usb = first.usb.map((_, i) => sigs.reduce((acc, s) => (acc | s.usb[i]!) >>> 0, 0)) as FontSignature['usb'];
  const csb = first.csb.map((_, i) => sigs.reduce((acc, s) => (acc | s.csb[i]!) >>> 0, 0)) as FontSignature['csb'];
  return { usb, csb, ...(first.panose !== undefined ? { panose: first.panose } : {}) };
}
