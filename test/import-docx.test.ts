/**
 * DOCX written by other programs (pandoc, LibreOffice: made here, in the test), what the model
 * cannot hold in them (reported, never silently dropped), and bad input of every kind the issue
 * names: an encrypted or damaged DOCX, a binary file, an empty file, a huge file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../src/api.js';
import { WenshuError } from '../src/errors.js';
import { convert } from '../src/importer.js';
import { unzip, zip } from '../src/io/zip.js';
import type { Block, Document, Inline, Table } from '../src/model/index.js';
import { inlineText } from '../src/model/text.js';
import { tempDir, wenshu } from './helpers/cli.js';
import { libreOfficeToDocx, SOFFICE } from './helpers/docx.js';
import { hasProgram } from './helpers/programs.js';
import { normalInlines } from './helpers/model.js';
import { png } from './helpers/images.js';

/** A 1×1 GIF: a type the model does not hold. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

const headings = (doc: Document) => doc.blocks.filter((b) => b.type === 'heading').map((b) => [b.type === 'heading' ? b.level : 0, inlineText((b as { children: Inline[] }).children)]);
const find = <K extends Block['type']>(doc: Document, type: K) => doc.blocks.find((b) => b.type === type) as Extract<Block, { type: K }> | undefined;
const cells = (t: Table) => [...t.head, ...t.body].map((r) => r.cells.map((c) => inlineText(c.children)));

/** Reads what importFile wrote: the model as the import made it (the Markdown reader refuses tables and links until their issues land). */
async function importModel(file: string) {
  const bytes = readFileSync(file);
  return convert(bytes, file);
}

describe.skipIf(!hasProgram('pandoc'))('DOCX written by pandoc from Markdown with no title metadata', () => {
  it('takes the one Heading 1 that opens the file, over Heading 2 sections, as the title; a numbered one stays a section', async () => {
    const dir = tempDir('wenshu-import-pandoc-h1-');
    const make = (name: string, md: string) => {
      writeFileSync(join(dir, `${name}.md`), md);
      const made = spawnSync('pandoc', [`${name}.md`, '-o', `${name}.docx`], { cwd: dir, encoding: 'utf8' });
      expect(made.status, made.stderr).toBe(0);
      return join(dir, `${name}.docx`);
    };
    const titled = (await importModel(make('h1', '# 关于开展职工书法比赛的通知\n\n## 一、比赛时间\n\n2027年1月10日。\n\n## 二、参赛对象\n\n全市职工。\n'))).document;
    expect(titled.meta.title).toBe('关于开展职工书法比赛的通知');
    expect(headings(titled)).toEqual([[1, '一、比赛时间'], [1, '二、参赛对象']]);
    const numbered = (await importModel(make('n1', '# 一、总体要求\n\n## （一）工作目标\n\n正文。\n'))).document;
    expect(numbered.meta.title).not.toBe('一、总体要求');
    expect(headings(numbered)[0]).toEqual([1, '一、总体要求']);
  });
});

