/**
 * The benchmark's own parts (bench/): the long-document generator, the Typst twin and the report
 * writer. No timings are asserted here; they live only in `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource, resolvePreset } from '../src/api.js';
import { lintSource } from '../src/lint/index.js';
import { loadManifest, resolveFontFile } from '../src/fonts/manifest.js';
import * as text from '../src/model/text.js';
// @ts-expect-error plain ESM modules without type declarations
import { CHARS_PER_PAGE, generateDocument, generateShape, generateTable, generateTableAsParagraphs, harvest, SHAPES } from '../bench/lib/generate.mjs';
// @ts-expect-error plain ESM modules without type declarations
import { markdownTable, stats, writeReport } from '../bench/lib/report.mjs';
// @ts-expect-error plain ESM modules without type declarations
import { str, typstSource } from '../bench/lib/typst.mjs';
import { essayPath } from './helpers/seed.js';

const essay = readFileSync(essayPath, 'utf8');

describe('bench: scale shapes', () => {
  it('are valid, lint-clean sources with the count asked for', () => {
    for (const shape of SHAPES as string[]) {
      const source = generateShape(shape, 100) as string;
      const doc = parseSource(source, `${shape}.md`);
      const body = source.indexOf('\n---\n') + 5;
      expect(lintSource(source, `${shape}.md`, body), shape).toEqual([]);
      const count = { dashes: (source.match(/——/g) ?? []).length, headings: doc.blocks.filter((b) => b.type === 'heading').length, paragraphs: doc.blocks.length, nested: (source.match(/层/g) ?? []).length }[shape];
      expect(count, shape).toBe(100);
    }
  });
});

describe('bench: a table and the same text as paragraphs', () => {
  it('is a table of the rows asked for, and paragraphs of exactly its text', () => {
    const table = parseSource(generateTable(50) as string, 'table.md');
    const paragraphs = parseSource(generateTableAsParagraphs(50) as string, 'paragraphs.md');
    const t = table.blocks[0]!;
    expect(t.type === 'table' && t.body.length).toBe(50);
    const key = (doc: ReturnType<typeof parseSource>) => text.fidelityKey(text.documentText(doc).replace(/\u3000/g, ''));
    expect(key(table)).toBe(key(paragraphs));
  });
});

describe('bench: generated long documents', () => {
  it('harvests the essay into headings and whole sentences', () => {
    const { headings, sentences } = harvest(essay);
    expect(headings).toEqual(['一要增强会员意识', '二要增强工会意识', '三要增强履职意识', '四要增强主人意识', '五要增强服务意识']);
    expect(sentences.length).toBeGreaterThan(15);
    for (const s of sentences) expect(s).toMatch(/[。！？][”’）]?$/u);
  });

  it('is a valid, lint-clean source of about the requested size, the same every time', () => {
    const source = generateDocument(essay, 10);
    expect(generateDocument(essay, 10)).toBe(source);
    expect(generateDocument(essay, 10, { seed: 2 })).not.toBe(source);
    const doc = parseSource(source, 'long-10.md');
    const body = source.slice(source.indexOf('\n---\n') + 5);
    expect(lintSource(source, 'long-10.md', source.indexOf('\n---\n') + 5)).toEqual([]);
    expect(body.length).toBeGreaterThan(10 * CHARS_PER_PAGE);
    expect(body.length).toBeLessThan(13 * CHARS_PER_PAGE);
    expect(doc.meta.title).toContain('汇编10页');
    const kinds = new Set(doc.blocks.map((b) => b.type));
    expect([...kinds].sort()).toEqual(['blockquote', 'heading', 'list', 'paragraph']);
  });

  it('varies its paragraphs rather than repeating one', () => {
    const doc = parseSource(generateDocument(essay, 10), 'long-10.md');
    const paragraphs = doc.blocks.filter((b) => b.type === 'paragraph').map((b) => text.inlineText(b.children));
    expect(new Set(paragraphs).size).toBeGreaterThan(paragraphs.length * 0.9);
  });
});

describe('bench: Typst twin', () => {
  it('quotes any text as a Typst string', () => {
    expect(str('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  });

  it('sets the same text with the preset\'s geometry and only bundled font files', async () => {
    const doc = parseSource(generateDocument(essay, 3), 'long-3.md');
    const faces = loadManifest().faces.map((e) => ({ ...e, file: resolveFontFile(e) }));
    const { source, fontFiles } = await typstSource(doc, resolvePreset(undefined, doc), { text, faces });
    expect(source).toContain('width: 595.276pt, height: 841.89pt');
    expect(source).toContain('first-line-indent: (amount: 2em, all: true)');
    expect(source).toContain('"Noto Serif SC"');
    expect(source).toContain('#heading(level: 1');
    for (const file of fontFiles) expect(faces.map((f) => f.file)).toContain(file);
    const first = doc.blocks.find((b) => b.type === 'paragraph')!;
    expect(source).toContain(str(text.inlineText(first.type === 'paragraph' ? first.children : [])));
  });
});

describe('bench: report', () => {
  it('computes median and spread', () => {
    expect(stats([3, 1, 2])).toEqual({ n: 3, median: 2, min: 1, max: 3, mean: 2 });
    expect(stats([4, 1, 2, 3])?.median).toBe(2.5);
    expect(stats([])).toBeUndefined();
  });

  it('writes JSON and a Markdown table with one row per case', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-bench-test-'));
    try {
      const report = {
        date: '2026-01-01 00:00 UTC', quick: true,
        machine: { cpu: 'Test CPU', cpus: 2, memoryGB: 4, os: 'Linux', node: '20.0.0' },
        typst: { available: false, reason: 'unavailable (test)' },
        cases: [
          { name: 'essay, all formats, cold', wall: stats([1.5, 1.2, 1.3]), cpu: stats([0.9, 1.1, 1.0]), maxRssKB: stats([100_000]), outputs: { pdf: 2048 }, pages: 2, typst: null },
          { name: 'essay, pdf, warm (API)', wall: stats([0.1, 0.2]), maxRssKB: stats([50_000]), pages: 2 },
        ],
      };
      const { json, md } = writeReport(report, dir, 'latest');
      expect(JSON.parse(readFileSync(json, 'utf8')).cases).toHaveLength(2);
      const table = readFileSync(md, 'utf8');
      expect(table).toBe(markdownTable(report));
      expect(table).toContain('2 × Test CPU');
      expect(table).toContain('| essay, all formats, cold | 3 | 1.30 s (1.20 s–1.50 s) | 1.00 s | 97.7 MB | pdf 2 KB | 2 | 1.5 | — | unavailable |');
      expect(table).toContain('| essay, pdf, warm (API) | 2 | 150 ms (100 ms–200 ms) | — |');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('batch export on several cores (src/batch.ts)', () => {
  it('shares files over workers by size, keeping each share in order', async () => {
    const { shareFiles } = await import('../src/batch.js');
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-share-'));
    try {
      const sizes = [50, 10, 40, 30];
      const files = sizes.map((n, i) => {
        const f = join(dir, `f${i}.md`);
        writeFileSync(f, 'x'.repeat(n));
        return f;
      });
      const shares = shareFiles(files, 2);
      expect(shares.map((s) => s.map((f) => f.slice(dir.length + 1)))).toEqual([['f0.md', 'f1.md'], ['f2.md', 'f3.md']]);
      expect(shareFiles(files.slice(0, 1), 2)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes the same bytes and exit code as the sequential export', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-batch-'));
    try {
      const sources = [1, 2, 3].map((k) => {
        const f = join(dir, `doc-${k}.md`);
        writeFileSync(f, generateDocument(essay, 2, { seed: k }));
        return f;
      });
      const run = (out: string, env: Record<string, string>) =>
        runCli(['export', ...sources, '-q', '--to', 'pdf,txt', '-o', join(dir, out)], env);
      expect(run('seq', { WENSHU_BATCH: '0' }).status).toBe(0);
      expect(run('par', {}).status).toBe(0);
      const names = readdirSync(join(dir, 'seq')).sort();
      expect(names).toHaveLength(6);
      expect(readdirSync(join(dir, 'par')).sort()).toEqual(names);
      for (const n of names) expect(readFileSync(join(dir, 'par', n)).equals(readFileSync(join(dir, 'seq', n)))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The built CLI (dist/cli.cjs, built by npm test's pretest), as the batch runs it in workers. */
function runCli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [join(process.cwd(), 'dist', 'cli.cjs'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}
