/**
 * What wenshu reads: sources, config files and fonts are regular files read with a size limit
 * (or standard input, when a source is given as `-`); devices, FIFOs and folders are refused
 * before a byte is read. And an export never writes over its own source.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, tempDir, wenshu } from './helpers/cli.js';

const md = (body: string, front = '') => `---\ntitle: 测试\n${front}---\n${body}\n`;

describe('sources and config files are bounded regular files', () => {
  it('devices are refused at once (no reading until memory runs out)', () => {
    for (const device of ['/dev/zero', '/dev/urandom']) {
      const r = wenshu(['export', device, '--out', tempDir()]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`error: ${device}: is a device, not a Markdown source: wenshu reads only regular files [not-a-file]\n`);
    }
    const dir = tempDir();
    writeFileSync(join(dir, 'a.md'), md('正文。'));
    const r = wenshu(['export', join(dir, 'a.md'), '--config', '/dev/zero', '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: /dev/zero: is a device, not a config file: wenshu reads only regular files [not-a-file]\n');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a FIFO is refused without waiting for a writer, as a source and as wenshu.yaml', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    const r = spawnSync(bin, ['export', join(dir, 'pipe.md'), '--out', dir], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: ${join(dir, 'pipe.md')}: is a pipe (FIFO), not a Markdown source: wenshu reads only regular files [not-a-file]\n`);
    execFileSync('mkfifo', [join(dir, 'wenshu.yaml')]);
    writeFileSync(join(dir, 'a.md'), md('正文。'));
    const c = spawnSync(bin, ['check', join(dir, 'a.md')], { encoding: 'utf8', timeout: 20_000 });
    expect(c.status).toBe(1);
    expect(c.stderr).toContain('wenshu.yaml: is a pipe (FIFO), not a config file');
  });

  it('a source over the size limit is refused from its size; the limit is set by WENSHU_MAX_SOURCE_MB', () => {
    const dir = tempDir();
    const src = join(dir, 'big.md');
    writeFileSync(src, md('工会工作。'.repeat(80_000))); // 1.2 MB
    const r = wenshu(['export', src, '--to', 'txt', '--out', dir], { env: { WENSHU_MAX_SOURCE_MB: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${src}: is larger than 1 MB (1.1 MB); set WENSHU_MAX_SOURCE_MB to allow more [too-large]\n`);
    expect(wenshu(['export', src, '--to', 'txt', '--out', dir, '-q'], { env: { WENSHU_MAX_SOURCE_MB: '2' } }).code).toBe(0);
  });

  it('standard input is read when the source is given as -, and written as stdin.*', () => {
    const out = tempDir();
    const r = spawnSync(bin, ['export', '-', '--to', 'txt', '--out', out], { input: md('来自标准输入。'), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'stdin.txt'), 'utf8')).toContain('来自标准输入。');
    const two = wenshu(['export', '-', 'a.md']);
    expect(two.code).toBe(2);
  });

  it('a UTF-16 file is called UTF-16, with how to convert it', () => {
    const dir = tempDir();
    const text = md('正文。');
    const cases: Array<[string, Buffer]> = [
      ['UTF-16LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['UTF-16BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
      ['UTF-16LE', Buffer.from(text, 'utf16le')],
    ];
    for (const [name, bytes] of cases) {
      writeFileSync(join(dir, 'u.md'), bytes);
      const r = wenshu(['check', join(dir, 'u.md')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`u.md: this is ${name} text; wenshu reads UTF-8 (or GB18030): convert it, e.g. with 'iconv -f ${name} -t UTF-8'`);
    }
  });

  it('a font that is a device or missing is an error at the key that names it', () => {
    const dir = tempDir();
    const src = join(dir, 'f.md');
    writeFileSync(src, md('正文。', 'fonts:\n  serif: /dev/zero\n'));
    expect(wenshu(['export', src, '--out', dir]).stderr).toBe(`error: ${src}:4:10: fonts.serif: "/dev/zero" is not a regular file [font]\n`);
    writeFileSync(src, md('正文。', 'fonts:\n  kai: { path: k.ttf, bold: nowhere.ttf }\n'));
    writeFileSync(join(dir, 'k.ttf'), readFileSync(join(__dirname, '../fonts/LXGWWenKai-Regular.ttf')));
    expect(wenshu(['export', src, '--out', dir]).stderr).toMatch(new RegExp(`^error: ${src}:4:29: fonts\\.kai\\.bold: font file "nowhere\\.ttf" not found`));
    // Named in wenshu.yaml: the error points into the config file.
    writeFileSync(src, md('正文。'));
    writeFileSync(join(dir, 'wenshu.yaml'), 'fonts:\n  fallback:\n    - missing.ttf\n');
    expect(wenshu(['export', src, '--out', dir]).stderr).toMatch(new RegExp(`^error: ${join(dir, 'wenshu.yaml')}:3:7: fonts\\.fallback\\[0\\]: font file ".*missing\\.ttf" not found`));
  });
});

describe('an export never writes over its own source', () => {
  it('a source whose output would have its name is refused, exit 2, before anything is written', () => {
    const dir = tempDir();
    const cases: Array<[string, string[], string]> = [
      ['notes.txt', [], 'its TXT output'],
      ['x.pdf', ['--to', 'pdf'], 'its PDF output'],
      ['x.zip', ['--to', 'txt', '--bundle'], 'its bundle'],
      ['SHA256SUMS', ['--to', 'txt', '--manifest'], 'the manifest'],
    ];
    for (const [name, args, what] of cases) {
      const src = join(dir, name);
      writeFileSync(src, md('原文。'));
      const r = wenshu(['export', name, '--out', '.', ...args], { cwd: dir });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toBe(`error: ${name}: exporting it would write ${what} over this source (${name}); export into another folder (--out) or rename the source\n`);
      expect(readFileSync(src, 'utf8')).toBe(md('原文。'));
    }
    expect(readdirSync(dir).sort()).toEqual(['SHA256SUMS', 'notes.txt', 'x.pdf', 'x.zip']);
  });

  it('also through a symbolic link, or a folder given another way', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'notes.txt'), md('原文。'));
    symlinkSync(join(dir, 'sub'), join(dir, 'link'));
    const r = wenshu(['export', join(dir, 'sub', 'notes.txt'), '--out', join(dir, 'link')]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'sub', 'notes.txt'), 'utf8')).toBe(md('原文。'));
    expect(wenshu(['export', 'notes.txt', '--out', '../sub/.'], { cwd: join(dir, 'sub') }).code).toBe(2);
  });

  it("--out '' and --config '' are usage errors, not the current folder or no config", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.md'), md('正文。'));
    const r = wenshu(['export', 'a.md', '--out', ''], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: --out needs a folder name ('.' for this folder)\n");
    expect(readdirSync(dir)).toEqual(['a.md']);
    // Likewise --config '', which silently meant no config file at all.
    for (const command of ['export', 'check']) {
      const c = wenshu([command, 'a.md', '--config', ''], { cwd: dir });
      expect(c.code).toBe(2);
      expect(c.stderr).toBe('error: --config needs a file name (--no-config for none)\n');
    }
    expect(readdirSync(dir)).toEqual(['a.md']);
  });
});
