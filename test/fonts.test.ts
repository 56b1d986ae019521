import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { WenshuError } from '../src/errors.js';
import {
  FONT_ROLES,
  characterSet,
  checkCoverage,
  clearFaceCache,
  extractFace,
  findMissingGlyphs,
  fontChain,
  isCollection,
  loadManifest,
  openFace,
  openedFaceKeys,
  packageRoot,
  resolveAsset,
  resolveFaces,
  resolveFontFile,
  sharedGlyphs,
  splitByFace,
  subsetFace,
  type FaceSet,
} from '../src/fonts/index.js';

const single = (f: fontkit.Font | fontkit.FontCollection): fontkit.Font => {
  if ('fonts' in f) throw new Error('expected a single font');
  return f;
};

let faces: FaceSet;
beforeAll(() => {
  faces = resolveFaces();
});

describe('manifest', () => {
  const manifest = loadManifest();

  it('lists every bundled face once', () => {
    expect(manifest.faces.map((e) => e.id).sort()).toEqual(['fang', 'kai', 'kai-bold', 'latin', 'sans', 'sans-bold', 'serif', 'serif-bold', 'title']);
  });

  it.each(loadManifest().faces.map((e) => [e.id, e] as const))('%s: file, SHA-256, names, licence', (_id, entry) => {
    const path = resolveFontFile(entry);
    const bytes = readFileSync(path);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
    const font = single(fontkit.create(bytes));
    expect(font.postscriptName).toBe(entry.postscriptName);
    expect(font.familyName).toBe(entry.family);
    expect(String(font.version).trim()).toBe(entry.version);
    expect(entry.license).toMatch(/^(OFL-1\.1|GPL-3\.0-only WITH Font-exception-2\.0)$/);
    expect(existsSync(resolveAsset(entry.licenseFile))).toBe(true);
    if (!entry.file.startsWith('npm:')) expect(entry.file).toMatch(/^fonts\/[^/]+\.(ttf|otf)$/);
  });

  it('finds the package root from src/', () => {
    expect(existsSync(join(packageRoot(), 'package.json'))).toBe(true);
  });
});

