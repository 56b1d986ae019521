/**
 * Our OpenType reader and TrueType subsetter, checked against fontkit as an independent reader of
 * the same files, and the PDF and DOCX of one export embedding one and the same subset per face.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSource, renderDocument } from '../src/api.js';
import { openFace, resolveFaces, subsetFace, trueTypeSubset, type Face } from '../src/fonts/index.js';
import { OpenTypeFace } from '../src/fonts/opentype.js';
import { renameFamily } from '../src/fonts/rename.js';
import { subsetTrueType } from '../src/fonts/truetype-subset.js';
import { deobfuscate, unzipDocx } from './helpers/docx.js';
import { hasProgram } from './helpers/programs.js';
import { essayPath } from './helpers/seed.js';

const faces = resolveFaces();
const bundled: Face[] = [faces.serif.regular, faces.serif.bold, faces.sans.regular, faces.title.regular, faces.kai.regular, faces.fang.regular];
const reference = (face: Face) => fontkit.create(openFace(face).bytes) as fontkit.Font;

/** Code points to compare: ASCII, Latin-1, CJK punctuation, a slice of the ideographs, full-width forms, and beyond the BMP. */
const SAMPLE = [
  ...range(0x20, 0x17f),
  ...range(0x2000, 0x206f),
  ...range(0x2e80, 0x2eff),
  ...range(0x3000, 0x303f),
  ...range(0x4e00, 0x4fff),
  ...range(0x8800, 0x8a00),
  ...range(0xff00, 0xffef),
  ...range(0x20000, 0x20100),
  0x1f600,
];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** A glyph's outline as fontkit draws it, for comparing a subset glyph with the original. */
const outline = (glyph: fontkit.Glyph): string => glyph.path.toSVG();

describe('OpenTypeFace reads what fontkit reads', () => {
  for (const face of bundled) {
    it(`${face.id}: glyph ids, advances, names and metrics`, () => {
      const ours = openFace(face);
      const theirs = reference(face);
      for (const cp of SAMPLE) {
        const expected = theirs.hasGlyphForCodePoint(cp) ? theirs.glyphForCodePoint(cp).id : 0;
        expect(ours.glyphId(cp), `U+${cp.toString(16)}`).toBe(expected);
        if (expected) expect(ours.tables.advanceOf(expected)).toBe(theirs.getGlyph(expected).advanceWidth);
      }
      expect(ours.family).toBe(theirs.familyName);
      expect(ours.postscriptName).toBe(theirs.postscriptName);
      expect(ours.fullName).toBe(theirs.fullName);
      expect(ours.unitsPerEm).toBe(theirs.unitsPerEm);
      expect(ours.metrics.ascent).toBe(theirs.ascent);
      expect(ours.metrics.descent).toBe(theirs.descent);
      expect(ours.metrics.capHeight).toBe(theirs.capHeight);
      expect(ours.metrics.italicAngle).toBe(theirs.italicAngle);
      expect(ours.metrics.bbox).toEqual({ minX: theirs.bbox.minX, minY: theirs.bbox.minY, maxX: theirs.bbox.maxX, maxY: theirs.bbox.maxY });
    });
  }

  it('refuses what is not a font, and a directory that runs past the end', () => {
    expect(() => new OpenTypeFace(Buffer.from('not a font at all'))).toThrow(/not a TrueType\/OpenType font/);
    const head = Buffer.from(openFace(faces.serif.regular).bytes.subarray(0, 40));
    expect(() => new OpenTypeFace(head)).toThrow(/table directory runs past the end/);
  });
});

