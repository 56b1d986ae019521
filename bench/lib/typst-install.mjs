/**
 * The Typst compiler for the side-by-side benchmark, installed on first use into bench/.typst/
 * (git-ignored) rather than listed in devDependencies: its optional per-platform packages are
 * only partly published on the registry this project installs from, and `npm ci` refuses a lock
 * file without them. `npm install --prefix` skips the missing ones, as it should for optional
 * packages, so the benchmark still gets the linux-x64 build it runs on.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TYPST_PACKAGE = '@myriaddreamin/typst-ts-node-compiler';
export const TYPST_VERSION = '0.7.0';

const prefix = fileURLToPath(new URL('../.typst/', import.meta.url));

/** Path of the installed compiler's entry module, or undefined when it is not installed. */
export function installedTypst() {
  if (!existsSync(join(prefix, 'node_modules', TYPST_PACKAGE, 'package.json'))) return undefined;
  return createRequire(join(prefix, 'package.json')).resolve(TYPST_PACKAGE);
}

/** Installs the pinned compiler if needed and returns its entry module; throws if it cannot. */
export function ensureTypst(log = () => {}) {
  const found = installedTypst();
  if (found) return found;
  log(`bench: installing ${TYPST_PACKAGE}@${TYPST_VERSION} into bench/.typst`);
  execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `${TYPST_PACKAGE}@${TYPST_VERSION}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const entry = installedTypst();
  if (!entry) throw new Error(`${TYPST_PACKAGE} did not install`);
  return entry;
}
