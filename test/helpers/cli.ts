import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './seed.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The bin, dist/cli.cjs (built by `npm test`'s pretest). */
export const bin = join(root, 'dist/cli.cjs');

/** Runs the built CLI as a user would: the bin itself (through node on Windows, which has no #! lines). */
export function wenshu(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const [command, commandArgs] = process.platform === 'win32' ? [process.execPath, [bin, ...args]] : [bin, args];
  const r = spawnSync(command, commandArgs, {
    cwd: options.cwd ?? root,
    env: { ...process.env, NO_COLOR: '', ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const tempDir = (prefix = 'wenshu-') => mkdtempSync(join(tmpdir(), prefix));
