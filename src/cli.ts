/**
 * The wenshu command line. It parses arguments and calls the library API; nothing else lives
 * here. Errors are one line each with file:line:col, and exit codes are documented in the README:
 * 0 success, 1 bad input, 2 bad usage, 3 output failure, 70 internal error.
 *
 * Importing this module runs nothing: src/bin.ts is the program, and tests call `main` in-process.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { basename, extname, resolve } from 'node:path';
import { checkFile, exportFile, extractSourceFile, formats, importFile, importTarget, resolveFormats, resolvePreset, verifyOutputs, type WrittenFile } from './api.js';
import { ExitCode, formatDiagnostic, usageError, WenshuError, type Diagnostic } from './errors.js';
import { pdfaLevels } from './model/index.js';
import { CONFIG_NAME } from './config.js';
import { installSignalCleanup } from './io/atomic.js';
import { checkNotOverwritingSources } from './io/outputs.js';
import { presets } from './styles/index.js';
import { impositions, type Imposition } from './exporters/pdf/impose-modes.js';
import { mark } from './timing.js';

const version = (): string => (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * The terminal of one run: what the global options say (--quiet, --debug, colour) and the ways of
 * writing to it. Made afresh by every `main` call, so that runs in one process never share it.
 */
class Terminal {
  quiet = false;
  debug = false;
  color = false;
  /** The worst exit code of the command's work so far. */
  exitCode: number = ExitCode.ok;

  /** Colours text for `stream`, decided per stream: findings on stdout may go to a file while stderr is a terminal. */
  private paint(code: string, s: string, stream: Stream): string {
    return this.color && stream.isTTY === true ? `\x1b[${code}m${s}\x1b[0m` : s;
  }
  red = (s: string, stream: Stream = process.stderr) => this.paint('31', s, stream);
  yellow = (s: string, stream: Stream = process.stderr) => this.paint('33', s, stream);
  green = (s: string, stream: Stream = process.stderr) => this.paint('32', s, stream);
  dim = (s: string, stream: Stream = process.stderr) => this.paint('2', s, stream);

  report(diagnostics: readonly Diagnostic[], stream: Stream = process.stderr): void {
    for (const d of diagnostics) {
      const label = d.severity === 'warning' ? this.yellow('warning', stream) : this.red('error', stream);
      const rule = d.code ? this.dim(` [${d.code}]`, stream) : '';
      stream.write(`${label}: ${formatDiagnostic(d)}${rule}\n`);
    }
  }

  progress = (file: WrittenFile): void => {
    if (!this.quiet) process.stderr.write(`${this.green('wrote')} ${file.path} ${this.dim(`(${humanSize(file.bytes)})`)}\n`);
  };

