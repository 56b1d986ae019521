/**
 * Issue 20's round trip: every document in content/ (and the import test documents, which use
 * every block the exporters set today), exported by wenshu to DOCX and to TXT, imported back,
 * gives the same model as its source. DOCX carries everything (text, marks, breaks, headings and
 * levels, lists, quotes, tables, metadata); plain text carries the text, headings, lists, quotes
 * and tables (its pipe layout, with the caption above it), the
 * title and byline (and the date where the preset prints it), but no inline marks, no heading
 * levels beyond what numbering tells, no hard breaks between hanzi, and no properties.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
// @ts-expect-error plain ESM module without type declarations
import { generateDocument } from '../bench/lib/generate.mjs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, loadSource, renderDocument, type ImportResult } from '../src/api.js';
import { normalDocument, textStructure } from './helpers/model.js';
import type { Block, Document, Inline, Official } from '../src/model/index.js';
import { tempDir } from './helpers/cli.js';
import { root } from './helpers/seed.js';

const content = readdirSync(join(root, 'content')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'content', f));
const fixtures = ['features.md', 'notice.md'].map((f) => join(root, 'test/fixtures/import', f));
// And a generated 20-page document (the benchmark's: numbered parts and sections, quotes, lists).
const generated = join(tempDir('wenshu-import-gen-'), 'long-20.md');
writeFileSync(generated, generateDocument(readFileSync(join(root, 'content/essay.md'), 'utf8'), 20));
// A 公文 with its elements in front-matter keys (content/notice.md: 版头, seal, 附件 with a table,
// 版记; content/minutes.md: a 纪要's 标志 without a 发文字号, its 出席, 请假 and 列席 lists) comes back
// with every key: the importer recognises them in the DOCX and the text.
const official = (file: string) => /^(?:issuer|number|signature|copy|attachments|attendees):/mu.test(readFileSync(file, 'utf8').split(/^---$/mu)[1] ?? '');
const sources = [...content, ...fixtures, generated];

/**
 * The source's model as the import should give it back: the seal is the image extracted beside
 * the new source (its bytes those of the source's seal), and a 公文 keeps its preset (the importer
 * writes `preset: gongwen` for a document with a 版头); other presets are a choice of the export.
 */
function expectedModel(doc: Document, result: ImportResult): { meta: Record<string, unknown> } {
  const expected = normalDocument(doc) as { meta: Record<string, unknown> & { official?: Official } };
  if (!expected.meta.official?.issuer) delete expected.meta.preset;
  const seal = doc.meta.official?.seal;
  if (seal) {
    const back = result.document!.meta.official!.seal!;
    expect(back).toHaveLength(seal.length);
    back.forEach((file, i) => expect(Buffer.compare(readFileSync(join(dirname(result.output), file)), readFileSync(join(dirname(doc.source!.path), seal[i]!)))).toBe(0));
    expected.meta.official = { ...expected.meta.official!, seal: back };
  }
  return expected;
}

async function roundTrip(source: string, format: 'docx' | 'txt', preset?: string) {
  const doc = await loadSource(source);
  const dir = tempDir('wenshu-import-rt-');
  const file = join(dir, `doc.${format}`);
  writeFileSync(file, await renderDocument(doc, format, preset ? { preset } : {}));
  const result = await importFile(file, preset ? { preset } : {});
  return { doc, result };
}

describe('import round trip through DOCX', () => {
  it('has content to test', () => {
    expect(content.length).toBeGreaterThan(0);
    // The 公文 examples are among them: the notice, and the 纪要 (its 出席, 请假, 列席 lists).
    expect(content.filter(official).map((f) => f.slice(root.length)).sort()).toEqual(['content/minutes.md', 'content/notice.md']);
  });

  for (const source of sources) {
    it(`${source.startsWith(root) ? source.slice(root.length) : 'generated long-20.md'}: DOCX → the same model`, async () => {
      const { doc, result } = await roundTrip(source, 'docx');
      expect(result.findings).toEqual([]);
      expect(result.document).toBeDefined();
      expect(normalDocument(result.document!)).toEqual(expectedModel(doc, result));
    });
  }

  for (const source of sources) {
    it(`${source.startsWith(root) ? source.slice(root.length) : 'generated long-20.md'}: DOCX in the 公文 preset → the same model (the date from the signature)`, async () => {
      const { doc, result } = await roundTrip(source, 'docx', 'gongwen');
      expect(result.findings).toEqual([]);
      // Into the 公文 preset the recognised 主送, 附件说明, 署名, 附注, 抄送 and 印发 leave the body
      // for their front-matter keys: the source's model without those paragraphs, with the keys,
      // each key's text taken from its paragraph.
      const r = result.recognition;
      const official = result.document!.meta.official;
      const moved = [r.addressee, r.signer, r.note, r.cc, r.printing].filter((t): t is string => t !== undefined);
      const plain = (b: Block) => (b.type === 'paragraph' ? b.children.map((c) => (c.type === 'text' ? c.value : c.type === 'break' ? '\n' : '')).join('') : undefined);
      const stays = (b: Block) => !(moved.includes(plain(b) ?? '\u0000') || (r.attachments && /^附\s*件\s*[：:]/u.test(plain(b) ?? '')));
      // A source with the keys already (the 公文 example) must get its own keys back.
      const keys = doc.meta.official ?? official;
      const expected = expectedModel({ ...doc, blocks: doc.blocks.filter(stays), meta: { ...doc.meta, ...(keys ? { official: keys } : {}) } }, result);
      expected.meta.preset = 'gongwen';
      expect(normalDocument(result.document!)).toEqual(expected);
      for (const [key, line] of [[official?.to, r.addressee], [official?.signature?.[0], r.signer], [official?.note, r.note], [official?.cc, r.cc], [official?.printer, r.printing]] as const) {
        if (line !== undefined) expect(line, key).toContain(key!);
      }
    });
  }
});

