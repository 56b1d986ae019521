/**
 * Handout details of issue 18, read back: `date:` printed right-aligned under the byline, every
 * heading level in a style of its own (levels 3 and 4 were the same), and the space typed after a
 * heading's number (### 1. 加强领导) not kept, in PDF, DOCX and TXT.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource, renderDocument } from '../src/api.js';
import { attr, paragraphStyleIds, paragraphTexts, partText, styleXml, unzipDocx } from './helpers/docx.js';
import { readPdf, type PdfGlyph } from './helpers/pdf.js';

const source = `---
title: 标题层级
byline: 市总工会办公室
date: 2026-01-20
---
正文。

# 一、第一级

## （一） 第二级

### 1. 第三级

#### （1） 第四级

##### 第五级

###### 第六级

正文。
`;
const doc = () => parseSource(source, join(process.cwd(), 'heads.md'));
const HEADINGS = ['一、第一级', '（一）第二级', '1.第三级', '（1）第四级', '第五级', '第六级'];

/** Lines of a page by baseline, with their glyphs. */
function lines(glyphs: readonly PdfGlyph[]): Array<{ text: string; glyphs: PdfGlyph[] }> {
  const byY = new Map<number, PdfGlyph[]>();
  for (const g of glyphs) byY.set(Math.round(g.y * 10), [...(byY.get(Math.round(g.y * 10)) ?? []), g]);
  return [...byY.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => ({ text: l.map((g) => g.char).join('').replace(/\s/g, ''), glyphs: l }));
}

/**
 * Each heading level visibly apart from the one above it: another face (or weight), or in the same
 * face a 字号 smaller at least (四号 14 pt → 小四 12 pt; 13 after 14 pt is a step no reader sees).
 */
function expectVisibleSteps(look: ReadonlyArray<{ font: string; size: number }>): void {
  for (let i = 1; i < look.length; i++) {
    const [above, below] = [look[i - 1]!, look[i]!];
    if (above.font === below.font) expect(above.size - below.size, `levels ${i} and ${i + 1}: ${above.font}`).toBeGreaterThanOrEqual(1.5);
  }
}

describe.each(['handout', 'handout-a5'])('%s', (preset) => {
  it('sets each heading level in a style of its own, without the space after its number', async () => {
    const pdf = await readPdf(await renderDocument(doc(), 'pdf', { preset }));
    const all = lines(pdf.pages.flatMap((p) => p.glyphs));
    const look = HEADINGS.map((h) => {
      const line = all.find((l) => l.text === h);
      expect(line, h).toBeDefined();
      const g = line!.glyphs.find((x) => /\p{Script=Han}/u.test(x.char))!;
      return { font: g.font, size: g.size };
    });
    expect(new Set(look.map((l) => `${l.font} ${l.size}`)).size).toBe(HEADINGS.length);
    expectVisibleSteps(look);
    // No gap wider than the line's own spacing after the number: the space is gone.
    const third = all.find((l) => l.text === '1.第三级')!.glyphs;
    const dot = third.findIndex((g) => g.char === '.');
    expect(third[dot + 1]!.x - (third[dot]!.x + third[dot]!.width)).toBeLessThan(0.5);
  });

  it('prints the date right-aligned under the byline', async () => {
    const pdf = await readPdf(await renderDocument(doc(), 'pdf', { preset }));
    const page = pdf.pages.at(-1)!;
    const all = lines(page.glyphs);
    const byline = all.find((l) => l.text === '（市总工会办公室）')!;
    const date = all.find((l) => l.text === '2026年1月20日');
    expect(date).toBeDefined();
    expect(date!.glyphs[0]!.y).toBeGreaterThan(byline.glyphs[0]!.y);
    const end = (l: { glyphs: PdfGlyph[] }) => Math.max(...l.glyphs.map((g) => g.x + g.width));
    expect(Math.abs(end(date!) - end(byline))).toBeLessThan(0.5);
  });
});

describe('handout DOCX and TXT', () => {
  it('have the date paragraph and headings without the typed space', async () => {
    const docx = unzipDocx(await renderDocument(doc(), 'docx', { preset: 'handout' }));
    const xml = partText(docx, 'word/document.xml');
    const texts = paragraphTexts(xml);
    const ids = paragraphStyleIds(xml);
    expect(texts.slice(-2)).toEqual(['（市总工会办公室）', '2026年1月20日']);
    expect(ids.at(-1)).toBe('Date');
    for (const h of HEADINGS) expect(texts).toContain(h);
    // Six heading styles, no two alike in font, weight and size.
    const styles = partText(docx, 'word/styles.xml');
    const looks = [1, 2, 3, 4, 5, 6].map((n) => styleXml(styles, `Heading${n}`).replace(/<w:(name|outlineLvl|spacing|pStyle|next|basedOn)\b[^>]*>/g, '').match(/<w:rPr>[\s\S]*<\/w:rPr>/)![0]);
    expect(new Set(looks).size).toBe(6);
    // The same steps as the PDF's: face (w:rFonts w:eastAsia) and weight, size in half points.
    expectVisibleSteps(looks.map((rPr) => ({ font: `${attr(rPr, 'w:rFonts', 'w:eastAsia')}${/<w:b\/>|<w:b w:val="(1|true)"/.test(rPr) ? ' bold' : ''}`, size: Number(attr(rPr, 'w:sz', 'w:val')) / 2 })));
    const txt = new TextDecoder().decode(await renderDocument(doc(), 'txt'));
    for (const h of HEADINGS) expect(txt.split('\n')).toContain(h);
  });
});
