/**
 * The wenshu program: the CLI (src/cli.ts) run on this process's arguments. The built bin,
 * dist/cli.cjs (scripts/build-cli.mjs), loads the bundle of this module.
 */
import { run } from './cli.js';

void run(process.argv);