describe('resolveFaces', () => {
  it('gives every role a regular and a bold face, without reading any', () => {
    clearFaceCache();
    const set = resolveFaces();
    expect(openedFaceKeys()).toEqual([]);
    const ps = Object.fromEntries(FONT_ROLES.map((r) => [r, [openFace(set[r].regular).postscriptName, openFace(set[r].bold).postscriptName]]));
    expect(ps).toEqual({
      serif: ['NotoSerifSC-Regular', 'NotoSerifSC-Bold'],
      sans: ['NotoSansSC-Regular', 'NotoSansSC-Bold'],
      kai: ['LXGWWenKai-Regular', 'LXGWWenKai-Bold'],
      fang: ['FandolFang-Regular', 'NotoSansSC-Bold'],
      title: ['NotoSerifSC-Black', 'NotoSerifSC-Black'],
      latin: ['NotoSerifSC-Light', 'NotoSerifSC-Light'],
    });
    expect(set.fang.bold.boldFallback).toBe('substitute');
    expect(set.title.bold.boldFallback).toBe('regular');
    expect(set.kai.bold.boldFallback).toBeUndefined();
  });

  it('opens each file once', () => {
    const a = openFace(faces.serif.regular);
    const b = openFace(resolveFaces().serif.regular);
    expect(b.tables).toBe(a.tables);
    expect(a.unitsPerEm).toBe(1000);
    expect(a.advance(0x6c38)).toBe(1000); // 永 is one em wide
    expect(a.bytes.length).toBeGreaterThan(1_000_000);
  });

  it('reports a missing override file with its path', () => {
    const run = () => resolveFaces({ fang: { path: 'no/such/仿宋_GB2312.ttf' } }, '/tmp', 'doc.md');
    expect(run).toThrow(WenshuError);
    try {
      run();
    } catch (e) {
      const err = e as WenshuError;
      expect(err.kind).toBe('input');
      expect(err.diagnostics[0]).toMatchObject({ file: 'doc.md' });
      expect(err.message).toContain('fonts.fang: font file "no/such/仿宋_GB2312.ttf" not found (looked for /tmp/no/such/仿宋_GB2312.ttf)');
    }
  });

  it('rejects a file that is not a font when it is opened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-fonts-'));
    writeFileSync(join(dir, 'bad.ttf'), 'not a font at all');
    const set = resolveFaces({ kai: { path: 'bad.ttf' } }, dir);
    expect(() => openFace(set.kai.regular)).toThrow(/fonts\.kai: "bad\.ttf" is not a TrueType\/OpenType font/);
    expect(set.kai.bold.boldFallback).toBe('regular');
    writeFileSync(join(dir, 'web.woff2'), 'wOF2');
    expect(() => resolveFaces({ kai: { path: 'web.woff2' } }, dir)).toThrow('fonts.kai: "web.woff2" is not a .ttf, .otf, .ttc or .otc file');
    expect(() => resolveFaces({ kai: { path: 'x.ttf', bold: { path: 'nope-bold.ttf' } } }, dir)).toThrow(/fonts\.kai: font file "x\.ttf" not found/);
    writeFileSync(join(dir, 'x.ttf'), '');
    expect(() => resolveFaces({ kai: { path: 'x.ttf', bold: { path: 'nope-bold.ttf' } } }, dir)).toThrow(/fonts\.kai\.bold: font file "nope-bold\.ttf" not found/);
    expect(() => openFace(resolveFaces({ kai: 'x.ttf' as never }, dir).kai.regular)).toThrow(WenshuError);
    expect(() => openFace(resolveFaces({ kai: { path: 'x.ttf' } }, dir).kai.regular)).toThrow(/fonts\.kai: "x\.ttf" is not a TrueType/);
  });

  it('uses a user font relative to the source folder, and rejects a face a single font lacks', () => {
    const set = resolveFaces({ fang: { path: 'fonts/FandolFang-Regular.otf', face: 0 }, sans: { path: 'fonts/FandolFang-Regular.otf', face: 3 } }, packageRoot());
    expect(openFace(set.fang.regular).postscriptName).toBe('FandolFang-Regular');
    expect(() => openFace(set.sans.regular)).toThrow(
      'fonts.sans: "fonts/FandolFang-Regular.otf" has no face 3; it is a single font, its only face is: 0 FandolFang-Regular (FandolFang R)',
    );
  });
});

/** A font collection (.ttc) of the given standalone fonts, built by hand for the tests. */
function buildCollection(fonts: Buffer[]): Buffer {
  const dirs = fonts.map((f) => ({ f, n: f.readUInt16BE(4) }));
  let at = 12 + 4 * fonts.length;
  const dirAt = dirs.map((d) => {
    const here = at;
    at += 12 + 16 * d.n;
    return here;
  });
  const parts: Buffer[] = [];
  const header = Buffer.alloc(at);
  header.write('ttcf', 0, 'latin1');
  header.writeUInt32BE(0x00010000, 4);
  header.writeUInt32BE(fonts.length, 8);
  dirs.forEach((d, i) => {
    const base = dirAt[i]!;
    header.writeUInt32BE(base, 12 + 4 * i);
    d.f.copy(header, base, 0, 12);
    for (let t = 0; t < d.n; t++) {
      const rec = 12 + 16 * t;
      const off = d.f.readUInt32BE(rec + 8);
      const len = d.f.readUInt32BE(rec + 12);
      d.f.copy(header, base + rec, rec, rec + 8);
      header.writeUInt32BE(at, base + rec + 8);
      header.writeUInt32BE(len, base + rec + 12);
      const data = Buffer.alloc((len + 3) & ~3);
      d.f.copy(data, 0, off, off + len);
      parts.push(data);
      at += data.length;
    }
  });
  return Buffer.concat([header, ...parts]);
}

