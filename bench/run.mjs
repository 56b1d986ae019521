#!/usr/bin/env node
/**
 * The wenshu benchmark (issue 8). `npm run bench` builds first, then runs this.
 *
 *   node bench/run.mjs [--quick] [--no-typst] [--runs N] [--sizes 30,300,3000] [--out bench/results]
 *
 * Cases (see bench/README.md): the essay in cold CLI processes (all formats, each alone), warm
 * through the library API, generated long documents (~30, 300, 3,000 pages) in all formats, and a
 * batch of several documents in one CLI call. Typst runs on an equivalent source in alternating cold
 * processes. Writes `<out>/latest.json` and `<out>/latest.md` (`quick.*` with --quick).
 * Timings are reported, never asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateDocument, generateShape, generateTable, generateTableAsParagraphs, SHAPES } from './lib/generate.mjs';
import { stats, writeReport, markdownTable } from './lib/report.mjs';
import { typstSource } from './lib/typst.mjs';
import { ensureTypst, TYPST_VERSION } from './lib/typst-install.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const quick = flag('--quick');
const withTypst = !flag('--no-typst');
const essayRuns = Number(option('--runs', quick ? 3 : 10));
const sizes = option('--sizes', quick ? '30' : '30,300,3000').split(',').filter(Boolean).map(Number);
const runsFor = (pages) => (quick ? 2 : pages <= 30 ? 5 : pages <= 300 ? 3 : 1);
const outDir = resolve(option('--out', join(root, 'bench', 'results')));

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const cli = join(root, typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.wenshu);
if (!existsSync(cli)) {
  console.error(`bench: ${cli} is missing; run 'npm run build' first (npm run bench does)`);
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'wenshu-bench-'));
const log = (s) => process.stderr.write(s + '\n');

// Peak memory and CPU time of a cold process come from its rusage, read by GNU time (Debian package
// `time`): wenshu runs as its bin does, so nothing can be preloaded into it, and Typst is measured the
// same way. CPU time (user + system) moves much less than wall time when the machine is shared.
const gnuTime = ['/usr/bin/time', '/bin/time'].find((p) => spawnSync(p, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0);
if (!gnuTime) log('bench: GNU time (Debian package time) not found: peak memory is not reported');

/** Runs `command args` as a cold process; returns wall seconds, CPU seconds, peak RSS (KB) and stdout. */
function cold(command, commandArgs, label) {
  const rssFile = join(work, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const [program, programArgs] = gnuTime ? [gnuTime, ['-f', '%M %U %S', '-o', rssFile, command, ...commandArgs]] : [command, commandArgs];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(program, programArgs, {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  const [maxRssKB, user, system] = gnuTime ? readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [];
  return { wall, cpu: gnuTime ? user + system : undefined, maxRssKB, stdout: r.stdout };
}

/** The CLI as its users start it: the bin itself, or through Node where the bin is plain JavaScript (Windows). */
const ours = (cliArgs) => (process.platform === 'win32' ? [process.execPath, [cli, ...cliArgs]] : [cli, cliArgs]);

/** Sizes of the files in a folder by extension, and the page count of the PDF in it. */
function outputsOf(dir) {
  const outputs = {};
  let pages;
  for (const name of readdirSync(dir).sort()) {
    const ext = name.split('.').pop();
    outputs[ext] = (outputs[ext] ?? 0) + statSync(join(dir, name)).size;
    if (ext === 'pdf' && pages === undefined) pages = pdfPages(join(dir, name));
  }
  return { outputs, pages };
}

/** Page count from the page tree root (pdfkit writes it uncompressed). */
export function pdfPages(file) {
  const text = readFileSync(file).toString('latin1');
  const m = /\/Type \/Pages\s*\/Count (\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

// ------------------------------------------------------------------ Typst
const typst = { available: false };
if (withTypst) {
  try {
    const { NodeCompiler } = await import(pathToFileURL(ensureTypst(log)).href);
    const c = NodeCompiler.create({ workspace: work });
    const v = c.query({ mainFileContent: '#metadata(str(sys.version)) <v>' }, { selector: '<v>', field: 'value' });
    Object.assign(typst, { available: true, version: v[0], package: `typst-ts-node-compiler ${TYPST_VERSION}` });
  } catch (error) {
    typst.reason = `unavailable (${String(error.message ?? error).split('\n')[0]})`;
    log(`bench: Typst ${typst.reason}; ratios will be reported as unavailable`);
  }
} else typst.reason = 'not run (--no-typst)';

const api = await import(pathToFileURL(join(root, 'dist', 'api.js')).href);

/** Writes the Typst twin of a source; returns [typ file, font files]. */
async function typstTwin(mdFile) {
  const { document } = await api.readSource(mdFile);
  const { source, fontFiles } = await typstSource(document, api.resolvePreset(undefined, document));
  const typ = join(work, mdFile.replace(/^.*[\\/]/, '').replace(/\.md$/, '.typ'));
  writeFileSync(typ, source);
  return [typ, fontFiles];
}

function typstArgs(typ, fonts, out) {
  return [join(root, 'bench', 'lib', 'typst-compile.mjs'), typ, out, ...fonts];
}

// ------------------------------------------------------------------ cases
const essay = join(root, 'content', 'essay.md');
const essayText = readFileSync(essay, 'utf8');
const cases = [];
const formats = api.formats;

/**
 * Cold cases on one source, alternating with Typst: per round, each of `sets` once, then Typst.
 * Every case of the group is compared with the same Typst samples.
 */
async function coldGroup(title, source, sets, runs) {
  const twin = typst.available ? await typstTwin(source) : undefined;
  const samples = sets.map(() => ({ wall: [], cpu: [], rss: [] }));
  const ty = { wall: [], rss: [] };
  const dirs = sets.map((_, i) => join(work, `out-${cases.length}-${i}`));
  let typstPages;
  for (let r = 0; r < runs; r++) {
    sets.forEach((set, i) => {
      rmSync(dirs[i], { recursive: true, force: true });
      const to = set ? ['--to', set.join(',')] : [];
      const res = cold(...ours(['export', source, '-q', '-o', dirs[i], ...to]), `${title} ${set ?? 'all'}`);
      samples[i].wall.push(res.wall);
      samples[i].cpu.push(res.cpu);
      samples[i].rss.push(res.maxRssKB);
    });
    if (twin) {
      const res = cold(process.execPath, typstArgs(twin[0], twin[1], join(work, 'typst.pdf')), `Typst ${title}`);
      ty.wall.push(res.wall);
      ty.rss.push(res.maxRssKB);
      typstPages = JSON.parse(res.stdout).pages;
    }
    log(`  ${title}: round ${r + 1}/${runs}`);
  }
  const typstResult = twin ? { wall: stats(ty.wall), maxRssKB: stats(ty.rss), pages: typstPages } : typst.available ? undefined : null;
  sets.forEach((set, i) => {
    const { outputs, pages } = outputsOf(dirs[i]);
    const wall = stats(samples[i].wall);
    const compare = set === undefined || (set.length === 1 && set[0] === 'pdf');
    cases.push({
      name: `${title}, ${set ? set.join('+') : 'all formats'}, cold`,
      kind: 'cold',
      formats: set ?? formats,
      wall,
      cpu: stats(samples[i].cpu),
      maxRssKB: stats(samples[i].rss),
      outputs,
      pages,
      ...(compare ? { typst: typstResult, ratio: typstResult ? wall.median / typstResult.wall.median : undefined } : {}),
    });
  });
}

const started = Date.now();
log(`bench: ${quick ? 'quick' : 'full'} run, work folder ${work}`);

// 1. The essay, cold: all formats and each alone.
await coldGroup('essay', essay, [undefined, ...formats.map((f) => [f])], essayRuns);

// 2. The essay, warm, through the library API (one child process, so the bench's own memory is not counted).
{
  const runs = quick ? 5 : 20;
  const r = spawnSync(process.execPath, [join(root, 'bench', 'lib', 'warm.mjs'), essay, join(work, 'warm'), String(runs)], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`warm runs failed:\n${r.stderr}`);
  const { times, maxRssKB } = JSON.parse(r.stdout);
  for (const [name, t] of Object.entries(times)) {
    cases.push({ name: `essay, ${name === 'all' ? 'all formats' : name}, warm (API)`, kind: 'warm', formats: name === 'all' ? formats : [name], wall: stats(t), maxRssKB: stats([maxRssKB]), pages: 2 });
  }
  log('  essay warm: done');
}

// 3. Generated long documents, all formats, cold.
for (const pages of sizes) {
  const file = join(work, `long-${pages}.md`);
  writeFileSync(file, generateDocument(essayText, pages));
  await coldGroup(`~${pages} pages`, file, [undefined], runsFor(pages));
}

// 4. Import (issue 20): a ~300-page DOCX made by wenshu, imported back in a cold process. The
// issue's target is under 5 s; the time is reported here, never asserted in a test.
{
  const source = join(work, 'import-300.md');
  writeFileSync(source, generateDocument(essayText, 300));
  const made = join(work, 'import-in');
  const exported = spawnSync(...ours(['export', source, '--to', 'docx', '-q', '-o', made]), { cwd: root, encoding: 'utf8' });
  if (exported.status !== 0) throw new Error(`bench: could not export the import case's DOCX: ${exported.stderr}`);
  const docx = join(made, 'import-300.docx');
  const target = join(work, 'import-out', 'import-300.md');
  mkdirSync(dirname(target), { recursive: true });
  const runs = quick ? 1 : 3;
  const wall = [];
  const cpu = [];
  const rss = [];
  for (let r = 0; r < runs; r++) {
    const res = cold(...ours(['import', docx, '-q', '-o', target, '--force']), 'import');
    wall.push(res.wall);
    cpu.push(res.cpu);
    rss.push(res.maxRssKB);
  }
  const outputs = { docx: statSync(docx).size, md: statSync(target).size };
  cases.push({ name: '~300 pages: import a DOCX (wenshu import), cold', kind: 'import', formats: ['md'], wall: stats(wall), cpu: stats(cpu), maxRssKB: stats(rss), outputs });
  log('  import: done');
}

// 5. Batch: several documents in one CLI call (worker threads when there are several).
{
  const dir = join(work, 'batch');
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (let k = 1; k <= 8; k++) {
    const f = join(dir, `doc-${k}.md`);
    writeFileSync(f, generateDocument(essayText, 4, { seed: k }));
    files.push(f);
  }
  const runs = quick ? 1 : 3;
  const wall = [];
  const cpu = [];
  const rss = [];
  const out = join(work, 'out-batch');
  for (let r = 0; r < runs; r++) {
    rmSync(out, { recursive: true, force: true });
    const res = cold(...ours(['export', ...files, '-q', '-o', out]), 'batch');
    wall.push(res.wall);
    cpu.push(res.cpu);
    rss.push(res.maxRssKB);
  }
  const { outputs } = outputsOf(out);
  let pagesTotal = 0;
  for (const name of readdirSync(out)) if (name.endsWith('.pdf')) pagesTotal += pdfPages(join(out, name)) ?? 0;
  cases.push({ name: `batch: ${files.length} documents (~4 pages each), all formats, one cold call`, kind: 'batch', formats, wall: stats(wall), cpu: stats(cpu), maxRssKB: stats(rss), outputs, pages: pagesTotal });
  log('  batch: done');
}

// 5. Scale shapes: extreme inputs at a count and twice that, all formats, cold, one run each.
//    Layout must stay near-linear (issue 19): the second time about twice the first, not four times.
{
  const counts = quick ? [25_000, 50_000] : [50_000, 100_000];
  for (const shape of SHAPES) {
    for (const count of shape === 'nested' ? [50, 100] : counts) {
      const file = join(work, `shape-${shape}-${count}.md`);
      writeFileSync(file, generateShape(shape, count));
      const out = join(work, `out-shape-${shape}-${count}`);
      const res = cold(...ours(['export', file, '-q', '-o', out]), `shape ${shape} ${count}`);
      const { outputs, pages } = outputsOf(out);
      cases.push({ name: `scale: ${shape} × ${count.toLocaleString('en')}, all formats, cold`, kind: 'scale', formats, wall: stats([res.wall]), cpu: stats([res.cpu]), maxRssKB: stats([res.maxRssKB]), outputs, pages });
      rmSync(out, { recursive: true, force: true });
      log(`  scale ${shape} × ${count}: ${res.wall.toFixed(2)} s`);
    }
  }
}

// 5b. A table (issue 15): a 1,000-row table, all formats, cold, next to the same text as plain
//     paragraphs (one row a paragraph). The table must take less than twice as long.
{
  const rows = quick ? 300 : 1000;
  const runs = quick ? 1 : 3;
  const results = {};
  for (const [label, source] of [['table', generateTable(rows)], ['paragraphs', generateTableAsParagraphs(rows)]]) {
    const file = join(work, `table-${label}.md`);
    writeFileSync(file, source);
    const out = join(work, `out-table-${label}`);
    const wall = [];
    const cpu = [];
    const rss = [];
    for (let r = 0; r < runs; r++) {
      rmSync(out, { recursive: true, force: true });
      const res = cold(...ours(['export', file, '-q', '-o', out]), `table ${label}`);
      wall.push(res.wall);
      cpu.push(res.cpu);
      rss.push(res.maxRssKB);
    }
    results[label] = { wall: stats(wall), cpu: stats(cpu), maxRssKB: stats(rss), ...outputsOf(out) };
    rmSync(out, { recursive: true, force: true });
  }
  const ratio = results.table.wall.median / results.paragraphs.wall.median;
  for (const label of ['table', 'paragraphs']) {
    const r = results[label];
    const name = label === 'table' ? `table: ${rows.toLocaleString('en')} rows as a table, all formats, cold (× ${ratio.toFixed(2)} the same text as paragraphs; limit 2)` : `table: the same ${rows.toLocaleString('en')} rows as plain paragraphs, all formats, cold`;
    cases.push({ name, kind: 'table', formats, wall: r.wall, cpu: r.cpu, maxRssKB: r.maxRssKB, outputs: r.outputs, pages: r.pages });
  }
  const timed = { table: results.table.wall, paragraphs: results.paragraphs.wall };
  log(`  table ${rows} rows: ${timed.table.median.toFixed(2)} s, as paragraphs ${timed.paragraphs.median.toFixed(2)} s (× ${ratio.toFixed(2)})`);
}

// 6. Signal latency: SIGTERM one second into the export of one 1.6-million-character paragraph
//    (seconds of layout); the time from the signal to the process's end. A large source is laid
//    out in a worker, so the main thread handles the signal at once.
{
  const file = join(work, 'one-paragraph.md');
  writeFileSync(file, `---\ntitle: 一段\n---\n${'工会工作面临许多新情况、新问题。'.repeat(100_000)}\n`);
  const runs = quick ? 1 : 3;
  const latency = [];
  for (let r = 0; r < runs; r++) {
    const out = join(work, 'out-signal');
    rmSync(out, { recursive: true, force: true });
    const [command, commandArgs] = ours(['export', file, '-q', '-o', out]);
    latency.push(
      await new Promise((done) => {
        const child = spawn(command, commandArgs, { cwd: root, stdio: 'ignore' });
        let sent;
        const timer = setTimeout(() => {
          sent = process.hrtime.bigint();
          child.kill('SIGTERM');
        }, 1000);
        child.on('exit', () => {
          clearTimeout(timer);
          done(sent === undefined ? NaN : Number(process.hrtime.bigint() - sent) / 1e9);
        });
      }),
    );
  }
  cases.push({ name: 'signal: SIGTERM 1 s into a 1.6-million-character paragraph, time to exit', kind: 'signal', formats, wall: stats(latency) });
  log(`  signal latency: ${latency.map((s) => `${Math.round(s * 1000)} ms`).join(', ')}`);
}

const report = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  quick,
  seconds: Math.round((Date.now() - started) / 1000),
  machine: {
    cpu: cpus()[0]?.model?.trim() ?? 'unknown',
    cpus: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.versions.node,
  },
  typst,
  cli: pkg.bin,
  cases,
};
const written = writeReport(report, outDir, quick ? 'quick' : 'latest');
rmSync(work, { recursive: true, force: true });
process.stdout.write(markdownTable(report));
log(`bench: ${report.seconds} s; wrote ${written.json} and ${written.md}`);
