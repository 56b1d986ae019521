/**
 * The line rules of issue 18 over text widths from 60 to 210 mm, on the essay and on a mixed
 * Latin/digit report of our own, in both presets, read back from the PDF with pdf.js: no line
 * starts or ends with a mark that may not, no runts, justified lines' edges within 0.5 pt, hanzi
 * never more than a quarter em apart, numbers never parted from their units, every punctuation
 * mark in its box, and a heading never ending in one character.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource, renderDocument, resolvePreset } from '../src/api.js';
import { gridPitch } from '../src/styles/index.js';
import { mm } from '../src/styles/types.js';
import { cannotEndLine, cannotStartLine, isCJK, isClosing, isMiddleDot, isOpening } from '../src/typeset/index.js';
import { linesOf, readPdf, type PdfGlyph } from './helpers/pdf.js';
import { essayPath } from './helpers/seed.js';
import { expectBoxed, marksBetweenHanzi } from './helpers/typography.js';

const MARGIN = 10; // mm, all four
const essayBody = readFileSync(essayPath, 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
const MIXED = `各位委员、同志们：

2025年，全市各级工会坚持*“三个必访”*制度，走访困难职工1 200余户，发放慰问金28.9万元，同比增长12.5%。会员人数达到36.2万人，入会率提高1.2个百分点。1月20日召开的全委会议确定了*“强基础、促发展”*的工作思路，详见 https://www.example.org/report/2025 或来信 office@example.org 。

## 一、主要工作

全年新建职工之家58个，投入资金320万元，按GB/T 9704-2012排版的文件共46份，PDF与DOCX各一份。2026年3月起执行新标准，会费收缴率达到98.6%。

> 做到“三个必访”：职工生病住院必访、家庭发生变故必访、生活遇到困难必访。

### 1. 加强组织建设和规范会费管理工作

Node.js 20与A4纸张、第3季度完成2 000余册的印制，计划于2026年11月23日前全部发放到位。
`;

const source = (body: string, preset: string, widthMm: number) => `---
title: 关于2025年度市总工会工作情况和2026年工作安排的报告
subtitle: ——在市总工会第十五届委员会第三次全体会议上的讲话
preset: ${preset}
page:
  size: ${widthMm + 2 * MARGIN} × 297
  margins: ${MARGIN}
---
${body}`;

/** What a glyph takes: a full-width one the grid's pitch on a grid; a mark its full box whatever its face's width. */
const advance = (g: PdfGlyph, scale: number) =>
  Math.abs(g.width - g.size) < 0.01 || isOpening(g.char) || isClosing(g.char) || isMiddleDot(g.char) ? g.size * scale : g.width;

/** The widths of the runs of Latin letters, digits and ASCII marks on a line. */
function latinWords(line: readonly PdfGlyph[]): number[] {
  const out: number[] = [];
  let start: PdfGlyph | undefined;
  let end = 0;
  for (const g of [...line, undefined]) {
    if (g && /^[!-~]$/.test(g.char)) {
      start ??= g;
      end = g.x + g.width;
    } else if (start) {
      out.push(end - start.x);
      start = undefined;
    }
  }
  return out;
}

const UNIT = /^[年月日万亿千百元个人户名件项余多%]/u;

