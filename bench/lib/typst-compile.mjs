/**
 * One cold Typst compile, run as its own process by the benchmark:
 *   node bench/lib/typst-compile.mjs <input.typ> <output.pdf> <font file>...
 * Loads the compiler (a native module), registers exactly the given font files, compiles and
 * writes the PDF. Prints `{"pages": n, "bytes": n}` on stdout.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installedTypst } from './typst-install.mjs';

// The benchmark installed it (ensureTypst) before starting these processes.
const { NodeCompiler } = await import(pathToFileURL(installedTypst()).href);

const [input, output, ...fonts] = process.argv.slice(2);
const compiler = NodeCompiler.create({ workspace: dirname(resolve(input)), fontArgs: [{ fontPaths: fonts.map((f) => resolve(f)) }] });
const result = compiler.compile({ mainFileContent: readFileSync(input, 'utf8') });
if (result.hasError()) {
  result.printErrors();
  process.exit(1);
}
const doc = result.result;
const pdf = compiler.pdf(doc, { creationTimestamp: 0 });
writeFileSync(output, pdf);
process.stdout.write(JSON.stringify({ pages: doc.numOfPages, bytes: pdf.length }) + '\n');
