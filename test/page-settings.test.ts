import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSource, parseSource, renderDocument, resolvePreset } from '../src/api.js';
import { applyPage, presets } from '../src/styles/index.js';
import { mm } from '../src/styles/types.js';
import { tempDir, wenshu } from './helpers/cli.js';
import { attr, partText, unzipDocx } from './helpers/docx.js';
import { asyncErrorOf, errorOf } from './helpers/errors.js';
import { linesOf, readPdf } from './helpers/pdf.js';

const body = Array.from({ length: 30 }, (_, i) => `第${i + 1}段。工会工作要适应新形势、完成新任务、实现新发展，更好地服务职工群众，做好维权帮扶、困难救助和文体活动等日常工作。`).join('\n\n');
const source = (front: string) => `---\ntitle: 通知\n${front}---\n${body}\n`;
const twips = (mmValue: number) => String(Math.round(mm(mmValue) * 20));

describe('page: settings', () => {
  it('sets paper, margins, body size and pitch; sizes and spaces follow the body and pitch', () => {
    const base = presets.handout!;
    const p = applyPage(base, { size: { width: 148, height: 210 }, margins: { top: 15, left: 16 }, body: 10.5, pitch: 18 });
    expect([p.page.width, p.page.height]).toEqual([mm(148), mm(210)]);
    expect(p.page.margin).toEqual({ top: mm(15), right: base.page.margin.right, bottom: base.page.margin.bottom, left: mm(16) });
    expect([p.body.size, p.body.lineHeight]).toEqual([10.5, 18]);
    // 22 pt title × 10.5/12 = 19.25, to the half point; a heading's 24 pt line × 18/21.
    expect(p.title.size).toBe(19.5);
    expect(p.headings[0]!.lineHeight).toBeCloseTo((24 * 18) / 21, 6);
    expect(p.headings[0]!.spaceBefore).toBeCloseTo((12 * 18) / 21, 6);
    expect(applyPage(base, {})).toBe(base);
  });

  it('keeps the 公文 grid whole: lines and characters fill the new type area exactly', () => {
    const g = applyPage(presets.gongwen!, { margins: { top: 30, bottom: 30 } });
    const typeHeight = g.page.height - g.page.margin.top - g.page.margin.bottom;
    const typeWidth = g.page.width - g.page.margin.left - g.page.margin.right;
    expect(g.grid!.linesPerPage * g.grid!.linePitch!).toBeCloseTo(typeHeight, 6);
    expect(g.grid!.charsPerLine * g.grid!.charPitch!).toBeCloseTo(typeWidth, 6);
    expect(g.grid!.linesPerPage).toBe(23); // 237 mm of 28.99 pt lines: 23.17, so 23 of 29.21 pt
    expect(g.grid!.linePitch).toBeCloseTo(mm(237) / 23, 6);
    // Every style stays on whole grid lines.
    for (const s of [g.body, g.title, ...g.headings, g.byline]) expect((s.lineHeight / g.grid!.linePitch!) % 1).toBeCloseTo(0, 6);
    expect(g.byline.spaceBefore).toBeCloseTo(g.grid!.linePitch!, 6);
    // A pitch that does not fill the type area with whole lines is refused with the ones that would.
    expect(() => applyPage(presets.gongwen!, { pitch: 30 })).toThrow(/must fill the type area \(225 mm high\): 30 pt gives 21.26 lines; use 30.37 pt \(21 lines\) or 28.99 pt \(22 lines\)/);
    expect(() => applyPage(presets.gongwen!, { body: 16, pitch: 15 })).toThrow(/too tight/);
  });

  it('PDF and DOCX agree on the page: A5 from front matter, margins in mm', async () => {
    const doc = parseSource(source('page:\n  size: A5\n  margins: { top: 18, right: 16, bottom: 20, left: 16 }\n  body: 五号\n  pitch: 18 pt\n'));
    const pdf = await readPdf(await renderDocument(doc, 'pdf'));
    expect(pdf.pages[0]!.width).toBeCloseTo(mm(148), 2);
    expect(pdf.pages[0]!.height).toBeCloseTo(mm(210), 2);
    const lines = linesOf(pdf.pages[1]!.glyphs);
    // Body lines 18 pt apart at 10.5 pt, starting 16 mm from the left edge.
    expect(lines[1]![0]!.y - lines[0]![0]!.y).toBeCloseTo(18, 1);
    expect(lines[1]![0]!.size).toBeCloseTo(10.5, 2);
    expect(Math.min(...lines.map((l) => l[0]!.x))).toBeCloseTo(mm(16), 1);
    const xml = partText(unzipDocx(await renderDocument(doc, 'docx')), 'word/document.xml');
    expect(attr(xml, 'w:pgSz', 'w:w')).toBe(twips(148));
    expect(attr(xml, 'w:pgSz', 'w:h')).toBe(twips(210));
    expect([attr(xml, 'w:pgMar', 'w:top'), attr(xml, 'w:pgMar', 'w:right'), attr(xml, 'w:pgMar', 'w:bottom'), attr(xml, 'w:pgMar', 'w:left')]).toEqual([twips(18), twips(16), twips(20), twips(16)]);
  });

  it('refuses bad page settings at their file, line and column', async () => {
    const bad = (front: string) => errorOf(() => parseSource(source(front), 'a.md')).message;
    expect(bad('page:\n  size: A7\n')).toBe("a.md:4:9: 'page.size' must be A4, A5, B5, 16开, Letter or width × height in mm (each 50 to 1000), such as 148 × 210");
    expect(bad('page:\n  margin: 20\n')).toBe("a.md:4:3: unknown key 'margin' in 'page' (did you mean 'margins'?)");
    expect(bad('page:\n  body: 大号\n')).toMatch(/^a\.md:4:9: 'page\.body' must be a length from 5 to 72 pt \(or a 字号 such as 五号\)/);
    // A setting the preset cannot take is refused where `page:` is written.
    const doc = parseSource(source('preset: gongwen\npage:\n  pitch: 20\n'), 'g.md');
    expect((await asyncErrorOf(renderDocument(doc, 'pdf'))).message).toMatch(/^g\.md:4:1: 'page\.pitch' on a line grid \(公文\) the lines must fill the type area/);
  });
});

