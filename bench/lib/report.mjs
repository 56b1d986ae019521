/**
 * Statistics and the report: JSON for machines, a Markdown table for the README.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Median, min, max and mean of a list of numbers (undefined for an empty list). */
export function stats(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { n: v.length, median, min: v[0], max: v[v.length - 1], mean: v.reduce((a, b) => a + b, 0) / v.length };
}

export function formatSeconds(s) {
  if (s === undefined) return '—';
  return s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`;
}

export function formatBytes(bytes) {
  if (bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const wall = (s) => (s ? `${formatSeconds(s.median)} (${formatSeconds(s.min)}–${formatSeconds(s.max)})` : '—');

/** The Markdown table: one row per case, Typst beside it where it was run. */
export function markdownTable(report) {
  const m = report.machine;
  const lines = [
    `Benchmark${report.quick ? ' (quick)' : ''}: ${report.date}, ${m.cpus} × ${m.cpu}, ${m.memoryGB} GB, ${m.os}, Node ${m.node}` +
      (report.typst?.available ? `; Typst ${report.typst.version} (${report.typst.package})` : `; Typst: ${report.typst?.reason ?? 'not run'}`) +
      '.',
    '',
    '| Case | Runs | Wall, median (min–max) | CPU, median | Peak RSS | Output | Pages | Pages/s | Typst PDF | Ours ÷ Typst |',
    '| --- | ---: | --- | ---: | ---: | --- | ---: | ---: | --- | ---: |',
  ];
  for (const c of report.cases) {
    const outputs = c.outputs ? Object.entries(c.outputs).map(([k, v]) => `${k} ${formatBytes(v)}`).join(', ') : '—';
    const pps = c.pages && c.wall ? (c.pages / c.wall.median).toFixed(c.pages / c.wall.median < 10 ? 1 : 0) : '—';
    const typst = c.typst ? `${wall(c.typst.wall)}, ${formatBytes(c.typst.maxRssKB?.max * 1024)}` : '—';
    const ratio = c.ratio !== undefined ? c.ratio.toFixed(2) : c.typst === null ? 'unavailable' : '—';
    const rss = c.maxRssKB ? formatBytes(c.maxRssKB.max * 1024) : '—';
    const cpu = c.cpu ? formatSeconds(c.cpu.median) : '—';
    lines.push(`| ${c.name} | ${c.wall?.n ?? 0} | ${wall(c.wall)} | ${cpu} | ${rss} | ${outputs} | ${c.pages ?? '—'} | ${pps} | ${typst} | ${ratio} |`);
  }
  lines.push(
    '',
    'Cold = a new `wenshu export` process per run (Node start-up included); warm = the library API in one process after one unmeasured run. ' +
      'Typst = `@myriaddreamin/typst-ts-node-compiler` in its own cold Node process, on an equivalent Typst source with the same font files, alternating with ours. ' +
      'CPU = user + system time of the process (its worker threads included). Peak RSS is the largest seen over the runs. Ours ÷ Typst below 1.0 means faster than Typst\'s PDF alone.',
  );
  return lines.join('\n') + '\n';
}

/** Writes `<name>.json` and `<name>.md` into `dir`; returns their paths. */
export function writeReport(report, dir, name) {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${name}.json`);
  const md = join(dir, `${name}.md`);
  writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(md, markdownTable(report));
  return { json, md };
}
