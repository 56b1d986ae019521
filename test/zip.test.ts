/**
 * src/io/zip.ts, read back by readers written independently of it (fflate, Python's zipfile)
 * as well as by its own reader: entries, order, names, dates in every time zone, methods.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { unzip, zip } from '../src/io/zip.js';
import { tempDir } from './helpers/cli.js';

const PYTHON = '/usr/bin/python3';
const date = new Date('2026-11-23T21:16:42Z');
const text = Buffer.from('文书 '.repeat(2000), 'utf8');
// xorshift32: bytes deflate cannot shrink, the same on every run.
let seed = 2463534242;
const noise = Buffer.from(Array.from({ length: 4096 }, () => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), seed & 0xff)));
const entries = [
  { name: 'a.txt', data: text },
  { name: 'dir/噪声.bin', data: noise },
  { name: 'empty', data: new Uint8Array(0) },
];

describe('zip writer', () => {
  const bytes = Buffer.from(zip(entries, { date }));

  it('is read back by fflate and by its own reader, entries in the order given', () => {
    for (const files of [unzipSync(bytes), unzip(bytes)]) {
      expect(Object.keys(files)).toEqual(['a.txt', 'dir/噪声.bin', 'empty']);
      expect(Buffer.from(files['a.txt']!).equals(text)).toBe(true);
      expect(Buffer.from(files['dir/噪声.bin']!).equals(noise)).toBe(true);
      expect(files['empty']!.length).toBe(0);
    }
  });

  it('deflates what shrinks and stores what does not; flags UTF-8 names', () => {
    const first = 0;
    expect(bytes.readUInt16LE(first + 8)).toBe(8); // deflated
    expect(bytes.readUInt16LE(first + 18)).toBeLessThan(text.length / 10);
    const second = 30 + 'a.txt'.length + bytes.readUInt32LE(first + 18);
    expect(bytes.readUInt16LE(second + 8)).toBe(0); // stored
    expect(bytes.readUInt16LE(second + 6) & 0x800).toBe(0x800);
    expect(bytes.readUInt16LE(first + 6) & 0x800).toBe(0);
  });

  it('stamps the date from its UTC fields, the same bytes in every time zone', () => {
    expect(bytes.readUInt16LE(12)).toBe(((2026 - 1980) << 9) | (11 << 5) | 23);
    expect(bytes.readUInt16LE(10)).toBe((21 << 11) | (16 << 5) | 21);
    const tz = process.env.TZ;
    try {
      for (const zone of ['Asia/Shanghai', 'America/St_Johns', 'Pacific/Kiritimati']) {
        process.env.TZ = zone;
        expect(Buffer.from(zip(entries, { date })).equals(bytes), zone).toBe(true);
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('clamps dates before 1980 to 1980-01-01', () => {
    const old = Buffer.from(zip([{ name: 'x', data: new Uint8Array(1) }], { date: new Date('1970-01-01T00:00:00Z') }));
    expect(old.readUInt16LE(12)).toBe((0 << 9) | (1 << 5) | 1);
    expect(old.readUInt16LE(10)).toBe(0);
  });

  it('records a Unix mode when given one', () => {
    const withMode = Buffer.from(zip(entries, { date, mode: 0o644 }));
    const central = withMode.readUInt32LE(withMode.length - 22 + 16);
    expect(withMode.readUInt16LE(central + 4) >> 8).toBe(3);
    expect(withMode.readUInt32LE(central + 38) >>> 16).toBe(0o644);
  });

  it("passes Python's zipfile test (CRCs, sizes, names, dates)", () => {
    const dir = tempDir('wenshu-zip-');
    const file = join(dir, 't.zip');
    writeFileSync(file, bytes);
    const py = `import zipfile, sys
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
for i in z.infolist(): print(i.filename, i.file_size, i.date_time)`;
    const r = spawnSync(PYTHON, ['-c', py, file], { encoding: 'utf8' });
    if (r.error) return; // no Python on this machine
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      `a.txt ${text.length} (2026, 11, 23, 21, 16, 42)`,
      `dir/噪声.bin ${noise.length} (2026, 11, 23, 21, 16, 42)`,
      'empty 0 (2026, 11, 23, 21, 16, 42)',
    ]);
  });
});

describe('zip reader', () => {
  const bytes = Buffer.from(zip(entries, { date }));

  it('reads zips with folders and a comment, as other tools write them', async () => {
    const { zipSync } = await import('fflate');
    const other = zipSync({ 'd/': new Uint8Array(0), 'd/x.txt': Buffer.from('x') }, { comment: 'hi' });
    expect(Object.keys(unzip(other))).toEqual(['d/x.txt']);
  });

  it('refuses damaged zips, saying what is wrong', () => {
    expect(() => unzip(Buffer.from('not a zip at all, nothing here'))).toThrow(/no end of central directory/);
    const flipped = Buffer.from(bytes);
    flipped[40] = flipped[40]! ^ 0xff; // inside a.txt's deflated data
    expect(() => unzip(flipped)).toThrow(/^a\.txt/);
    expect(() => unzip(bytes.subarray(0, 60))).toThrow(/no end of central directory/);
    const central = Buffer.from(bytes);
    central.writeUInt32LE(0, central.readUInt32LE(central.length - 22 + 16));
    expect(() => unzip(central)).toThrow(/central directory is damaged/);
  });
});
