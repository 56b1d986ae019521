/**
 * Every part of our DOCX files in schema order: for each element the order table knows
 * (src/exporters/docx/schema.ts, from ECMA-376's wml.xsd), its children must come in that order.
 * Word refuses a document whose property elements are out of order; LibreOffice does not, so
 * only a check like this one finds it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSource, parseSource, renderDocument } from '../src/api.js';
import { CONTENT, ordered, SCHEMA_ORDER } from '../src/exporters/docx/schema.js';
import { unzipDocx } from './helpers/docx.js';
import { essayPath } from './helpers/seed.js';

/** Children's tag names of every element, from a well-formed part (our writer's compact XML). */
function childLists(xml: string): Array<{ parent: string; children: string[] }> {
  const out: Array<{ parent: string; children: string[] }> = [];
  const stack: Array<{ parent: string; children: string[] }> = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w.:-]*)(?:\s[^>]*?)?(\/?)>/g)) {
    const [, close, name, selfClosing] = m;
    if (close) {
      const done = stack.pop()!;
      expect(done.parent, 'the part is well formed').toBe(name);
      out.push(done);
      continue;
    }
    stack.at(-1)?.children.push(name!);
    if (!selfClosing) stack.push({ parent: name!, children: [] });
  }
  expect(stack, 'every element is closed').toEqual([]);
  return out;
}

/** The first child out of schema order, or undefined. */
function outOfOrder(parent: string, children: readonly string[]): string | undefined {
  const order = SCHEMA_ORDER[parent]!;
  const rank = (tag: string) => (order.includes(tag) ? order.indexOf(tag) : order.indexOf(CONTENT));
  for (let i = 1; i < children.length; i++) {
    if (rank(children[i]!) < 0) return `${children[i]} is not a child of ${parent}`;
    if (rank(children[i]!) < rank(children[i - 1]!)) return `${children[i]} comes after ${children[i - 1]} in ${parent}`;
  }
  return rank(children[0] ?? CONTENT) < 0 ? `${children[0]} is not a child of ${parent}` : undefined;
}

const SAMPLE = `---
title: 关于召开工会工作会议的通知
author: 市总工会办公室
byline: 市总工会办公室
date: 2026-11-24
---
各基层工会：

# 一、会议时间

2026年12月10日上午9:00，会期*半天*，**请准时参加**。

1. 各基层工会主席；
2. 机关全体干部。

- 请提前入场
  - 嵌套的项目

> 引文一段，“三个必访”。

联系人：王老师\\
联系电话：0871-12345678

***

特此通知。
`;

describe('DOCX parts in schema order', () => {
  const documents = async () => [
    ['essay, handout', await renderDocument(await loadSource(essayPath), 'docx', { preset: 'handout' })],
    ['essay, 公文', await renderDocument(await loadSource(essayPath), 'docx', { preset: 'gongwen' })],
    ['notice, handout', await renderDocument(parseSource(SAMPLE, 'notice.md'), 'docx', { preset: 'handout' })],
    ['notice, 公文', await renderDocument(parseSource(SAMPLE, 'notice.md'), 'docx', { preset: 'gongwen' })],
  ] as const;

  it('has every child of every element the table knows in the schema order', async () => {
    let checked = 0;
    for (const [name, bytes] of await documents()) {
      for (const [part, data] of Object.entries(unzipDocx(bytes))) {
        if (!part.endsWith('.xml') && !part.endsWith('.rels')) continue;
        for (const { parent, children } of childLists(new TextDecoder().decode(data))) {
          if (!SCHEMA_ORDER[parent]) continue;
          expect(outOfOrder(parent, children), `${name}: ${part}`).toBeUndefined();
          checked++;
        }
      }
    }
    // pPr, rPr, sectPr, styles, style, settings, font … were all met.
    expect(checked).toBeGreaterThan(100);
  });

  it('sorts children into the order, keeps a container\'s content in its own order, and refuses a child it does not know', () => {
    expect(ordered('w:pPr', {}, '<w:jc w:val="both"/>', '<w:pStyle w:val="Normal"/>', '<w:ind w:left="1"/>')).toBe(
      '<w:pPr><w:pStyle w:val="Normal"/><w:ind w:left="1"/><w:jc w:val="both"/></w:pPr>',
    );
    expect(ordered('w:tc', {}, '<w:p>a</w:p>', '<w:tbl>t</w:tbl>', '<w:tcPr/>', '<w:p>b</w:p>')).toBe('<w:tc><w:tcPr/><w:p>a</w:p><w:tbl>t</w:tbl><w:p>b</w:p></w:tc>');
    expect(() => ordered('w:rPr', {}, '<w:pStyle w:val="x"/>')).toThrow(/w:pStyle is not a child of w:rPr/);
  });

  it('agrees with the standard on orders that Word is known to enforce', () => {
    const before = (parent: string, a: string, b: string) => SCHEMA_ORDER[parent]!.indexOf(a) < SCHEMA_ORDER[parent]!.indexOf(b);
    // ECMA-376 Part 1, CT_PPrBase: … spacing, ind, …, jc, …, outlineLvl.
    expect(before('w:pPr', 'w:spacing', 'w:ind') && before('w:pPr', 'w:ind', 'w:jc') && before('w:pPr', 'w:jc', 'w:outlineLvl')).toBe(true);
    // CT_Font: embedRegular before embedBold (our writer had them the other way round).
    expect(before('w:font', 'w:embedRegular', 'w:embedBold')).toBe(true);
    // CT_SectPr: footer references first, docGrid last of what we write.
    expect(before('w:sectPr', 'w:footerReference', 'w:pgSz') && before('w:sectPr', 'w:cols', 'w:docGrid')).toBe(true);
    expect(readFileSync(new URL('../src/exporters/docx/schema.ts', import.meta.url), 'utf8')).toContain('ECMA-376');
  });
});