describe('import round trip of images, links and footnotes', () => {
  // test/fixtures/import/media.md: a figure with a caption, an inline image, a link, an e-mail
  // address, an autolink and two footnotes (one of two paragraphs).
  const media = join(root, 'test/fixtures/import/media.md');

  it('DOCX → the same model, the images extracted beside the source with the bytes that went in', async () => {
    const { doc, result } = await roundTrip(media, 'docx');
    expect(result.findings).toEqual([]);
    const sources = imageSources(doc.blocks);
    expect(sources).toEqual(['../images/base.png', '../images/alpha.png']);
    const images = result.files.filter((f) => f.format === 'image');
    expect(images).toHaveLength(2);
    // The DOCX carries the image bytes as given; import writes them out unchanged.
    images.forEach((f, i) => expect(Buffer.compare(readFileSync(f.path), readFileSync(join(root, 'test/fixtures/import', sources[i]!)))).toBe(0));
    // Same model, where each image now points at the file extracted for it.
    const names = images.map((f) => f.path.replace(/^.*[\\/]/, ''));
    let n = 0;
    const expected = normalDocument(JSON.parse(JSON.stringify(doc), (key, value) => (key === 'src' ? names[n++] : value))) as { meta: Record<string, unknown> };
    delete expected.meta.preset;
    expect(normalDocument(result.document!)).toEqual(expected);
    expect(result.document!.footnotes).toHaveLength(2);
  });
});

/** The image sources of a document, in reading order. */
function imageSources(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  const inlines = (list: readonly Inline[]) => {
    for (const n of list) {
      if (n.type === 'image') out.push(n.src);
      if ('children' in n) inlines(n.children);
    }
  };
  for (const b of blocks) {
    if (b.type === 'figure') out.push(b.image.src);
    else if ('children' in b && b.type !== 'blockquote') inlines(b.children as Inline[]);
  }
  return out;
}

describe('import round trip through TXT', () => {
  for (const source of sources) {
    it(`${source.startsWith(root) ? source.slice(root.length) : 'generated long-20.md'}: TXT → the same text, headings, lists, quotes and tables`, async () => {
      const { doc, result } = await roundTrip(source, 'txt');
      expect(result.findings).toEqual([]);
      const back = result.document!;
      expect(back.meta.title).toBe(doc.meta.title);
      expect(back.meta.byline).toBe(doc.meta.byline);
      expect(back.meta.subtitle).toBe(doc.meta.subtitle);
      expect(textStructure(back.blocks)).toEqual(textStructure(levelsByNumbering(doc).blocks));
      // A 公文's keys, every one but the seal (plain text carries no image), its attachments' text
      // as text carries it, and its 成文日期.
      const keys = (d: Document) => {
        const { seal: _seal, attachments, ...rest } = d.meta.official ?? ({} as Official);
        return { ...rest, attachments: attachments?.map((a) => ({ title: a.title, text: textStructure(a.blocks ?? []) })) };
      };
      expect(keys(back)).toEqual(keys(doc));
      if (doc.meta.official) expect(back.meta.date).toBe(doc.meta.date);
    });
  }
});

/**
 * What levels plain text can tell: headings are lines of their own, their level known only from
 * their numbering (第一部分, 一、 （一） 1. 1.1 （1）, ranked in that order).
 */
function levelsByNumbering<T extends { blocks: import('../src/model/index.js').Block[] }>(doc: T): T {
  const kinds = [/^第[一二三四五六七八九十]+部分/u, /^[一二三四五六七八九十]+[、要是]/u, /^[（(][一二三四五六七八九十]+[）)]/u, /^\d+[.．](?!\d)/u, /^\d+[.．]\d+/u, /^[（(]\d+[）)]/u];
  const text = (b: import('../src/model/index.js').Heading) => b.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
  const present = [...new Set(doc.blocks.flatMap((b) => (b.type === 'heading' ? [kinds.findIndex((k) => k.test(text(b)))] : [])))].sort();
  return {
    ...doc,
    blocks: doc.blocks.map((b) => (b.type === 'heading' ? { ...b, level: (present.indexOf(kinds.findIndex((k) => k.test(text(b)))) + 1) as 1 } : b)),
  };
}
