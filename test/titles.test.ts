/**
 * Titles and subtitles in every format: a long title breaks between words, in the same places in
 * the PDF (read back with pdf.js) and in the DOCX (explicit line breaks), never inside a word; the
 * `subtitle:` line is printed below the title in PDF, DOCX and TXT.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource, renderDocument } from '../src/api.js';
import { paragraphStyleIds, paragraphTexts, partText, unzipDocx } from './helpers/docx.js';
import { readPdf, type PdfGlyph } from './helpers/pdf.js';

const TITLE = '关于2025年度市总工会工作情况和2026年工作安排的报告';
const SUBTITLE = '——在市总工会第十五届委员会第三次全体会议上的讲话';
const source = `---
title: ${TITLE}
subtitle: ${SUBTITLE}
byline: 市总工会办公室
date: 2026-01-20
---
各位委员、同志们：

2025年，全市各级工会坚持“三个必访”制度。
`;
const doc = () => parseSource(source, join(process.cwd(), 'report.md'));

/** Lines of text of one size, top to bottom. */
function linesOfSize(glyphs: readonly PdfGlyph[], size: number): string[] {
  const byY = new Map<number, PdfGlyph[]>();
  for (const g of glyphs) if (Math.abs(g.size - size) < 0.01) byY.set(Math.round(g.y), [...(byY.get(Math.round(g.y)) ?? []), g]);
  return [...byY.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l.sort((a, b) => a.x - b.x).map((g) => g.char).join('').replace(/\s/g, ''));
}

describe.each(['handout', 'gongwen'])('title and subtitle, %s', (preset) => {
  it('breaks the title between words, the DOCX where the PDF does, the subtitle printed under it', async () => {
    const pdf = await readPdf(await renderDocument(doc(), 'pdf', { preset }));
    const page = pdf.pages[0]!;
    const title = linesOfSize(page.glyphs, 22);
    expect(title.length).toBe(2);
    expect(title.join('')).toBe(TITLE);
    expect(title[1]!.startsWith('和')).toBe(true); // not 工作／情况, nor 工／会
    const sub = linesOfSize(page.glyphs, 16).filter((l) => l.startsWith('——'));
    expect(sub).toEqual([SUBTITLE]);
    // The subtitle is below the title's last line and above the body.
    const y = (text: string) => page.glyphs.find((g) => g.char === text)!.y;
    expect(y('讲')).toBeGreaterThan(y('报'));
    expect(y('讲')).toBeLessThan(y('各'));

    const docx = unzipDocx(await renderDocument(doc(), 'docx', { preset }));
    const xml = partText(docx, 'word/document.xml');
    const ids = paragraphStyleIds(xml);
    const texts = paragraphTexts(xml);
    expect(ids.slice(0, 2)).toEqual(['Title', 'Subtitle']);
    expect(texts[0]!.split('\n')).toEqual(title);
    expect(texts[1]).toBe(SUBTITLE);
    expect(partText(docx, 'word/styles.xml')).toContain('w:styleId="Subtitle"');
  });
});

describe('subtitle in the TXT', () => {
  it('is the line under the title', async () => {
    const txt = new TextDecoder().decode(await renderDocument(doc(), 'txt'));
    expect(txt.split('\n').slice(0, 3)).toEqual([TITLE, SUBTITLE, '']);
  });
});