describe.skipIf(!hasProgram('pandoc'))('DOCX written by pandoc', () => {
  const dir = tempDir('wenshu-import-pandoc-');
  writeFileSync(join(dir, 'photo.png'), png(3, 2));
  writeFileSync(join(dir, 'anim.gif'), GIF);
  writeFileSync(
    join(dir, 'in.md'),
    [
      '---', 'title: 外来文档测试', '---', '',
      '# 一、总体要求', '', '正文第一段，有**加粗**和*强调*。参见脚注[^1]。', '',
      '## （一）工作目标', '',
      '- 条目甲', '- 条目乙', '    1. 子条目一', '    2. 子条目二', '',
      '| 姓名 | 单位 | 人数 |', '|:----|:----:|----:|', '| 张三 | 办公室 | 2 |', '| 李四 | 财务科 | 3 |', '',
      'Table: 表1　名额分配表', '',
      '访问[官网](https://example.org/a)。', '',
      '![图1　照片](photo.png)', '',
      '![动图](anim.gif)', '',
      '公式 $x^2$ 一个。', '',
      '[^1]: 这是脚注内容。', '',
    ].join('\n'),
  );
  const docx = join(dir, 'pandoc.docx');
  const made = spawnSync('pandoc', ['in.md', '-o', docx], { cwd: dir, encoding: 'utf8' });

  it('imports its title, headings and levels, lists, table, link, footnote and image', async () => {
    expect(made.status, made.stderr).toBe(0);
    const result = await importModel(docx);
    const doc = result.document;
    expect(doc.meta.title).toBe('外来文档测试');
    expect(headings(doc)).toEqual([[1, '一、总体要求'], [2, '（一）工作目标']]);
    const list = find(doc, 'list')!;
    expect(list.ordered).toBe(false);
    expect(list.items.map((i) => inlineText((i.children[0] as { children: Inline[] }).children))).toEqual(['条目甲', '条目乙']);
    const nested = list.items[1]!.children[1];
    expect(nested?.type === 'list' && [nested.ordered, nested.items.length]).toEqual([true, 2]);
    const table = find(doc, 'table')!;
    expect(cells(table)).toEqual([['姓名', '单位', '人数'], ['张三', '办公室', '2'], ['李四', '财务科', '3']]);
    expect(table.head).toHaveLength(1);
    // The columns' alignment, from the cells' w:jc (a left column is Word's default).
    expect(table.align).toEqual([undefined, 'center', 'right']);
    expect(inlineText(table.caption ?? [])).toBe('表1　名额分配表');
    const p = doc.blocks.find((b) => b.type === 'paragraph' && inlineText(b.children).startsWith('访问'));
    expect(p?.type === 'paragraph' && normalInlines(p.children)).toEqual([
      { type: 'text', value: '访问' },
      { type: 'link', url: 'https://example.org/a', children: [{ type: 'text', value: '官网' }] },
      { type: 'text', value: '。' },
    ]);
    expect(doc.footnotes?.map((f) => [f.label, f.children.map((b) => (b.type === 'paragraph' ? inlineText(b.children) : b.type))])).toEqual([['1', ['这是脚注内容。']]]);
    const figure = find(doc, 'figure')!;
    expect(figure.image.src).toBe('pandoc-1.png');
    expect(Buffer.from(result.images[0]!.bytes).equals(png(3, 2))).toBe(true);
    // What the model cannot hold is reported: the GIF, the equation.
    expect(result.dropped.map((d) => d.what)).toEqual(expect.arrayContaining(['an image', 'an equation']));
    expect(result.dropped.find((d) => d.what === 'an image')!.detail).toMatch(/GIF images are not supported/);
    expect(result.summary).toBe('title, 2 headings (2 levels), 2 lists, 1 table, 1 image, 1 link, 1 footnote');
  });

  it('writes the image next to the source, and says which constructs wenshu check still refuses', async () => {
    const out = join(dir, 'out');
    mkdirSync(out);
    const result = await importFile(docx, { out: `${out}/` });
    expect(result.output).toBe(join(out, 'pandoc.md'));
    expect(readFileSync(join(out, 'pandoc-1.png')).equals(png(3, 2))).toBe(true);
    expect(result.source).toContain('![图1　照片](pandoc-1.png)');
    expect(result.source).toContain('| 姓名 | 单位 | 人数 |');
    // Its table (and its link) are read back by the Markdown reader: the imported source checks clean.
    expect(result.findings).toEqual([]);
  });
});

