/**
 * Integrity files from a hostile folder or a damaged file: extract-source and verify read only
 * what they must (regular files inside the folder, inflation bounded by the declared sizes and a
 * cap), write only safe names, and fail with our own input error, never an internal error.
 * Concurrent `export --manifest` runs into one folder keep every entry.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extractSource } from '../src/integrity/pdf-source.js';
import { isSafeSourceName, safeSourceName } from '../src/integrity/names.js';
import { lockManifest, LOCK_NAME } from '../src/integrity/lock.js';
import { zip } from '../src/io/zip.js';
import { WenshuError } from '../src/errors.js';
import { bin, tempDir, wenshu } from './helpers/cli.js';

const md = (body: string, title = '测试') => `---\ntitle: ${title}\n---\n${body}\n`;

/** A minimal PDF whose catalog attaches `stream` as its source (no cross-reference table). */
function pdfWithSource(stream: Buffer, dict: string, name = '(source.md)'): Buffer {
  return Buffer.concat([
    Buffer.from(
      `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /AF [2 0 R] >>\nendobj\n2 0 obj\n<< /Type /Filespec /AFRelationship /Source /UF ${name} /EF << /F 3 0 R >> >>\nendobj\n` +
        `3 0 obj\n<< /Type /EmbeddedFile /Length ${stream.length} ${dict} >>\nstream\n`,
      'latin1',
    ),
    stream,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  ]);
}

function extractError(pdf: Buffer): string {
  try {
    extractSource(pdf, 'x.pdf');
  } catch (error) {
    expect(error).toBeInstanceOf(WenshuError);
    return (error as WenshuError).message;
  }
  throw new Error('extracted');
}

describe('extract-source on damaged and hostile PDFs', () => {
  const text = Buffer.from(md('正文。'));

  it('reads a well-formed attachment (the helper itself is right)', () => {
    expect(extractSource(pdfWithSource(deflateSync(text), `/Filter /FlateDecode /Params << /Size ${text.length} >>`), 'x.pdf').bytes.equals(text)).toBe(true);
  });

  it('a flipped byte in the stream, 200,000 nested [ and a stream that is no zlib are input errors', () => {
    const good = deflateSync(text);
    const flipped = Buffer.from(good);
    flipped[6]! ^= 0xff;
    expect(extractError(pdfWithSource(flipped, '/Filter /FlateDecode'))).toMatch(/^x\.pdf: its source attachment is damaged/);
    expect(extractError(Buffer.from(`%PDF-1.7\ntrailer\n${'['.repeat(200_000)}\n`, 'latin1'))).toBe('x.pdf: is damaged: objects nested more than 64 deep');
    expect(extractError(pdfWithSource(Buffer.from('not zlib at all'), '/Filter /FlateDecode'))).toMatch(/^x\.pdf: its source attachment is damaged/);
  });

  it('inflation stops at the declared size, and at WENSHU_MAX_INFLATE_MB without one', () => {
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MB of zeros in ~64 KB
    expect(extractError(pdfWithSource(bomb, '/Filter /FlateDecode /Params << /Size 100 >>'))).toBe('x.pdf: its source attachment is damaged: it inflates to more than the 100 bytes stored');
    const before = process.env.WENSHU_MAX_INFLATE_MB;
    process.env.WENSHU_MAX_INFLATE_MB = '1';
    try {
      expect(extractError(pdfWithSource(bomb, '/Filter /FlateDecode'))).toBe('x.pdf: its source attachment inflates to more than 1 MB; set WENSHU_MAX_INFLATE_MB to allow more');
      expect(extractError(pdfWithSource(bomb, '/Filter /FlateDecode /Params << /Size 67108864 >>'))).toBe('x.pdf: its source attachment is larger than 1 MB (64 MB); set WENSHU_MAX_INFLATE_MB to allow more');
    } finally {
      if (before === undefined) delete process.env.WENSHU_MAX_INFLATE_MB;
      else process.env.WENSHU_MAX_INFLATE_MB = before;
    }
  });

  it('writes only a safe stored name, else source.md; never a dotfile, a config name or a path', () => {
    for (const bad of ['.bashrc', 'wenshu.yaml', 'WENSHU.YML', 'a\nb.md', 'a\u0000b.md', '\u202edm.exe', 'con.md', 'a.md ', '-rf.md', '']) {
      expect(isSafeSourceName(bad), JSON.stringify(bad)).toBe(false);
      expect(safeSourceName(bad)).toBe('source.md');
    }
    expect(safeSourceName('../../etc/笔记 (2).md')).toBe('笔记 (2).md');
    expect(safeSourceName('C:\\docs\\essay.md')).toBe('essay.md');
    // Through the CLI: a NUL in the stored name (an internal error before) and a dotfile.
    const dir = tempDir();
    for (const [file, name] of [['nul.pdf', '(a\\000b.md)'], ['dot.pdf', '(.bashrc)'], ['cfg.pdf', '(wenshu.yaml)']] as const) {
      writeFileSync(join(dir, file), pdfWithSource(deflateSync(text), `/Filter /FlateDecode /Params << /Size ${text.length} >>`, name));
      const r = wenshu(['extract-source', file, '--force'], { cwd: dir });
      expect(r.code, file).toBe(0);
      expect(r.stderr).toMatch(/^wrote source\.md /);
    }
    expect(readdirSync(dir).sort()).toEqual(['cfg.pdf', 'dot.pdf', 'nul.pdf', 'source.md']);
  });
});

