/**
 * `npm run fuzz`: the fuzz suites of test/fuzz.test.ts with a long budget — 10,000 documents
 * from the Unicode soup, 5,000 deep and wide Markdown shapes, 20,000 mutated PDFs and 20,000
 * mutated bundles — and prints the tally (crashes, hangs, lost characters). Options:
 *   node scripts/fuzz.mjs [DOCUMENTS] [SEED]
 * (CI runs the same suites with 120 documents, in `npm test`.)
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [docs = '10000', seed = '20261124'] = process.argv.slice(2);
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const started = Date.now();
const r = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WENSHU_FUZZ_DOCS: docs, WENSHU_FUZZ_SEED: seed, WENSHU_FUZZ_PDF_EVERY: '4' },
});
process.stderr.write(`fuzz: ${docs} documents, seed ${seed}, ${Math.round((Date.now() - started) / 1000)} s\n`);
process.exit(r.status ?? 1);
