/**
 * Builds the CLI after `tsc` has built the library (dist/index.js and its type declarations, which
 * stay unbundled): src/bin.ts is bundled with esbuild, and dist/cli.cjs, the `bin`, loads the
 * bundle with a V8 code cache. Nothing here patches a dependency, and nothing is kept between
 * runs but files in dist/: the bin runs the same way from a checkout, an npm install or a copy.
 *
 * Why a bundle (measured on the essay, all formats, one cold process): the tsc output alone, a few
 * hundred modules resolved and compiled one by one, takes ~0.34 s; bundled, ~0.25 s; bundled with
 * a code cache, ~0.15 s. The exporters stay lazily loaded: every dynamic import() becomes a chunk
 * of its own (`cli-*.js`), so `--to txt` never loads pdfkit.
 *
 * Why a code cache: even bundled, V8 compiled ~4 MB of JavaScript on every run. Node 20 has no
 * module.enableCompileCache(), and ES modules cannot be given cachedData, so each chunk is written
 * as a plain script (a function taking CommonJS's arguments) that the loader compiles with
 * vm.Script and `cachedData`. A training run of the built CLI on content/essay.md writes each
 * chunk's cache (the bytecode of every function that run compiled) to `<chunk>.cache`. At run time
 * nothing is written; a cache V8 rejects (another Node version, other V8 flags) or a missing one
 * only means compiling as without it. Chunk names carry a hash of their content, so a cache always
 * belongs to the bytes it was made from.
 */
import { build, transform } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

