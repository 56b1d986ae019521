/**
 * Reading our PDFs back with pdf.js, a real PDF reader: the text as a viewer extracts it, and
 * every glyph's position, size and font, computed by replaying pdf.js's operator list (text
 * matrix, CTM, TJ adjustments). Tests check typography on these positions, not on our own
 * layout data, so a drawing bug cannot hide behind a correct line breaker.
 */
import { createRequire } from 'node:module';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

const require = createRequire(import.meta.url);
const standardFontDataUrl = require.resolve('pdfjs-dist/package.json').replace(/package\.json$/, 'standard_fonts/');

export interface PdfGlyph {
  char: string;
  /** Left of the glyph origin and its advance, in points from the page's left edge. */
  x: number;
  width: number;
  /** Baseline, in points from the top of the page. */
  y: number;
  size: number;
  font: string;
  /** Fill colour as pdf.js reports it (#rrggbb). */
  color: string;
}

/** A straight stroked line (a rule), in points from the page's top left; its width and colour. */
export interface PdfRule {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  color: string;
}

/** An image drawn on the page: its box in points from the page's top left. */
export interface PdfImageBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PdfPage {
  width: number;
  height: number;
  glyphs: PdfGlyph[];
  /** Text as a viewer extracts it (getTextContent), items joined, artifacts left out. */
  text: string;
  /** Text of artifacts (page numbers): not part of the document's content. */
  artifacts: string;
  /** Structure roles of the page's structure tree, in reading order. */
  roles: string[];
  /** Stroked straight lines and drawn images, from the operator list. */
  rules: PdfRule[];
  images: PdfImageBox[];
}

