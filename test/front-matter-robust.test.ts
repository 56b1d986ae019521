/**
 * Front matter a hostile or careless user writes: each is our own input error (exit 1) with the
 * position of the key or value, never an internal error, and text stays text as written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSource, parseSource, renderDocument } from '../src/api.js';
import { asyncErrorOf, errorOf } from './helpers/errors.js';
import { tempDir } from './helpers/cli.js';

const source = (front: string) => `---\n${front}\n---\n正文。\n`;
const messages = (front: string) => errorOf(() => parseSource(source(front), 'fm.md')).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);

describe('front matter', () => {
  it('an alias bomb is refused at its first alias', () => {
    const levels = ['&a [x,x,x,x,x,x,x,x,x]'];
    for (let i = 0; i < 8; i++) levels.push(`&${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    const front = `title: 测试\nkeywords: [${levels.join(',')}]`;
    const [message] = messages(front);
    expect(message).toMatch(/^3:39 front matter expands its aliases \(\*name\) too many times/);
    // A few aliases are fine.
    expect(parseSource(source('title: &t 工会\nsubject: *t'), 'fm.md').meta.subject).toBe('工会');
  });

  it('a preset named like an object property is an unknown preset, from the front matter or a config file', async () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const doc = parseSource(source(`title: 测试\npreset: ${name}`), 'fm.md');
      const error = await asyncErrorOf(renderDocument(doc, 'txt'));
      expect(error.exitCode).toBe(1);
      expect(error.message).toBe(`fm.md: unknown preset '${name}'; presets: handout, handout-a5, gongwen, or an own preset file (house.yaml)`);
    }
    const dir = tempDir();
    writeFileSync(join(dir, 'wenshu.yaml'), 'preset: constructor\n');
    writeFileSync(join(dir, 'a.md'), source('title: 测试'));
    const doc = await loadSource(join(dir, 'a.md'));
    expect((await asyncErrorOf(renderDocument(doc, 'pdf'))).message).toContain("unknown preset 'constructor'");
  });

  it('control characters written as escapes are refused in every value and key, with their position', () => {
    expect(messages('title: "测\\u0001试"')).toEqual(['2:8 control or non-character U+0001 is not allowed in the front matter']);
    expect(messages('title: 测试\nauthor: "a\\x07b"')).toEqual(['3:9 control or non-character U+0007 is not allowed in the front matter']);
    expect(messages('title: 测试\nkeywords: [工会, "\\u0085"]')).toEqual(['3:16 control or non-character U+0085 is not allowed in the front matter']);
    expect(messages('title: 测试\n"x\\u0001": 1')).toEqual(['3:1 control or non-character U+0001 is not allowed in the front matter']);
    expect(messages('title: 测试\nfonts:\n  serif: "a\\u0000.ttf"')).toEqual(['4:10 control or non-character U+0000 is not allowed in the front matter']);
  });

  it('text may be written as a number anywhere text goes, and stays as written', () => {
    const doc = parseSource(source('title: 1.50\nauthor: 42\nbyline: 0x10\nsubject: 1e3\nkeywords: [2026, 1.0]'), 'fm.md');
    expect(doc.meta).toMatchObject({ title: '1.50', author: '42', byline: '0x10', subject: '1e3', keywords: ['2026', '1.0'] });
  });

  it('a value of the wrong kind says what the key needs', () => {
    expect(messages('title: true')).toEqual(['2:8 \'title\' must be text']);
    expect(messages('title:')).toEqual(['2:7 \'title\' must not be empty']);
    expect(messages('title: 测试\nsubject: [a]')).toEqual(['3:10 \'subject\' must be text']);
    expect(messages('title: 测试\nkeywords: {a: 1}')).toEqual(['3:11 \'keywords\' must be a list of keywords, or one line of them separated by commas']);
    expect(messages('title: 测试\nfonts: 3')).toEqual(['3:8 \'fonts\' must map font roles (serif, sans, kai, fang, title, latin, fallback) to font files']);
    expect(messages('title: 测试\nfonts:\n  fallback: {a: 1}')).toEqual(['4:13 \'fonts.fallback\' must be a font file, or a list of them']);
  });
});
