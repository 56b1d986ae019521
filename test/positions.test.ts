import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/api.js';
import { findMissingGlyphs, fontChain, resolveFaces } from '../src/fonts/index.js';
import type { Document, Inline, Text } from '../src/model/index.js';
import { inlineText, textRuns } from '../src/model/text.js';
import { joinSoftBreaks } from '../src/readers/markdown.js';
import { LineIndex } from '../src/readers/positions.js';
import { errorOf } from './helpers/errors.js';

const md = (body: string) => `---\ntitle: t\n---\n${body}\n`;

/** `line:column character` of every character no body font draws, as the exporters report them. */
function missing(body: string): string[] {
  const faces = resolveFaces();
  const doc = parseSource(md(body), 'a.md');
  const items = [...textRuns(doc)].map((r) => ({ text: r.text, span: r.span, faces: fontChain(faces, 'serif') }));
  return findMissingGlyphs(items, 'a.md').map((d) => `${d.line}:${d.column} ${/「(.+?)」/u.exec(d.message)?.[1]}`);
}

function texts(inlines: readonly Inline[]): Text[] {
  return inlines.flatMap((n) => (n.type === 'text' ? [n] : 'children' in n ? texts(n.children) : []));
}

function paragraphs(doc: Document): Inline[][] {
  const out: Inline[][] = [];
  const walk = (blocks: Document['blocks']) => {
    for (const b of blocks) {
      if (b.type === 'paragraph' || b.type === 'heading') out.push(b.children);
      else if (b.type === 'blockquote') walk(b.children);
      else if (b.type === 'list') for (const item of b.items) walk(item.children);
    }
  };
  walk(doc.blocks);
  return out;
}

describe('LineIndex', () => {
  it('counts code points, and agrees with counting them afresh whatever order offsets come in', () => {
    const text = '甲😀\n𠀾a😀b\ud800c\udc00\n\n末😀';
    const lines = new LineIndex(text);
    const fresh = (offset: number) => {
      const start = text.lastIndexOf('\n', offset - 1) + 1;
      return { line: text.slice(0, start).split('\n').length, column: [...text.slice(start, offset)].length + 1, offset };
    };
    const offsets = [...Array(text.length + 1).keys()];
    for (const order of [offsets, [...offsets].reverse(), offsets.map((_, i) => (i * 7) % offsets.length)]) {
      for (const o of order) expect(lines.point(o), `offset ${o}`).toEqual(fresh(o));
    }
    expect(lines.point(text.indexOf('b'))).toMatchObject({ line: 2, column: 4 });
  });
});

