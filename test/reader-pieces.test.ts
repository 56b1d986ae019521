/**
 * The reader parses a long source in pieces (src/readers/markdown.ts, pieceStarts) so that
 * the parser never holds a whole 3,000-page source at once. Whatever the piece size, the document
 * must be exactly the one a single parse gives: blocks, text, spans, and errors.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM modules without type declarations
import { generateDocument } from '../bench/lib/generate.mjs';
import { parseMarkdown, pieceStarts } from '../src/readers/markdown.js';
import { errorOf } from './helpers/errors.js';
import { essayPath } from './helpers/seed.js';

const essay = readFileSync(essayPath, 'utf8');
const WHOLE = Number.MAX_SAFE_INTEGER;
const md = (body: string) => `---\ntitle: 标题\nbyline: 作者\n---\n\n${body}\n`;

/** A body with every block the model holds, arranged where a cut could go wrong. */
const tricky = md(`# 一、标题

正文第一段，*强调
跨行*，**加粗**。  
硬换行之后。

- 列表一

  列表一的第二段，缩进，属于列表。

- 列表二
1. 有序列表紧接着

中文段落紧接列表之后。

1. 第一项

2. 第二项（松散列表）

> 引用一
>
> 引用二

> 另一个引用，空行之后

   
中文段落，前面是只有空格的一行。
第二行
===

#标签式开头

***

# 二、标题

- 外层
  - 内层

    内层的第二段

最后一段。`);

function expectSameAsWhole(text: string, sizes: number[]): void {
  const whole = parseMarkdown(text, 'a.md', WHOLE);
  for (const size of sizes) expect(parseMarkdown(text, 'a.md', size), `pieces of ${size}`).toEqual(whole);
}

describe('parsing in pieces', () => {
  it('cuts only where a block starts after a blank line', () => {
    const starts = pieceStarts(tricky, 1);
    expect(starts.length).toBeGreaterThanOrEqual(8);
    for (const at of starts.slice(1)) {
      expect(tricky.slice(0, at)).toMatch(/\n[ \t]*\n$/);
      expect(tricky[at]).toMatch(/[#\u0080-\uffff]/u);
    }
    // Nothing in the front matter, nothing before an indented line, a list marker or a quote.
    expect(starts[1]).toBeGreaterThan(tricky.indexOf('---', 3));
    expect(starts).not.toContain(tricky.indexOf('  列表一的第二段'));
    expect(starts).not.toContain(tricky.indexOf('    内层的第二段'));
  });

  it('gives the same document as one parse: the essay, a tricky body, generated documents', () => {
    expectSameAsWhole(essay, [1, 100, 1000]);
    expectSameAsWhole(tricky, [1, 7, 50, 200]);
    for (const pages of [3, 20]) expectSameAsWhole(generateDocument(essay, pages, { seed: pages }), [1, 500, 4096]);
  });

  it('reports the same problems, in the same order, with the same positions', () => {
    const bad = md(`中文 ![图](https://example.org/a.png) 段落。

中文段落，含\`代码\`。

| 表 | 格 |
| --- | --- |
| 1 | 2 | 3 |

中文[链接](附件.docx)。`);
    const whole = errorOf(() => parseMarkdown(bad, 'a.md', WHOLE)).message;
    expect(whole).toMatch(/not a local file.*\n.*inline code.*\n.*this table row has 3 cells.*\n.*a link must go/s);
    for (const size of [1, 10, 60]) expect(errorOf(() => parseMarkdown(bad, 'a.md', size)).message).toBe(whole);
  });

  it('parses whole what reaches across blank lines: fenced code, HTML, link definitions', () => {
    for (const body of ['中文。\n\n```\n代码\n\n代码\n```\n\n中文。', '中文。\n\n<div>\n\n中文\n\n</div>', '中文[甲]。\n\n中文。\n\n[甲]: https://example.com']) {
      expect(pieceStarts(md(body), 1)).toEqual([0]);
    }
    expect(pieceStarts(md('中文。\n\n中文。').replace(/\n/g, '\r\n'), 1)).toEqual([0]);
    expect(pieceStarts('没有前言。\n\n中文。', 1)).toEqual([0]);
  });
});