describe('own presets', () => {
  it('a YAML file extends a built-in preset, named from front matter or wenshu.yaml (paths relative to the file naming it)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'styles'));
    writeFileSync(join(dir, 'styles', 'house.yaml'), "extends: handout\ndescription: 工会简报\npage:\n  size: 176 × 250\n  margins: 20\n  body: 10.5\nfooter: '— {n} —'\n");
    writeFileSync(join(dir, 'a.md'), source('preset: styles/house.yaml\npage:\n  margins: { left: 25 }\n'));
    const doc = await loadSource(join(dir, 'a.md'));
    const preset = resolvePreset(undefined, doc);
    expect(preset.name).toBe('house');
    expect(preset.page.width).toBeCloseTo(mm(176), 6);
    // The source's own page: goes over the preset file's.
    expect(preset.page.margin).toEqual({ top: mm(20), right: mm(20), bottom: mm(20), left: mm(25) });
    const pdf = await readPdf(await renderDocument(doc, 'pdf'));
    expect(pdf.pages[0]!.height).toBeCloseTo(mm(250), 2);
    expect(pdf.pages[0]!.artifacts).toContain('— 1 —');
    expect(linesOf(pdf.pages[0]!.glyphs)[3]![0]!.size).toBeCloseTo(10.5, 2);

    // From wenshu.yaml in another folder: the path is the config file's.
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'wenshu.yaml'), 'preset: ../styles/house.yaml\npage:\n  size: A5\n');
    writeFileSync(join(dir, 'docs', 'b.md'), source(''));
    const b = await loadSource(join(dir, 'docs', 'b.md'));
    expect(resolvePreset(undefined, b).page.width).toBeCloseTo(mm(148), 6);
    const r = wenshu(['export', join(dir, 'docs', 'b.md'), '--to', 'pdf', '-o', dir, '-q']);
    expect(r.stderr).toBe('');
    expect((await readPdf(readFileSync(join(dir, 'b.pdf')))).pages[0]!.width).toBeCloseTo(mm(148), 2);
    // And on the command line, from the working folder.
    const c = wenshu(['export', join(dir, 'docs', 'b.md'), '--preset', 'styles/house.yaml', '--no-config', '--to', 'pdf', '-o', join(dir, 'c'), '-q'], { cwd: dir });
    expect(c.stderr).toBe('');
    expect((await readPdf(readFileSync(join(dir, 'c', 'b.pdf')))).pages[0]!.width).toBeCloseTo(mm(176), 2);
  });

  it('reports a bad preset file with its own lines and columns, and refuses what it cannot take', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), 'extends: handot\npage:\n  margins: { top: 20, botom: 3 }\nfooter: 第页\n');
    writeFileSync(join(dir, 'a.md'), source('preset: bad.yaml\n'));
    const r = wenshu(['export', join(dir, 'a.md'), '-o', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`bad.yaml:1:10: 'extends' must be the name of a built-in preset: handout, handout-a5, gongwen`);
    expect(r.stderr).toContain(`bad.yaml:3:12: unknown key 'botom' in 'page.margins' (did you mean 'bottom'?)`);
    expect(r.stderr).toContain("bad.yaml:4:9: 'footer' must contain {n}");
    expect(r.stderr).not.toMatch(/at .*\.js/); // no stack
    writeFileSync(join(dir, 'tight.yaml'), 'extends: gongwen\npage:\n  pitch: 31\n');
    writeFileSync(join(dir, 'b.md'), source('preset: tight.yaml\n'));
    const t = wenshu(['export', join(dir, 'b.md'), '-o', dir]);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/tight\.yaml:2:1: 'page\.pitch' on a line grid \(公文\) the lines must fill the type area/);
    const missing = wenshu(['export', join(dir, 'b.md'), '--preset', 'nope.yaml', '-o', dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: nope.yaml: no such preset file\n');
  });
});

describe('handout-a5', () => {
  it('is A5 with a type area of 31 characters × 27 lines of 10.5 pt on an 18 pt pitch', async () => {
    const p = presets['handout-a5']!;
    expect([p.page.width, p.page.height]).toEqual([mm(148), mm(210)]);
    expect(p.page.width - p.page.margin.left - p.page.margin.right).toBeCloseTo(31 * 10.5, 6);
    expect(p.page.height - p.page.margin.top - p.page.margin.bottom).toBeCloseTo(27 * 18, 6);
    const pdf = await readPdf(await renderDocument(parseSource(source('preset: handout-a5\n')), 'pdf'));
    const full = linesOf(pdf.pages[1]!.glyphs);
    expect(full.length).toBe(27);
    // A full body line is 31 characters wide, from the left margin to the right: every line of the
    // page but its last that ends with a hanzi (a mark at the end may give its blank half), the
    // paragraphs' first lines too, indented two characters.
    const left = p.page.margin.left;
    const ends = full.slice(0, -1).filter((l) => /\p{Script=Han}/u.test(l[l.length - 1]!.char)).map((l) => l[l.length - 1]!.x + l[l.length - 1]!.width);
    expect(ends.length).toBeGreaterThan(5);
    for (const end of ends) expect(end - left).toBeCloseTo(31 * 10.5, 0);
  });
});