function sweep(preset: string, widthMm: number, scale: number, pdfBytes: Uint8Array): Promise<string[]> {
  return readPdf(pdfBytes).then((pdf) => {
    const problems: string[] = [];
    const left = mm(MARGIN);
    const right = mm(widthMm + MARGIN);
    const bodySize = preset === 'gongwen' ? 16 : 12;
    const lines = pdf.pages.flatMap((p) => linesOf(p.glyphs.filter((g) => g.y < p.height - mm(MARGIN))));
    lines.forEach((line, i) => {
      const text = line.map((g) => g.char).join('');
      const at = `${widthMm} mm ${preset} line ${i} «${text}»`;
      if (cannotStartLine(line[0]!.char)) problems.push(`${at} starts with ${line[0]!.char}`);
      if (cannotEndLine(line.at(-1)!.char)) problems.push(`${at} ends with ${line.at(-1)!.char}`);
      const next = lines[i + 1];
      const size = line[0]!.size;
      // A continuation line: the same size, at the left edge, one line below.
      const continued = next && Math.abs(next[0]!.size - size) < 0.01 && Math.abs(next[0]!.x - left) < 0.5 && next[0]!.y > line[0]!.y && next[0]!.y - line[0]!.y < 2.2 * size;
      const ragged = /NotoSansSC/.test(line[0]!.font) && preset === 'handout'; // handout headings are set ragged
      if (continued) {
        const nextText = next.map((g) => g.char).join('');
        if (/[0-9.]$/.test(text) && UNIT.test(nextText)) problems.push(`${at} parts a number from its unit «${nextText}»`);
        if (/[0-9][年月]$/.test(text) && /^[0-9]+[月日]/.test(nextText)) problems.push(`${at} splits a date «${nextText}»`);
        if (!ragged && size === bodySize) {
          const last = line.at(-1)!;
          const end = last.x + advance(last, scale);
          // A closing mark at the line end may give up to half its box to the margin.
          const least = cannotStartLine(last.char) ? last.x + advance(last, scale) / 2 : end;
          // A line of nothing but an address may end short (after / . - …) rather than be cut anywhere.
          const addressOnly = !line.some((g) => isCJK(g.char));
          if (!addressOnly && (right < least - 0.5 || right > end + 0.5)) problems.push(`${at} ends at ${end.toFixed(2)}, not ${right.toFixed(2)}`);
          // Where a Latin word of three ems or more stands within two lines (GB/T 9704-2012,
          // Node.js), every way to break may leave a loose line: the breaker keeps them fewest, and
          // the pure tests (test/typeset*.test.ts) check the rule where it must hold.
          const longWord = lines.slice(Math.max(0, i - 2), i + 3).some((l) => latinWords(l).some((w) => w >= 3 * size));
          for (let k = 1; k < line.length && !longWord; k++) {
            const [a, b] = [line[k - 1]!, line[k]!];
            if (!isCJK(a.char) || !isCJK(b.char)) continue;
            const gap = b.x - (a.x + advance(a, scale));
            if (gap > size / 4 + 0.05) problems.push(`${at} opens ${a.char}${b.char} by ${(gap / size).toFixed(2)} em`);
          }
        }
      } else if (i > 0 && lines[i - 1]![0]!.y < line[0]!.y) {
        // A paragraph's (or heading's) last line: not one hanzi alone, unless keeping it would open the line above.
        const hanzi = line.filter((g) => isCJK(g.char) || /[A-Za-z0-9]/.test(g.char));
        if (hanzi.length === 1 && isCJK(hanzi[0]!.char) && lines.length > 1) {
          const above = lines[i - 1]!;
          let cut = above.length - 1;
          while (cut > 0 && !isCJK(above[cut]!.char)) cut--;
          const kept = above.slice(0, cut);
          const natural = kept.reduce((w, g) => w + advance(g, scale), 0);
          const loose = kept.length < 2 || (right - kept[0]!.x - natural) / (kept.length - 1) >= size / 4 - size / 100;
          if (!loose || ragged) problems.push(`${at} is a runt`);
        }
      }
    });
    // Every mark between two hanzi in its box (the body's size, or the grid's pitch).
    try {
      for (const page of pdf.pages) expectBoxed(marksBetweenHanzi(page.glyphs, (g) => g.size * scale, scale), undefined, true);
    } catch (e) {
      problems.push(`${widthMm} mm ${preset}: ${(e as Error).message.split('\n')[0]}`);
    }
    return problems;
  });
}

const WIDTHS = [60, 75, 90, 105, 120, 135, 150, 165, 180, 195, 210];

describe.each(['handout', 'gongwen'])('line rules from 60 to 210 mm, %s', (preset) => {
  it.each([
    ['the essay', essayBody],
    ['a mixed Latin/digit report', MIXED],
  ])('%s', async (_name, body) => {
    const problems: string[] = [];
    for (const w of WIDTHS) {
      const doc = parseSource(source(body, preset, w), join(process.cwd(), 'sweep.md'));
      // On the 公文 grid a full-width character advances by the grid's pitch.
      const scale = gridPitch(resolvePreset(undefined, doc))?.scale ?? 1;
      for (const p of await sweep(preset, w, scale, await renderDocument(doc, 'pdf'))) problems.push(p);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
