import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { loadSource, parseSource } from '../src/api.js';
import { documentText, fidelityKey, inlineText } from '../src/model/text.js';
import { essayPath, firstDifference, seedKey } from './helpers/seed.js';
import { errorOf, asyncErrorOf } from './helpers/errors.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wenshu-src-'));

describe('content/essay.md', () => {
  it('has the seed text, character for character under NFKC', async () => {
    const doc = await loadSource(essayPath);
    const actual = fidelityKey(documentText(doc));
    expect(firstDifference(actual, seedKey())).toBe('equal');
  });

  it('restores full-width punctuation: no ASCII , ( ) : ; ! left in the body', async () => {
    const doc = await loadSource(essayPath);
    expect(documentText(doc)).not.toMatch(/[,():;!]/);
  });

  it('has the structure of the essay: opening, five headed sections, closing, byline as data', async () => {
    const doc = await loadSource(essayPath);
    expect(doc.meta).toMatchObject({ title: '强化意识 认真履职 全面提升工会工作层次与水平', lang: 'zh-CN', byline: '作者系中共马关县委副书记' });
    const headings = doc.blocks.filter((b) => b.type === 'heading').map((h) => (h.type === 'heading' ? inlineText(h.children) : ''));
    expect(headings).toEqual(['一要增强会员意识。', '二要增强工会意识。', '三要增强履职意识。', '四要增强主人意识。', '五要增强服务意识。']);
    expect(doc.blocks.map((b) => b.type).join(' ')).toBe(
      'paragraph ' + 'heading paragraph '.repeat(5) + 'paragraph',
    );
    const last = doc.blocks[doc.blocks.length - 1]!;
    expect(last.type === 'paragraph' && inlineText(last.children)).toMatch(/^总之，.*纽带。$/);
  });
});

describe('front matter', () => {
  it('needs only a title; lang defaults to zh-CN', () => {
    const doc = parseSource('---\ntitle: 通知\n---\n正文。\n', 'a.md');
    expect(doc.meta).toEqual({ title: '通知', lang: 'zh-CN', keywords: [] });
  });

  it('names an unknown key with its position and a did-you-mean hint', () => {
    const e = errorOf(() => parseSource('---\ntitle: 通知\nauthr: 张三\n---\n正文。\n', 'a.md'));
    expect(e.message).toBe("a.md:3:1: unknown front-matter key 'authr' (did you mean 'author'?)");
    expect(e.exitCode).toBe(1);
    const proto = errorOf(() => parseSource('---\ntitle: 标题\n__proto__: y\n---\n正文。\n', 'a.md'));
    expect(proto.message).toMatch(/^a\.md:3:1: unknown front-matter key '__proto__'/);
  });

  it('reports YAML syntax errors with line and column', () => {
    const e = errorOf(() => parseSource('---\ntitle: 通知\nkeywords: [a, b\n---\n正文。\n', 'a.md'));
    expect(e.message).toMatch(/^a\.md:3:\d+: front matter is not valid YAML/);
  });

  it('reports wrong types and values at the value', () => {
    expect(errorOf(() => parseSource('---\ntitle: 通知\ndate: 2026-02-30\n---\n正文。\n', 'a.md')).message).toBe(
      "a.md:3:7: 'date' must be a calendar date written YYYY-MM-DD, such as 2026-11-23",
    );
    expect(errorOf(() => parseSource('---\ntitle: [1, 2]\n---\n正文。\n', 'a.md')).message).toMatch(/^a\.md:2:8: 'title'/);
    expect(errorOf(() => parseSource('---\ntitle: 通知\npdfa: 4x\n---\n正文。\n', 'a.md')).message).toMatch(/'pdfa' must be one of 1b, 2b/);
    expect(errorOf(() => parseSource('---\ntitle: 通知\nfonts:\n  seriff: a.ttf\n---\n正文。\n', 'a.md')).message).toMatch(
      /a\.md:4:3: unknown key 'seriff' in 'fonts' \(did you mean 'serif'\?\)/,
    );
  });

  it('requires a title and front matter at all', () => {
    expect(errorOf(() => parseSource('---\nauthor: 张三\n---\n正文。\n', 'a.md')).message).toMatch(/'title' is required/);
    expect(errorOf(() => parseSource('正文。\n', 'a.md')).message).toMatch(/^a\.md:1:1: the source must start with YAML front matter/);
  });

  it('takes a title that YAML reads as a number as text', () => {
    expect(parseSource('---\ntitle: 1984\n---\n正文。\n').meta.title).toBe('1984');
  });

  it('accepts keywords as a list or a comma-separated string', () => {
    expect(parseSource('---\ntitle: t\nkeywords: 工会，会员、意识\n---\n正文。\n').meta.keywords).toEqual(['工会', '会员', '意识']);
    expect(parseSource('---\ntitle: t\nkeywords: [工会, 2026]\n---\n正文。\n').meta.keywords).toEqual(['工会', '2026']);
  });
});