describe('TrueType subsets', () => {
  const text = '强化意识，认真履职。“工会”（2026年）Word’s fi ÀÉçñ 𠀾';

  it('draw every character with the original outline and advance, and nothing more', () => {
    for (const face of [faces.serif.regular, faces.kai.regular]) {
      const theirs = reference(face);
      const subset = trueTypeSubset(face, text);
      const font = fontkit.create(subset.bytes) as fontkit.Font;
      const drawn = [...new Set(text)].filter((c) => theirs.hasGlyphForCodePoint(c.codePointAt(0)!));
      for (const ch of drawn) {
        const cp = ch.codePointAt(0)!;
        expect(font.hasGlyphForCodePoint(cp), ch).toBe(true);
        const a = font.glyphForCodePoint(cp);
        const b = theirs.glyphForCodePoint(cp);
        expect(a.id).toBe(subset.glyphOf(cp));
        expect(outline(a), ch).toBe(outline(b));
        expect(a.advanceWidth).toBe(b.advanceWidth);
        expect(subset.widths[a.id]).toBeCloseTo((b.advanceWidth * 1000) / theirs.unitsPerEm, 6);
        expect(subset.codePoints[a.id]).toContain(cp);
      }
      expect(font.numGlyphs).toBeLessThanOrEqual(drawn.length + 1 + 10); // .notdef, and components of composites
      expect(font.familyName).toBe(theirs.familyName);
      expect(subset.bytes.length).toBeLessThan(60_000);
    }
  });

  it('take a family name of their own, every other table unchanged, the file checksum whole (TrueType and CFF)', async () => {
    for (const face of [faces.serif.regular, faces.fang.regular]) {
      const font = await subsetFace(face, text);
      const before = fontkit.create(font) as fontkit.Font;
      const renamed = renameFamily(font, 'QWERTY');
      const after = fontkit.create(renamed) as fontkit.Font;
      expect(after.familyName).toBe(`${before.familyName} QWERTY`);
      expect(after.fullName).toBe(`${before.fullName} QWERTY`);
      expect(after.postscriptName).toBe(`${before.postscriptName}-QWERTY`);
      expect(new OpenTypeFace(renamed).name(1)).toBe(`${openFace(face).family} QWERTY`); // what familyOf reads
      for (const ch of [...new Set(text)]) expect(after.glyphForCodePoint(ch.codePointAt(0)!).id, ch).toBe(before.glyphForCodePoint(ch.codePointAt(0)!).id);
      const tables = (f: Uint8Array) => {
        const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
        return new Map(Array.from({ length: v.getUint16(4) }, (_, i) => {
          const rec = 12 + 16 * i;
          const tag = Buffer.from(f.subarray(rec, rec + 4)).toString('latin1');
          return [tag, Buffer.from(f.subarray(v.getUint32(rec + 8), v.getUint32(rec + 8) + v.getUint32(rec + 12))).toString('hex')] as const;
        }));
      };
      const [was, is] = [tables(font), tables(renamed)];
      expect([...is.keys()]).toEqual([...was.keys()]);
      for (const tag of was.keys()) if (tag !== 'name' && tag !== 'head') expect(is.get(tag), tag).toBe(was.get(tag));
      // The whole file sums to 0xB1B0AFBA (the head's checkSumAdjustment makes it so).
      const v = new DataView(renamed.buffer, renamed.byteOffset, renamed.byteLength);
      let sum = 0;
      for (let i = 0; i < renamed.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
      expect(sum).toBe(0xb1b0afba);
    }
  });

  it('carry the components of composite glyphs, renumbered', () => {
    // LXGW WenKai builds some glyphs (¨ ´ ˊ − ∕) from components; Noto SC has none.
    const face = openFace(faces.kai.regular).tables;
    const composite = range(0x20, 0x3000).filter((cp) => {
      const g = face.glyphId(cp);
      const data = g ? face.glyphData(g) : new Uint8Array();
      return data.length >= 10 && new DataView(data.buffer, data.byteOffset).getInt16(0) < 0;
    });
    expect(composite.length).toBeGreaterThan(0);
    const chars = String.fromCodePoint(...composite.slice(0, 5));
    const subset = trueTypeSubset(faces.kai.regular, chars);
    const font = fontkit.create(subset.bytes) as fontkit.Font;
    const theirs = reference(faces.kai.regular);
    expect(font.numGlyphs).toBeGreaterThan(1 + [...chars].length); // components came along
    for (const ch of chars) expect(outline(font.glyphForCodePoint(ch.codePointAt(0)!))).toBe(outline(theirs.glyphForCodePoint(ch.codePointAt(0)!)));
  });

  it('write a valid file: table checksums and the whole-font checksum add up', () => {
    const { bytes } = trueTypeSubset(faces.sans.regular, text);
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sum = (from: number, length: number) => {
      let s = 0;
      for (let i = from; i < from + length; i += 4) s = (s + v.getUint32(i)) >>> 0;
      return s;
    };
    const n = v.getUint16(4);
    let headAt = -1;
    for (let i = 0; i < n; i++) {
      const rec = 12 + 16 * i;
      const tag = bytes.subarray(rec, rec + 4).toString('latin1');
      const offset = v.getUint32(rec + 8);
      const length = v.getUint32(rec + 12);
      expect(offset % 4).toBe(0);
      if (tag === 'head') headAt = offset;
      else expect(sum(offset, (length + 3) & ~3), tag).toBe(v.getUint32(rec + 4));
    }
    expect(headAt).toBeGreaterThan(0);
    expect(sum(0, bytes.length)).toBe(0xb1b0afba);
  });

  it('refuse a face without TrueType outlines and a glyph list not led by .notdef', () => {
    expect(() => subsetTrueType(openFace(faces.fang.regular).tables, [0, 1], [])).toThrow(/TrueType \(glyf\) outlines/);
    expect(() => subsetTrueType(openFace(faces.serif.regular).tables, [5], [])).toThrow(/\.notdef/);
  });
});

describe('one subset per face for the PDF and the DOCX of an export', () => {
  let pdfFonts: Map<string, string>;
  let docxFonts: Map<string, string>;
  const pikepdf = () => {
    const found = spawnSync('/usr/bin/python3', ['-c', 'import pikepdf'], { encoding: 'utf8' }).status === 0;
    if (!found && process.env.CI) throw new Error('python3-pikepdf is required in CI');
    return found;
  };

  beforeAll(async () => {
    const doc = await loadSource(essayPath);
    const pdf = await renderDocument(doc, 'pdf');
    const docx = await renderDocument(doc, 'docx');
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

    docxFonts = new Map();
    const parts = unzipDocx(docx);
    const table = Buffer.from(parts['word/fontTable.xml']!).toString('utf8');
    const rels = Buffer.from(parts['word/_rels/fontTable.xml.rels']!).toString('utf8');
    for (const m of table.matchAll(/<w:embedRegular r:id="([^"]+)" w:fontKey="([^"]+)"/g)) {
      const target = new RegExp(`Id="${m[1]}"[^>]*Target="([^"]+)"`).exec(rels)![1]!;
      const font = Buffer.from(deobfuscate(parts[`word/${target}`]!, m[2]!));
      // Its PostScript name carries the export's tag (-QWERTY, see the font plan); the PDF's, the subset prefix.
      docxFonts.set((fontkit.create(font) as fontkit.Font).postscriptName.replace(/-[A-Z]{6}$/, ''), sha(font));
    }

    pdfFonts = new Map();
    if (!pikepdf()) return;
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-subset-'));
    writeFileSync(join(dir, 'essay.pdf'), pdf);
    const script = String.raw`
import sys, json, hashlib, pikepdf
pdf = pikepdf.open(sys.argv[1])
out = {}
for obj in pdf.objects:
    if isinstance(obj, pikepdf.Dictionary) and obj.get('/Type') == '/FontDescriptor' and '/FontFile2' in obj:
        name = str(obj.FontName).lstrip('/').split('+', 1)[1]
        out[name] = hashlib.sha256(obj.FontFile2.read_bytes()).hexdigest()
print(json.dumps(out))`;
    const r = spawnSync('/usr/bin/python3', ['-c', script, join(dir, 'essay.pdf')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    pdfFonts = new Map(Object.entries(JSON.parse(r.stdout) as Record<string, string>));
  }, 60_000);

  it('the DOCX embeds every face the PDF does, byte for byte the same font file', () => {
    if (pdfFonts.size === 0) return; // pikepdf missing on a developer machine (never in CI)
    expect([...pdfFonts.keys()].sort()).toEqual(['LXGWWenKai-Regular', 'NotoSansSC-Regular', 'NotoSerifSC-Regular']);
    for (const [name, hash] of pdfFonts) expect(docxFonts.get(name), name).toBe(hash);
  });
});

describe.skipIf(!hasProgram('pdffonts'))('the PDF fonts as poppler sees them', () => {
  it('are embedded subsets with a Unicode map', async () => {
    const pdf = await renderDocument(await loadSource(essayPath), 'pdf');
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-subset-'));
    writeFileSync(join(dir, 'essay.pdf'), pdf);
    const r = spawnSync('pdffonts', [join(dir, 'essay.pdf')], { encoding: 'utf8' });
    const rows = r.stdout.split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBe(3);
    for (const row of rows) expect(row).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });
});
