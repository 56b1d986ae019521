/**
 * Bundles the CLI (src/cli.ts) with esbuild, after `tsc` has built the library (dist/index.js and
 * the type declarations, which stay unbundled), and writes the `bin`, dist/cli.cjs, as a small
 * loader for the bundle (see `launcher` below). Then it trains the bundle once and stores V8's
 * code cache next to it.
 *
 * Why a bundle: a cold `wenshu export` spent about a third of its time resolving, reading and
 * compiling a few hundred modules (pdfkit, fontkit, zod, the Markdown parser …). One bundle saves
 * the resolution and file system work. The exporters stay lazily loaded: every dynamic import()
 * becomes its own chunk next to dist/cli.cjs (`cli-*.js`), so `--to txt` never loads pdfkit.
 *
 * Why a code cache: even bundled, V8 parsed and compiled ~4 MB of JavaScript on every run
 * (~60–80 ms of an essay export). Node 20 has no module.enableCompileCache(), and ES modules
 * cannot be given cachedData without --experimental-vm-modules, so the chunks are emitted as
 * plain scripts instead: esbuild splits the ES module graph as before, each chunk is then turned
 * into CommonJS form (import → require, import() → require in a promise) and wrapped in a function
 * that the loader compiles with vm.Script and `cachedData`. A training run of the built CLI on
 * content/essay.md writes each chunk's cache (bytecode of every function that run compiled) to
 * `<chunk>.cache`. At run time nothing is written; a cache V8 rejects (another Node version,
 * other V8 flags) or a missing one only means compiling as before.
 *
 * Chunk names carry a hash of their content (the entry's too), so a cache always belongs to the
 * bytes it was made from: V8 checks only the source's length.
 *
 * Dependencies are bundled too; two of them need help to run from a bundle:
 * - CommonJS code that uses __dirname/require gets them from the loader's function wrapper (for the
 *   bundle's folder; the emscripten build of wawoff2 only needs __dirname to exist);
 * - pdfkit finds its standard-font data through `createRequire(import.meta.url)` and package
 *   `imports` (#standard-fonts/…): its import.meta.url is pointed back at pdfkit's own file.
 * Some are kept from loading what a run does not need: commander's child_process, and pdfkit's
 * AES, line breaker and fontkit until it calls them (see the plugin).
 * And one is swapped for Node's own implementation: tiny-inflate (pure-JS inflate, used at load
 * time by unicode-trie for the Unicode tables of fontkit and pdfkit) becomes zlib.inflateRawSync,
 * which decodes the same bytes in a fraction of the time.
 */
import { build, transform } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/**
 * Dependencies loaded on first call (see the plugin): what their importer uses of them (a default
 * export is a class), and which importers get the stand-in.
 */
const lazyDependencies = {
  '@noble/ciphers/aes': { names: ['cbc', 'ecb'], importer: /[\\/]node_modules[\\/]pdfkit[\\/]/ },
  linebreak: { names: ['default'], importer: /[\\/]node_modules[\\/]pdfkit[\\/]/ },
  fontkit: { names: ['create'], importer: /[\\/]node_modules[\\/]pdfkit[\\/]/ },
  // Front matter of plain lines needs no YAML library (src/readers/simple-yaml.ts): it is loaded
  // for other front matter, config files and messages only, and the CLI's main chunk, read and
  // deserialized at every start, is 40% smaller without it.
  yaml: { names: ['isMap', 'isScalar', 'parseDocument'], importer: /[\\/]src[\\/]readers[\\/]frontmatter\.ts$/ },
};

/** The entry point (and chunk name part) of a lazily loaded dependency: `lazy-fontkit`. */
const lazyEntryName = (dependency) => `lazy-${dependency.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}`;

