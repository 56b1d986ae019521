/**
 * The wenshu program: the CLI (src/cli.ts) run on this process's arguments. The built bin,
 * dist/cli.cjs (scripts/build-cli.mjs), loads the bundle of this module.
 */
import { run } from './cli.js';

// A reader that stops early (`wenshu export --help | head`) closes the pipe: that is not an error
// of ours, so leave quietly as other Unix tools do instead of dying on an unhandled 'error' event.
// Only the program does this: the library never owns the process's streams.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

void run(process.argv);
