/**
 * Batch export on every core: `wenshu export a.md b.md …` with several sources hands them to
 * worker threads, each of which runs this same CLI (dist/cli.cjs) on its share of the files with the
 * same flags. Each worker loads its exporters and parses its fonts once and then exports its files
 * one after another, exactly as a single `wenshu export` would, so output bytes, messages and exit
 * codes are those of the sequential run; only the order of lines on the terminal may interleave.
 *
 * Cost: each worker loads the exporters and parses fonts for itself (about 1 s of CPU more for
 * two workers on eight ~4-page sources, 4.0 → 4.9 s user), which pays off when the cores are free;
 * `npm run bench` has the batch case. WENSHU_BATCH=0 turns it off.
 *
 * A single source of LARGE_SOURCE bytes or more is exported in one worker as well: its layout
 * takes seconds of synchronous work, during which a signal could not be handled where it runs,
 * while this thread, idle, handles it at once. Workers report their temporary files here
 * (io/atomic.ts), so that a signal removes them too.
 */
import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import { adoptWorkerTemps } from './io/atomic.js';

/** Sources this large (bytes) are exported in a worker even alone (about 100 pages). */
export const LARGE_SOURCE = 256 * 1024;

export function isLargeSource(file: string): boolean {
  try {
    const info = statSync(file);
    return info.isFile() && info.size >= LARGE_SOURCE;
  } catch {
    return false;
  }
}

/**
 * Splits `files` over up to one worker per core (largest first, each to the least loaded worker,
 * by file size) and returns each worker's files in their original order.
 */
export function shareFiles(files: readonly string[], workers: number): string[][] {
  const size = (f: string): number => {
    try {
      return statSync(f).size;
    } catch {
      return 0; // the worker reports the error
    }
  };
  const order = files.map((f, i) => ({ f, i, s: size(f) })).sort((a, b) => b.s - a.s || a.i - b.i);
  const shares = Array.from({ length: Math.max(1, workers) }, () => ({ load: 0, items: [] as { f: string; i: number }[] }));
  for (const item of order) {
    const least = shares.reduce((m, s) => (s.load < m.load ? s : m));
    least.items.push(item);
    least.load += item.s + 1;
  }
  return shares.filter((s) => s.items.length > 0).map((s) => s.items.sort((a, b) => a.i - b.i).map((x) => x.f));
}

/**
 * Runs `wenshu export` over `files` in worker threads and resolves to the worst exit code, or to
 * undefined when a batch does not apply and the caller should export the files itself: one file,
 * one core, a worker already, not running from the built .js files (tests through tsx), or
 * `--manifest` (one SHA256SUMS per output folder is read and rewritten per file: kept sequential).
 *
 * `argv` is the process's argv; the workers get it with the file operands replaced by their share.
 */
export async function exportInWorkers(files: readonly string[], argv: readonly string[]): Promise<number | undefined> {
  const cli = new URL('./cli.cjs', import.meta.url);
  const cores = availableParallelism();
  const single = files.length === 1;
  if (!isMainThread || files.length < 1 || (!single && cores < 2) || !import.meta.url.endsWith('.js')) return undefined;
  if (process.env.WENSHU_BATCH === '0') return undefined;
  const rest = argv.slice(2);
  if (!single && rest.includes('--manifest')) return undefined;
  const flags = withoutOperands(rest, files);
  if (!flags) return undefined;
  const shares = shareFiles(files, Math.min(cores, files.length));
  if (shares.length < 2 && !single) return undefined;
  const codes = await Promise.all(
    shares.map(
      (share) =>
        new Promise<number>((done) => {
          const args = flags.includes('--') ? [...flags, ...share] : [...flags, '--', ...share];
          const worker = new Worker(fileURLToPath(cli), { argv: args, stdout: false, stderr: false });
          adoptWorkerTemps(worker);
          let failed = false;
          worker.on('error', (error) => {
            failed = true;
            process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
          });
          worker.on('exit', (code) => done(failed ? 70 : code));
        }),
    ),
  );
  return codes.reduce((worst, code) => Math.max(worst, code), 0);
}

/** `rest` (argv after node and the script) without the file operands, or undefined if unsure. */
function withoutOperands(rest: readonly string[], files: readonly string[]): string[] | undefined {
  const out = [...rest];
  const start = out.indexOf('export');
  if (start < 0) return undefined;
  // Operands are removed from the end (commander collects them in order), so an option value that
  // happens to equal a file name earlier on the line is left alone.
  for (let k = files.length - 1; k >= 0; k--) {
    const at = out.lastIndexOf(files[k]!);
    if (at <= start) return undefined;
    out.splice(at, 1);
  }
  return out;
}