describe('font collections', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wenshu-ttc-'));
    const a = await subsetFace(faces.serif.regular, '永角');
    const b = await subsetFace(faces.sans.regular, '永角');
    writeFileSync(join(dir, 'pair.ttc'), buildCollection([a, b]));
  });

  it('opens a face by index, PostScript name or family name', () => {
    const set = resolveFaces(
      { kai: { path: 'pair.ttc', face: 1 }, fang: { path: 'pair.ttc', face: 'NotoSerifSC-Regular' }, title: { path: 'pair.ttc', face: 'noto sans sc' } },
      dir,
    );
    expect(isCollection(readFileSync(join(dir, 'pair.ttc')))).toBe(true);
    const kai = openFace(set.kai.regular);
    expect(kai.postscriptName).toBe('NotoSansSC-Regular');
    expect(kai.index).toBe(1);
    expect(isCollection(kai.bytes)).toBe(false);
    expect(single(fontkit.create(kai.bytes)).hasGlyphForCodePoint(0x6c38)).toBe(true);
    expect(openFace(set.fang.regular).index).toBe(0);
    expect(openFace(set.title.regular).postscriptName).toBe('NotoSansSC-Regular');
    expect(extractFace(readFileSync(join(dir, 'pair.ttc')), 0).length).toBeLessThan(readFileSync(join(dir, 'pair.ttc')).length);
  });

  it('names the faces available when the requested one is missing', () => {
    const set = resolveFaces({ fang: { path: 'pair.ttc', face: 'FangSong_GB2312' }, kai: { path: 'pair.ttc', face: 2 } }, dir);
    const faceList = 'faces available: 0 NotoSerifSC-Regular (Noto Serif SC Regular); 1 NotoSansSC-Regular (Noto Sans SC Regular)';
    expect(() => openFace(set.fang.regular)).toThrow(`fonts.fang: "pair.ttc" has no face named "FangSong_GB2312"; ${faceList}`);
    expect(() => openFace(set.kai.regular)).toThrow(`fonts.kai: "pair.ttc" has no face 2; ${faceList}`);
  });
});

