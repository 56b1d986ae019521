/**
 * LibreOffice renders our DOCX on a machine that, as far as its fontconfig knows, has no CJK font:
 * every hanzi in the resulting PDF must come from the fonts embedded in the DOCX. Checked on the
 * PDF's text and glyph positions (pdf.js) and on its font list (pdffonts). Skipped only when
 * LibreOffice is missing outside CI; in CI (.ci/run installs it) these must run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSource, parseSource, renderDocument } from '../src/api.js';
import { faceFor, openFace, resolveFaces } from '../src/fonts/index.js';
import type { Document } from '../src/model/index.js';
import { fidelityKey, inlineText } from '../src/model/text.js';
import { handout } from '../src/styles/handout.js';
import type { StylePreset } from '../src/styles/index.js';
import { chineseFamilies, libreOfficeToPdf, libreOfficeToPdfs, pdfFonts, pdfLines, SOFFICE, writeFontconfig, type PdfLine } from './helpers/docx.js';
import { has } from './helpers/programs.js';
import { essayPath, firstDifference, root, seedKey } from './helpers/seed.js';

const faces = resolveFaces();
const psName = (role: Parameters<typeof faceFor>[1], bold = false) => openFace(faceFor(faces, role, bold)).postscriptName;
const squash = (s: string) => s.replace(/\s+/g, '');
/** Full-width marks that LibreOffice may hang past the right edge (see below). */
const HANGABLE = /[，。、；：！？”’」』）》〉】]$/u;

async function convert(doc: Document, preset: StylePreset, name: string) {
  const dir = mkdtempSync(join(tmpdir(), 'wenshu-docx-lo-'));
  const docx = join(dir, `${name}.docx`);
  writeFileSync(docx, await renderDocument(doc, 'docx', { preset }));
  const pdf = libreOfficeToPdf(docx);
  const pdfPath = join(dir, `${name}.pdf`);
  writeFileSync(pdfPath, pdf);
  return { pdfPath, ...(await pdfLines(pdf)) };
}