const result = await build({
  absWorkingDir: root,
  metafile: true,
  write: false,
  entryPoints: { main: 'src/bin.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  entryNames: 'cli-[name]-[hash]',
  chunkNames: 'cli-[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});

/** Arguments of the function every chunk is wrapped in (what the loader passes). */
const WRAPPER_PARAMS = 'exports, require, module, __filename, __dirname, __chunkURL';

/** One ES module chunk → a script whose value is a function running it as CommonJS. */
async function toScript(code, file) {
  const cjs = await transform(code.replace(/^#!.*\n/, ''), {
    sourcefile: file,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // import() of a sibling chunk becomes a require() in a promise, resolved by the loader.
    supported: { 'dynamic-import': false },
    // pdfkit derives the paths of its data files from import.meta.url at load; wenshu never reads
    // them through pdfkit (no standard fonts; its own sRGB profile), but the URL must be valid.
    define: { 'import.meta.url': '__chunkURL' },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    // The bundle step has reported what concerns our code; warnings here would be about
    // dependencies' code (esbuild hides those when bundling).
    logLevel: 'error',
  });
  return `(function(${WRAPPER_PARAMS}){${asciiOnly(cjs.code, file)}\n})`;
}

/**
 * The code with every non-ASCII character written as a \u escape. esbuild escapes them in strings
 * but leaves them in regular expression literals: one such character made V8 keep a whole chunk
 * as a two-byte string, twice the memory to read and hash. An escape means the same character in
 * a string, a template's cooked text, an identifier and a regular expression. A backslash already
 * in front of the character (an identity escape) is dropped, so that it does not escape the new
 * backslash; an escaped backslash in front of it stays.
 */
function asciiOnly(code, file) {
  const out = code.replace(/(\\*)([^\x00-\x7f])/gu, (_, slashes, ch) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    let escaped = '';
    for (let k = 0; k < ch.length; k++) escaped += `\\u${ch.charCodeAt(k).toString(16).padStart(4, '0')}`;
    return kept + escaped;
  });
  if (/[^\x00-\x7f]/.test(out)) throw new Error(`build-cli: ${file} still has non-ASCII characters`);
  return out;
}

const chunks = [];
for (const output of result.outputFiles) {
  const name = output.path.slice(dist.length + 1);
  if (!name.endsWith('.js')) throw new Error(`unexpected output ${name}`);
  chunks.push({ name, text: await toScript(output.text, name) });
}
const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === 'src/bin.ts')?.[0].replace(/^dist\//, '');
if (!entry) throw new Error('no CLI entry in the build');

/** Written under a temporary name and renamed, so a CLI starting meanwhile never reads half a file. */
function writeAtomic(path, data, mode = 0o644) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  chmodSync(temp, mode);
  renameSync(temp, path);
}

for (const c of chunks) writeAtomic(join(dist, c.name), c.text);

// dist/cli.cjs: the `bin`, and what src/batch.ts runs in its workers. Chunks require each other as
// ./cli-….js; everything else goes to Node's require. CommonJS, because Node runs an ES module
// entry through its asynchronous ESM loader, which sat idle ~10–15 ms per run.
// WENSHU_CODE_CACHE_OUT is read by the training run below only: at exit, the code cache of every
// chunk loaded goes to that folder.
//
// --liftoff-only: subsetting a CFF face (FandolFang, the 公文 body font; a user's .otf) runs
// harfbuzz, compiled to WebAssembly. By default V8 recompiles its hot code with TurboFan on
// background threads, which on two cores slowed a 公文 export by ~0.25 s (0.65 s → 0.40 s for the
// essay) for code that runs once. The bin sets the flag for its own process before it compiles
// anything (a code cache is accepted only under the flags it was made with); the library leaves a
// host program's V8 flags alone.
const launcher = `#!/usr/bin/env node
// Generated by scripts/build-cli.mjs: the wenshu CLI, bundled (${entry} and its chunks).
'use strict';
require('node:v8').setFlagsFromString('--liftoff-only');
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

const modules = new Map();
const scripts = [];
const cacheOut = process.env.WENSHU_CODE_CACHE_OUT;

function load(name) {
  let module = modules.get(name);
  if (module) return module.exports;
  module = { exports: {} };
  modules.set(name, module);
  const file = join(__dirname, name);
  let cachedData;
  try {
    cachedData = readFileSync(file.slice(0, -3) + '.cache');
  } catch {}
  const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  if (cacheOut) scripts.push({ name, script });
  const chunkRequire = (id) => (id.startsWith('./cli-') ? load(id.slice(2)) : require(id));
  chunkRequire.resolve = require.resolve;
  script.runInThisContext()(module.exports, chunkRequire, module, file, __dirname, pathToFileURL(file).href);
  return module.exports;
}

if (cacheOut) {
  process.on('exit', () => {
    for (const { name, script } of scripts) writeFileSync(join(cacheOut, name.slice(0, -3) + '.cache'), script.createCachedData());
  });
}
load(${JSON.stringify(entry)});
`;
writeAtomic(join(dist, 'cli.cjs'), launcher, 0o755);
// tsc's unbundled dist/bin.js is not what runs (the launcher above is); gone, it cannot be run by mistake.
rmSync(join(dist, 'bin.js'), { force: true });
rmSync(join(dist, 'bin.d.ts'), { force: true });

// Training: one export of the essay to every format, so the caches hold the bytecode of what an
// export runs, not only of each chunk's top level. Without the essay (a package installed without
// its content) or if the run fails, there is simply no cache.
const essay = join(root, 'content', 'essay.md');
const caches = new Set();
if (existsSync(essay)) {
  const work = mkdtempSync(join(tmpdir(), 'wenshu-train-'));
  try {
    const run = spawnSync(process.execPath, [join(dist, 'cli.cjs'), 'export', essay, '--out', join(work, 'out'), '--no-config', '--quiet'], {
      cwd: work,
      env: { ...process.env, WENSHU_CODE_CACHE_OUT: work, WENSHU_BATCH: '0' },
      encoding: 'utf8',
    });
    if (run.status !== 0) {
      console.warn(`build-cli: training run failed (exit ${run.status}), no code cache:\n${run.stderr}`);
    } else {
      for (const name of readdirSync(work).filter((n) => n.endsWith('.cache'))) {
        writeAtomic(join(dist, name), readFileSync(join(work, name)));
        caches.add(name);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Chunks and caches of earlier builds (removed only now, so a CLI already running keeps its chunks
// as long as possible: tests run it while the build may run again).
const current = new Set([...chunks.map((c) => c.name), ...caches]);
for (const name of readdirSync(dist)) {
  if (/^cli-.*\.(js|cache)$/.test(name) && !current.has(name)) rmSync(join(dist, name));
  if (/^cli\.blob/.test(name)) rmSync(join(dist, name));
}
