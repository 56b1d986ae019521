/**
 * The DOCX exporter, read back from its bytes: package structure, styles and Chinese paragraph
 * settings, section, properties, embedded fonts, determinism, and python-docx opening the file.
 * LibreOffice rendering is in docx-libreoffice.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { formats, loadSource, parseSource, renderDocument } from '../src/api.js';
import { WenshuError } from '../src/errors.js';
import { faceFor, openFace, resolveFaces } from '../src/fonts/index.js';
import type { Document } from '../src/model/index.js';
import { documentText, fidelityKey } from '../src/model/text.js';
import { handout } from '../src/styles/handout.js';
import type { StylePreset } from '../src/styles/index.js';
import { tempDir } from './helpers/cli.js';
import { has } from './helpers/programs.js';
import { attr, deobfuscate, paragraphStyleIds, paragraphTexts, partText, readWithPythonDocx, styleXml, subsetTag, unzipDocx } from './helpers/docx.js';
import { essayPath, firstDifference, root, seedKey } from './helpers/seed.js';

/** The essay's date: 2026-11-23 as the handout prints it under the byline. */
const DATE = '2026年11月23日';

const render = async (doc: Document, preset: StylePreset = handout) => await renderDocument(doc, 'docx', { preset });
const sample = '---\ntitle: 样例\nbyline: 作者\n---\n# 一、标题\n\n正文有**加粗**与*强调*，数字123和Latin。\n\n> 引文一段。\n\n1. 第一项\n2. 第二项\n   - 子项甲\n\n---\n\n甲\\\n乙\n';

let essay: Document;
let bytes: Uint8Array;
let parts: Record<string, Uint8Array>;
let documentXml: string;
let stylesXml: string;

beforeAll(async () => {
  essay = await loadSource(essayPath);
  bytes = await render(essay);
  parts = unzipDocx(bytes);
  documentXml = partText(parts, 'word/document.xml');
  stylesXml = partText(parts, 'word/styles.xml');
});