  /** Reports an error and returns its exit code; anything but a WenshuError is a bug in wenshu. */
  handleError(error: unknown): number {
    if (error instanceof WenshuError) {
      this.report(error.diagnostics);
      if (this.debug && error.stack) process.stderr.write(this.dim(error.stack) + '\n');
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${this.red('internal error')}: ${message}\n`);
    if (this.debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
    else process.stderr.write(this.dim('This is a bug in wenshu. Run again with --debug to see where it happened.') + '\n');
    return ExitCode.internal;
  }

  /** Runs one unit of work per file, reporting errors and returning the worst exit code. */
  async eachFile(files: string[], work: (file: string) => Promise<number>): Promise<number> {
    let worst: number = ExitCode.ok;
    for (const file of files) {
      try {
        worst = Math.max(worst, await work(file));
      } catch (error) {
        worst = Math.max(worst, this.handleError(error));
      }
    }
    return worst;
  }
}

/** Colour is allowed unless --no-color or NO_COLOR says otherwise; it is used only on a terminal. */
function colorAllowed(flag: boolean | undefined): boolean {
  return flag !== false && (process.env.NO_COLOR ?? '') === '';
}

type Stream = NodeJS.WriteStream;

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 10) throw new InvalidArgumentError('must be a whole number of columns, 10 or more');
  return n;
}

/** commander gives --config FILE as a string, --no-config as false, neither as true (the default). */
function configOption(value: unknown): { config?: string | false } {
  if (value === '') throw usageError('--config needs a file name (--no-config for none)');
  return typeof value === 'string' ? { config: value } : value === false ? { config: false } : {};
}

function formatList(value: string): string[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new InvalidArgumentError(`name at least one format: ${formats.join(', ')}`);
  return list;
}

/**
 * Sources whose outputs would land on the same names (a/doc.md and b/doc.md into one folder)
 * would overwrite each other: refused before anything is read.
 */
function checkOutputNames(files: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    const stem = basename(file, extname(file));
    const other = seen.get(stem);
    if (other !== undefined && resolve(other) !== resolve(file)) {
      throw usageError(`${other} and ${file} would both be written as ${stem}.*: export them into different folders (--out)`);
    }
    seen.set(stem, file);
  }
}

export function buildProgram(term = new Terminal()): Command {
  const program = new Command('wenshu')
    .description('文书 — export a Chinese document written in Markdown to PDF, DOCX and plain text,\nwith Chinese typesetting and the CJK fonts embedded.')
    .version(version(), '-V, --version')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--debug', 'show stack traces for errors')
    .option('--no-color', 'never colour the output (NO_COLOR is respected too)')
    .showHelpAfterError('(run with --help for usage)')
    // Set before subcommands are added, so that they inherit it: usage errors become exit 2.
    .exitOverride()
    .hook('preAction', (cmd) => {
      const o = cmd.optsWithGlobals<{ quiet?: boolean; debug?: boolean; color?: boolean }>();
      term.quiet = o.quiet === true;
      term.debug = o.debug === true;
      term.color = colorAllowed(o.color);
    });

  program
    .command('export')
    .description('export sources to every format (or those given with --to), one file per format named after the source')
    .argument('<files...>', "Markdown sources with YAML front matter, e.g. content/essay.md ('-' reads standard input, written as stdin.*)")
    .addOption(new Option('-t, --to <formats>', `comma-separated formats: ${formats.join(', ')}`).argParser(formatList))
    .option('-o, --out <dir>', 'output folder (created if missing)', 'out')
    .option('-p, --preset <name>', `style preset: ${Object.keys(presets).join(', ')}, or an own preset file such as house.yaml (overrides the source's preset:)`)
    .addOption(new Option('--encoding <name>', 'encoding of the sources').choices(['utf-8', 'gb18030']).default('utf-8'))
    .option('-c, --config <file>', `project settings (preset, page, pdfa, fonts); default: ${CONFIG_NAME} beside the source or here`)
    .option('--no-config', `ignore any ${CONFIG_NAME}`)
    .addOption(new Option('--txt-encoding <name>', 'encoding of the plain-text output').choices(['utf-8', 'gb18030']).default('utf-8'))
    .addOption(new Option('--txt-eol <style>', 'line ends of the plain-text output').choices(['lf', 'crlf']).default('lf'))
    .option('--txt-bom', 'start the plain-text output with a byte-order mark')
    .addOption(new Option('--txt-wrap <columns>', 'hard-wrap plain text at this many columns (a hanzi counts 2); table cells wrap inside their columns').argParser(positiveInt))
    .addOption(new Option('--txt-table <layout>', 'tables in plain text: GFM pipes or box-drawing characters').choices(['pipe', 'box']).default('pipe'))
    .addOption(new Option('--pdfa <level>', "archival PDF/A level (3b and 3u attach the source); overrides the source's pdfa:").choices([...pdfaLevels]))
    .addOption(new Option('--impose <mode>', 'also write the PDF imposed two pages to a sheet (A5 on A4): 2up in reading order (NAME.2up.pdf) or booklet order for duplex printing and folding (NAME.booklet.pdf)').choices([...impositions]))
    .option('--manifest', 'write SHA256SUMS next to the outputs (sha256sum -c reads it, wenshu verify checks it)')
    .option('--bundle', 'also write <name>.zip with the outputs, the source and a SHA256SUMS over them')
    .addHelpText(
      'after',
      `
Examples:
  $ wenshu export content/essay.md                  writes out/essay.pdf, out/essay.docx, out/essay.txt
  $ wenshu export content/*.md --to txt --out dist  plain text only, into dist/
  $ wenshu export notice.md --txt-encoding gb18030 --txt-eol crlf
                                                    text for older Windows office systems
  $ wenshu export content/essay.md --pdfa 3u --manifest
                                                    archival PDF/A-3u carrying its source, and SHA256SUMS

The source is checked first (as 'wenshu check' does); a source with problems is not exported.`,
    )
    .action(async (files: string[], o: Record<string, unknown>) => {
      // Usage problems are reported once, before any worker starts or any file is read.
      try {
        const to = resolveFormats(o.to as string[] | undefined);
        if (o.out === '') throw usageError("--out needs a folder name ('.' for this folder)");
        configOption(o.config); // --config '' is refused here, before any worker starts
        if (typeof o.preset === 'string') resolvePreset(o.preset); // an unknown name or a bad preset file, once
        if (files.length > 1 && files.includes('-')) throw usageError("'-' (standard input) is exported alone, not with other sources");
        checkOutputNames(files);
        checkNotOverwritingSources(files, { outDir: o.out as string, formats: to, manifest: o.manifest === true, bundle: o.bundle === true });
      } catch (error) {
        term.exitCode = term.handleError(error);
        return;
      }
      // Several sources: one worker thread per core, each running this command on its share
      // (src/batch.ts); undefined when that does not apply, and the files are exported here.
      // One large source goes to a worker too, so that this thread stays free for Ctrl-C/SIGTERM
      // during a long layout (a synchronous step cannot be interrupted where it runs).
      const large = files.length === 1 && files[0] !== '-' && (await import('./batch.js')).isLargeSource(files[0]!);
      const batch = files.length > 1 || large ? await (await import('./batch.js')).exportInWorkers(files, process.argv) : undefined;
      if (batch !== undefined) {
        term.exitCode = batch;
        return;
      }
      term.exitCode = await term.eachFile(files, async (file) => {
        await exportFile(file, {
          to: o.to as string[] | undefined,
          outDir: o.out as string,
          preset: o.preset as string | undefined,
          encoding: o.encoding as 'utf-8' | 'gb18030',
          ...configOption(o.config),
          txt: {
            encoding: o.txtEncoding as 'utf-8' | 'gb18030',
            eol: o.txtEol as 'lf' | 'crlf',
            bom: o.txtBom === true,
            wrap: (o.txtWrap as number | undefined) ?? 0,
            table: o.txtTable as 'pipe' | 'box',
          },
          onFile: term.progress,
          pdfa: o.pdfa as string | undefined,
          ...(o.impose ? { impose: o.impose as Imposition } : {}),
          manifest: o.manifest === true,
          bundle: o.bundle === true,
          onWarning: (d) => term.report([{ ...d, severity: 'warning' }]),
        });
        return ExitCode.ok;
      });
    });

  program
    .command('check')
    .description('validate sources and lint their Chinese text; exit 0 when clean, 1 with findings')
    .argument('<files...>', "Markdown sources ('-' reads standard input)")
    .option('--fix', 'rewrite the sources in place, fixing what has a safe fix (ASCII punctuation, stray spaces, mixed pairs)')
    .addOption(new Option('--encoding <name>', 'encoding of the sources').choices(['utf-8', 'gb18030']).default('utf-8'))
    .option('-c, --config <file>', `project settings to validate with the source; default: ${CONFIG_NAME} beside the source or here`)
    .option('--no-config', `ignore any ${CONFIG_NAME}`)
    .addHelpText(
      'after',
      `
Rules:
  ascii-punctuation    , . ; : ? ! ( ) between Chinese characters where full-width belongs   (fixable)
  mixed-pair           a pair opened full-width and closed half-width, or the reverse        (fixable)
  unbalanced           an opening bracket or quote with no closing one, or the reverse
  space-between-hanzi  a space between two Chinese characters                                (fixable)`,
    )
    .action(async (files: string[], o: { fix?: boolean; encoding: 'utf-8' | 'gb18030'; config?: string | boolean }) => {
      term.exitCode = await term.eachFile(files, async (file) => {
        if (o.fix && file === '-') throw usageError('--fix cannot rewrite standard input: give the file');
        const result = await checkFile(file, { fix: o.fix === true, encoding: o.encoding, ...configOption(o.config) });
        term.report(result.findings, process.stdout);
        term.report(result.warnings.map((d) => ({ ...d, severity: 'warning' as const })), process.stdout);
        if (!term.quiet) {
          const fixed = result.fixed > 0 ? `, fixed ${result.fixed}` : '';
          const status = result.findings.length === 0 ? term.green('ok') : term.red(`${result.findings.length} problem(s)`);
          process.stderr.write(`${file}: ${status}${fixed}\n`);
        }
        return result.findings.length === 0 ? ExitCode.ok : ExitCode.badInput;
      });
    });

  program
    .command('verify')
    .description('check exported files against their SHA256SUMS; names every changed or missing file, exit 1 if any')
    .argument('<targets...>', 'folders holding SHA256SUMS (as written by export --manifest), or bundle zips')
    .action(async (targets: string[]) => {
      term.exitCode = await term.eachFile(targets, async (target) => {
        const result = await verifyOutputs(target);
        for (const f of result.files) {
          const label = f.status === 'ok' ? term.green('OK', process.stdout) : term.red(f.status === 'changed' ? 'CHANGED' : f.status === 'missing' ? 'MISSING' : 'NOT A FILE IN THE FOLDER', process.stdout);
          if (f.status !== 'ok' || !term.quiet) process.stdout.write(`${label} ${f.name}\n`);
        }
        if (result.malformed.length > 0) term.report([{ file: result.manifest, message: `unreadable line(s) ${result.malformed.join(', ')}` }]);
        if (result.files.length === 0) term.report([{ file: result.manifest, message: 'lists no files' }]);
        const bad = result.files.filter((f) => f.status !== 'ok').length;
        if (!term.quiet) {
          for (const name of result.unlisted) process.stderr.write(term.dim(`not in the manifest: ${name}\n`));
          const status = result.ok ? term.green(`ok, ${result.files.length} file(s)`) : term.red(`${bad} of ${result.files.length} file(s) changed or missing`);
          process.stderr.write(`${target}: ${status}\n`);
        }
        return result.ok ? ExitCode.ok : ExitCode.badInput;
      });
    });

  program
    .command('extract-source')
    .description('write out the source attached to a PDF/A-3 file (export --pdfa 3b|3u), byte for byte')
    .argument('<file>', 'a PDF made with --pdfa 3b or 3u')
    .option('-o, --out <path>', 'where to write it (default: its stored file name, in the current folder)')
    .option('-f, --force', 'replace the file if it exists')
    .action(async (file: string, o: { out?: string; force?: boolean }) => {
      term.exitCode = await term.eachFile([file], async (pdf) => {
        if (o.out === '') throw usageError('--out needs a file name');
        term.progress(await extractSourceFile(pdf, { ...(o.out ? { out: o.out } : {}), force: o.force === true }));
        return ExitCode.ok;
      });
    });

  program
    .command('import')
    .description('turn Word files (DOCX), web pages (HTML) or text (TXT) into sources, recognising title, headings and 公文 elements')
    .argument('<files...>', 'DOCX, HTML or TXT files (TXT in UTF-8, UTF-16 with a BOM, or GB18030)')
    .option('-o, --out <path>', 'the source to write (one input), or a folder for them (ending in /); default: beside each input, as NAME.md')
    .addOption(new Option('-p, --preset <name>', 'write preset: NAME into the front matter').choices(Object.keys(presets)))
    .option('-f, --force', 'replace existing sources and images')
    .addHelpText(
      'after',
      `
Examples:
  $ wenshu import 通知.docx                 writes 通知.md (and 通知-1.png … for its images)
  $ wenshu import notice.txt -o src/notice.md --preset gongwen
  $ wenshu import *.docx -o sources/

Recognised: a 公文's 版头 (份号, 密级, 紧急程度, 发文机关标志, 签发人, 发文字号); the title; 主送机关;
headings by style, or by numbering (一、 （一） 1. （1）, 一要/二要…); lists, tables, images, links,
footnotes; 附件说明, 署名, 印章, 成文日期 (date:), 附注, 附件 pages, 抄送, 印发; an author note （作者系……）
at the end (byline:). With a 版头 (or --preset gongwen) the 公文 elements become front-matter keys.
ASCII punctuation and spaces between hanzi are repaired.`,
    )
    .action(async (files: string[], o: { out?: string; preset?: string; force?: boolean }) => {
      try {
        if (files.length > 1 && o.out !== undefined && /\.md$/i.test(o.out)) throw usageError(`-o ${o.out} names one file: with ${files.length} inputs give a folder (ending in /)`);
        const seen = new Map<string, string>();
        for (const file of files) {
          const target = resolve(importTarget(file, files.length > 1 && o.out !== undefined && !/[\\/]$/.test(o.out) ? `${o.out}/` : o.out));
          const other = seen.get(target);
          if (other !== undefined) throw usageError(`${other} and ${file} would both be written as ${target}: import them into different folders (-o)`);
          seen.set(target, file);
        }
      } catch (error) {
        term.exitCode = term.handleError(error);
        return;
      }
      term.exitCode = await term.eachFile(files, async (file) => {
        const out = files.length > 1 && o.out !== undefined && !/[\\/]$/.test(o.out) ? `${o.out}/` : o.out;
        const result = await importFile(file, { ...(out !== undefined ? { out } : {}), ...(o.preset ? { preset: o.preset } : {}), force: o.force === true });
        if (!term.quiet) {
          process.stderr.write(`${term.green('imported')} ${file} → ${result.output}: ${result.summary}${result.fixed > 0 ? term.dim(` (${result.fixed} fixed)`) : ''}\n`);
          for (const f of result.files.slice(1)) process.stderr.write(`  ${term.dim(`image ${f.path} (${humanSize(f.bytes)})`)}\n`);
          if (result.keptInBody.length > 0) process.stderr.write(`  ${term.dim(`kept in the body as text (--preset gongwen makes them front-matter keys): ${result.keptInBody.join(', ')}`)}\n`);
          for (const note of result.notes) process.stderr.write(`  ${term.dim(`note: ${note}`)}\n`);
        }
        term.report(result.dropped.map((d) => ({ file, message: `dropped ${d.what}: ${d.detail}`, severity: 'warning' as const })));
        term.report(result.warnings.map((d) => ({ ...d, severity: 'warning' as const })));
        term.report(result.findings);
        if (result.findings.length > 0) {
          if (!term.quiet) process.stderr.write(`${result.output}: ${term.red(`${result.findings.length} problem(s) for wenshu check`)}: the source was written; edit it, then 'wenshu check ${result.output}'\n`);
          return ExitCode.badInput;
        }
        return ExitCode.ok;
      });
    });

  return program;
}

/**
 * Runs the CLI on `argv` (as process.argv: node, script, then the arguments) and resolves to its
 * exit code. Nothing is left behind in the process: every call has its own terminal state.
 */
export async function main(argv: string[]): Promise<number> {
  mark('CLI loaded');
  const term = new Terminal();
  const program = buildProgram(term);
  try {
    await program.parseAsync(argv);
    return term.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    return term.handleError(error);
  }
}

/**
 * The program (src/bin.ts): temporary files are removed on a signal, and the process ends as soon
 * as its output is flushed.
 */
export function run(argv: string[]): Promise<void> {
  installSignalCleanup();
  return main(argv).then((code) => {
    process.exitCode = code;
    // Left to end by itself, the process waited (~5 ms, idle) for V8's background jobs, such as
    // optimizing functions that will never run again. Once everything written has reached the
    // terminal, pipe or file, there is nothing left to wait for.
    if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
  });
}
