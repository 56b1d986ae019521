/**
 * Fuzz suites, with fixed seeds: random documents from a Unicode soup, deep and wide Markdown
 * shapes, mutated PDFs for extract-source and mutated bundles for verify. Every case either
 * works — and then loses no character: every hanzi of the source is in every output as often as
 * in the source — or fails with our own input error; never an internal error, a stack overflow or
 * a hang (a case taking longer than HANG_MS counts as one).
 *
 * CI runs a small budget; `npm run fuzz` runs 10,000 documents (WENSHU_FUZZ_DOCS) and more
 * mutations, and prints the tally the README quotes.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSource, renderDocument } from '../src/api.js';
import { WenshuError } from '../src/errors.js';
import { buildBundle, extractSource, verifyBundle } from '../src/integrity/index.js';
import { readBack } from './helpers/readback.js';

const DOCS = Number(process.env.WENSHU_FUZZ_DOCS ?? 120);
const SEED = Number(process.env.WENSHU_FUZZ_SEED ?? 20261124);
const HANG_MS = 20_000;
/** Share of the documents that go through the PDF too (pdf.js reads back slowly). */
const PDF_EVERY = Number(process.env.WENSHU_FUZZ_PDF_EVERY ?? 2);

const tally = { documents: 0, exported: 0, refused: 0, crashes: 0, hangs: 0, lostCharacters: 0, pdfMutations: 0, bundleMutations: 0 };
const crashes: string[] = [];

afterAll(() => {
  // The line `npm run fuzz` ends with, and the README quotes.
  console.log(`fuzz: ${JSON.stringify(tally)}`);
});

const md = (body: string) => `---\ntitle: 测试\n---\n${body}\n`;
const HAN = /\p{Script=Han}/gu;
const hanCount = (s: string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const [c] of s.matchAll(HAN)) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
};
const sameCounts = (a: Map<string, number>, b: Map<string, number>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/** Runs one case; an error that is not ours is a crash, a case over HANG_MS a hang. */
async function guarded(label: string, work: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await work();
  } catch (error) {
    if (!(error instanceof WenshuError)) {
      tally.crashes++;
      crashes.push(`${label}: ${String(error)}`);
    }
  }
  if (Date.now() - started > HANG_MS) tally.hangs++;
}

/** Exports a source to every format; a refusal is fine, an export must keep every hanzi. */
async function exportAndCount(source: string, label: string, withPdf: boolean): Promise<void> {
  tally.documents++;
  await guarded(label, async () => {
    let doc;
    try {
      doc = parseSource(source, 'fuzz.md');
    } catch (error) {
      if (error instanceof WenshuError) tally.refused++;
      throw error;
    }
    const want = hanCount(source); // the title's 测试 is in the source too, and in every output
    for (const format of withPdf ? ['txt', 'docx', 'pdf'] : ['txt', 'docx']) {
      let bytes: Uint8Array;
      try {
        bytes = await renderDocument(doc, format);
      } catch (error) {
        if (error instanceof WenshuError) continue; // a character no font draws, say
        throw error;
      }
      const got = hanCount(await readBack(format, bytes));
      if (!sameCounts(want, got)) {
        tally.lostCharacters++;
        crashes.push(`${label} ${format}: hanzi differ from the source`);
      }
    }
    tally.exported++;
  });
}

describe('fuzz: documents', () => {
  // Pieces that stress every layer, Markdown syntax among them; rare ones make a document fail.
  const common = fc.constantFrom(
    '工', '会', '意', '识', '，', '。', '、', '“', '”', '《', '》', '（', '）', '——', '……', '：', '；', '！', '？',
    'a', 'Z', '7', ' ', 'Word', '2026', 'e\u0301', '\u200b', '\u200d', '*', '**', '_', '#', '> ', '- ', '1. ', '\n', '\n\n', '\\', '&amp;', '  \n',
  );
  const rare = fc.constantFrom('𠀾', '😀', 'א', '\u202e', '<b>', '`', '[a](b)', '|', '\u0007', '\ufeff', '\ud800', '---', '~~~', '    ');
  const soup = fc.array(fc.oneof({ arbitrary: common, weight: 40 }, { arbitrary: rare, weight: 1 }), { minLength: 1, maxLength: 120, size: 'max' }).map((p) => p.join(''));

  it(`a Unicode soup: ${DOCS} documents`, async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(soup, async (body) => exportAndCount(md(body), `soup #${n}`, n++ % PDF_EVERY === 0)), { numRuns: DOCS, seed: SEED });
    expect(crashes).toEqual([]);
  }, 3_600_000);

  // Deep and wide shapes: quotes, lists and emphasis nested at random, up to and past the limit.
  const level = fc.constantFrom('> ', '- ', '1. ', '* ', '>');
  const shape = fc.record({
    levels: fc.array(level, { minLength: 0, maxLength: 130, size: 'max' }),
    emphasis: fc.integer({ min: 0, max: 120 }),
    width: fc.integer({ min: 1, max: 40 }),
  });

  it(`deep and wide Markdown shapes: ${Math.ceil(DOCS / 2)} documents`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(shape, async ({ levels, emphasis, width }) => {
        const lines: string[] = [];
        let indent = '';
        levels.forEach((l, i) => {
          lines.push(`${indent}${l}第${i}层`);
          indent += l.startsWith('>') ? l : ' '.repeat(l.length);
        });
        for (let k = 0; k < width; k++) lines.push('', `${'**'.repeat(emphasis % 8)}第${k}段${'**'.repeat(emphasis % 8)}`);
        lines.push('', `${'*'.repeat(emphasis)}深处${'*'.repeat(emphasis)}`);
        await exportAndCount(md(lines.join('\n')), `shape #${n}`, n++ % (PDF_EVERY * 2) === 0);
      }),
      { numRuns: Math.ceil(DOCS / 2), seed: SEED },
    );
    expect(crashes).toEqual([]);
  }, 3_600_000);
});