export interface ReadPdf {
  pages: PdfPage[];
  info: Record<string, unknown>;
  outline: Array<{ title: string; items: Array<{ title: string }>; page?: number; top?: number }>;
  markInfo: unknown;
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const task = getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, useSystemFonts: false, isEvalSupported: false, verbosity: 0 });
  const pdf = await task.promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent({ includeMarkedContent: true });
    let text = '';
    let artifacts = '';
    const marked: string[] = [];
    for (const item of content.items) {
      if ('type' in item) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') marked.push((item as { tag?: string }).tag ?? '');
        else if (item.type === 'endMarkedContent') marked.pop();
        continue;
      }
      const str = item.str + (item.hasEOL ? '\n' : '');
      if (marked.includes('Artifact')) artifacts += str;
      else text += str;
    }
    const roles: string[] = [];
    const walk = (node: { role?: string; children?: unknown[] } | null) => {
      if (!node) return;
      if (node.role && node.role !== 'Root') roles.push(node.role);
      for (const c of node.children ?? []) walk(c as { role?: string; children?: unknown[] });
    };
    walk((await page.getStructTree()) as { role?: string; children?: unknown[] } | null);
    const ops = await page.getOperatorList();
    const glyphs: PdfGlyph[] = [];
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const stack: Matrix[] = [];
    let tm: Matrix = [1, 0, 0, 1, 0, 0];
    let size = 0;
    let font = '';
    let charSpacing = 0;
    let wordSpacing = 0;
    let tx = 0;
    let leading = 0;
    let fill = '#000000';
    let stroke = '#000000';
    let lineWidth = 1;
    const graphics: Array<{ fill: string; stroke: string; lineWidth: number }> = [];
    const rules: PdfRule[] = [];
    const images: PdfImageBox[] = [];
    const toPage = (x: number, y: number) => ({ x: ctm[0] * x + ctm[2] * y + ctm[4], y: height - (ctm[1] * x + ctm[3] * y + ctm[5]) });
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i];
      const args = ops.argsArray[i] as unknown[];
      switch (fn) {
        case OPS.save:
          stack.push(ctm);
          graphics.push({ fill, stroke, lineWidth });
          break;
        case OPS.restore:
          ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
          ({ fill, stroke, lineWidth } = graphics.pop() ?? { fill: '#000000', stroke: '#000000', lineWidth: 1 });
          break;
        case OPS.transform:
          ctm = multiply(matrixArg(args), ctm);
          break;
        // A form XObject (an imposed page): drawn under its own matrix, then the state is restored.
        case OPS.paintFormXObjectBegin:
          stack.push(ctm);
          ctm = multiply(matrixArg(args), ctm);
          break;
        case OPS.paintFormXObjectEnd:
          ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
          break;
        case OPS.beginText:
          tm = [1, 0, 0, 1, 0, 0];
          tx = 0;
          break;
        case OPS.setTextMatrix:
          tm = matrixArg(args);
          tx = 0;
          break;
        // Td, TD, T*: a move from the start of the current line (LibreOffice positions every line this way).
        case OPS.moveText:
        case OPS.setLeadingMoveText:
        case OPS.nextLine: {
          const [mx, my] = fn === OPS.nextLine ? [0, -leading] : (args as number[]);
          if (fn === OPS.setLeadingMoveText) leading = -my!;
          tm = [tm[0], tm[1], tm[2], tm[3], mx! * tm[0] + my! * tm[2] + tm[4], mx! * tm[1] + my! * tm[3] + tm[5]];
          tx = 0;
          break;
        }
        case OPS.setLeading:
          leading = args[0] as number;
          break;
        case OPS.setFillRGBColor:
          fill = String(args[0]);
          break;
        case OPS.setStrokeRGBColor:
          stroke = String(args[0]);
          break;
        case OPS.setLineWidth:
          lineWidth = args[0] as number;
          break;
        case OPS.constructPath: {
          // pdf.js 5: [closing op, [path data: 0 moveTo x y, 1 lineTo x y, …], bounds]; a stroked moveTo + lineTo is a rule.
          const [op, [data]] = args as [number, [ArrayLike<number>]];
          const d = Array.from(data ?? []);
          if (op === OPS.stroke && d.length === 6 && d[0] === 0 && d[3] === 1) {
            const a = toPage(d[1]!, d[2]!);
            const b = toPage(d[4]!, d[5]!);
            const scale = Math.hypot(ctm[0], ctm[1]);
            rules.push({ x1: a.x, y1: a.y, x2: b.x, y2: b.y, width: lineWidth * scale, color: stroke });
          }
          break;
        }
        case OPS.paintImageXObject: {
          // The unit square under the CTM.
          const a = toPage(0, 0);
          const b = toPage(1, 1);
          images.push({ left: Math.min(a.x, b.x), top: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) });
          break;
        }
        case OPS.setCharSpacing:
          charSpacing = args[0] as number;
          break;
        case OPS.setWordSpacing:
          wordSpacing = args[0] as number;
          break;
        case OPS.setFont: {
          size = args[1] as number;
          const obj = page.commonObjs.has(args[0] as string) ? (page.commonObjs.get(args[0] as string) as { name?: string }) : undefined;
          // Without the subset prefix (ABCDEF+), and in a PDF LibreOffice made of our DOCX, without
          // the tag of its subsets (-QWERTY): the face's own PostScript name.
          font = (obj?.name ?? String(args[0])).replace(/^[A-Z]{6}\+/, '').replace(/-[A-Z]{6}$/, '');
          break;
        }
        case OPS.showText: {
          const m = multiply(tm, ctm);
          const scale = Math.hypot(m[0], m[1]);
          for (const g of args[0] as Array<number | { unicode: string; width: number; isSpace?: boolean }>) {
            if (typeof g === 'number') {
              tx -= (g * size) / 1000;
              continue;
            }
            const w = (g.width * size) / 1000;
            const x = m[0] * tx + m[4];
            const yUser = m[1] * tx + m[5];
            glyphs.push({ char: g.unicode, x, width: w * scale, y: height - yUser, size: size * scale, font, color: fill });
            tx += w + charSpacing + (g.isSpace ? wordSpacing : 0);
          }
          break;
        }
      }
    }
    pages.push({ width, height, glyphs, text, artifacts, roles, rules, images });
    page.cleanup();
  }
  const meta = await pdf.getMetadata();
  const outline = ((await pdf.getOutline()) ?? []).map((o) => ({ title: o.title, items: o.items.map((c) => ({ title: c.title })) }));
  const markInfo = await pdf.getMarkInfo();
  await pdf.destroy();
  return { pages, info: meta.info as Record<string, unknown>, outline, markInfo };
}

/** pdf.js passes a matrix as six numbers or as one (typed) array of six. */
function matrixArg(args: unknown[]): Matrix {
  const first = args[0] as ArrayLike<number> | number;
  const values = typeof first === 'number' ? (args as number[]) : Array.from(first);
  return values.slice(0, 6) as Matrix;
}

/** Glyphs grouped into lines by baseline, left to right. */
export function linesOf(glyphs: readonly PdfGlyph[]): PdfGlyph[][] {
  const byBaseline = new Map<number, PdfGlyph[]>();
  for (const g of glyphs) {
    const key = Math.round(g.y * 10) / 10;
    const line = byBaseline.get(key);
    if (line) line.push(g);
    else byBaseline.set(key, [g]);
  }
  // Glyphs a hundredth of a point apart or less keep the order they were drawn in: two squeezed
  // marks that share one em (，“) start at the same x, give or take a rounding.
  return [...byBaseline.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l.sort((a, b) => (Math.abs(a.x - b.x) <= 0.01 ? 0 : a.x - b.x)));
}
