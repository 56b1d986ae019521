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

/** Runs the built CLI (dist/cli.cjs, built by `npm test`'s pretest) as a user would. */
export function wenshu(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), ...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, NO_COLOR: '', ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const tempDir = (prefix = 'wenshu-') => mkdtempSync(join(tmpdir(), prefix));