describe('coverage', () => {
  const span = (line: number, column: number) => ({ start: { line, column, offset: 0 }, end: { line, column, offset: 0 } });

  it('lists each missing character with code point and position', () => {
    const text = '第一行\n有𠀾字😀\uFE0F，又𠀾';
    const items = [
      { text: '标题', span: span(2, 8), faces: fontChain(faces, 'title') },
      { text, span: span(5, 3), faces: fontChain(faces, 'serif') },
    ];
    const diags = findMissingGlyphs(items, 'essay.md');
    expect(diags).toHaveLength(2);
    expect(diags[0]).toMatchObject({ file: 'essay.md', line: 6, column: 2, code: 'missing-glyph', severity: 'error' });
    expect(diags[0]!.message).toBe('no font has a glyph for 「𠀾」 U+2003E (tried Noto Serif SC Regular); 1 more time after this');
    expect(diags[1]).toMatchObject({ file: 'essay.md', line: 6, column: 4 }); // columns count code points: 𠀾 is one
    expect(diags[1]!.message).toContain('「😀」 U+1F600');
    try {
      checkCoverage(items, 'essay.md');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WenshuError);
      expect((e as WenshuError).kind).toBe('input');
      expect((e as WenshuError).message.split('\n')[0]).toMatch(/^essay\.md:6:2: no font has a glyph for 「𠀾」 U\+2003E/);
    }
  });

  it('ignores white space, variation selectors and joiners, and works without a span', () => {
    expect(() => checkCoverage([{ text: ' 永\u3000\u200D角\uFE00\t\n', faces: fontChain(faces, 'sans') }])).not.toThrow();
    const [d] = findMissingGlyphs([{ text: '😀', faces: fontChain(faces, 'sans') }]);
    expect(d).toEqual({ message: expect.stringContaining('U+1F600'), code: 'missing-glyph', severity: 'error' });
  });

  it('falls back to serif for characters the role font lacks; LXGW WenKai draws 𠀾 itself', () => {
    const fang = fontChain(faces, 'fang');
    expect(fang.map((f) => f.id)).toEqual(['fang', 'serif']);
    expect(splitByFace('角⻆角', fang).map((r) => [r.text, r.face.id])).toEqual([
      ['角', 'fang'],
      ['⻆', 'serif'],
      ['角', 'fang'],
    ]);
    expect(findMissingGlyphs([{ text: '𠀾', faces: fontChain(faces, 'kai') }])).toEqual([]);
    expect(findMissingGlyphs([{ text: '😀', faces: fontChain(faces, 'kai') }])).toHaveLength(1);
  });

  it('the essay is fully covered by every role, regular and bold', () => {
    const path = join(packageRoot(), 'content', 'essay.md');
    if (!existsSync(path)) return;
    const text = readFileSync(path, 'utf8');
    for (const role of FONT_ROLES) for (const bold of [false, true]) expect(findMissingGlyphs([{ text, faces: fontChain(faces, role, bold) }]), `${role} ${bold}`).toEqual([]);
  });

  it('Noto maps both 角 U+89D2 and the radical ⻆ U+2EC6, to the same glyph', () => {
    for (const face of [faces.serif.regular, faces.sans.regular, faces.title.regular]) {
      // fontkit, as an independent reader of the same file.
      const font = fontkit.create(openFace(face).bytes) as fontkit.Font;
      expect(openFace(face).glyphId(0x2ec6)).toBe(font.glyphForCodePoint(0x2ec6).id);
      expect(font.hasGlyphForCodePoint(0x89d2)).toBe(true);
      expect(font.hasGlyphForCodePoint(0x2ec6)).toBe(true);
      expect(font.glyphForCodePoint(0x2ec6).id).toBe(font.glyphForCodePoint(0x89d2).id);
    }
    expect(sharedGlyphs(faces.serif.regular, '角色⻆，又角')).toEqual([[0x89d2, 0x2ec6]]);
    expect(sharedGlyphs(faces.serif.regular, '角色')).toEqual([]);
    expect(openFace(faces.fang.regular).hasGlyph(0x89d2)).toBe(true);
    expect(openFace(faces.fang.regular).hasGlyph(0x2ec6)).toBe(false);
  });
});

describe('subsetFace', () => {
  // ~600 distinct common hanzi (the ones FandolFang, a GB2312-sized font, has) plus punctuation.
  const fang = () => openFace(faces.fang.regular);
  const sample = (): string => {
    let s = '，。、；：？！“”‘’（）《》——……0123456789';
    for (let cp = 0x4e00, n = 0; n < 600; cp += 7) if (fang().hasGlyph(cp)) (s += String.fromCodePoint(cp)), n++;
    return s;
  };

  it('keeps the requested characters and is much smaller', async () => {
    const text = sample();
    for (const face of [faces.serif.regular, faces.fang.regular, faces.kai.regular]) {
      const t0 = performance.now();
      const sub = await subsetFace(face, text);
      const ms = performance.now() - t0;
      const font = single(fontkit.create(sub));
      for (const ch of characterSet(text)) expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(true);
      expect(font.familyName).toBe(openFace(face).family);
      const original = openFace(face).bytes.length;
      expect(sub.length).toBeLessThan(original / 10);
      console.log(`subset ${face.id}: ${characterSet(text).length} chars, ${original} → ${sub.length} bytes in ${ms.toFixed(0)} ms`);
    }
  });

  it('depends on the face and the set of characters it draws, not their order or repeats', async () => {
    const a = await subsetFace(faces.sans.regular, '永角永');
    // The same characters in another order, with a newline the face has no glyph for: the same subset.
    expect(Buffer.compare(await subsetFace(faces.sans.regular, '角\n永'), a)).toBe(0);
    expect(Buffer.compare(await subsetFace(faces.sans.bold, '角永'), a)).not.toBe(0);
    expect(Buffer.compare(await subsetFace(faces.sans.regular, '角永一'), a)).not.toBe(0);
  });
});
