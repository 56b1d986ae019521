import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bodyOffset } from '../src/api.js';
import { applyFixes, lintSource } from '../src/lint/index.js';
import { essayPath } from './helpers/seed.js';

const lint = (body: string) => lintSource(`---\ntitle: t\n---\n${body}`, 'a.md', bodyOffset(`---\ntitle: t\n---\n${body}`));
const brief = (body: string) => lint(body).map((f) => `${f.line}:${f.column} ${f.code}`);

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
    expect(brief('工会 工作和　会员。Word 文档。\n')).toEqual(['4:3 space-between-hanzi', '4:7 space-between-hanzi']);
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
