/**
 * Punctuation boxes read back from the PDF (pdf.js) and from the DOCX as LibreOffice sets it:
 * every Chinese mark takes a full-width box whatever its face's advance (LXGW WenKai's “ ” are
 * 0.35 em), with its glyph at the mark's side of the box, in every role (emphasis and quotes in
 * 楷), in both presets, and in a user's own font.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource, renderDocument } from '../src/api.js';
import { isCJK, isClosing, isOpening } from '../src/typeset/index.js';
import { libreOfficeToPdf } from './helpers/docx.js';
import { linesOf, readPdf, type PdfGlyph } from './helpers/pdf.js';
import { expectBoxed, marksBetweenHanzi } from './helpers/typography.js';
import { has } from './helpers/programs.js';

const KAI = resolve('fonts/LXGWWenKai-Regular.ttf');

const source = (fonts = '') => `---
title: 关于工会工作的报告
lang: zh-CN
${fonts}---
全市各级工会坚持*“三个必访”*制度，做到*“职工之家”*名副其实，体现*‘双赢’*与*马·克*精神。

> 做到“三个必访”：职工生病住院必访、家庭发生变故必访、生活遇到困难必访，体现“职工之家”的作用。

## （一）深化“职工之家”建设

正文里的“职工之家”在宋体中本来就是全角的，马·克也是。
`;

const render = async (text: string, preset: string, format: 'pdf' | 'docx') =>
  renderDocument(parseSource(text, join(process.cwd(), 'boxes.md')), format, { preset });

describe('punctuation boxes in the PDF', () => {
  it.each([
    ['handout', 12, 1],
    ['gongwen', 16, 15.793 / 16],
  ])('%s: every mark between hanzi takes a full box, its glyph at its side', async (preset, size, scale) => {
    const pdf = await readPdf(await render(source(), preset, 'pdf'));
    const glyphs = pdf.pages.flatMap((p) => p.glyphs);
    // The 楷 quotes are there, and their face draws them narrow: the box is the layout's.
    const kaiQuote = glyphs.find((g) => g.char === '“' && /WenKai/.test(g.font));
    expect(kaiQuote).toBeDefined();
    expect(kaiQuote!.width).toBeLessThan(0.4 * kaiQuote!.size);
    const marks = marksBetweenHanzi(glyphs, (g) => g.size * scale, scale);
    expect(marks.filter((m) => m.char === '“').length).toBeGreaterThanOrEqual(5);
    expect(marks.some((m) => m.char === '·')).toBe(true);
    expectBoxed(marks, size / 8);
  });

  it('in a user font whose quotes are narrow too', async () => {
    const pdf = await readPdf(await render(source(`fonts:\n  serif: ${KAI}\n`), 'handout', 'pdf'));
    const glyphs = pdf.pages.flatMap((p) => p.glyphs);
    const marks = marksBetweenHanzi(glyphs, (g) => g.size);
    // The body's own quotes now come from the user's face.
    expect(marks.filter((m) => m.char === '”').length).toBeGreaterThanOrEqual(5);
    expectBoxed(marks, 12 / 8);
  });
});

describe.skipIf(!has('soffice'))('punctuation boxes in the DOCX, as LibreOffice sets them', () => {
  it('gives a narrow mark its box as character spacing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-boxes-'));
    const docx = join(dir, 'boxes.docx');
    writeFileSync(docx, await render(source(), 'handout', 'docx'));
    const pdf = await readPdf(libreOfficeToPdf(docx));
    const glyphs = pdf.pages.flatMap((p) => p.glyphs);
    // Word compresses nothing and LibreOffice may justify: a box at least full, glyph at its side.
    const marks = marksBetweenHanzi(glyphs, (g) => g.size).filter((m) => m.span < 3 * m.box);
    expect(marks.filter((m) => m.char === '“').length).toBeGreaterThanOrEqual(5);
    for (const m of marks) {
      const at = `${m.char}: span ${m.span.toFixed(2)}, left ${m.left.toFixed(2)}, right ${m.right.toFixed(2)}`;
      expect(m.span, at).toBeGreaterThanOrEqual(m.box - 0.3);
      if (isOpening(m.char)) expect(m.right, at).toBeLessThan(m.left + 0.3);
      if (isClosing(m.char)) expect(m.left, at).toBeLessThan(m.right + 0.3);
    }
  }, 180_000);
});

describe('—— and …… in the PDF: two full cells, joined, centred, in every role', () => {
  const text = `---
title: 关于工会工作的报告
---
## 一、加强学习——提高能力

要进一步加强学习——不断增强工会工作的能力……个人认为，*作为工会主席——做好工作……才能更好*地促进发展。
`;
  it.each([
    ['handout', 1],
    ['gongwen', 15.793 / 16],
  ])('%s', async (preset, scale) => {
    const pdf = await readPdf(await render(text, preset, 'pdf'));
    const pairs: string[] = [];
    for (const line of linesOf(pdf.pages.flatMap((p) => p.glyphs))) {
      for (let i = 1; i + 2 < line.length; i++) {
        const [p, a, b, n] = [line[i - 1]!, line[i]!, line[i + 1]!, line[i + 2]!];
        if (!/[—…]/.test(a.char) || b.char !== a.char || !isCJK(p.char) || !isCJK(n.char)) continue;
        const cell = a.size * scale;
        // A full-width glyph on the grid advances by the pitch, not by the em pdf.js reports.
        const w = (g: PdfGlyph) => (Math.abs(g.width - g.size) < 0.01 ? g.width * scale : g.width);
        const pEnd = p.x + w(p);
        const at = `${a.font} ${p.char}${a.char}${b.char}${n.char}`;
        // Two cells between the hanzi (plus at most an eighth em of stretch at each of its joints).
        expect(n.x - pEnd, at).toBeGreaterThanOrEqual(2 * cell - 0.05);
        expect(n.x - pEnd, at).toBeLessThanOrEqual(2 * cell + a.size / 4 + 0.05);
        // The two glyphs joined as the face sets them (no gap of their own), and centred between the
        // hanzi (to 0.5 pt: on the grid FandolFang's dashes are drawn at their em, 0.2 pt over the pitch).
        expect(b.x - (a.x + a.width), at).toBeCloseTo(0, 1);
        expect(Math.abs(a.x - pEnd - (n.x - (b.x + b.width))), at).toBeLessThanOrEqual(0.5);
        pairs.push(`${a.char}${a.font}`);
      }
    }
    // Both pairs, in at least the body's face, the heading's and 楷 (emphasis); the rest fall at line edges.
    expect(pairs.some((p) => p.startsWith('—'))).toBe(true);
    expect(pairs.some((p) => p.startsWith('…'))).toBe(true);
    expect(new Set(pairs.map((p) => p.slice(1))).size).toBeGreaterThanOrEqual(preset === 'handout' ? 3 : 2);
  });
});