describe('positions after soft line breaks', () => {
  it('puts a character on the next line at its own line and column (the reviewer’s case)', () => {
    expect(missing('第一行文字\n第二行𠀾。')).toEqual(['5:4 𠀾']);
  });

  it('counts astral characters as one column each, before and after a soft break', () => {
    expect(missing('😀第一行𠀾\n  第二行\u{F0000}文字\n第三行😀𠀾\u{F0001}。')).toEqual(['4:1 😀', '4:5 𠀾', '5:6 \u{F0000}', '6:6 \u{F0001}']);
  });

  it('finds continuation lines inside quotes and lists, after emphasis, between Latin words', () => {
    expect(missing('> 引文第一行\n>  第二行😀')).toEqual(['5:7 😀']);
    expect(missing('- 列表项\n  续行😀\n\n  > 甲\n  > 乙\u{F0000}')).toEqual(['5:5 😀', '8:6 \u{F0000}']);
    expect(missing('*强调*\n下一行😀')).toEqual(['5:4 😀']);
    expect(missing('*emphasis*\nnext 😀')).toEqual(['5:6 😀']);
    expect(missing('GB/T\n9704 😀')).toEqual(['5:6 😀']);
  });

  it('takes a > that begins a continuation line as text, not as a quote marker', () => {
    expect(missing('段落第一行\n    > 𰻞在这里')).toEqual(['5:7 𰻞']);
    expect(missing('中文\n\t>>𰻞')).toEqual(['5:4 𰻞']);
  });

  it('locates a line whose text differs from the source by escapes and references', () => {
    expect(missing('甲&amp;\n\\*乙😀')).toEqual(['5:4 😀']);
    expect(missing('甲&#10;乙😀\n丙\u{F0000}')).toEqual(['4:8 😀', '5:2 \u{F0000}']);
    // A reference at the start of the line: the line is still right.
    expect(missing('甲\n&#x4e59;😀')[0]).toMatch(/^5:\d+ 😀$/);
  });

  it('keeps one text node per source line, each starting where its text starts in the source', () => {
    const source = md('段落*强调*和**加粗**，\n换行\\\n硬换行。\n\n> 甲\n>  乙\n丙\n\n- 一\n  二 three\n  four\n\nGB/T\n9704 标准');
    const doc = parseSource(source);
    const lines = new LineIndex(source);
    for (const node of paragraphs(doc).flatMap(texts)) {
      const { offset, line, column } = node.span!.start;
      expect(source.slice(offset).startsWith(node.value.trimEnd()), JSON.stringify(node.value)).toBe(true);
      expect({ line, column }).toEqual({ line: lines.point(offset).line, column: lines.point(offset).column });
    }
    expect(texts(paragraphs(doc)[0]!).map((t) => t.value)).toEqual(['段落', '强调', '和', '加粗', '，', '换行', '硬换行。']);
  });

  it('prints the same text as joining the soft breaks of the whole paragraph', () => {
    const bodies = [
      '第一行文字\n第二行文字。',
      'GB/T\n9704 标准',
      'one\n  two\t\nthree',
      '*强调*\n下一行',
      '*emphasis*\nnext',
      '甲 *乙*\n丙',
      '前\n*中*\n后',
      'a\n*b*\nc',
      '甲&amp;\n\\*乙',
      '甲&#10;乙\n丙',
      '“引号\nabc”',
      '> 甲\n> b\nc',
    ];
    for (const body of bodies) {
      const tree = parseSource(md(body));
      // Without emphasis, the old reader's text was joinSoftBreaks of the whole paragraph.
      const plain = body.replace(/\*/g, '').replace('\\', '').replace('&amp;', '&').replace('&#10;', '\n').replace(/^> /gm, '');
      const expected = body.includes('*') ? undefined : joinSoftBreaks(plain).trim();
      const got = paragraphs(tree).map(inlineText).join('');
      if (expected !== undefined) expect(got, body).toBe(expected);
    }
    expect(paragraphs(parseSource(md('*emphasis*\nnext'))).map(inlineText)).toEqual(['emphasis next']);
    expect(paragraphs(parseSource(md('*强调*\n下一行'))).map(inlineText)).toEqual(['强调下一行']);
    expect(paragraphs(parseSource(md('a\n*b*\nc'))).map(inlineText)).toEqual(['a b c']);
    expect(paragraphs(parseSource(md('前\n*中*\n后'))).map(inlineText)).toEqual(['前中后']);
  });
});

describe('columns count code points in every error', () => {
  it('unsupported Markdown after emoji and CJK Extension B', () => {
    const e = errorOf(() => parseSource(md('😀𠀾<b>粗</b>'), 'a.md'));
    expect(e.diagnostics[0]).toMatchObject({ line: 4, column: 3, code: 'unsupported' });
    expect(e.message).toMatch(/^a\.md:4:3: raw HTML is not supported/);
    const link = errorOf(() => parseSource(md('甲\n😀😀[链接](#无此标题)'), 'a.md'));
    expect(link.diagnostics[0]).toMatchObject({ line: 5, column: 3, code: 'link' });
    const image = errorOf(() => parseSource(md('甲\n😀𠀾![图](https://example.org/a.png)'), 'a.md'));
    expect(image.diagnostics[0]).toMatchObject({ line: 5, column: 3, code: 'image' });
  });

  it('a bad character after emoji and CJK Extension B', () => {
    const e = errorOf(() => parseSource(md('😀𠀾\u0001\n\n𠀾𠀾𠀾\uFFFE'), 'a.md'));
    expect(e.diagnostics.map((d) => [d.line, d.column])).toEqual([
      [4, 3],
      [6, 4],
    ]);
  });

  it('a missing glyph after a soft break, with astral characters before it on its line', () => {
    expect(missing('正文第一行\n😀𠀾，缺\u{F0000}字。')).toEqual(['5:1 😀', '5:2 𠀾', '5:5 \u{F0000}']);
  });
});