const soffice = SOFFICE !== undefined || hasProgram('soffice');
describe.skipIf(!soffice)('DOCX written by LibreOffice', () => {
  it('imports its headings, list nesting and table (from an HTML page it converted)', async () => {
    const dir = tempDir('wenshu-import-lo-');
    writeFileSync(
      join(dir, 'in.html'),
      '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>外来文档测试</title></head><body>' +
        '<h1>一、总体要求</h1><p>正文第一段，有<b>加粗</b>和<i>强调</i>。</p>' +
        '<h2>（一）工作目标</h2><ul><li>条目甲</li><li>条目乙<ol><li>子条目一</li><li>子条目二</li></ol></li></ul>' +
        '<table border="1"><tr><th>姓名</th><th>单位</th></tr><tr><td>张三</td><td>办公室</td></tr></table><p>最后一段。</p></body></html>',
    );
    const docx = libreOfficeToDocx(join(dir, 'in.html'));
    const { document: doc, recognition } = await importModel(docx);
    expect(doc.meta.title).toBe('外来文档测试');
    expect(headings(doc)).toEqual([[1, '一、总体要求'], [2, '（一）工作目标']]);
    const p = doc.blocks.find((b) => b.type === 'paragraph');
    expect(p?.type === 'paragraph' && normalInlines(p.children)).toEqual([
      { type: 'text', value: '正文第一段，有' }, { type: 'strong', children: [{ type: 'text', value: '加粗' }] },
      { type: 'text', value: '和' }, { type: 'emphasis', children: [{ type: 'text', value: '强调' }] }, { type: 'text', value: '。' },
    ]);
    const list = find(doc, 'list')!;
    expect(list.items).toHaveLength(2);
    const nested = list.items[1]!.children.find((b) => b.type === 'list');
    expect(nested?.type === 'list' && [nested.ordered, nested.items.length]).toEqual([true, 2]);
    expect(cells(find(doc, 'table')!)).toEqual([['姓名', '单位'], ['张三', '办公室']]);
    expect([recognition.lists, recognition.tables]).toEqual([2, 1]);
  });

  it('imports a document written in LibreOffice (a flat ODT with Title and Heading styles) that it saved as DOCX', async () => {
    const dir = tempDir('wenshu-import-odt-');
    const p = (style: string, text: string) => `<text:p text:style-name="${style}">${text}</text:p>`;
    const h = (level: number, text: string) => `<text:h text:style-name="Heading_20_${level}" text:outline-level="${level}">${text}</text:h>`;
    const cell = (text: string) => `<table:table-cell office:value-type="string"><text:p>${text}</text:p></table:table-cell>`;
    writeFileSync(
      join(dir, 'in.fodt'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
        'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>' +
        p('Title', '关于做好年度考核工作的通知') + p('Text_20_body', '各处室、各直属单位：') +
        h(1, '一、考核对象') + p('Text_20_body', '全体在编人员。') + h(2, '（一）考核内容') + p('Text_20_body', '德、能、勤、绩、廉。') +
        '<text:list><text:list-item><text:p>列表第一项</text:p></text:list-item><text:list-item><text:p>列表第二项</text:p></text:list-item></text:list>' +
        `<table:table table:name="T1"><table:table-column table:number-columns-repeated="2"/><table:table-row>${cell('姓名')}${cell('等次')}</table:table-row>` +
        `<table:table-row>${cell('张三')}${cell('优秀')}</table:table-row></table:table>` +
        h(1, '二、时间安排') + p('Text_20_body', '12月底前完成。') +
        '</office:text></office:body></office:document>\n',
    );
    const { document: doc, recognition } = await importModel(libreOfficeToDocx(join(dir, 'in.fodt')));
    expect(doc.meta.title).toBe('关于做好年度考核工作的通知');
    expect(headings(doc)).toEqual([[1, '一、考核对象'], [2, '（一）考核内容'], [1, '二、时间安排']]);
    expect(find(doc, 'list')!.items).toHaveLength(2);
    expect(cells(find(doc, 'table')!)).toEqual([['姓名', '等次'], ['张三', '优秀']]);
    expect([recognition.lists, recognition.tables]).toEqual([1, 1]);
  });
});

// ------------------------------------------------------------------ what the model cannot hold

/** A DOCX made by wenshu, with extra XML put into its body and extra parts added. */
async function docxWith(bodyXml: string, extraParts: Record<string, string> = {}): Promise<Uint8Array> {
  const { parseSource, renderDocument } = await import('../src/api.js');
  const doc = parseSource('---\ntitle: 嵌入对象\n---\n正文一段。\n');
  const parts = unzip(await renderDocument(doc, 'docx'));
  const xml = Buffer.from(parts['word/document.xml']!).toString('utf8').replace('<w:sectPr', `${bodyXml}<w:sectPr`);
  parts['word/document.xml'] = Buffer.from(xml);
  for (const [name, text] of Object.entries(extraParts)) parts[name] = Buffer.from(text);
  return zip(Object.entries(parts).map(([name, data]) => ({ name, data })), { date: new Date('2026-01-01T00:00:00Z') });
}

describe('what a DOCX holds that the model cannot', () => {
  it('reports each embedded object, chart, SmartArt, equation, comment, tracked deletion and header text', async () => {
    const bytes = await docxWith(
      '<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" ProgID="Excel.Sheet.12"/></w:object></w:r></w:p>' +
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>' +
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>' +
        '<w:p><m:oMathPara xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:oMath><m:r><m:t>x</m:t></m:r></m:oMath></m:oMathPara></w:p>' +
        '<w:p><w:del w:id="1" w:author="a"><w:r><w:delText>删掉的字</w:delText></w:r></w:del><w:r><w:t>留下的字</w:t></w:r></w:p>',
      {
        'word/comments.xml': '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0"><w:p><w:r><w:t>批注</w:t></w:r></w:p></w:comment></w:comments>',
        'word/header1.xml': '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>机密文件</w:t></w:r></w:p></w:hdr>',
      },
    );
    const result = await convert(bytes, 'objects.docx');
    expect(result.dropped.map((d) => d.what).sort()).toEqual(
      ['a SmartArt diagram', 'a chart', 'a comment', 'a tracked deletion', 'an embedded object (OLE: a spreadsheet, a drawing…)', 'an equation', 'header text'].sort(),
    );
    expect(result.dropped.find((d) => d.what === 'header text')!.detail).toContain('机密文件');
    // The text around them is all there.
    expect(result.document.blocks.map((b) => (b.type === 'paragraph' ? inlineText(b.children) : b.type))).toEqual(['正文一段。', '留下的字']);
  });

  it('prints each dropped thing as a warning line naming the file', () => {
    const dir = tempDir('wenshu-import-drop-');
    const file = join(dir, 'objects.docx');
    return docxWith('<w:p><w:r><w:object/></w:r></w:p>').then((bytes) => {
      writeFileSync(file, bytes);
      const r = wenshu(['import', file]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^warning: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: dropped an embedded object`, 'm'));
    });
  });
});

// ------------------------------------------------------------------ bad input

/** A small DOCX made by wenshu, to damage. */
let tiny: Buffer;
beforeAll(async () => {
  const { parseSource, renderDocument } = await import('../src/api.js');
  tiny = Buffer.from(await renderDocument(parseSource('---\ntitle: 小文件\n---\n正文。\n'), 'docx'));
});

describe('bad input', () => {
  const cases: Array<[string, string, (path: string) => void, RegExp]> = [
    ['an encrypted DOCX', 'secret.docx', (p) => writeFileSync(p, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096, 7)])), /encrypted \(password-protected\) DOCX or an old Word 97–2003 \.doc/],
    ['a DOCX that is not a zip', 'fake.docx', (p) => writeFileSync(p, '这不是一个 Word 文件'), /not a DOCX file/],
    ['a damaged DOCX (cut short)', 'cut.docx', (p) => writeFileSync(p, tiny.subarray(0, 900)), /a damaged DOCX/],
    ['a binary file', 'image.txt', (p) => writeFileSync(p, png()), /binary file/],
    ['an empty file', 'empty.txt', (p) => writeFileSync(p, ''), /is empty/],
    ['a text of white space only', 'blank.txt', (p) => writeFileSync(p, '\n　　\n  \n'), /has no text/],
    ['a huge file', 'huge.txt', (p) => { writeFileSync(p, ''); truncateSync(p, 101 * 1024 * 1024); }, /is 101 MB, more than the 100 MB an import may read/],
    ['an old .doc', 'old.doc', (p) => writeFileSync(p, 'x'), /save it as \.docx/],
  ];
  for (const [name, file, make, message] of cases) {
    it(`${name}: one line with the file, exit 1, no stack trace, nothing written`, () => {
      const dir = tempDir('wenshu-import-bad-');
      const path = join(dir, file);
      make(path);
      const r = wenshu(['import', path]);
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(dir)).toEqual([file]);
    });
  }

  it('refuses an input too large before reading it (the limit is an option of the API)', async () => {
    const dir = tempDir('wenshu-import-limit-');
    const path = join(dir, 'a.txt');
    writeFileSync(path, '标题\n正文。\n');
    await expect(importFile(path, { maxBytes: 4 })).rejects.toThrow(WenshuError);
    await expect(importFile(path, { maxBytes: 4 })).rejects.toThrow(/more than/);
  });

  it('refuses a DOCX that would unpack to more than 512 MB, before unpacking it', async () => {
    const bytes = Buffer.from(tiny);
    // Declare a huge unpacked size for the first entry of the central directory.
    const central = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), bytes.length - 22);
    const first = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(central).toBeGreaterThan(0);
    bytes.writeUInt32LE(0xfffffff0, first + 24);
    await expect(convert(bytes, 'bomb.docx')).rejects.toThrow(/unpacks to \d+ MB, more than the 512 MB/);
  });
});
