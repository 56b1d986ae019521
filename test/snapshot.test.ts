/**
 * The CLI's startup snapshot (scripts/build-cli.mjs): on Linux and macOS the bin starts Node from a
 * heap saved after a training export. A run from it must be indistinguishable from a plain run,
 * hold nothing of the training export, and give way to a plain run whenever the snapshot may not
 * fit. The rest of the CLI tests run through the bin too (test/helpers/cli.ts).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportFile } from '../src/api.js';
import { openedFaceKeys } from '../src/fonts/face.js';
import { installSignalCleanup } from '../src/io/atomic.js';
import { resetProcessState } from '../src/process-state.js';
import { bin, tempDir, wenshu, type Run } from './helpers/cli.js';
import { essayPath, root } from './helpers/seed.js';

const dist = join(root, 'dist');
const FROM_SNAPSHOT = 'CLI loaded (from the startup snapshot)';
const PLAIN = / {2}CLI loaded\n/;

/** How a run started, from its WENSHU_TIMINGS=1 report. */
const startedFromSnapshot = (r: Run) => {
  expect(r.stderr).toMatch(/CLI loaded/);
  return r.stderr.includes(FROM_SNAPSHOT);
};

const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name))]));

describe.skipIf(process.platform === 'win32')('startup snapshot', () => {
  it('is built beside the bin, which starts from it', () => {
    expect(existsSync(join(dist, 'cli.blob'))).toBe(true);
    // The stamp carries the node's modification time to the nanosecond, as the shell compares it.
    const stamp = join(dist, 'cli.blob.node');
    expect(statSync(stamp, { bigint: true }).mtimeNs).toBe(statSync(readFileSync(stamp, 'utf8'), { bigint: true }).mtimeNs);
    expect(readFileSync(bin, 'utf8').startsWith('#!/bin/sh\n')).toBe(true);
    const r = wenshu(['export', essayPath, '--to', 'txt', '--out', tempDir(), '-q'], { env: { WENSHU_TIMINGS: '1' } });
    expect(r.code).toBe(0);
    expect(startedFromSnapshot(r)).toBe(true);
    const plain = wenshu(['export', essayPath, '--to', 'txt', '--out', tempDir(), '-q'], { env: { WENSHU_TIMINGS: '1' }, plain: true });
    expect(plain.stderr).toMatch(PLAIN);
  });

  it('writes the same bytes, messages and exit codes as plain Node', () => {
    const runs: string[][] = [
      ['export', essayPath, '-q'],
      ['export', essayPath, '--preset', 'gongwen', '--to', 'pdf,docx', '--pdfa', '2b'],
      ['check', essayPath],
      ['export', join(root, 'no-such.md')],
      ['export', essayPath, '--to', 'odt'],
      ['--help'],
      ['export', '--help'],
    ];
    for (const args of runs) {
      const [a, b] = [tempDir(), tempDir()];
      const withOut = (dir: string) => (args[0] === 'export' && !args.includes('--help') ? [...args, '--out', dir] : args);
      const snapshot = wenshu(withOut(a));
      const plain = wenshu(withOut(b), { plain: true });
      expect({ args, code: snapshot.code, stdout: snapshot.stdout, stderr: snapshot.stderr.replaceAll(a, '<out>') }).toEqual({
        args,
        code: plain.code,
        stdout: plain.stdout,
        stderr: plain.stderr.replaceAll(b, '<out>'),
      });
      expect(files(a)).toEqual(files(b));
    }
  });

  it('holds no text of its training export', () => {
    // Every sentence's opening, as V8 keeps a string of Chinese text (two bytes per character).
    const blob = readFileSync(join(dist, 'cli.blob'));
    const essay = readFileSync(essayPath, 'utf8');
    const openings = essay
      .split(/[。！？\n]+/u)
      .map((s) => s.replace(/^#+\s*/, '').trim())
      .filter((s) => /^\p{Script=Han}{6}/u.test(s))
      .map((s) => s.slice(0, 6));
    expect(openings.length).toBeGreaterThan(15);
    // Less what the program's own code says (gongwen's heading patterns quote the essay).
    const code = readdirSync(dist)
      .filter((name) => /^cli-.*\.js$/.test(name))
      .map((name) => readFileSync(join(dist, name), 'utf8'))
      .join('\n')
      // esbuild writes non-ASCII characters as escapes.
      .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const held = openings.filter((o) => !code.includes(o) && blob.includes(Buffer.from(o, 'utf16le')));
    expect(held).toEqual([]);
  });

  it('gives way to plain Node under NODE_OPTIONS or WENSHU_SNAPSHOT=0', () => {
    for (const env of [{ NODE_OPTIONS: '--max-old-space-size=2000' }, { WENSHU_SNAPSHOT: '0' }] as Record<string, string>[]) {
      const out = tempDir();
      const r = wenshu(['export', essayPath, '--to', 'txt', '--out', out, '-q'], { env: { ...env, WENSHU_TIMINGS: '1' } });
      expect({ env, code: r.code }).toEqual({ env, code: 0 });
      expect(r.stderr).toMatch(PLAIN);
      expect(readdirSync(out)).toEqual(['essay.txt']);
    }
  });

  describe('in a copy of dist/', () => {
    // Inside the checkout, so that the copy finds node_modules and fonts/ as dist/ does.
    const copies = mkdtempSync(join(root, '.snapshot-test-'));
    afterAll(() => rmSync(copies, { recursive: true, force: true }));
    const copyDist = (name: string) => {
      const to = join(copies, name, 'dist');
      cpSync(dist, to, { recursive: true, preserveTimestamps: true });
      cpSync(join(root, 'package.json'), join(to, '..', 'package.json'));
      return to;
    };
    const run = (copy: string) => {
      const out = tempDir();
      const r = spawnSync(join(copy, 'cli.cjs'), ['export', essayPath, '--out', out, '-q'], { encoding: 'utf8', env: { ...process.env, WENSHU_TIMINGS: '1' } });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.anything() });
      return { fromSnapshot: r.stderr.includes(FROM_SNAPSHOT), files: files(out) };
    };
    const reference = () => {
      const out = tempDir();
      expect(wenshu(['export', essayPath, '--out', out, '-q'], { plain: true }).code).toBe(0);
      return files(out);
    };

    /** A copy's stamp gets the recorded node's modification time to the nanosecond (a copy keeps milliseconds). */
    const restamp = (copy: string) => {
      const stamp = join(copy, 'cli.blob.node');
      expect(spawnSync('touch', ['-r', readFileSync(stamp, 'utf8'), stamp]).status).toBe(0);
    };

    it('gives way to plain Node when the stamp does not match the node on PATH, or the blob is missing or empty', () => {
      const expected = reference();
      const stale = copyDist('stale');
      restamp(stale);
      // A Node upgraded in place has another modification time than the one recorded.
      const stamp = join(stale, 'cli.blob.node');
      const t = statSync(stamp).mtime;
      utimesSync(stamp, t, new Date(t.getTime() - 86_400_000));
      expect(run(stale)).toEqual({ fromSnapshot: false, files: expected });
      // Another node first on PATH than the one recorded.
      writeFileSync(stamp, '/opt/elsewhere/bin/node');
      expect(run(stale)).toEqual({ fromSnapshot: false, files: expected });

      const without = copyDist('without');
      restamp(without);
      rmSync(join(without, 'cli.blob'));
      expect(run(without)).toEqual({ fromSnapshot: false, files: expected });
      writeFileSync(join(without, 'cli.blob'), '');
      expect(run(without)).toEqual({ fromSnapshot: false, files: expected });
    });

    it('runs a copy of dist/ from the copy: the snapshot belongs to the folder it was built in', () => {
      // The heap holds the build folder's paths (chunks, node_modules, fonts); a copy must not use them.
      const intact = copyDist('intact');
      restamp(intact);
      expect(run(intact)).toEqual({ fromSnapshot: false, files: reference() });
    });

    it('starts from a snapshot built in its own folder, and runs as plain Node once that folder has moved', () => {
      const expected = reference();
      const built = copyDist('built');
      // A snapshot of the copy, built as the build does, with timings on (their exit handler must
      // not come along); then the copy moves.
      const blob = join(built, 'cli.blob');
      const training = tempDir();
      const make = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', join(built, 'cli.cjs')], {
        cwd: training,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '', WENSHU_TIMINGS: '1', WENSHU_SNAPSHOT_TRAIN: JSON.stringify([essayPath, join(training, 'out')]) },
      });
      expect({ status: make.status, stderr: make.stderr }).toEqual({ status: 0, stderr: expect.anything() });
      restamp(built);
      const out = tempDir();
      const timed = spawnSync(join(built, 'cli.cjs'), ['export', essayPath, '--to', 'txt', '--out', out, '-q'], { encoding: 'utf8', env: { ...process.env, WENSHU_TIMINGS: '1' } });
      expect(timed.stderr.split(FROM_SNAPSHOT).length - 1).toBe(1);
      expect(run(built)).toEqual({ fromSnapshot: true, files: expected });
      // The version is read when asked, not when the snapshot was built.
      const pkg = join(built, '..', 'package.json');
      writeFileSync(pkg, readFileSync(pkg, 'utf8').replace(/"version": "[^"]+"/, '"version": "9.9.9-test"'));
      expect(spawnSync(join(built, 'cli.cjs'), ['--version'], { encoding: 'utf8' }).stdout).toBe('9.9.9-test\n');

      const moved = join(copies, 'moved');
      renameSync(join(copies, 'built'), moved);
      expect(run(join(moved, 'dist'))).toEqual({ fromSnapshot: false, files: expected });
      // Also by a relative path, as npm run starts it.
      const relative = spawnSync('./dist/cli.cjs', ['--version'], { cwd: moved, encoding: 'utf8' });
      expect({ status: relative.status, stdout: relative.stdout }).toEqual({ status: 0, stdout: '9.9.9-test\n' });
    });
  });
});