describe('fuzz: integrity files', () => {
  const mutation = fc.record({
    kind: fc.constantFrom('flip', 'truncate', 'insert', 'delete', 'nest'),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    byte: fc.integer({ min: 0, max: 255 }),
    length: fc.integer({ min: 1, max: 64 }),
    region: fc.integer({ min: 0, max: 3 }),
  });
  type Mutation = { kind: string; at: number; byte: number; length: number; region: number };
  /** Where in the file a mutation lands: regions [start, end) of interest (the whole file first). */
  const mutate = (bytes: Uint8Array, m: Mutation, regions: ReadonlyArray<[number, number]> = []): Buffer => {
    const b = Buffer.from(bytes);
    const [from, to] = regions[m.region - 1] ?? [0, b.length];
    const i = Math.min(b.length - 1, from + Math.floor(m.at * Math.max(0, to - from - 1)));
    switch (m.kind) {
      case 'flip':
        b[i] = b[i]! ^ (m.byte || 1);
        return b;
      case 'truncate':
        return b.subarray(0, i);
      case 'insert':
        return Buffer.concat([b.subarray(0, i), Buffer.alloc(m.length, m.byte), b.subarray(i)]);
      case 'delete':
        return Buffer.concat([b.subarray(0, i), b.subarray(i + m.length)]);
      default:
        return Buffer.concat([b.subarray(0, i), Buffer.alloc(m.length * 1000, 0x5b), b.subarray(i)]); // '[' * n
    }
  };

  it(`mutated PDF/A-3 files through extract-source: ${DOCS * 2} mutations`, async () => {
    const doc = parseSource(md('工会工作面临许多新情况、新问题。'), 'essay.md');
    doc.source = { path: 'essay.md', text: md('工会工作面临许多新情况、新问题。') };
    const pdf = await renderDocument(doc, 'pdf', { pdfa: '3u' });
    expect(extractSource(pdf, 'x.pdf').name).toBe('essay.md');
    // Most mutations of a whole PDF land in page content, which extract-source never reads: aim
    // three quarters of them at the attached stream, the file specification and the trailer.
    const text = Buffer.from(pdf).toString('latin1');
    const streamAt = text.indexOf('stream', text.indexOf('/EmbeddedFile')) + 7;
    const spec = text.lastIndexOf('obj', text.indexOf('/AFRelationship'));
    const regions: Array<[number, number]> = [
      [streamAt, text.indexOf('endstream', streamAt)],
      [spec, text.indexOf('endobj', spec)],
      [text.lastIndexOf('trailer'), text.length],
    ];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        tally.pdfMutations++;
        await guarded(`pdf #${n++} ${JSON.stringify(m)}`, async () => {
          extractSource(mutate(pdf, m, regions), 'x.pdf');
        });
      }),
      { numRuns: DOCS * 2, seed: SEED },
    );
    expect(crashes).toEqual([]);
  }, 3_600_000);

  it(`mutated bundles through verify: ${DOCS * 2} mutations`, async () => {
    const files = [
      { name: 'a.txt', bytes: Buffer.from('工会工作') },
      { name: 'source/a.md', bytes: Buffer.from(md('工会工作')) },
    ];
    const zip = buildBundle('a', files, new Date(Date.UTC(2026, 0, 1)));
    expect(verifyBundle('a.zip', zip).ok).toBe(true);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        tally.bundleMutations++;
        await guarded(`bundle #${n++} ${JSON.stringify(m)}`, async () => {
          const result = verifyBundle('a.zip', mutate(zip, m));
          // A mutated bundle that still verifies has the same files: sums of the originals.
          if (result.ok) for (const f of result.files) expect(f.status).toBe('ok');
        });
      }),
      { numRuns: DOCS * 2, seed: SEED },
    );
    expect(crashes).toEqual([]);
    expect(createHash('sha256').update(zip).digest('hex')).toHaveLength(64);
  }, 3_600_000);
});