describe('DOCX export of the essay: content', () => {
  it('is a default-exported Exporter for .docx that sets type', async () => {
    const { default: docxExporter } = await import('../src/exporters/docx/index.js');
    expect(docxExporter.format).toBe('docx');
    expect(docxExporter.extension).toBe('docx');
    expect(docxExporter.typesets).toBe(true);
  });

  it('has the body text of the seed, NFKC and white space aside', () => {
    const text = paragraphTexts(documentXml).join('\n');
    // The seed has no date; the handout prints the essay's under the byline.
    expect(text).toContain(DATE);
    expect(firstDifference(fidelityKey(text.replace(DATE, '')), seedKey())).toBe('equal');
  });

  it('puts every paragraph in a named style: Title, Heading 1 for 一要…, Normal, Byline last', () => {
    const ids = paragraphStyleIds(documentXml);
    const texts = paragraphTexts(documentXml);
    expect(ids.every((id) => id !== '' && stylesXml.includes(`w:styleId="${id}"`))).toBe(true);
    expect(ids[0]).toBe('Title');
    // The headline title breaks between its phrases where the PDF breaks it (breakBetweenPhrases).
    expect(texts[0]).toBe('强化意识 认真履职\n全面提升工会工作层次与水平');
    const headings = texts.filter((_, i) => ids[i] === 'Heading1');
    expect(headings).toEqual(['一要增强会员意识。', '二要增强工会意识。', '三要增强履职意识。', '四要增强主人意识。', '五要增强服务意识。']);
    expect(ids.slice(-2)).toEqual(['Byline', 'Date']);
    expect(texts.slice(-2)).toEqual(['（作者系中共马关县委副书记）', DATE]);
    expect(ids.filter((id) => id === 'Normal').length).toBe(essay.blocks.filter((b) => b.type === 'paragraph').length);
    // No direct formatting where the style says it all.
    expect(documentXml).not.toMatch(/<w:(ind|jc|spacing|sz)\b/);
  });

  it('styles carry the preset: fonts per role, sizes, exact line heights, indents, alignment, outline levels', () => {
    const faces = resolveFaces();
    const family = (role: Parameters<typeof faceFor>[1]) => `${openFace(faceFor(faces, role)).family} ${subsetTag(parts)}`;
    const normal = styleXml(stylesXml, 'Normal');
    const b = handout.body;
    expect(attr(normal, 'w:rFonts', 'w:eastAsia')).toBe(family(b.role));
    expect(attr(normal, 'w:rFonts', 'w:ascii')).toBe(family(b.role));
    expect(attr(normal, 'w:sz', 'w:val')).toBe(String(b.size * 2));
    expect(attr(normal, 'w:spacing', 'w:line')).toBe(String(Math.round(b.lineHeight * 20)));
    expect(attr(normal, 'w:spacing', 'w:lineRule')).toBe('exact');
    expect(attr(normal, 'w:ind', 'w:firstLineChars')).toBe(String(b.indentEm! * 100));
    expect(attr(normal, 'w:ind', 'w:firstLine')).toBe(String(Math.round(b.indentEm! * b.size * 20)));
    expect(attr(normal, 'w:jc', 'w:val')).toBe('both');
    expect(attr(styleXml(stylesXml, 'Normal'), 'w:style', 'w:default')).toBe('1');

    const title = styleXml(stylesXml, 'Title');
    expect(attr(title, 'w:rFonts', 'w:eastAsia')).toBe(family(handout.title.role));
    expect(attr(title, 'w:jc', 'w:val')).toBe('center');
    expect(attr(title, 'w:sz', 'w:val')).toBe(String(handout.title.size * 2));
    for (const level of [1, 2, 3]) {
      const h = styleXml(stylesXml, `Heading${level}`);
      const ps = handout.headings[level - 1]!;
      expect(attr(h, 'w:name', 'w:val')).toBe(`heading ${level}`);
      expect(attr(h, 'w:outlineLvl', 'w:val')).toBe(String(level - 1));
      expect(attr(h, 'w:rFonts', 'w:eastAsia')).toBe(family(ps.role));
      expect(attr(h, 'w:sz', 'w:val')).toBe(String(ps.size * 2));
      expect(attr(h, 'w:spacing', 'w:before')).toBe(String(Math.round(ps.spaceBefore! * 20)));
      expect(h).toContain('<w:keepNext/>');
      expect(attr(h, 'w:ind', 'w:firstLine') ?? '0').toBe('0');
    }
    const byline = styleXml(stylesXml, 'Byline');
    expect(attr(byline, 'w:jc', 'w:val')).toBe('right');
    expect(attr(byline, 'w:rFonts', 'w:eastAsia')).toBe(family(handout.byline.role));
    expect(attr(styleXml(stylesXml, 'Quote'), 'w:rFonts', 'w:eastAsia')).toBe(family(handout.quote.role));
    expect(attr(styleXml(stylesXml, 'ListParagraph'), 'w:ind', 'w:hangingChars')).toBe('200');
  });

  it('turns on the Chinese line-breaking rules and language for every paragraph (document defaults)', () => {
    const defaults = /<w:docDefaults>[\s\S]*<\/w:docDefaults>/.exec(stylesXml)?.[0] ?? '';
    expect(attr(defaults, 'w:lang', 'w:eastAsia')).toBe('zh-CN');
    expect(defaults).toContain('<w:kinsoku/>');
    expect(defaults).toContain('<w:overflowPunct w:val="0"/>'); // no hanging punctuation
    expect(defaults).toContain('<w:autoSpaceDE/>');
    expect(defaults).toContain('<w:autoSpaceDN w:val="0"/>');
  });

  it('has an A4 section with the preset margins and a PAGE field in the footer', () => {
    const sect = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(documentXml)![0];
    expect(attr(sect, 'w:pgSz', 'w:w')).toBe('11906');
    expect(attr(sect, 'w:pgSz', 'w:h')).toBe('16838');
    const m = handout.page.margin;
    for (const side of ['top', 'right', 'bottom', 'left'] as const) expect(attr(sect, 'w:pgMar', `w:${side}`)).toBe(String(Math.round(m[side] * 20)));
    const rid = attr(sect, 'w:footerReference', 'r:id')!;
    const rels = partText(parts, 'word/_rels/document.xml.rels');
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
    const footer = partText(parts, `word/${target}`);
    expect(footer).toMatch(/<w:instrText[^>]*> PAGE <\/w:instrText>/);
    expect(footer).toContain('w:fldCharType="begin"');
    expect(attr(footer, 'w:pStyle', 'w:val')).toBe('Footer');
  });

  it('writes core properties from the front matter, dated by the document, not the clock', () => {
    const core = partText(parts, 'docProps/core.xml');
    expect(core).toContain(`<dc:title>${essay.meta.title}</dc:title>`);
    expect(core).toContain('<dc:subject>工会工作</dc:subject>');
    expect(core).toContain('<cp:keywords>工会; 会员意识; 工会意识; 履职意识; 主人意识; 服务意识</cp:keywords>');
    expect(core).toContain('<dc:language>zh-CN</dc:language>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-23T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-23T00:00:00Z</dcterms:modified>');
  });

  it('takes the date from SOURCE_DATE_EPOCH when the document has none, else the fixed 1980-01-01, never the clock', async () => {
    const doc = parseSource('---\ntitle: 无日期\nauthor: 张三\n---\n正文。\n');
    const saved = process.env.SOURCE_DATE_EPOCH;
    try {
      process.env.SOURCE_DATE_EPOCH = '1700000000';
      const withEpoch = partText(unzipDocx(await render(doc)), 'docProps/core.xml');
      expect(withEpoch).toContain('2023-11-14T22:13:20Z</dcterms:created>');
      expect(withEpoch).toContain('<dc:creator>张三</dc:creator>');
      delete process.env.SOURCE_DATE_EPOCH;
      const plain = partText(unzipDocx(await render(doc)), 'docProps/core.xml');
      expect(plain).toContain('1980-01-01T00:00:00Z</dcterms:created>');
      expect(plain).toContain('1980-01-01T00:00:00Z</dcterms:modified>');
      // Without an author the byline is the creator, as in the PDF's /Author.
      const byline = partText(unzipDocx(await render(parseSource('---\ntitle: t\nbyline: 作者系某单位\n---\n正文。\n'))), 'docProps/core.xml');
      expect(byline).toContain('<dc:creator>作者系某单位</dc:creator>');
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });
});

describe('DOCX export of the essay: embedded fonts', () => {
  const fontEntries = () =>
    [...partText(parts, 'word/fontTable.xml').matchAll(/<w:font w:name="([^"]+)">([\s\S]*?)<\/w:font>/g)].map((m) => ({ name: m[1]!, xml: m[2]! }));

  it('embeds exactly the faces the essay uses, each once, with embedding switched on', () => {
    const faces = resolveFaces();
    const used = new Set([handout.title.role, handout.headings[0]!.role, handout.body.role, handout.byline.role, handout.footer.role].map((r) => `${openFace(faceFor(faces, r)).family} ${subsetTag(parts)}`));
    const entries = fontEntries();
    expect(entries.map((e) => e.name).sort()).toEqual([...used].sort());
    const embeds = entries.flatMap((e) => [...e.xml.matchAll(/<w:embed(Regular|Bold|Italic|BoldItalic) r:id="([^"]+)" w:fontKey="([^"]+)"/g)]);
    expect(embeds.length).toBe(used.size); // no bold or italic in the essay
    const fontParts = Object.keys(parts).filter((p) => p.startsWith('word/fonts/'));
    expect(fontParts.length).toBe(used.size);
    expect(partText(parts, 'word/settings.xml')).toContain('<w:embedTrueTypeFonts/>');
    expect(partText(parts, '[Content_Types].xml')).toContain('Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"');
  });

  it('each embedded font deobfuscates to a subset of its family that draws every character set in it', () => {
    const rels = partText(parts, 'word/_rels/fontTable.xml.rels');
    const texts = paragraphTexts(documentXml).join('');
    for (const entry of fontEntries()) {
      const [, rid, key] = /<w:embedRegular r:id="([^"]+)" w:fontKey="([^"]+)"/.exec(entry.xml)!;
      expect(key).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/);
      const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)![1]!;
      const raw = parts[`word/${target}`]!;
      expect(raw.length).toBeLessThan(400_000); // a subset, not a 10–15 MB face
      const font = fontkit.create(Buffer.from(deobfuscate(raw, key!))) as fontkit.Font;
      expect(font.familyName).toBe(entry.name);
      // Every hanzi of the essay is in the body face; the others carry only what they set.
      if (entry.name === `${openFace(faceFor(resolveFaces(), handout.body.role)).family} ${subsetTag(parts)}`) {
        const missing = [...new Set(paragraphTexts(documentXml).filter((_, i) => paragraphStyleIds(documentXml)[i] === 'Normal').join(''))].filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!));
        expect(missing).toEqual([]);
        for (const d of '0123456789') expect(font.hasGlyphForCodePoint(d.codePointAt(0)!)).toBe(true); // page numbers
      }
      expect(font.numGlyphs).toBeLessThan(new Set(texts).size + 200);
    }
  });

  it('gives each font a signature with the GB2312 code page and the CJK ideograph range, and charset 86', () => {
    for (const { xml } of fontEntries()) {
      const csb0 = parseInt(attr(xml, 'w:sig', 'w:csb0')!, 16);
      const usb1 = parseInt(attr(xml, 'w:sig', 'w:usb1')!, 16);
      expect(csb0 & (1 << 18)).not.toBe(0); // GB2312
      expect(usb1 & (1 << (59 - 32))).not.toBe(0); // CJK Unified Ideographs
      expect(attr(xml, 'w:charset', 'w:val')).toBe('86');
    }
  });

  it('stays under 1 MB', () => {
    expect(bytes.length).toBeLessThan(1_000_000);
  });
});

