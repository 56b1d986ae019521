import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WenshuError } from '../src/errors.js';
import { pendingTempFiles, writeFileAtomic, writeFilesAtomic } from '../src/io/atomic.js';
import { tempDir } from './helpers/cli.js';

/** A producer that yields `n` bytes and then fails, as a full disk or a crashing exporter would. */
async function* failingAfter(n: number): AsyncGenerator<Uint8Array> {
  yield new Uint8Array(n).fill(65);
  throw new Error('simulated failure after writing part of the file');
}

describe('atomic writes', () => {
  it('leaves the previous file intact and no temporary file when writing fails midway', async () => {
    const dir = tempDir();
    const target = join(dir, 'essay.txt');
    writeFileSync(target, 'previous version');
    await expect(writeFileAtomic(target, failingAfter(10_000))).rejects.toBeInstanceOf(WenshuError);
    expect(readFileSync(target, 'utf8')).toBe('previous version');
    expect(readdirSync(dir)).toEqual(['essay.txt']);
    expect(pendingTempFiles()).toEqual([]);
  });

  it('replaces the file only when complete', async () => {
    const dir = tempDir();
    const target = join(dir, 'essay.txt');
    writeFileSync(target, 'previous version');
    expect(await writeFileAtomic(target, 'new version')).toBe(11);
    expect(readFileSync(target, 'utf8')).toBe('new version');
    expect(readdirSync(dir)).toEqual(['essay.txt']);
  });

  it('gives a clear error for an unwritable folder', async () => {
    const dir = tempDir();
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    await expect(writeFileAtomic(join(file, 'x.txt'), 'x')).rejects.toThrow(/is a file, not a folder/);
  });

  it('writes several files all or nothing: a failing one leaves the others as they were', async () => {
    const dir = tempDir();
    const [pdf, txt] = [join(dir, 'essay.pdf'), join(dir, 'essay.txt')];
    writeFileSync(pdf, 'previous pdf');
    writeFileSync(txt, 'previous txt');
    await expect(writeFilesAtomic([{ path: pdf, content: 'new pdf' }, { path: txt, content: failingAfter(100) }])).rejects.toBeInstanceOf(WenshuError);
    expect(readFileSync(pdf, 'utf8')).toBe('previous pdf');
    expect(readFileSync(txt, 'utf8')).toBe('previous txt');
    expect(readdirSync(dir).sort()).toEqual(['essay.pdf', 'essay.txt']);
    expect(pendingTempFiles()).toEqual([]);

    expect(await writeFilesAtomic([{ path: pdf, content: 'new pdf' }, { path: txt, content: 'new txt!' }])).toEqual([7, 8]);
    expect([readFileSync(pdf, 'utf8'), readFileSync(txt, 'utf8')]).toEqual(['new pdf', 'new txt!']);
    expect(readdirSync(dir).sort()).toEqual(['essay.pdf', 'essay.txt']);
  });

  it('finds a folder in the way of any target before replacing any file', async () => {
    const dir = tempDir();
    const [pdf, txt] = [join(dir, 'essay.pdf'), join(dir, 'essay.txt')];
    writeFileSync(pdf, 'previous pdf');
    mkdirSync(txt);
    await expect(writeFilesAtomic([{ path: pdf, content: 'new pdf' }, { path: txt, content: 'new txt' }])).rejects.toThrow(/is a folder/);
    expect(readFileSync(pdf, 'utf8')).toBe('previous pdf');
    expect(readdirSync(dir).sort()).toEqual(['essay.pdf', 'essay.txt']);
    expect(pendingTempFiles()).toEqual([]);
  });
});
