/**
 * `wenshu import` as a user runs it: beside the input or where -o says, several files at once, a
 * progress line per file with what was recognised, never over an existing file without --force,
 * exit codes as documented, and an output that `wenshu check` and `wenshu export` accept.
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, wenshu } from './helpers/cli.js';
import { root } from './helpers/seed.js';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('wenshu import', () => {
  it('writes NAME.md beside the input, says what it recognised, and the source passes check and export', () => {
    const dir = tempDir('wenshu-import-cli-');
    const input = join(dir, 'essay.txt');
    copyFileSync(join(root, 'test/fixtures/essay-as-scraped.txt'), input);
    const r = wenshu(['import', input]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^imported ${esc(input)} → ${esc(join(dir, 'essay.md'))}: title, 5 headings \\(1 level\\), byline \\(\\d+ fixed\\)$`, 'm'));
    expect(readdirSync(dir).sort()).toEqual(['essay.md', 'essay.txt']);
    expect(wenshu(['check', join(dir, 'essay.md')]).code).toBe(0);
    const exported = wenshu(['export', join(dir, 'essay.md'), '--to', 'txt', '--out', join(dir, 'out')]);
    expect(exported.code, exported.stderr).toBe(0);
  });

  it('imports several files at once, a progress line each, into a folder given with -o', () => {
    const dir = tempDir('wenshu-import-many-');
    writeFileSync(join(dir, 'a.txt'), '第一份通知\n\n　　正文一段。\n');
    writeFileSync(join(dir, 'b.html'), '<h1>第二份</h1><p>正文。</p>');
    const r = wenshu(['import', join(dir, 'a.txt'), join(dir, 'b.html'), '-o', join(dir, 'src') + '/']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/^imported /gm)).toHaveLength(2);
    expect(readdirSync(join(dir, 'src')).sort()).toEqual(['a.md', 'b.md']);
    expect(readFileSync(join(dir, 'src', 'b.md'), 'utf8')).toBe('---\ntitle: 第二份\n---\n正文。\n');
  });

  it('never writes over an existing file without --force (exit 3), and replaces it with --force', () => {
    const dir = tempDir('wenshu-import-force-');
    writeFileSync(join(dir, 'a.txt'), '标题\n\n　　正文。\n');
    writeFileSync(join(dir, 'a.md'), 'mine');
    const r = wenshu(['import', join(dir, 'a.txt')]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe(`error: ${join(dir, 'a.md')}: exists; give --force to replace it, or -o to write elsewhere`);
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('mine');
    expect(wenshu(['import', join(dir, 'a.txt'), '--force']).code).toBe(0);
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('---\ntitle: 标题\n---\n正文。\n');
    expect(readdirSync(dir).filter((n) => n.includes('wenshu-tmp'))).toEqual([]);
  });

  it('is a usage error (exit 2) to send several inputs to one -o file, or two inputs to one name', () => {
    const dir = tempDir('wenshu-import-usage-');
    writeFileSync(join(dir, 'a.txt'), '标题\n正文。\n');
    writeFileSync(join(dir, 'a.html'), '<p>标题</p>');
    const one = wenshu(['import', join(dir, 'a.txt'), join(dir, 'a.html'), '-o', join(dir, 'x.md')]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/names one file/);
    const clash = wenshu(['import', join(dir, 'a.txt'), join(dir, 'a.html')]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/would both be written as/);
    expect(wenshu(['import', join(dir, 'a.txt'), '--preset', 'nope']).code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['a.html', 'a.txt']);
  });

  it('writes --preset into the front matter, and with gongwen the 公文 elements as its keys, none kept as body text', () => {
    const dir = tempDir('wenshu-import-gongwen-');
    writeFileSync(join(dir, 'n.txt'), '关于开会的通知\n\n各单位：\n\n　　定于明天开会。\n\n　　　　　　　　　　　　某某办公室\n　　　　　　　　　　　　2026年5月6日\n');
    const r = wenshu(['import', join(dir, 'n.txt'), '--preset', 'gongwen']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(': title, 主送机关, no headings, 署名, 成文日期');
    expect(r.stderr).not.toContain('kept in the body');
    expect(readFileSync(join(dir, 'n.md'), 'utf8')).toBe('---\ntitle: 关于开会的通知\ndate: 2026-05-06\npreset: gongwen\nto: 各单位\nsignature: 某某办公室\n---\n定于明天开会。\n');
    // Without the preset they stay in the body, and the message says how to make them keys.
    const plain = wenshu(['import', join(dir, 'n.txt'), '-o', join(dir, 'plain.md')]);
    expect(plain.stderr).toContain('kept in the body as text (--preset gongwen makes them front-matter keys): 主送机关, 署名');
  });

  it('writes the source but exits 1 when wenshu check would still object, naming line and column in the new source', () => {
    const dir = tempDir('wenshu-import-findings-');
    writeFileSync(join(dir, 'q.txt'), '标题\n\n　　他说：“没有结束的引号。\n\n　　第二段。\n');
    const r = wenshu(['import', join(dir, 'q.txt')]);
    expect(r.code).toBe(1);
    const out = join(dir, 'q.md');
    expect(r.stderr).toMatch(new RegExp(`^error: ${esc(out)}:4:4: opening '“' is never closed in this paragraph \\[unbalanced\\]$`, 'm'));
    expect(readFileSync(out, 'utf8').split('\n')[3]).toBe('他说：“没有结束的引号。');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('is listed in the help', () => {
    expect(wenshu(['--help']).stdout).toMatch(/^\s+import \[options\] <files\.\.\.>/m);
    expect(wenshu(['import', '--help']).stdout).toContain('--force');
  });
});
