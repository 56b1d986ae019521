/**
 * Preloaded (`node --import`) into every cold process the benchmark starts: at exit it writes the
 * process's peak resident set size (all threads, workers included) to the file named by
 * WENSHU_BENCH_PROBE. Costs one tiny module load, the same for wenshu and for Typst.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.WENSHU_BENCH_PROBE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify({ maxRssKB: process.resourceUsage().maxRSS }));
  });
}
