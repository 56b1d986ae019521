import { spawnSync } from 'node:child_process';

/**
 * Whether an external program (pdffonts, soffice, java …) is installed. Tests that drive real
 * programs skip without them on a developer's machine, but never in CI, where .ci/run installs
 * them: there a missing program is a failure, not a skip.
 */
export function hasProgram(name: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
  if (!found && process.env.CI) throw new Error(`${name} is required in CI (.ci/run installs it)`);
  return found;
}
