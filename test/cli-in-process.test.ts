/**
 * The CLI module is importable: it runs nothing when loaded (src/bin.ts is the program), and
 * `main` runs a command in this process and resolves to its exit code, each call with its own
 * terminal state.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { essayPath } from './helpers/seed.js';

const argv = (...args: string[]) => ['node', 'wenshu', ...args];

describe('the CLI module, imported', () => {
  afterEach(() => vi.restoreAllMocks());

  it('does nothing on import, and exports main and the program', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const cli = await import('../src/cli.js');
    expect(typeof cli.main).toBe('function');
    expect(typeof cli.buildProgram).toBe('function');
    expect(exit).not.toHaveBeenCalled();
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('runs commands in this process and returns their exit codes, leaving process.exitCode alone', async () => {
    const { main } = await import('../src/cli.js');
    const out = mkdtempSync(join(tmpdir(), 'wenshu-cli-'));
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string) => (stderr.push(String(chunk)), true)) as never);
    expect(await main(argv('export', essayPath, '--to', 'txt', '--out', out))).toBe(0);
    expect(readdirSync(out)).toEqual(['essay.txt']);
    expect(readFileSync(join(out, 'essay.txt'), 'utf8')).toMatch(/^强化意识/);
    expect(stderr.join('')).toContain('wrote ');
    // Bad usage is exit 2; the --quiet of one call does not carry over to the next.
    expect(await main(argv('export', essayPath, '--to', 'odt', '--quiet'))).toBe(2);
    stderr.length = 0;
    expect(await main(argv('export', essayPath, '--to', 'txt', '--out', out))).toBe(0);
    expect(stderr.join('')).toContain('wrote ');
    expect(await main(argv('export', join(out, 'missing.md'), '--out', out))).toBe(1);
    expect(process.exitCode ?? 0).toBe(0);
  });
});
