/**
 * src/styles/blocks.ts: the one styling path both exporters map from. What a block is, which
 * style and level it takes, its insets, markers, emphasis and strong, the signature block, and
 * the coverage check that runs over everything printed, markers and the date included.
 */
import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/api.js';
import { resolveFaces } from '../src/fonts/index.js';
import { WenshuError, type Diagnostic } from '../src/errors.js';
import { bindFaces, styleBlocks } from '../src/styles/blocks.js';
import { gongwen } from '../src/styles/gongwen.js';
import { handout } from '../src/styles/handout.js';

const sample = [
  '---', 'title: 通知', 'byline: 县总工会', 'date: 2026-01-05', '---',
  '正文*强调*与**加粗*里的强调***。', '', '# 一、总体要求', '', '## （一）目标', '', '### 没有编号', '',
  '> 引文*强调*。', '', '1. 第一项', '   - 子项', '2.', '', '---', '',
].join('\n');

describe('styleBlocks', () => {
  const doc = parseSource(sample, 's.md');

  it('gives every block its kind, level and style; headings by numbering where the preset has rules', () => {
    const hand = styleBlocks(doc, handout);
    expect(hand.map((b) => b.kind)).toEqual(['title', 'paragraph', 'heading', 'heading', 'heading', 'quote', 'listItem', 'listItem', 'listItem', 'rule', 'byline', 'date']);
    expect(hand.filter((b) => b.kind === 'heading').map((b) => b.level)).toEqual([1, 2, 3]);
    const gw = styleBlocks(doc, gongwen);
    // 一、 → 1 (黑体), （一） → 2 (楷体) whatever their Markdown level; no numbering keeps the Markdown level.
    expect(gw.filter((b) => b.kind === 'heading').map((b) => [b.level, b.style.role, b.firstIndent])).toEqual([[1, 'sans', 32], [2, 'kai', 32], [3, 'fang', 32]]);
    // The signature block: byline kept with its date, both kept with the text before them.
    expect(gw.slice(-2).map((b) => [b.kind, b.pieces.map((p) => p.text).join(''), b.keepWithNext, b.keepWithPrevious])).toEqual([
      ['byline', '（县总工会）', true, true],
      ['date', '2026年1月5日', false, true],
    ]);
    expect(gw.at(-1)!.style.spaceBefore).toBe(0);
    // The handout prints the date too, right-aligned under the byline.
    expect(hand.at(-1)!.pieces.map((p) => p.text).join('')).toBe('2026年1月5日');
  });

  it('sets emphasis in 楷 (黑 inside 楷) and strong in the bold face, marking each piece', () => {
    const [, para, , , , quote] = styleBlocks(doc, handout);
    expect(para!.pieces.map((p) => [p.text, p.role, p.bold, p.mark ?? ''])).toEqual([
      ['正文', 'serif', false, ''],
      ['强调', 'kai', false, 'emphasis'],
      ['与', 'serif', false, ''],
      ['加粗', 'serif', true, 'strong'],
      ['里的强调', 'kai', true, 'emphasis'],
      ['。', 'serif', false, ''],
    ]);
    expect(quote!.pieces.find((p) => p.text === '强调')).toMatchObject({ role: 'sans', mark: 'emphasis' });
  });

  it('nests insets and keeps markers, an empty item included', () => {
    const items = styleBlocks(doc, handout).filter((b) => b.kind === 'listItem');
    expect(items.map((b) => [b.marker?.text, b.left, b.pieces.length])).toEqual([['1.', 24, 1], ['○', 48, 1], ['2.', 24, 0]]);
    const quote = styleBlocks(doc, handout).find((b) => b.kind === 'quote')!;
    expect([quote.left, quote.right, quote.firstIndent]).toEqual([24, 24, 24]);
  });
});

describe('bindFaces', () => {
  const faces = resolveFaces();

  it('checks markers too: every bullet comes from the face of its paragraph: no fallback in 仿宋', () => {
    const doc = parseSource('---\ntitle: 列表\n---\n- 一项\n  - 子项\n    - 孙项\n', 'l.md');
    const warnings: Diagnostic[] = [];
    const bound = bindFaces(styleBlocks(doc, gongwen), faces, 'l.md', (d) => warnings.push(d));
    // ● ○ ■ are GB 2312 characters: FandolFang draws all three, and nobody is warned.
    expect(warnings).toEqual([]);
    const markers = bound.filter((b) => b.block.marker).map((b) => b.marker!.map((r) => [r.text, r.face.role]));
    expect(markers).toEqual([[['●', 'fang']], [['○', 'fang']], [['■', 'fang']]]);
  });

  it('fails once for the whole document, with every character no font draws', () => {
    const doc = parseSource('---\ntitle: 缺字😀\n---\n正文עברית。\n', 'm.md');
    const error = (() => {
      try {
        bindFaces(styleBlocks(doc, handout), faces, 'm.md');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(WenshuError);
    expect((error as WenshuError).diagnostics.map((d) => d.message.slice(0, 30))).toHaveLength(6);
  });
});
