import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bodyOffset } from '../src/api.js';
import { applyFixes, lintSource } from '../src/lint/index.js';
import { essayPath } from './helpers/seed.js';

const lint = (body: string) => lintSource(`---\ntitle: t\n---\n${body}`, 'a.md', bodyOffset(`---\ntitle: t\n---\n${body}`));
const brief = (body: string) => lint(body).map((f) => `${f.line}:${f.column} ${f.code}`);
/** Applies the fixes until nothing changes (at most 5 rounds) and returns the body. */
const fixAll = (body: string) => {
  let source = `---\ntitle: t\n---\n${body}`;
  for (let round = 0; round < 5; round++) {
    const next = applyFixes(source, lintSource(source, 'a.md', bodyOffset(source))).text;
    if (next === source) break;
    source = next;
  }
  expect(applyFixes(source, lintSource(source, 'a.md', bodyOffset(source))).text).toBe(source);
  return source.slice('---\ntitle: t\n---\n'.length);
};

describe('lint rules', () => {
  it('the essay is clean', () => {
    const text = readFileSync(essayPath, 'utf8');
    expect(lintSource(text, 'essay.md', bodyOffset(text))).toEqual([]);
  });

  it('finds ASCII punctuation between hanzi, with line and column', () => {
    expect(brief('当前,工会工作;程序:简化!对吗?是的.\n')).toEqual([
      '4:3 ascii-punctuation',
      '4:8 ascii-punctuation',
      '4:11 ascii-punctuation',
      '4:14 ascii-punctuation',
      '4:17 ascii-punctuation',
      '4:20 ascii-punctuation',
    ]);
    expect(brief('单位(企业)与工会。\n')).toEqual(['4:3 ascii-punctuation', '4:6 ascii-punctuation']);
    expect(lint('当前,工会。\n')[0]!.message).toBe("ASCII ',' between Chinese characters: use full-width '，'");
  });

  it('leaves ASCII punctuation in Latin text and numbers alone', () => {
    expect(brief('GB/T 9704-2012 (2012), p. 3: ok; 1.5 倍行距，3.14。\n\n1. 第一项\n')).toEqual([]);
  });

  it('finds pairs mixing full and half width', () => {
    expect(brief('单位（企业)与工会。\n')).toContain('4:6 mixed-pair');
    expect(brief('他说“职工之家"。\n')).toContain('4:8 mixed-pair');
  });

  it('finds unbalanced brackets and quotes within a paragraph', () => {
    expect(brief('《工会章程学习。\n')).toEqual(['4:1 unbalanced']);
    expect(brief('工会章程》学习。\n')).toEqual(['4:5 unbalanced']);
    // A pair may span the lines of one paragraph, but not two paragraphs.
    expect(brief('“职工\n之家”。\n')).toEqual([]);
    expect(brief('“职工\n\n之家”。\n')).toEqual(['4:1 unbalanced', '6:3 unbalanced']);
  });

  it('finds a space between two hanzi, but not between hanzi and Latin', () => {
    expect(brief('工会 工作和\t会员。Word 文档。\n')).toEqual(['4:3 space-between-hanzi', '4:7 space-between-hanzi']);
  });

  it('leaves an ideographic space (U+3000) between hanzi alone, as legal and 公文 text uses it', () => {
    expect(brief('第一条　为了规范工会工作，制定本办法。\n')).toEqual([]);
    const source = '---\ntitle: t\n---\n第一条　为了规范。\n';
    expect(applyFixes(source, lintSource(source, 'a.md', bodyOffset(source))).text).toBe(source);
    // An ASCII space next to it is still a finding; the fix keeps the ideographic space.
    expect(fixAll('第一条　 为了。\n')).toBe('第一条　为了。\n');
  });

  it('leaves spaces in heading lines alone (headline-style phrases)', () => {
    expect(brief('# 强化意识 认真履职\n\n  ## 一要 增强\n\n强化意识 认真履职\n===\n')).toEqual([]);
    expect(brief('正文 内容\n')).toEqual(['4:3 space-between-hanzi']);
  });

  it('takes an ordered-list marker 1) for what it is, not a stray closing bracket', () => {
    expect(brief('1) 第一项\n2) 第二项\n\n   10) 第十项\n  - 3) 子项\n\n1)\n')).toEqual([]);
    expect(brief('第一项1)的说明\n')).toEqual(['4:5 unbalanced']);
  });

  it('takes ’ between Latin letters for an apostrophe', () => {
    expect(brief('Node’s 文档和 it’s fine。\n')).toEqual([]);
    expect(brief('他说‘Node’s 文档’。\n')).toEqual([]);
    expect(brief('文档’。\n')).toEqual(['4:3 unbalanced']);
  });

  it('accepts a quotation over several paragraphs, each opening with “ and only the last closing', () => {
    expect(brief('“第一段。\n\n“第二段。\n\n“第三段。”\n')).toEqual([]);
    expect(brief('他说：“第一段。\n\n  “第二段。”\n')).toEqual([]);
    // The last paragraph must still close, and a paragraph not opening with “ ends the quotation.
    expect(brief('“第一段。\n\n“第二段。\n')).toEqual(['6:1 unbalanced']);
    expect(brief('“第一段。\n\n第二段。\n')).toEqual(['4:1 unbalanced']);
  });

  it('--fix converges: applying the fixes again finds nothing and changes nothing', () => {
    const cases: Array<[string, string]> = [
      ['这是(Node中文)的说明。\n', '这是（Node中文）的说明。\n'],
      ['见(附件1)。\n', '见（附件1）。\n'],
      ['这是(Node中文）的说明。\n', '这是（Node中文）的说明。\n'],
      ['单位（企业)与工会。\n', '单位（企业）与工会。\n'],
      ['见（附件1)。\n', '见（附件1）。\n'],
      ['他说“职工之家"。\n', '他说“职工之家”。\n'],
      ['他说"职工之家”。\n', '他说“职工之家”。\n'],
      ['依据(GB/T 9704第\n3条)办理.\n', '依据（GB/T 9704第\n3条）办理。\n'],
      ['见(附件1)与(附件2)。\n', '见（附件1）与（附件2）。\n'],
    ];
    for (const [body, expected] of cases) {
      expect(fixAll(body), body).toBe(expected);
      expect(lint(expected), body).toEqual([]);
    }
  });

  it('fixes what has a safe fix and leaves the rest', () => {
    const body = '当前,工会工作 有（变化)。《未闭合\n';
    const source = `---\ntitle: t\n---\n${body}`;
    const findings = lintSource(source, 'a.md', bodyOffset(source));
    const { text, fixed } = applyFixes(source, findings);
    expect(fixed).toBe(3);
    expect(text).toBe('---\ntitle: t\n---\n当前，工会工作有（变化）。《未闭合\n');
    expect(lintSource(text, 'a.md', bodyOffset(text)).map((f) => f.code)).toEqual(['unbalanced']);
  });
});
