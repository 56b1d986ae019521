/**
 * No silent loss: deep and wide structures export with every character of their text in every
 * format, or are refused with a position, never cut short. And nothing input-sized is spread
 * into a call or recursed on: such code overflows the stack on a large document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource, renderDocument } from '../src/api.js';
import { WenshuError } from '../src/errors.js';
import { lintSource } from '../src/lint/index.js';
import { MAX_DEPTH } from '../src/readers/markdown.js';
import { readBack, solid } from './helpers/readback.js';
import { root } from './helpers/seed.js';

const md = (body: string) => `---\ntitle: 测试\n---\n${body}\n`;
const FORMATS = ['pdf', 'docx', 'txt'];

/** Each marker (a piece of text the source holds once) is in every format's text. */
async function expectAllText(source: string, markers: readonly string[], formats = FORMATS): Promise<void> {
  const doc = parseSource(source, 'shape.md');
  for (const format of formats) {
    const text = solid(await readBack(format, await renderDocument(doc, format)));
    const lost = markers.filter((m) => !text.includes(solid(m)));
    expect(lost.slice(0, 5), `${format}: ${lost.length} of ${markers.length} pieces of text lost`).toEqual([]);
  }
}

function refusal(source: string): string[] {
  try {
    parseSource(source, 'deep.md');
  } catch (error) {
    expect(error).toBeInstanceOf(WenshuError);
    return (error as WenshuError).diagnostics.map((d) => `${d.line}:${d.column} ${d.message} [${d.code}]`);
  }
  throw new Error('a source nested too deep was accepted');
}

const levels = (n: number) => Array.from({ length: n }, (_, i) => `第${i + 1}层`);

describe(`structures nested up to ${MAX_DEPTH} deep keep all their text`, () => {
  it(`a paragraph inside ${MAX_DEPTH} block quotes`, async () => {
    await expectAllText(md(`${'> '.repeat(MAX_DEPTH)}深处的段落。`), ['深处的段落。']);
  });

  it(`block quotes opened one per line, ${MAX_DEPTH} deep, each with its own text`, async () => {
    const body = levels(MAX_DEPTH).map((t, i) => `${'>'.repeat(i + 1)} ${t}。`).join('\n');
    await expectAllText(md(body), levels(MAX_DEPTH));
  });

  it(`bullet and ordered lists nested ${MAX_DEPTH} deep`, async () => {
    const bullets = levels(MAX_DEPTH).map((t, i) => `${'  '.repeat(i)}- ${t}`).join('\n');
    await expectAllText(md(bullets), levels(MAX_DEPTH));
    const ordered = levels(MAX_DEPTH).map((t, i) => `${'   '.repeat(i)}1. ${t}`).join('\n');
    await expectAllText(md(ordered), levels(MAX_DEPTH));
  });

  it(`lists and quotes in turn, ${MAX_DEPTH} deep`, async () => {
    let prefix = '';
    const lines: string[] = [];
    levels(MAX_DEPTH).forEach((t, i) => {
      lines.push(`${prefix}${i % 2 ? '> ' : '- '}${t}`);
      prefix += i % 2 ? '> ' : '  ';
    });
    await expectAllText(md(lines.join('\n')), levels(MAX_DEPTH));
  });

  it(`emphasis nested ${MAX_DEPTH} deep`, async () => {
    await expectAllText(md(`${'**'.repeat(MAX_DEPTH)}工会${'**'.repeat(MAX_DEPTH)}工作。`), ['工会工作。']);
  });
});

describe(`deeper than ${MAX_DEPTH} is refused with the position of the first level too many`, () => {
  const deeper = MAX_DEPTH + 1;

  it('block quotes', () => {
    expect(refusal(md(`${'> '.repeat(deeper)}深处的段落。`))).toEqual([`4:${2 * MAX_DEPTH + 1} block quotes and lists nested more than ${MAX_DEPTH} deep are not supported [too-deep]`]);
    expect(refusal(md(`${'> '.repeat(5 * deeper)}深处的段落。`))).toEqual([`4:${2 * MAX_DEPTH + 1} block quotes and lists nested more than ${MAX_DEPTH} deep are not supported [too-deep]`]);
  });

  it('lists', () => {
    const body = levels(deeper).map((t, i) => `${'  '.repeat(i)}- ${t}`).join('\n');
    expect(refusal(md(body))).toEqual([`${3 + deeper}:${2 * MAX_DEPTH + 1} block quotes and lists nested more than ${MAX_DEPTH} deep are not supported [too-deep]`]);
  });

  it('emphasis', () => {
    expect(refusal(md(`${'**'.repeat(deeper)}工会${'**'.repeat(deeper)}`))).toEqual([`4:${2 * MAX_DEPTH + 1} emphasis nested more than ${MAX_DEPTH} deep is not supported [too-deep]`]);
  });
});

describe('wide structures keep all their text and do not overflow the stack', () => {
  it('300,000 paragraphs (DOCX and TXT)', async () => {
    const paragraphs = Array.from({ length: 300_000 }, (_, i) => `段${i}。`);
    const doc = parseSource(md(paragraphs.join('\n\n')), 'wide.md');
    const want = solid(paragraphs.join(''));
    for (const format of ['docx', 'txt']) {
      expect(solid(await readBack(format, await renderDocument(doc, format))).endsWith(want), format).toBe(true);
    }
  }, 120_000);

  it('a paragraph of 200,000 lines (one text node per source line)', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `行${i}`);
    const doc = parseSource(md(lines.join('\n')), 'lines.md');
    expect(solid(await readBack('txt', await renderDocument(doc, 'txt'))).endsWith(solid(lines.join('')))).toBe(true);
  }, 60_000);

  it('an emphasis of 200,000 lines and a paragraph of 150,000 runs (DOCX)', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `行${i}`);
    const emphasis = parseSource(md(`*${lines.join('\n')}*`), 'em.md');
    expect(solid(await readBack('docx', await renderDocument(emphasis, 'docx'))).endsWith(solid(lines.join('')))).toBe(true);
    const runs = Array.from({ length: 75_000 }, (_, i) => `*${i}*工`).join('');
    const doc = parseSource(md(runs), 'runs.md');
    expect(solid(await readBack('docx', await renderDocument(doc, 'docx'))).endsWith(runs.replace(/\*/g, ''))).toBe(true);
  }, 60_000);

  it('lint reads a 300,000-character paragraph', () => {
    const source = md('Word '.repeat(60_000));
    expect(lintSource(source, 'long.md', source.indexOf('\n---\n') + 5)).toEqual([]);
  });
});

describe('no input-sized array is spread into a call', () => {
  // A spread passes every element as an argument on the stack: some 100,000 overflow it. Loops
  // (or reduce, or join) instead. This finds the usual suspects in the source.
  const SPREAD_CALL = /\b(?:push|unshift|splice|max|min|fromCodePoint|fromCharCode|concat)\(\s*(?:[^(){}]*,\s*)?\.\.\./;

  function* sources(dir: string): Generator<string> {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) yield* sources(path);
      else if (entry.name.endsWith('.ts')) yield path;
    }
  }

  it('in src/', () => {
    const found: string[] = [];
    for (const file of sources(join(root, 'src'))) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (SPREAD_CALL.test(line)) found.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});