describe('Markdown body', () => {
  it('maps every block and inline the model holds', () => {
    const doc = parseSource(
      '---\ntitle: t\n---\n# 一级\n\n## 二级\n\n段落*强调*和**加粗**，\n换行\\\n硬换行。\n\n> 引文。\n\n1. 甲\n2. 乙\n   - 丙\n\n---\n',
    );
    expect(doc.blocks.map((b) => b.type)).toEqual(['heading', 'heading', 'paragraph', 'blockquote', 'list', 'thematicBreak']);
    const p = doc.blocks[2]!;
    // One text node per source line: '，' ends line 10, '换行' starts line 11.
    expect(p.type === 'paragraph' && p.children.map((c) => c.type)).toEqual(['text', 'emphasis', 'text', 'strong', 'text', 'text', 'break', 'text']);
    // The soft break between two hanzi disappears; the hard break stays a break.
    expect(p.type === 'paragraph' && inlineText(p.children)).toBe('段落强调和加粗，换行\n硬换行。');
    const list = doc.blocks[4]!;
    expect(list.type === 'list' && [list.ordered, list.start, list.items.length]).toEqual([true, 1, 2]);
  });

  it('reads emphasis that ends in Chinese punctuation next to a hanzi (CJK-friendly flanking)', () => {
    // Plain CommonMark leaves these unparsed and prints the asterisks.
    const doc = parseSource('---\ntitle: t\n---\n这是**加粗，跨标点。**和*强调“引号”*的句子。\n');
    const p = doc.blocks[0]!;
    expect(p.type === 'paragraph' && p.children.map((c) => c.type)).toEqual(['text', 'strong', 'text', 'emphasis', 'text']);
    expect(p.type === 'paragraph' && inlineText(p.children)).toBe('这是加粗，跨标点。和强调“引号”的句子。');
  });

  it('joins soft breaks between Latin words with a space', () => {
    const doc = parseSource('---\ntitle: t\n---\nGB/T\n9704 标准\n');
    const p = doc.blocks[0]!;
    expect(p.type === 'paragraph' && inlineText(p.children)).toBe('GB/T 9704 标准');
  });

  it.each([
    ['<div>x</div>\n', 'raw HTML is not supported'],
    ['![图](https://example.org/a.png)\n', "the image 'https://example.org/a.png' is not a local file: nothing is downloaded"],
    ['![图](图表.svg)\n', "the image '图表.svg' is SVG, which is not supported: convert it to PNG"],
    ['![图](a.png){scale=2}\n', "unknown image attribute 'scale': images take width and height"],
    ['![图](a.png){width=wide}\n', "image width 'wide' is not a size: write a number and a unit (mm, cm, in, pt, px or % of the text width)"],
    ['![图](a.png) {width=50%}\n', 'attributes {width=50%} apply only to an image (write them right after it, without a space'],
    ['参见{附件}\n', 'to print braces, escape them'],
    ['见[链接](附件.docx)。\n', "a link must go to a web address (https://…), an e-mail address (mailto:…) or a heading of this document (#…), not '%E9%99%84%E4%BB%B6.docx'"],
    ['见[上文](#不存在)。\n', 'the link #不存在 goes to no heading of this document (it has no headings)'],
    ['[^2]: 没有引用的注释。\n', 'footnote [^2] is defined but never referred to'],
    ['    缩进的代码\n', 'code blocks are not supported'],
    ['`代码`\n', 'inline code is not supported'],
    ['```\ncode\n```\n', 'code blocks are not supported'],
  ])('refuses what the model cannot hold, naming the line: %j', (body, message) => {
    const e = errorOf(() => parseSource(`---\ntitle: t\n---\n正文。\n\n${body}`, 'a.md'));
    expect(e.message).toContain(message);
    expect(e.diagnostics[0]!.line).toBe(6);
  });

  it('reads as a table what GitHub shows as one: with or without outer pipes, a header alone, one column', () => {
    for (const [body, cells] of [
      ['| a | b |\n|---|---|\n| 1 | 2 |\n', [['a', 'b'], ['1', '2']]],
      ['a | b\n:-- | --:\n', [['a', 'b']]],
      ['| 单列 |\n| --- |\n', [['单列']]],
    ] as const) {
      const t = parseSource(`---\ntitle: t\n---\n${body}`, 'a.md').blocks[0]!;
      expect(t.type === 'table' && [...t.head, ...t.body].map((r) => r.cells.map((c) => inlineText(c.children))), body).toEqual(cells);
    }
  });

  it('reads as text what only looks like a table: no delimiter row, cells that do not match, rows indented four columns', () => {
    for (const body of ['甲 | 乙\n丙 | 丁\n', '| a | b |\n| --- |\n', '甲|乙\n---\n', '甲 | 乙\n    --|--\n', '甲\n    -|\n']) {
      expect(() => parseSource(`---\ntitle: t\n---\n${body}`, 'a.md'), body).not.toThrow();
    }
  });

  it('parses text with a byte-order mark and CRLF line ends, as a file would be read', () => {
    const doc = parseSource('\ufeff---\r\ntitle: 标题\r\n---\r\n正文第一行\r\n第二行。\r\n');
    expect(doc.meta.title).toBe('标题');
    const p = doc.blocks[0]!;
    expect(p.type === 'paragraph' && inlineText(p.children)).toBe('正文第一行第二行。');
  });

  it('refuses an empty document and one with only front matter', () => {
    expect(errorOf(() => parseSource('', 'a.md')).message).toMatch(/must start with YAML front matter/);
    expect(errorOf(() => parseSource('---\ntitle: t\n---\n', 'a.md')).message).toMatch(/no body text/);
  });

  it('refuses characters XML cannot carry, with their position', () => {
    const e = errorOf(() => parseSource('---\ntitle: t\n---\n正文\u0001。\n\n二\uFFFE\n', 'a.md'));
    expect(e.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [4, 3, 'control or non-character U+0001 is not allowed in a document'],
      [6, 2, 'control or non-character 「\uFFFE」 U+FFFE is not allowed in a document'],
    ]);
  });
});