/** @type {import('esbuild').Plugin} */
const fixups = {
  name: 'wenshu-fixups',
  setup(b) {
    b.onResolve({ filter: /^tiny-inflate$/ }, () => ({ path: 'tiny-inflate', namespace: 'wenshu-shim' }));
    b.onLoad({ filter: /.*/, namespace: 'wenshu-shim' }, () => ({
      loader: 'js',
      contents: `
        const { inflateRawSync } = require('node:zlib');
        // tiny-inflate's contract: fill dest, return it (or a copy of its filled part) — never a
        // view into a shared pool, since callers take .buffer.
        module.exports = function inflate(source, dest) {
          const out = inflateRawSync(source);
          if (out.length >= dest.length) {
            dest.set(out.subarray(0, dest.length));
            return dest;
          }
          dest.set(out);
          return dest.slice(0, out.length);
        };`,
    }));
    // commander requires child_process at load for executable subcommands, which wenshu has none
    // of; loading it (and net, dgram … behind it) cost ~3 ms of every run.
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'wenshu-lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'wenshu-lazy' }, () => ({
      loader: 'js',
      contents: `module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };`,
    }));
    // pdfkit imports these at load, and their modules do real work there (AES tables, Unicode
    // tries, fontkit's classes: ~15 ms of every PDF export) for features wenshu seldom or never
    // uses: encryption, pdfkit's own text layout (we break lines ourselves), and fontkit, which
    // pdfkit calls only for faces we hand it (CFF ones). Each is given to pdfkit as a stand-in
    // that loads the real module on first call; so is the YAML library to the front-matter reader.
    b.onResolve({ filter: /^(@noble\/ciphers\/aes|linebreak|fontkit|yaml)$/ }, (args) =>
      args.namespace === 'file' && lazyDependencies[args.path].importer.test(args.importer)
        ? { path: args.path, namespace: 'wenshu-lazy-dep', pluginData: { resolveDir: args.resolveDir } }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'wenshu-lazy-dep' }, (args) => {
      const { names } = lazyDependencies[args.path];
      // The real module is an entry of its own (see lazyEntryName), loaded through the launcher's
      // hook: in pdfkit's chunk it was a megabyte (fontkit with its brotli tables) read and kept
      // in memory on every PDF export, for a module that is seldom called.
      const load =
        `let real;\nconst load = () => {\n` +
        `  if (real === undefined) { const m = globalThis[Symbol.for('wenshu.lazyEntry')](${JSON.stringify(lazyEntryName(args.path))});` +
        ` real = ${names.includes('default') ? '(m.default ?? m)' : `(${JSON.stringify(names)}.every((n) => n in m) ? m : m.default)`}; }\n  return real;\n};\n`;
      const exports = names.map((name) =>
        name === 'default'
          ? 'export default function (...args) { return new (load())(...args); }'
          : `export function ${name}(...args) { return load().${name}(...args); }`,
      );
      return { loader: 'js', resolveDir: args.pluginData.resolveDir, contents: load + exports.join('\n') };
    });
    // entities (markdown-it's decoder of &…; references) decodes its table of 2,000 HTML entity
    // names at load: 2-4 ms of every run, for a table only a document with a named reference
    // needs. It is decoded on first use instead. The patterns are checked, so that an update of
    // entities that moves them fails the build rather than slipping through.
    b.onLoad({ filter: /[\\/]node_modules[\\/]entities[\\/]dist[\\/](generated[\\/]decode-data-html|decode)\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      const patch = (from, to) => {
        if (!text.includes(from)) throw new Error(`build-cli: ${args.path} no longer has ${JSON.stringify(from.slice(0, 60))}; update the entities patch`);
        return (source) => source.replace(from, to);
      };
      const steps = args.path.endsWith('decode.js')
        ? [
            patch('import { htmlDecodeTree } from "./generated/decode-data-html.js";', 'import { htmlDecodeTreeLazy } from "./generated/decode-data-html.js";'),
            patch('const decodeTree = htmlDecodeTree;', 'const decodeTree = htmlDecodeTreeLazy();'),
            patch('export { htmlDecodeTree } from "./generated/decode-data-html.js";', ''),
          ]
        : [patch('export const htmlDecodeTree = /* #__PURE__ */ decodeTrieDict(', 'let htmlDecodeTree;\nexport const htmlDecodeTreeLazy = () => htmlDecodeTree ??= decodeTrieDict(')];
      const contents = steps.reduce((source, step) => step(source), text);
      if (/\bhtmlDecodeTree\b(?!Lazy)/.test(contents.replace(/let htmlDecodeTree;|htmlDecodeTree \?\?=/g, '').replace(/\/\*[\s\S]*?\*\//g, ''))) {
        throw new Error(`build-cli: ${args.path} still uses htmlDecodeTree eagerly; update the entities patch`);
      }
      return { contents, loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      // Where pdfkit is from dist/ in this checkout: tried first, since resolving the package
      // (node_modules lookups, package.json exports) cost ~2 ms of every PDF export. Installed
      // as a dependency, pdfkit may sit elsewhere: then it is resolved.
      const guess = relative(dist, args.path).split(sep).join('/');
      const contents =
        "import { pathToFileURL as __pdfkitToURL } from 'node:url';\n" +
        "import { existsSync as __pdfkitExists } from 'node:fs';\n" +
        "import { join as __pdfkitJoin } from 'node:path';\n" +
        `const __pdfkitGuess = __pdfkitJoin(__dirname, ${JSON.stringify(guess)});\n` +
        "const __pdfkitURL = __pdfkitToURL(__pdfkitExists(__pdfkitGuess) ? __pdfkitGuess : require.resolve('pdfkit')).href;\n" +
        text.replaceAll('import.meta.url', '__pdfkitURL');
      return { contents, loader: 'js' };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  metafile: true,
  write: false,
  entryPoints: { main: 'src/cli.ts', ...Object.fromEntries(Object.keys(lazyDependencies).map((d) => [lazyEntryName(d), d])) },
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
  plugins: [fixups],
});

/** Arguments of the function every chunk is wrapped in (what the loader passes). */
const WRAPPER_PARAMS = 'exports, require, module, __filename, __dirname, __wenshuModuleURL';

/** One ES module chunk → a script whose value is a function running it as CommonJS. */
async function toScript(code, file) {
  const cjs = await transform(code.replace(/^#!.*\n/, ''), {
    sourcefile: file,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // import() of a sibling chunk becomes a require() in a promise, resolved by the loader.
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__wenshuModuleURL' },
    // Less for V8 to read at every start; names are kept, so --debug stack traces still name the
    // functions.
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
 * but leaves them in regular expression literals (markdown-it's typographer, our punctuation
 * classes): one such character made V8 keep a whole chunk as a two-byte string, twice the memory
 * to read, hash and save in the startup snapshot. An escape means the same character in a string,
 * a template's cooked text, an identifier and a regular expression (with or without the u flag, an
 * astral character is the same as its escaped surrogate pair). A backslash already in front of the
 * character (an identity escape, the character itself) is dropped, so that it does not escape the
 * new backslash; an escaped backslash in front of it stays.
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
const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === 'src/cli.ts')?.[0].replace(/^dist\//, '');
if (!entry) throw new Error('no CLI entry in the build');
/** Lazily loaded dependencies' chunks by entry name, for the launcher's hook. */
const lazyEntries = Object.fromEntries(
  Object.keys(lazyDependencies).map((d) => {
    const name = lazyEntryName(d);
    const file = chunks.find((c) => c.name.startsWith(`cli-${name}-`))?.name;
    if (!file) throw new Error(`no chunk for the lazily loaded ${d}`);
    return [name, file];
  }),
);

/**
 * Written under a temporary name (one per build process: two builds may run at once) and renamed,
 * so a CLI starting meanwhile never reads half a file.
 */
function writeAtomic(path, data, mode = 0o644) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  chmodSync(temp, mode);
  renameSync(temp, path);
}

for (const c of chunks) writeAtomic(join(dist, c.name), c.text);

// dist/cli.cjs: the `bin`, and what src/batch.ts runs in its workers. It loads the chunks as a
// small CommonJS-style loader would (chunks require each other as ./cli-….js; everything else goes
// to Node's require).
//
// Why CommonJS: Node runs an ES module entry through its ESM loader, which reads and links
// modules asynchronously; for a short export the process sat idle ~10–15 ms waiting on that.
//
// --liftoff-only, set only when the first WebAssembly module (harfbuzz through subset-font, for
// CFF faces) is about to load (src/fonts/subset.ts asks for it through the global hook below):
// otherwise V8 recompiles the hot wasm code with TurboFan on background threads and the process
// sat idle for ~0.25–0.35 s at exit waiting for that; Liftoff code subsets a face fast enough.
// Loading node:v8 for it at every start cost ~2 ms; a library host keeps its own flags.
//
// WENSHU_CODE_CACHE_OUT is for the training run of this build only: at exit, the code cache of
// every chunk loaded goes to that folder.
//
// The same file builds the startup snapshot (see buildSnapshot below) when Node runs it with
// --build-snapshot, and a run started from that snapshot enters through the function it sets.
const loader = `'use strict';
const { existsSync, readFileSync, realpathSync, writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

globalThis[Symbol.for('wenshu.beforeWasm')] = () => require('node:v8').setFlagsFromString('--liftoff-only');
const lazyEntries = ${JSON.stringify(lazyEntries)};
globalThis[Symbol.for('wenshu.lazyEntry')] = (name) => load(lazyEntries[name]);
const modules = new Map();
const scripts = [];
const cacheOut = process.env.WENSHU_CODE_CACHE_OUT;
// Packages outside the bundle are required (or only resolved: pdfkit's data) through this. A
// snapshot's builder gets a require for Node's own modules only, without require.resolve: there,
// and in a run from the snapshot, it is made with createRequire.
let requireOutside = require;

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
  const script = new Script(readFileSync(file, 'utf8'), { filename: file, cachedData });
  // Kept only to write the caches: a vm.Script cannot be saved in a startup snapshot.
  if (cacheOut) scripts.push({ name, script });
  const chunkRequire = (id) => (id.startsWith('./cli-') ? load(id.slice(2)) : requireOutside(id));
  chunkRequire.resolve = (id, options) => requireOutside.resolve(id, options);
  script.runInThisContext()(module.exports, chunkRequire, module, file, __dirname, pathToFileURL(file).href);
  return module.exports;
}

if (cacheOut) {
  process.on('exit', () => {
    for (const { name, script } of scripts) writeFileSync(join(cacheOut, name.slice(0, -3) + '.cache'), script.createCachedData());
  });
}

/**
 * Under --build-snapshot: loads the CLI without running it, exports the essay (WENSHU_SNAPSHOT_TRAIN)
 * once so that the heap holds the compiled code of an export, drops the state that export left
 * (src/process-state.ts) and leaves the rest to Node, which saves the heap when the event loop is
 * done. A run from the snapshot starts in the function given to setDeserializeMainFunction.
 */
function buildSnapshot() {
  const v8 = require('node:v8');
  requireOutside = require('node:module').createRequire(__filename);
  const [essay, out] = JSON.parse(process.env.WENSHU_SNAPSHOT_TRAIN);
  let cli;
  globalThis[Symbol.for('wenshu.cliHost')] = (host) => (cli = host);
  load(${JSON.stringify(entry)});
  delete globalThis[Symbol.for('wenshu.cliHost')];
  cli.main([process.execPath, __filename, 'export', essay, '--out', out, '--no-config', '--quiet']).then((code) => {
    if (code !== 0) throw new Error('the training export failed with exit code ' + code);
    cli.resetProcessState();
    // Node's pool for small Buffers still holds bytes of the training export: two allocations of
    // half a pool each make it start a new one.
    for (let k = 0; k < 2; k++) Buffer.from('\\0'.repeat((Buffer.poolSize >>> 1) - 1));
  });
  // Node's modules behind process.stdout and stderr (a pipe, a terminal): made at every run, and
  // compiled at every run unless they are in the heap already. The training export printed nothing.
  for (const name of ['node:net', 'node:tty', 'node:diagnostics_channel']) require(name);
  const builtIn = realpathSync(__dirname);
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    const { createRequire } = require('node:module');
    // The heap belongs to the folder it was built in: its chunks, node_modules and fonts. Started
    // from a copy of that folder (the blob came along), or after the folder moved or was rebuilt,
    // the CLI loads from where it is now, as it would without a snapshot.
    const launcher = resolve(process.argv[1]);
    let here;
    try {
      here = dirname(realpathSync(launcher));
    } catch {}
    if (here !== builtIn || !existsSync(join(builtIn, ${JSON.stringify(entry)}))) {
      createRequire(launcher)(launcher);
      return;
    }
    requireOutside = createRequire(__filename);
    globalThis[Symbol.for('wenshu.startedFrom')] = 'snapshot';
    cli.run(process.argv);
  });
}

if (process.execArgv.includes('--build-snapshot')) buildSnapshot();
else load(${JSON.stringify(entry)});
`;

/**
 * The launcher's first lines. On Linux and macOS, the file is a shell script as well as
 * JavaScript: the shell runs Node from the startup snapshot (dist/cli.blob) when it is there and
 * was made by the Node about to run it, and as plain `node dist/cli.cjs` otherwise. For Node, the
 * second line is a string and a comment. On Windows (npm's shims read the #! line to choose the
 * program) and in a package made by npm pack or publish (built here, installed elsewhere) the
 * file starts with Node's #! line and no snapshot is made. (`prepare` runs this script itself,
 * not through `npm run build`: a nested npm would say npm_command=run. package.json's `files`
 * leaves the blob out of a package in any case.)
 *
 * Why a snapshot: an export spent ~15–20 ms of its ~150 ms deserializing code caches and running
 * the bundle's module code before doing anything. The snapshot holds the heap as it is after a
 * training export: modules evaluated, functions compiled.
 *
 * The shell checks, without starting any process: no NODE_OPTIONS (V8 flags other than the
 * snapshot's make Node refuse it), WENSHU_SNAPSHOT is not 0, the first node on PATH is the one
 * recorded in dist/cli.blob.node, its modification time is the one recorded there as that
 * file's own (a Node upgraded in place changes it), and the blob is readable and not empty.
 * Following a symlink (npm's .bin) takes a readlink. A damaged blob that passes these (cut short
 * by a failed copy) makes V8 abort; the build writes it by rename, so only a copy can do that.
 */
const snapshotWanted = process.platform !== 'win32' && !['pack', 'publish'].includes(process.env.npm_command ?? '') && process.env.WENSHU_SNAPSHOT !== '0';
const shellLine =
  `":" //; [ -z "$NODE_OPTIONS" ] && [ "$WENSHU_SNAPSHOT" != 0 ] && { f=$0; [ -L "$f" ] && f=$(readlink -f "$f" 2>/dev/null || echo "$f"); ` +
  `case $f in */*) d=\${f%/*};; *) d=.;; esac; s=$d/cli.blob.node; n=; [ -f "$s" ] && read -r n < "$s"; m=; ` +
  `IFS=:; for p in $PATH; do [ -f "$p/node" ] && [ -x "$p/node" ] && { m=$p/node; break; }; done; unset IFS; ` +
  `[ -n "$n" ] && [ "$m" = "$n" ] && [ -r "$d/cli.blob" ] && [ -s "$d/cli.blob" ] && ! [ "$n" -nt "$s" ] && ! [ "$n" -ot "$s" ] && exec "$n" --snapshot-blob "$d/cli.blob" "$0" "$@"; }; exec node "$0" "$@"\n`;
const launcher =
  (snapshotWanted ? '#!/bin/sh\n' + shellLine : '#!/usr/bin/env node\n') +
  `// Generated by scripts/build-cli.mjs: the wenshu CLI, bundled (${entry} and its chunks).\n` +
  loader;
writeAtomic(join(dist, 'cli.cjs'), launcher, 0o755);
// tsc's unbundled dist/cli.js is not what runs (the launcher above is); gone, it cannot be run by mistake.
rmSync(join(dist, 'cli.js'), { force: true });

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

// The startup snapshot (see `launcher`): built by Node from dist/cli.cjs itself, after the code
// caches, so that the training export inside it starts from them. It is tied to the Node that
// builds it, which must be the first node on PATH, as the launcher finds it: otherwise, or if
// anything fails, there is no snapshot and the launcher runs the CLI as plain Node.
const blob = join(dist, 'cli.blob');
const stamp = join(dist, 'cli.blob.node');
rmSync(stamp, { force: true });
rmSync(blob, { force: true });
if (snapshotWanted && existsSync(essay)) {
  const node = nodeOnPath();
  if (!node) {
    console.warn(`build-cli: the first node on PATH is not ${process.execPath}, which runs this build: no startup snapshot`);
  } else {
    const work = mkdtempSync(join(tmpdir(), 'wenshu-snapshot-'));
    try {
      const temp = join(work, 'cli.blob');
      const run = spawnSync(process.execPath, ['--snapshot-blob', temp, '--build-snapshot', join(dist, 'cli.cjs')], {
        cwd: work,
        env: { ...process.env, NODE_OPTIONS: '', WENSHU_SNAPSHOT_TRAIN: JSON.stringify([essay, join(work, 'out')]), WENSHU_BATCH: '0' },
        encoding: 'utf8',
      });
      if (run.status !== 0 || !existsSync(temp)) {
        console.warn(`build-cli: building the startup snapshot failed (exit ${run.status}), the CLI runs without it:\n${run.stderr}`);
      } else {
        writeAtomic(blob, readFileSync(temp));
        // The stamp names the node and carries its modification time as its own (see `launcher`).
        writeAtomic(stamp, node);
        // The shell compares modification times to the nanosecond; utimes takes milliseconds (as
        // Dates) or a double, so the time is copied by touch -r, and checked.
        const touched = spawnSync('touch', ['-r', node, stamp]);
        const same = touched.status === 0 && statSync(stamp, { bigint: true }).mtimeNs === statSync(node, { bigint: true }).mtimeNs;
        if (!same) {
          rmSync(stamp, { force: true });
          rmSync(blob, { force: true });
          console.warn(`build-cli: could not give ${stamp} the modification time of ${node}: no startup snapshot`);
        }
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

/** The first `node` on PATH, as the launcher's shell finds it, if it is the Node running this build. */
function nodeOnPath() {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir, 'node');
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    return realpathSync(candidate) === realpathSync(process.execPath) ? candidate : undefined;
  }
  return undefined;
}

// Chunks and caches of earlier builds (removed only now, so a CLI already running keeps its chunks
// as long as possible: tests run it while the build may run again).
const current = new Set([...chunks.map((c) => c.name), ...caches]);
for (const name of readdirSync(dist)) {
  if (/^cli-.*\.(js|cache)$/.test(name) && !current.has(name)) rmSync(join(dist, name));
}