describe('verify and --manifest read only regular files inside the folder', () => {
  it('a listed link out of the folder, or to a device, is never read; the manifest update drops it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.md'), md('正文。'));
    const out = join(dir, 'out');
    expect(wenshu(['export', join(dir, 'a.md'), '--to', 'txt', '--manifest', '--out', out, '-q']).code).toBe(0);
    symlinkSync('/', join(out, 'root'));
    symlinkSync('/dev/zero', join(out, 'zero'));
    const passwd = readFileSync('/etc/passwd');
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    writeFileSync(join(out, 'SHA256SUMS'), readFileSync(join(out, 'SHA256SUMS'), 'utf8') + `${sha(passwd)}  root/etc/passwd\n${'0'.repeat(64)}  zero\n${'0'.repeat(64)}  constructor\n`);
    const r = wenshu(['verify', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('OK a.txt\nNOT A FILE IN THE FOLDER root/etc/passwd\nNOT A FILE IN THE FOLDER zero\nMISSING constructor\n');
    // The next export's manifest keeps only what is a regular file inside the folder.
    expect(wenshu(['export', join(dir, 'a.md'), '--to', 'txt', '--manifest', '--out', out, '-q']).code).toBe(0);
    expect(readFileSync(join(out, 'SHA256SUMS'), 'utf8')).toMatch(/^[0-9a-f]{64} {2}a\.txt\n$/);
  });

  it('a bundle with entries named like object properties, or sharing one huge stream, is an input error', () => {
    const dir = tempDir();
    const data = Buffer.from('数据');
    const sum = createHash('sha256').update(data).digest('hex');
    // A manifest at the top of the zip: its names are looked up as they are (constructor was Object's).
    writeFileSync(join(dir, 'b.zip'), zip([{ name: 'constructor', data }, { name: 'SHA256SUMS', data: Buffer.from(`${sum}  constructor\n${sum}  toString\n${sum}  __proto__\n`) }], { date: new Date(0) }));
    const r = wenshu(['verify', join(dir, 'b.zip')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('OK constructor\nMISSING toString\nMISSING __proto__\n');

    // One 32 MB entry, its central record repeated 16 times under other names: 512 MB declared.
    const big = Buffer.from(zip([{ name: 'b/a00', data: Buffer.alloc(32 * 1024 * 1024) }], { date: new Date(0) }));
    const end = big.length - 22;
    const centralAt = big.readUInt32LE(end + 16);
    const record = big.subarray(centralAt, end);
    const copies = Array.from({ length: 16 }, (_, i) => {
      const copy = Buffer.from(record);
      copy.write(`b/a${String(i).padStart(2, '0')}`, 46, 'latin1');
      return copy;
    });
    const endRecord = Buffer.from(big.subarray(end));
    endRecord.writeUInt16LE(16, 8);
    endRecord.writeUInt16LE(16, 10);
    endRecord.writeUInt32LE(record.length * 16, 12);
    writeFileSync(join(dir, 'bomb.zip'), Buffer.concat([big.subarray(0, centralAt), ...copies, endRecord]));
    const b = wenshu(['verify', join(dir, 'bomb.zip')], { env: { WENSHU_MAX_INFLATE_MB: '100' } });
    expect(b.code).toBe(1);
    expect(b.stderr).toBe(`error: ${join(dir, 'bomb.zip')}: not a readable zip: its entries would inflate to more than 100 MB; set WENSHU_MAX_INFLATE_MB to allow more [read]\n`);
  });
});

describe('concurrent exports into one folder', () => {
  it('8 exports with --manifest at once leave all 24 entries', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    const runs = Array.from({ length: 8 }, (_, i) => {
      writeFileSync(join(dir, `d${i}.md`), md(`正文${i}。`, `文${i}`));
      return new Promise<number | null>((done) => spawn(bin, ['export', join(dir, `d${i}.md`), '--out', out, '--manifest', '-q']).on('exit', done));
    });
    expect(await Promise.all(runs)).toEqual(Array(8).fill(0));
    expect(readFileSync(join(out, 'SHA256SUMS'), 'utf8').trim().split('\n')).toHaveLength(24);
    expect(existsSync(join(out, LOCK_NAME))).toBe(false);
    expect(wenshu(['verify', out, '-q']).code).toBe(0);
  }, 60_000);

  it('a lock left by a process that is gone is taken over; a live one is waited for', async () => {
    const dir = tempDir();
    // A PID that is not running: a finished child's.
    const dead = await new Promise<number>((done) => {
      const child = spawn(process.execPath, ['-e', '']);
      child.on('exit', () => done(child.pid!));
    });
    writeFileSync(join(dir, LOCK_NAME), `${hostname()}\n${dead}\n0\n`);
    const lock = await lockManifest(dir);
    expect(readFileSync(join(dir, LOCK_NAME), 'utf8')).toContain(`\n${process.pid}\n`);
    let second = false;
    const waiting = lockManifest(dir).then((l) => {
      second = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(second).toBe(false);
    lock.release();
    (await waiting).release();
    expect(second).toBe(true);
    expect(existsSync(join(dir, LOCK_NAME))).toBe(false);
  });
});
