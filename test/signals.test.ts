/**
 * A signal during a long export: a large source is laid out in a worker thread, so that the main
 * thread, idle, handles SIGTERM at once (how soon is timed by `npm run bench`, not here). Whatever
 * runs in workers — a large source, a batch — reports its temporary files to the main thread, so
 * that the signal leaves none behind and the previous outputs intact.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LARGE_SOURCE } from '../src/batch.js';
import { bin, tempDir, wenshu } from './helpers/cli.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const big = (title: string) => `---\ntitle: ${title}\n---\n${Array.from({ length: 30_000 }, (_, i) => `第${i}段，工会工作面临许多新情况、新问题。`).join('\n\n')}\n`;

/** Starts an export, sends SIGTERM once its first temporary file exists, and resolves to how it ended. */
function interrupt(args: string[], out: string): Promise<{ signal: NodeJS.Signals | null; sawTemp: boolean }> {
  return new Promise((done) => {
    const child = spawn(bin, args);
    let sawTemp = false;
    const poll = setInterval(() => {
      if (readdirSync(out).some((n) => n.includes('wenshu-tmp'))) {
        sawTemp = true;
        clearInterval(poll);
        child.kill('SIGTERM');
      }
    }, 5);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      done({ signal, sawTemp });
    });
  });
}

describe('a signal during a long export', () => {
  it('a large source: exit by the signal, no temporary file, the previous outputs intact', async () => {
    const out = tempDir();
    const src = join(out, 'big.md');
    writeFileSync(src, big('旧'));
    expect(readFileSync(src).length).toBeGreaterThan(LARGE_SOURCE);
    expect(wenshu(['export', src, '--out', out, '-q']).code).toBe(0);
    const before = ['big.pdf', 'big.docx', 'big.txt'].map((f) => sha(join(out, f)));
    writeFileSync(src, big('新'));
    const r = await interrupt(['export', src, '--out', out, '-q'], out);
    // Killed while writing (a temporary file was seen), not after finishing.
    expect(r.sawTemp).toBe(true);
    expect(r.signal).toBe('SIGTERM');
    expect(readdirSync(out).filter((n) => n.includes('wenshu-tmp'))).toEqual([]);
    expect(['big.pdf', 'big.docx', 'big.txt'].map((f) => sha(join(out, f)))).toEqual(before);
  }, 120_000);

  it('a batch of two: the workers’ temporary files go too', async () => {
    const out = tempDir();
    for (const name of ['a', 'b']) writeFileSync(join(out, `${name}.md`), big(name));
    const r = await interrupt(['export', join(out, 'a.md'), join(out, 'b.md'), '--out', out, '-q'], out);
    expect(r.sawTemp).toBe(true);
    expect(r.signal).toBe('SIGTERM');
    expect(readdirSync(out).filter((n) => n.includes('wenshu-tmp'))).toEqual([]);
  }, 120_000);
});