describe('DOCX export: the same input gives the same bytes', () => {
  it('renders byte-identical twice in one process, and through renderDocument when registered', async () => {
    expect(Buffer.compare(Buffer.from(await render(essay)), Buffer.from(bytes))).toBe(0);
    // Until the registry lists docx, the exporter is tested directly.
    if (formats.includes('docx')) expect(Buffer.compare(Buffer.from(await renderDocument(essay, 'docx')), Buffer.from(bytes))).toBe(0);
  });

  it('renders byte-identical in another process with another time zone and locale', () => {
    const script = `
      import { loadSource, renderDocument } from './src/api.js';
      import { createHash } from 'node:crypto';
      const doc = await loadSource('content/essay.md');
      process.stdout.write(createHash('sha256').update(await renderDocument(doc, 'docx', { preset: 'handout' })).digest('hex'));
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.stdout).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('stores every zip entry with the document date as its timestamp, in a fixed order', () => {
    const view = Buffer.from(bytes);
    const names: string[] = [];
    for (let at = view.indexOf('PK\x01\x02'); at >= 0; at = view.indexOf('PK\x01\x02', at + 4)) {
      const time = view.readUInt16LE(at + 12);
      const date = view.readUInt16LE(at + 14);
      expect([1980 + (date >> 9), (date >> 5) & 15, date & 31, time >> 11]).toEqual([2026, 11, 23, 0]);
      names.push(view.toString('utf8', at + 46, at + 46 + view.readUInt16LE(at + 28)));
    }
    expect(names[0]).toBe('[Content_Types].xml');
    expect(names).toContain('word/document.xml');
  });
});

describe('DOCX export: other content and errors', () => {
  it('writes quotes, lists with their markers, emphasis, strong, rules and line breaks in their styles', async () => {
    const doc = parseSource(sample);
    const p = unzipDocx(await render(doc));
    const xml = partText(p, 'word/document.xml');
    const ids = paragraphStyleIds(xml);
    const texts = paragraphTexts(xml);
    expect(ids).toEqual(['Title', 'Heading1', 'Normal', 'Quote', 'ListParagraph', 'ListParagraph', 'ListParagraph', 'Separator', 'Normal', 'Byline']);
    // List markers are Word numbering: the items carry w:numPr, their text none of the markers.
    expect(texts.slice(4, 8)).toEqual(['第一项', '第二项', '子项甲', '＊　＊　＊']);
    const numPr = [...xml.matchAll(/<w:numPr><w:ilvl w:val="(\d)"\/><w:numId w:val="(\d+)"\/><\/w:numPr>/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(numPr).toEqual([[0, 1], [0, 1], [1, 2]]);
    expect(texts[8]).toBe('甲\n乙');
    expect(xml).toMatch(/<w:rStyle w:val="Strong"\/>[\s\S]*?加粗/);
    expect(xml).toMatch(/<w:rStyle w:val="Emphasis"\/>[\s\S]*?强调/);
    // The nested item is indented one level further, as direct formatting on top of the style.
    expect(xml).toMatch(/<w:ind w:left="960" w:leftChars="400" w:hanging="120" w:hangingChars="50"\/><\/w:pPr>(?:(?!<\/w:p>)[\s\S])*子项甲/);
    expect(fidelityKey(texts.join('\n'))).toBe(fidelityKey(documentText(doc, { markers: false })));
    // Bold text of the serif body uses Noto Serif SC's bold face: embedded in the bold slot.
    expect(partText(p, 'word/fontTable.xml')).toMatch(new RegExp(`<w:font w:name="Noto Serif SC ${subsetTag(p)}">(?:(?!</w:font>)[\\s\\S])*<w:embedBold `));
  });

  it('sets bold 仿宋 text in the bold stand-in face (Noto Sans SC Bold) and embeds the CFF FandolFang subset', async () => {
    const preset: StylePreset = { ...handout, body: { ...handout.body, role: 'fang' } };
    const p = unzipDocx(await render(parseSource(sample), preset));
    const xml = partText(p, 'word/document.xml');
    const tag = subsetTag(p);
    expect(xml).toMatch(new RegExp(`<w:rStyle w:val="Strong"/><w:rFonts w:ascii="Noto Sans SC ${tag}"[^>]*/></w:rPr><w:t xml:space="preserve">加粗`));
    const table = partText(p, 'word/fontTable.xml');
    const fang = new RegExp(`<w:font w:name="FandolFang R ${tag}">[\\s\\S]*?</w:font>`).exec(table)![0];
    const key = attr(fang, 'w:embedRegular', 'w:fontKey')!;
    const rid = attr(fang, 'w:embedRegular', 'r:id')!;
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(partText(p, 'word/_rels/fontTable.xml.rels'))![1]!;
    const font = deobfuscate(p[`word/${target}`]!, key);
    expect(Buffer.from(font.subarray(0, 4)).toString('latin1')).toBe('OTTO');
    expect(fang).toContain('<w:notTrueType/>');
    expect(table).not.toMatch(new RegExp(`<w:font w:name="Noto Sans SC ${tag}">(?:(?!</w:font>)[\\s\\S])*<w:notTrueType`));
    expect(table).toMatch(new RegExp(`<w:font w:name="Noto Sans SC ${tag}">(?:(?!</w:font>)[\\s\\S])*<w:embedBold `));
  });

  it('expresses a grid preset natively: document grid, exact pitch, odd/even footers on the outside edge', async () => {
    const preset: StylePreset = {
      ...handout,
      page: { ...handout.page, margin: { top: 37 * 72 / 25.4, right: 26 * 72 / 25.4, bottom: 35 * 72 / 25.4, left: 28 * 72 / 25.4 } },
      grid: { linesPerPage: 22, charsPerLine: 28 },
      body: { ...handout.body, role: 'fang', size: 16, lineHeight: 28.95 },
      footer: { role: 'serif', size: 14, format: '— {n} —', belowTypeArea: 7 * 72 / 25.4, placement: 'outside', insetEm: 1 },
    };
    const p = unzipDocx(await render(parseSource(sample), preset));
    const xml = partText(p, 'word/document.xml');
    expect(xml).toContain('<w:docGrid w:type="lines" w:linePitch="579"/>');
    // The character pitch: 16 pt characters condensed by whole twips, so that 28 fill 156 mm.
    const condense = Number(attr(partText(p, 'word/styles.xml'), 'w:spacing', 'w:val'));
    expect(28 * (16 + condense / 20)).toBeLessThanOrEqual((156 * 72) / 25.4);
    expect(28 * (16 + (condense + 1) / 20)).toBeGreaterThan((156 * 72) / 25.4);
    expect(partText(p, 'word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    expect(attr(xml, 'w:footerReference', 'w:type')).toBe('default');
    expect(xml).toMatch(/<w:footerReference w:type="even" r:id="[^"]+"\/>/);
    const odd = partText(p, 'word/footer1.xml');
    const even = partText(p, 'word/footer2.xml');
    expect(attr(odd, 'w:jc', 'w:val')).toBe('right');
    expect(attr(odd, 'w:ind', 'w:right')).toBe('280');
    expect(attr(even, 'w:jc', 'w:val')).toBe('left');
    expect(paragraphTexts(odd)[0]).toBe('— 1 —');
  });

  it('refuses a character no font can draw, naming its line and column, before writing anything', async () => {
    const doc = parseSource('---\ntitle: 缺字\n---\n正文\n\n第二段有\u{F0000}字。\n', 'bad.md');
    const error = await render(doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WenshuError);
    expect((error as WenshuError).kind).toBe('input');
    expect((error as WenshuError).diagnostics[0]).toMatchObject({ code: 'missing-glyph', line: 6, column: 5 });
  });
});

describe.skipIf(!has('pythonDocx'))('DOCX read by python-docx', () => {
  it('opens, every XML part is well-formed, styles, text and properties read back', () => {
    const dir = tempDir('wenshu-docx-');
    const path = join(dir, 'essay.docx');
    writeFileSync(path, bytes);
    const report = readWithPythonDocx(path);
    expect(report.malformed).toEqual([]);
    expect(report.parts.filter((p) => p.endsWith('.xml') || p.endsWith('.rels')).length).toBeGreaterThanOrEqual(10);
    expect(firstDifference(fidelityKey(report.paragraphs.map((p) => p.text).join('\n').replace(DATE, '')), seedKey())).toBe('equal');
    expect(report.paragraphs[0]).toEqual({ style: 'Title', text: '强化意识 认真履职\n全面提升工会工作层次与水平' });
    expect(report.paragraphs.filter((p) => p.style === 'Heading 1').length).toBe(5);
    expect(report.paragraphs.at(-2)!.style).toBe('Byline');
    expect(report.paragraphs.at(-1)).toEqual({ style: 'Date', text: DATE });
    expect(report.core).toMatchObject({ title: essay.meta.title, subject: '工会工作', language: 'zh-CN', created: '2026-11-23T00:00:00' });
    // EMU: 1 pt = 12700.
    expect(report.section.page_width).toBe(11906 * 635);
    expect(report.section.left).toBe(Math.round(handout.page.margin.left * 20) * 635);
  });
});
