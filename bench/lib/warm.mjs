/**
 * Warm runs through the library API in one process:
 *   node bench/lib/warm.mjs <source.md> <out dir> <runs>
 * For each set of formats, one unmeasured export first (loads modules, parses fonts), then `runs`
 * measured exports of the whole file (read, lint, render, write). Prints JSON on stdout.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const api = await import(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'api.js'));
const [file, outDir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg);
const sets = { all: undefined, pdf: ['pdf'], docx: ['docx'], txt: ['txt'] };
const result = {};
for (const [name, to] of Object.entries(sets)) {
  if (to && !to.every((f) => api.formats.includes(f))) continue;
  await api.exportFile(file, { to, outDir });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await api.exportFile(file, { to, outDir });
    times.push((performance.now() - t0) / 1000);
  }
  result[name] = times;
}
process.stdout.write(JSON.stringify({ times: result, maxRssKB: process.resourceUsage().maxRSS }) + '\n');
