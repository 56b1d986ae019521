/**
 * Edge cases of the command line found in review: colliding output names, empty or bad --to
 * with several sources, check --fix preserving what it does not fix, check validating as export
 * does, damaged fonts, colour on redirected stdout.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, lstatSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, wenshu } from './helpers/cli.js';
import { hasProgram } from './helpers/programs.js';
import { root } from './helpers/seed.js';

const src = (body = '正文。', front = '') => `---\ntitle: 通知\n${front}---\n${body}\n`;

describe('export, several sources', () => {
  it('refuses sources that would overwrite each other’s outputs, before writing anything', () => {
    const dir = tempDir();
    for (const d of ['a', 'b']) {
      mkdirSync(join(dir, d));
      writeFileSync(join(dir, d, 'doc.md'), src());
    }
    const r = wenshu(['export', join(dir, 'a/doc.md'), join(dir, 'b/doc.md'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${join(dir, 'a/doc.md')} and ${join(dir, 'b/doc.md')} would both be written as doc.*: export them into different folders (--out)\n`);
    expect(readdirSync(dir).sort()).toEqual(['a', 'b']);
  });

  it('reports a bad --to once, and an empty one as bad usage', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.md'), src());
    writeFileSync(join(dir, 'b.md'), src());
    const r = wenshu(['export', join(dir, 'a.md'), join(dir, 'b.md'), '--to', 'odt', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(wenshu(['export', join(dir, 'a.md'), '--to', '', '--out', dir]).code).toBe(2);
  });
});

describe('output to a reader that stops early', () => {
  it('leaves quietly when the pipe closes (`wenshu export --help | head -c 1`), without a stack trace', () => {
    // With pipefail the shell's exit code is the CLI's; the CLI's stderr goes to a file of its own.
    const err = join(tempDir(), 'stderr.txt');
    const command = `"${process.execPath}" "${join(root, 'dist/cli.cjs')}" export --help 2>"${err}" | head -c 1 >/dev/null`;
    for (let i = 0; i < 3; i++) {
      const r = spawnSync('bash', ['-o', 'pipefail', '-c', command], { encoding: 'utf8' });
      expect(readFileSync(err, 'utf8')).toBe('');
      expect(r.status).toBe(0);
    }
  });
});

describe('check', () => {
  it('--fix keeps the byte-order mark, CRLF line ends, permissions, and writes through a link', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    const real = join(dir, 'real', 'src.md');
    writeFileSync(real, '\ufeff---\r\ntitle: 通知\r\n---\r\n当前,工会。\r\n');
    chmodSync(real, 0o600);
    symlinkSync(real, join(dir, 'link.md'));
    const r = wenshu(['check', '--fix', join(dir, 'link.md')]);
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('\ufeff---\r\ntitle: 通知\r\n---\r\n当前，工会。\r\n');
    expect(statSync(real).mode & 0o777).toBe(0o600);
  });

  it('fails, as export would, on an unknown preset and on a character no font draws', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.md'), src('正文。', 'preset: gongwn\n'));
    const p = wenshu(['check', join(dir, 'p.md')]);
    expect(p.code).toBe(1);
    expect(p.stderr).toContain("unknown preset 'gongwn' (did you mean 'gongwen'?)");
    writeFileSync(join(dir, 'g.md'), src('表情😀。'));
    const g = wenshu(['check', join(dir, 'g.md')]);
    expect(g.code).toBe(1);
    expect(g.stderr).toContain(`${join(dir, 'g.md')}:4:3: no font has a glyph for 「😀」 U+1F600`);
  });
});

describe('fonts', () => {
  it('a truncated font file is bad input naming the file, not an internal error', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cut.ttf'), readFileSync(join(root, 'fonts/LXGWWenKai-Regular.ttf')).subarray(0, 300_000));
    writeFileSync(join(dir, 'a.md'), src('正文。', 'fonts:\n  serif: cut.ttf\n'));
    const r = wenshu(['export', join(dir, 'a.md'), '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/fonts\.serif: "cut\.ttf" is truncated or damaged: its \w+ table runs past the end of the file/);
  });
});

describe.runIf(hasProgram('script'))('colour', () => {
  it('findings redirected to a file carry no colour codes even when stderr is a terminal', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.md'), src('当前,工会。'));
    spawnSync('script', ['-qec', `${process.execPath} ${join(root, 'dist/cli.cjs')} check ${join(dir, 'x.md')} > ${join(dir, 'findings.txt')}`, '/dev/null'], {
      env: { ...process.env, NO_COLOR: '' },
    });
    const findings = readFileSync(join(dir, 'findings.txt'), 'utf8');
    expect(findings).toContain('ascii-punctuation');
    expect(findings).not.toContain('\x1b[');
  });
});