describe('reading files', () => {
  it('accepts a UTF-8 BOM and CRLF line ends', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.md'), '\ufeff---\r\ntitle: 通知\r\n---\r\n正文，\r\n续行。\r\n');
    const doc = await loadSource(join(dir, 'a.md'));
    expect(doc.meta.title).toBe('通知');
    // documentText puts a newline between text runs, and each source line is its own run now.
    const p = doc.blocks[0]!;
    expect(p.type === 'paragraph' && inlineText(p.children)).toBe('正文，续行。');
    expect(documentText(doc)).not.toContain('\r');
  });

  it('names a GB18030 file and reads it with encoding gb18030', async () => {
    const dir = tmp();
    const file = join(dir, 'gbk.md');
    writeFileSync(file, iconv.encode('---\ntitle: 通知\n---\n关于召开工会会议的通知。\n', 'gb18030'));
    const e = await asyncErrorOf(loadSource(file));
    // GBK's bytes for 通知 happen to be valid UTF-8 too, so the first bad byte is on line 4.
    expect(e.message).toMatch(/gbk\.md:4:1: not valid UTF-8 text\. It looks like GB18030\/GBK.*--encoding gb18030/);
    const doc = await loadSource(file, { encoding: 'gb18030' });
    expect(documentText(doc)).toBe('通知\n关于召开工会会议的通知。\n');
  });

  it('names binary files, folders and missing files', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'b.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    mkdirSync(join(dir, 'folder.md'));
    expect((await asyncErrorOf(loadSource(join(dir, 'b.md')))).message).toMatch(/b\.md: this is a binary file/);
    expect((await asyncErrorOf(loadSource(join(dir, 'folder.md')))).message).toMatch(/folder\.md: is a folder/);
    expect((await asyncErrorOf(loadSource(join(dir, 'nope.md')))).message).toMatch(/nope\.md: no such file/);
  });
});