describe.skipIf(!has('soffice'))('DOCX rendered by LibreOffice without any CJK font installed', () => {
  let essay: Document;
  let pdfPath: string;
  let lines: PdfLine[];
  let pageWidth: number;
  let pageHeight: number;
  const m = handout.page.margin;
  /** Lines of the document's content: the footer (page numbers) sits below the type area. */
  const content = () => lines.filter((l) => l.y < pageHeight - m.bottom);

  beforeAll(async () => {
    essay = await loadSource(essayPath);
    ({ pdfPath, lines, width: pageWidth, height: pageHeight } = await convert(essay, handout, 'essay'));
  });

  it('runs on a fontconfig that lists no font able to set Chinese', () => {
    expect(chineseFamilies(writeFontconfig(mkdtempSync(join(tmpdir(), 'wenshu-fc-'))))).toBe('');
  });

  it('embeds in the PDF exactly the families embedded in the DOCX, and nothing else (no fallback)', () => {
    const rows = pdfFonts(pdfPath);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.emb && r.uni)).toBe(true);
    const names = new Set(rows.map((r) => r.name.replace(/^[A-Z]{6}\+/, '').replace(/-[A-Z]{6}$/, '')));
    const expected = new Set([handout.title.role, handout.headings[0]!.role, handout.body.role, handout.byline.role, handout.footer.role].map((r) => psName(r)));
    expect([...names].sort()).toEqual([...expected].sort());
  });

  it('extracts to the seed text, NFKC and white space aside', () => {
    // The seed has no date; the handout prints the essay's under the byline.
    const text = content().map((l) => l.text).join('\n');
    // (LibreOffice spaces digits from hanzi: it reads autoSpaceDE and autoSpaceDN as one setting.)
    const date = /2026\s*年\s*11\s*月\s*23\s*日/u;
    expect(text).toMatch(date);
    expect(firstDifference(fidelityKey(text.replace(date, '')), seedKey())).toBe('equal');
  });

  /** The body lines of each paragraph of the essay, in order, found by their text. */
  function paragraphLines(): PdfLine[][] {
    const body = handout.body;
    const paragraphs = essay.blocks.filter((b) => b.type === 'paragraph').map((b) => squash(inlineText(b.children)));
    const bodyLines = content().filter((l) => l.font === psName(body.role) && Math.abs(l.size - body.size) < 0.1);
    const out: PdfLine[][] = [];
    let at = 0;
    for (const text of paragraphs) {
      const i = bodyLines.findIndex((l, k) => k >= at && text.startsWith(squash(l.text)));
      expect(i, `first line of «${text.slice(0, 12)}…»`).toBeGreaterThanOrEqual(0);
      const group = [bodyLines[i]!];
      let consumed = squash(bodyLines[i]!.text).length;
      for (at = i + 1; consumed < text.length && at < bodyLines.length; at++) {
        group.push(bodyLines[at]!);
        consumed += squash(bodyLines[at]!.text).length;
      }
      expect(squash(group.map((l) => l.text).join(''))).toBe(text);
      out.push(group);
    }
    return out;
  }

  it('indents the first line of every body paragraph by 2 characters, continuation lines flush left', () => {
    const indent = handout.body.indentEm! * handout.body.size;
    const groups = paragraphLines();
    expect(groups.length).toBe(essay.blocks.filter((b) => b.type === 'paragraph').length);
    for (const [first, ...rest] of groups) {
      expect(first!.x - m.left, first!.text).toBeCloseTo(indent, 0);
      for (const line of rest) expect(Math.abs(line.x - m.left), line.text).toBeLessThan(0.5);
    }
  });

  it('justifies body lines to the right edge (LibreOffice 7.4 may hang one full-width mark past it)', () => {
    const right = pageWidth - m.right;
    const full = paragraphLines().flatMap((group) => group.slice(0, -1));
    expect(full.length).toBeGreaterThan(30);
    for (const line of full) {
      const hangs = line.right > right + 0.5;
      if (hangs) expect(HANGABLE.test(line.text) && line.right - right < handout.body.size + 0.5, line.text).toBe(true);
      else expect(right - line.right, line.text).toBeLessThan(2);
    }
  });

  it('sets the title in the title font, headings in the heading font, the byline right-aligned in its font', () => {
    const titleLines = content().filter((l) => Math.abs(l.size - handout.title.size) < 0.1);
    expect(squash(titleLines.map((l) => l.text).join(''))).toBe(squash(essay.meta.title));
    expect(titleLines.every((l) => l.fonts.join() === psName(handout.title.role))).toBe(true);
    const headings = essay.blocks.filter((b) => b.type === 'heading').map((b) => inlineText(b.children));
    for (const h of headings) {
      const line = content().find((l) => squash(l.text) === squash(h));
      expect(line, h).toBeDefined();
      expect(line!.fonts).toEqual([psName(handout.headings[0]!.role)]);
      expect(line!.size).toBeCloseTo(handout.headings[0]!.size, 1);
      expect(Math.abs(line!.x - m.left)).toBeLessThan(0.5);
    }
    const [byline, date] = content().slice(-2) as [PdfLine, PdfLine];
    expect(byline.text).toBe('（作者系中共马关县委副书记）');
    // The date right-aligned under it, as the PDF sets it.
    expect(squash(date.text)).toBe('2026年11月23日');
    expect(Math.abs(date.right - byline.right)).toBeLessThan(1);
    expect(byline.fonts).toEqual([psName(handout.byline.role)]);
    expect(Math.abs(pageWidth - m.right - (handout.byline.rightEm ?? 0) * handout.byline.size - byline.right)).toBeLessThan(1);
  });

  it('numbers the pages in the footer, centred, in the footer font', () => {
    const footers = lines.filter((l) => l.y > pageHeight - m.bottom);
    const pages = Math.max(...lines.map((l) => l.page));
    expect(footers.map((l) => l.text)).toEqual(Array.from({ length: pages }, (_, i) => String(i + 1)));
    for (const f of footers) {
      expect(Math.abs((f.x + f.right) / 2 - pageWidth / 2)).toBeLessThan(1);
      expect(f.fonts).toEqual([psName(handout.footer.role)]);
      // Baseline belowTypeArea under the type area, as the preset says (within 2 pt).
      expect(Math.abs(f.y - (pageHeight - m.bottom + handout.footer.belowTypeArea))).toBeLessThan(2);
    }
  });

  it('draws with the embedded CFF (PostScript-flavoured) FandolFang subset when the body is 仿宋', async () => {
    const doc = parseSource('---\ntitle: 仿宋\n---\n正文用仿宋排印，数字123。\n\n第二段**加粗**。\n');
    const preset: StylePreset = { ...handout, body: { ...handout.body, role: 'fang' } };
    const r = await convert(doc, preset, 'fang');
    const fang = psName('fang');
    expect(pdfFonts(r.pdfPath).some((row) => row.name.endsWith(`+${fang}`) && row.emb)).toBe(true);
    const body = r.lines.filter((l) => l.font === fang);
    expect(squash(body.map((l) => l.text).join(''))).toBe('正文用仿宋排印，数字123。第二段加粗。');
    expect(r.lines.find((l) => l.text.startsWith('第二段'))!.fonts).toContain(psName('fang', true)); // Noto Sans SC Bold stand-in
  });
});

describe.skipIf(!has('soffice') || !has('pdftoppm'))('two DOCX files opened in one LibreOffice session', () => {
  /** Page 1 of a PDF as LibreOffice drew it: grey pixels at 30 dpi. */
  const pixels = (pdf: Uint8Array, dir: string, name: string): Buffer => {
    const path = join(dir, `${name}.pdf`);
    writeFileSync(path, pdf);
    return execFileSync('pdftoppm', ['-r', '30', '-gray', '-f', '1', '-l', '1', path]);
  };

  it('each draws with its own subsets: the second looks as it does opened alone', async () => {
    // Same families (宋 body, 黑 title), different characters: before, the second file was drawn
    // with the first one's subsets, a missing-glyph box for every character the first lacked.
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-docx-session-'));
    const first = join(dir, 'first.docx');
    const second = join(dir, 'second.docx');
    writeFileSync(first, await renderDocument(parseSource('---\ntitle: 天地玄黄\n---\n宇宙洪荒，日月盈昃。\n'), 'docx', { preset: handout }));
    writeFileSync(second, await renderDocument(parseSource('---\ntitle: 寒来暑往\n---\n秋收冬藏，闰余成岁，律吕调阳。\n'), 'docx', { preset: handout }));
    const alone = pixels(libreOfficeToPdf(second), dir, 'alone');
    const [, after] = libreOfficeToPdfs([first, second]);
    const together = pixels(after!, dir, 'together');
    expect(together.length).toBe(alone.length);
    expect(together.equals(alone)).toBe(true);
  });
});
