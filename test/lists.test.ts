/**
 * A 工作报告 with nested lists: real Word numbering in the DOCX (numbering.xml), as python-docx and
 * LibreOffice see it, markers where the PDF draws them, bullets from the bundled faces, a paragraph
 * after a list set apart, and a hard break that LibreOffice does not spread.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseSource, renderDocument } from '../src/api.js';
import { gridPitch, presets } from '../src/styles/index.js';
import { gongwen } from '../src/styles/gongwen.js';
import type { Diagnostic } from '../src/errors.js';
import { libreOfficeToPdf, partText, unzipDocx } from './helpers/docx.js';
import { linesOf, readPdf } from './helpers/pdf.js';
import { has, PYTHON } from './helpers/programs.js';

const REPORT = `---
title: 2026年度工会工作报告
---
# 一、主要工作

今年以来，我们重点抓了以下工作：

1. 加强组织建设
   - 新建基层工会18个
   - 发展会员1200名
2. 开展职工服务
   - 走访慰问困难职工
     - 春节送温暖
     - 夏季送清凉
3. 推进书屋建设

以上工作取得了明显成效。联系电话：0871-12345678\\
联系人：王老师

5. 第五项从五开始
6. 第六项
`;

const doc = () => parseSource(REPORT, 'report.md');

describe('a 工作报告 with nested lists', () => {
  it('draws bullets ● ○ ■ by level and 1. 2. 3., every marker from a bundled face, none by fallback', async () => {
    const warnings: Diagnostic[] = [];
    for (const preset of ['handout', 'gongwen']) {
      const pdf = await readPdf(await renderDocument(doc(), 'pdf', { preset, onWarning: (d) => warnings.push(d) }));
      const glyphs = pdf.pages.flatMap((p) => p.glyphs);
      const body = preset === 'gongwen' ? 'FandolFang' : 'NotoSerifSC';
      for (const bullet of ['○', '■']) {
        const g = glyphs.find((x) => x.char === bullet)!;
        expect(g.font).toContain(body);
        // Visible at text size: the bullet is set at the item's size.
        expect(g.size).toBe(preset === 'gongwen' ? 16 : 12);
      }
      // The marker ends half a character before its item's text; in 公文 it opens the item's line
      // (lists: inline), the text in the next grid cell.
      const line = linesOf(pdf.pages[0]!.glyphs).find((l) => l.map((g) => g.char).join('').includes('新建基层工会'))!;
      const marker = line.find((g) => g.char === '○')!;
      const text = line.find((g) => g.char === '新')!;
      expect(text.x - marker.x).toBeCloseTo(preset === 'gongwen' ? gridPitch(gongwen)!.char : marker.width + marker.size / 2, 1);
    }
    expect(warnings).toEqual([]);
  });

  it('sets the paragraph after a list apart from the last item', async () => {
    const pdf = await readPdf(await renderDocument(doc(), 'pdf'));
    const lines = linesOf(pdf.pages[0]!.glyphs).map((l) => ({ text: l.map((g) => g.char).join(''), y: l[0]!.y }));
    const last = lines.find((l) => l.text.includes('推进书屋建设'))!;
    const after = lines.find((l) => l.text.includes('以上工作'))!;
    const item = lines.find((l) => l.text.includes('发展会员'))!;
    const next = lines.find((l) => l.text.includes('开展职工服务'))!;
    expect(after.y - last.y).toBeCloseTo(next.y - item.y + presets.handout!.afterList, 1);
  });

  it('writes Word numbering: numbering.xml, numPr per item, each list from its own start', async () => {
    const parts = unzipDocx(await renderDocument(doc(), 'docx'));
    const numbering = partText(parts, 'word/numbering.xml');
    expect(numbering).toMatch(/<w:lvl w:ilvl="1"><w:start w:val="1"\/><w:numFmt w:val="bullet"\/><w:suff w:val="tab"\/><w:lvlText w:val="○"\/><w:lvlJc w:val="right"\/>/);
    expect(numbering).toMatch(/<w:lvl w:ilvl="0"><w:start w:val="1"\/><w:numFmt w:val="decimal"\/><w:suff w:val="tab"\/><w:lvlText w:val="%1."\/>/);
    expect(numbering).toMatch(/<w:num w:numId="\d+"><w:abstractNumId w:val="1"\/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"\/>/);
    expect(partText(parts, '[Content_Types].xml')).toContain('/word/numbering.xml');
    expect(partText(parts, 'word/settings.xml')).toContain('<w:doNotExpandShiftReturn/>');
  });

  it.skipIf(!has('pythonDocx'))('python-docx sees real numbering: numPr on every item, levels by nesting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-lists-'));
    const path = join(dir, 'report.docx');
    writeFileSync(path, await renderDocument(doc(), 'docx'));
    const script = `
import json, sys, docx
d = docx.Document(sys.argv[1])
out = []
for p in d.paragraphs:
    pPr = p._p.pPr
    num = pPr.numPr if pPr is not None else None
    out.append([p.text, None if num is None else [num.ilvl.val, num.numId.val]])
numbering = d.part.numbering_part.element
print(json.dumps({'paragraphs': out, 'nums': len(numbering.num_lst)}, ensure_ascii=False))
`;
    const r = JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8' })) as { paragraphs: Array<[string, [number, number] | null]>; nums: number };
    const levels = Object.fromEntries(r.paragraphs.filter(([, n]) => n).map(([t, n]) => [t, n![0]]));
    expect(levels).toEqual({ 加强组织建设: 0, 新建基层工会18个: 1, 发展会员1200名: 1, 开展职工服务: 0, 走访慰问困难职工: 1, 春节送温暖: 2, 夏季送清凉: 2, 推进书屋建设: 0, 第五项从五开始: 0, 第六项: 0 });
    expect(r.paragraphs.find(([t]) => t.startsWith('以上工作'))![1]).toBeNull();
    expect(r.nums).toBe(5);
  });

  it.skipIf(!has('soffice'))('LibreOffice numbers the items (1. 2. 3., 5. 6.), bullets by level, and does not spread the line before a hard break', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-lists-lo-'));
    const path = join(dir, 'report.docx');
    writeFileSync(path, await renderDocument(doc(), 'docx'));
    const pdf = await readPdf(libreOfficeToPdf(path));
    const lines = linesOf(pdf.pages.flatMap((p) => p.glyphs)).map((l) => l.map((g) => g.char).join('').replace(/\s/g, ''));
    for (const expected of ['1.加强组织建设', '○新建基层工会18个', '2.开展职工服务', '■春节送温暖', '3.推进书屋建设', '5.第五项从五开始', '6.第六项']) {
      expect(lines).toContain(expected);
    }
    // The line before the hard break keeps its natural spacing: its glyphs are no further apart than the next line's.
    const all = linesOf(pdf.pages.flatMap((p) => p.glyphs));
    const before = all.find((l) => l.map((g) => g.char).join('').includes('联系电话'))!;
    const gaps = before.slice(1).map((g, i) => g.x - (before[i]!.x + before[i]!.width));
    expect(Math.max(...gaps)).toBeLessThan(1);
  }, 180_000);
});