describe('the bundle', () => {
  it('is ASCII only, so that V8 keeps each chunk as a one-byte string', () => {
    const chunks = readdirSync(dist).filter((name) => /^cli-.*\.js$/.test(name));
    expect(chunks.length).toBeGreaterThan(5);
    const wide = chunks.filter((name) => /[^\x00-\x7f]/.test(readFileSync(join(dist, name), 'latin1')));
    expect(wide).toEqual([]);
  });

  it('still matches Chinese punctuation in its escaped regular expressions (check --fix through the bin)', () => {
    const dir = tempDir();
    const src = join(dir, 'p.md');
    writeFileSync(src, '---\ntitle: 标点\n---\n工会工作,面临新情况;新问题.\n');
    expect(wenshu(['check', '--fix', src]).code).toBe(0);
    expect(readFileSync(src, 'utf8')).toContain('工会工作，面临新情况；新问题。');
  });
});

describe('resetProcessState', () => {
  it('drops opened fonts and the signal handlers the CLI installed', async () => {
    const listeners = () => ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP'].map((e) => process.listenerCount(e));
    const before = listeners();
    installSignalCleanup();
    await exportFile(essayPath, { to: ['txt', 'pdf'], outDir: tempDir() });
    expect(openedFaceKeys().length).toBeGreaterThan(0);
    expect(listeners()).not.toEqual(before);
    resetProcessState();
    expect(openedFaceKeys()).toEqual([]);
    expect(listeners()).toEqual(before);
    // And everything still works afterwards, from a clean start.
    const out = tempDir();
    await exportFile(essayPath, { to: ['pdf'], outDir: out });
    expect(readdirSync(out)).toEqual(['essay.pdf']);
  });
});
