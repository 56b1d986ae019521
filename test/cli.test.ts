import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { essayPath, root } from './helpers/seed.js';
import { hasProgram } from './helpers/programs.js';
import { tempDir, wenshu } from './helpers/cli.js';

const hasStack = (s: string) => /^\s+at .+:\d+:\d+\)?$/m.test(s);

describe('wenshu export', () => {
  it('writes the files named after the source, with a progress line each', () => {
    const out = tempDir();
    const r = wenshu(['export', essayPath, '--to', 'txt', '--out', out]);
    expect(r.stderr).toBe(`wrote ${join(out, 'essay.txt')} (${(readFileSync(join(out, 'essay.txt')).length / 1024).toFixed(1)} KB)\n`);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'essay.txt'), 'utf8')).toMatch(/^强化意识/);
    expect(readdirSync(out)).toEqual(['essay.txt']);
  });

  it('exports every format by default: essay.docx, essay.pdf, essay.txt (the README promise)', () => {
    const out = tempDir();
    const r = wenshu(['export', essayPath, '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['essay.docx', 'essay.pdf', 'essay.txt']);
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
    expect(readFileSync(join(out, 'essay.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(join(out, 'essay.docx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('decodes character references in the built CLI', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'refs.md'), '---\ntitle: 实体\n---\n版权&copy;所有，A&amp;B，&#x4e59;。\n');
    const r = wenshu(['export', join(dir, 'refs.md'), '--to', 'txt', '--out', dir, '-q']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'refs.txt'), 'utf8')).toContain('版权©所有，A&B，乙。');
  });

  it('embeds a CFF face through fontkit in the built CLI (gongwen: FandolFang)', () => {
    const out = tempDir();
    const r = wenshu(['export', essayPath, '--preset', 'gongwen', '--to', 'pdf', '--out', out, '-q']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'essay.pdf')).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+FandolFang/);
  });

  it('reads front matter beyond plain lines through the YAML library in the built CLI', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'y.md'), '---\ntitle: 1984\nkeywords:\n  - 甲\n  - 乙\n---\n正文。\n');
    const r = wenshu(['export', join(dir, 'y.md'), '--to', 'txt', '--out', dir, '-q']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'y.txt'), 'utf8')).toMatch(/^1984\n/);
    writeFileSync(join(dir, 'z.md'), '---\ntitle: t\ntitel: x\n---\n正文。\n');
    const bad = wenshu(['export', join(dir, 'z.md'), '--to', 'txt', '--out', dir, '-q']);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining("z.md:3:1: unknown front-matter key 'titel' (did you mean 'title'?)")]);
  });

  it('is silent with --quiet and creates a missing output folder', () => {
    const out = join(tempDir(), 'a', 'b');
    const r = wenshu(['export', essayPath, '--to', 'txt', '--out', out, '--quiet']);
    expect([r.code, r.stderr, r.stdout]).toEqual([0, '', '']);
    expect(existsSync(join(out, 'essay.txt'))).toBe(true);
  });

  it('reports bad input on one line with file:line:col, exit 1, no stack unless --debug', () => {
    const dir = tempDir();
    const src = join(dir, 'bad.md');
    writeFileSync(src, '---\ntitle: 通知\nauther: 张三\n---\n正文。\n');
    const r = wenshu(['export', src, '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${src}:3:1: unknown front-matter key 'auther' (did you mean 'author'?) [unknown-key]\n`);
    expect(readdirSync(dir)).toEqual(['bad.md']);
    const debug = wenshu(['export', src, '--out', dir, '--debug']);
    expect(debug.code).toBe(1);
    expect(hasStack(debug.stderr)).toBe(true);
  });

  it('refuses a source that fails the lint rules and writes nothing', () => {
    const dir = tempDir();
    const src = join(dir, 'lint.md');
    writeFileSync(src, '---\ntitle: 通知\n---\n当前,工会工作。\n');
    const r = wenshu(['export', src, '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: ${src}:4:3: ASCII ',' between Chinese characters: use full-width '，' [ascii-punctuation]`);
    expect(r.stderr).toContain('wenshu check --fix');
    expect(readdirSync(dir)).toEqual(['lint.md']);
  });

  it('treats bad usage as exit 2', () => {
    expect(wenshu(['export', essayPath, '--to', 'odt']).code).toBe(2);
    expect(wenshu(['export', essayPath, '--to', 'odt']).stderr).toMatch(/unknown format 'odt'.*available formats/);
    expect(wenshu(['export', essayPath, '--frobnicate']).code).toBe(2);
    expect(wenshu(['export']).code).toBe(2);
    expect(wenshu(['export', essayPath, '--txt-wrap', 'x']).code).toBe(2);
    expect(wenshu(['bogus']).code).toBe(2);
  });

  it('reports an output path that is a file as an output failure, exit 3', () => {
    const dir = tempDir();
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    const r = wenshu(['export', essayPath, '--to', 'txt', '--out', file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`error: ${file}: the output path exists but is a file, not a folder\n`);
    expect(hasStack(r.stderr)).toBe(false);
  });

  it.runIf(hasProgram('script'))('colours its output only on a terminal, and never with NO_COLOR or --no-color', () => {
    const out = tempDir();
    // script(1) runs the command on a pseudo-terminal, as a user's shell would.
    const onTerminal = (extra: string, env: Record<string, string> = {}) =>
      spawnSync('script', ['-qec', `${process.execPath} ${join(root, 'dist/cli.cjs')} export ${essayPath} --to txt --out ${out} ${extra}`, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '', ...env },
      }).stdout;
    expect(onTerminal('')).toContain('\x1b[32mwrote\x1b[0m');
    expect(onTerminal('', { NO_COLOR: '1' })).not.toContain('\x1b[');
    expect(onTerminal('--no-color')).not.toContain('\x1b[');
    // Piped (every other test here): plain text.
    expect(wenshu(['export', essayPath, '--to', 'txt', '--out', out]).stderr).not.toContain('\x1b[');
  });

  it('teaches with --help', () => {
    const r = wenshu(['export', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--txt-wrap <columns>');
  });
});

describe('wenshu check', () => {
  it('passes the essay', () => {
    const r = wenshu(['check', essayPath]);
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(r.stderr).toBe(`${essayPath}: ok\n`);
  });

  it('lists findings with file:line:col and exits 1; --fix repairs the safe ones atomically', () => {
    const dir = tempDir();
    const src = join(dir, 'a.md');
    writeFileSync(src, '---\ntitle: 通知\n---\n当前,工会 工作(企业)。\n');
    const r = wenshu(['check', src]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      `error: ${src}:4:3: ASCII ',' between Chinese characters: use full-width '，' [ascii-punctuation]`,
      `error: ${src}:4:6: space between two Chinese characters: Chinese text has no spaces between words [space-between-hanzi]`,
      `error: ${src}:4:9: ASCII '(' between Chinese characters: use full-width '（' [ascii-punctuation]`,
      `error: ${src}:4:12: ASCII ')' between Chinese characters: use full-width '）' [ascii-punctuation]`,
    ]);
    const fixed = wenshu(['check', '--fix', src]);
    expect(fixed.code).toBe(0);
    expect(readFileSync(src, 'utf8')).toBe('---\ntitle: 通知\n---\n当前，工会工作（企业）。\n');
    expect(readdirSync(dir)).toEqual(['a.md']);
  });
});
