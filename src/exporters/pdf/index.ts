/**
 * PDF export. The pipeline is: model → flow (runs bound to faces, coverage checked) → lines
 * (our Chinese line breaker) → pages (pagination rules) → pdfkit, which we use as a PDF object
 * writer: fonts (subset, ToUnicode), structure tree, outline, metadata. Text is drawn as
 * positioned TJ runs, because pdfkit's own text layout cannot justify or compress Chinese.
 */
import PDFDocument from 'pdfkit';
import { resolveFaces } from '../../fonts/index.js';
import type { Document } from '../../model/index.js';
import { breakBetweenPhrases, layoutParagraph, type LayoutOptions, type Line, type Measure, type StyledRun } from '../../typeset/index.js';
import type { Exporter, ExportContext } from '../types.js';
import { buildFlow, type FlowBlock } from './flow.js';
import { PdfFonts } from './fonts.js';
import { documentDate } from '../../model/date.js';
import { paginate, type BlockBox } from './paginate.js';
import { gridMeasure, placeSignature } from './grid.js';
import { gridPitch } from '../../styles/index.js';
import { parsePdfaLevel, pdfVersionFor, prepareArchival } from './pdfa.js';

const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/** Where the baseline sits in a line box: CJK faces put the ideographic em box at 0.88 above it. */
const ASCENT = 0.88;

interface LaidOut {
  block: FlowBlock;
  lines: Line[];
  keys: string[];
  left: number;
  width: number;
}

export async function renderPdf(doc: Document, ctx: ExportContext): Promise<PDFKit.PDFDocument> {
  const { preset } = ctx;
  const faces = resolveFaces(doc.meta.fonts, ctx.baseDir, doc.source?.path);
  const flow = buildFlow(doc, preset, faces, ctx.warn);
  const page = preset.page;
  const date = documentDate(doc);
  const pdfa = parsePdfaLevel(ctx.options.pdfa);

  const pdf = new PDFDocument({
    size: [page.width, page.height],
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    autoFirstPage: false,
    tagged: true,
    lang: doc.meta.lang,
    displayTitle: true,
    pdfVersion: pdfVersionFor(pdfa),
    compress: true,
    info: {
      Title: doc.meta.title,
      ...(doc.meta.author || doc.meta.byline ? { Author: doc.meta.author ?? doc.meta.byline } : {}),
      ...(doc.meta.subject ? { Subject: doc.meta.subject } : {}),
      ...(doc.meta.keywords.length ? { Keywords: doc.meta.keywords.join(', ') } : {}),
      Creator: 'wenshu',
      Producer: 'wenshu (pdfkit)',
    },
  });
  // Dates come from the document or SOURCE_DATE_EPOCH, never the clock (byte-identical builds).
  const info = pdf.info as Record<string, unknown>;
  info.CreationDate = info.ModDate = date;
  // XMP, content-derived /ID, and for PDF/A the OutputIntent, CIDSet and PDF/A-3 source attachment.
  prepareArchival(pdf, {
    date,
    ...(pdfa ? { pdfa } : {}),
    ...(doc.source ? { source: doc.source } : {}),
  });

  const fonts = PdfFonts.forFlow(pdf, flow, faces, preset);
  const typeArea = { left: page.margin.left, right: page.width - page.margin.right, top: page.margin.top, bottom: page.height - page.margin.bottom };
  // On a character grid (公文) full-width characters advance by the grid pitch, and indents and
  // insets given in em count grid characters: k is the pitch over the body size (1 without a grid).
  const grid = gridPitch(preset);
  const k = grid?.scale ?? 1;
  const measure = grid ? gridMeasure(fonts.measure, k) : fonts.measure;
  const layOut = (block: FlowBlock): LaidOut => {
    const keys = block.runs.map((r) => fonts.key(r.face));
    const left = typeArea.left + block.left * k;
    const width = typeArea.right - block.right * k - left;
    const runs = block.runs.map((r, i) => ({ text: r.text, font: keys[i]!, size: r.size }));
    const options = { width, em: block.style.size * k, firstIndent: block.firstIndent * k, align: block.style.align };
    const lines = block.style.align === 'center' ? balancedLines(runs, measure, options) : layoutParagraph(runs, measure, options);
    // An empty list item still shows its marker, on a line of its own.
    if (lines.length === 0 && block.marker) lines.push({ glyphs: [], width: 0, justified: false, indent: 0 });
    return { block, lines, keys, left, width };
  };
  const laidOut: LaidOut[] = placeSignature(flow.map(layOut), layOut, preset, preset.byline.size * k);

  const boxes: BlockBox[] = laidOut.map(({ block, lines }) => ({
    lineHeight: block.style.lineHeight,
    lines: lines.length,
    spaceBefore: block.style.spaceBefore ?? 0,
    spaceAfter: block.style.spaceAfter ?? 0,
    keepWithNext: block.keepWithNext,
    ...(block.keepWithPrevious ? { keepWithPrevious: true } : {}),
  }));
  const pages = paginate(boxes, { top: typeArea.top, bottom: typeArea.bottom, ...(grid ? { grid: grid.line } : {}) });

  const root = pdf.struct('Document');
  pdf.addStructure(root);
  const elements = laidOut.map(({ block }) => {
    const el = pdf.struct(block.tag);
    root.add(el);
    return el;
  });
  let titleOutline: PDFKit.PDFOutline | undefined;

  pages.forEach((p, pageIndex) => {
    pdf.addPage({ size: [page.width, page.height], margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    let open = -1;
    for (const placed of p.lines) {
      const item = laidOut[placed.block]!;
      const line = item.lines[placed.line]!;
      if (placed.block !== open) {
        if (open >= 0) pdf.endMarkedContent();
        elements[placed.block]!.add(pdf.markStructureContent(item.block.tag));
        open = placed.block;
        if (placed.line === 0 && item.block.outline) {
          const { title, level } = item.block.outline;
          // pdfkit's destination takes `left` measured from the right edge and `top` from the top.
          const target = { top: placed.top, left: page.width - typeArea.left } as { expanded?: boolean };
          if (level === 0 || !titleOutline) titleOutline = pdf.outline.addItem(title, { ...target, expanded: true });
          else titleOutline.addItem(title, target);
        }
      }
      // The em box is centred in the line box, or on a grid with textInLine 'top' set at its top.
      const lead = preset.grid?.textInLine === 'top' ? 0 : (item.block.style.lineHeight - item.block.style.size) / 2;
      const baseline = placed.top + lead + ASCENT * item.block.style.size;
      if (placed.line === 0 && item.block.marker) drawMarker(pdf, fonts, item, baseline);
      drawLine(pdf, fonts, item, line, baseline);
    }
    if (open >= 0) pdf.endMarkedContent();
    drawFooter(pdf, fonts, ctx, faces, pageIndex + 1, typeArea);
  });
  for (const el of elements) el.end();
  root.end();
  return pdf;
}

/**
 * A centred block that wraps (a long title) is set in even lines instead of a full line over a
 * stub. A headline whose phrases are separated by spaces (强化意识 认真履职 …) breaks only
 * between phrases when they fit; otherwise it is set at the narrowest width that keeps its line
 * count.
 */
function balancedLines(runs: StyledRun[], measure: Measure, options: LayoutOptions): Line[] {
  const full = layoutParagraph(runs, measure, options);
  if (full.length < 2) return full;
  const phrased = phraseBreaks(runs, measure, options.width);
  if (phrased) return layoutParagraph(phrased, measure, options);
  let lo = options.width / full.length;
  let hi = options.width;
  let best = full;
  for (let i = 0; i < 12 && hi - lo > 0.5; i++) {
    const mid = (lo + hi) / 2;
    const lines = layoutParagraph(runs, measure, { ...options, width: mid });
    if (lines.length === full.length && lines.every((l) => l.width <= mid + 0.01)) {
      best = lines;
      hi = mid;
    } else lo = mid;
  }
  // Lines were broken at the narrow width; centre them in the full one.
  const shift = (options.width - hi) / 2;
  return best.map((line) => ({ ...line, glyphs: line.glyphs.map((g) => ({ ...g, x: g.x + shift, origin: g.origin + shift })) }));
}

/** Hard breaks between a headline's phrases (see breakBetweenPhrases), for a title in one run. */
function phraseBreaks(runs: StyledRun[], measure: Measure, width: number): StyledRun[] | undefined {
  if (runs.length !== 1) return undefined;
  const run = runs[0]!;
  const widthOf = (s: string) => [...s].reduce((sum, ch) => sum + measure(ch, run.font, run.size), 0);
  const text = breakBetweenPhrases(run.text, widthOf, width);
  return text === undefined ? undefined : [{ ...run, text }];
}

/** Draws one line as TJ runs, one per stretch of glyphs in the same font and size. */
function drawLine(pdf: PDFKit.PDFDocument, fonts: PdfFonts, item: LaidOut, line: Line, baseline: number): void {
  // Invisible format characters (ZWSP, ZWJ, word joiner …) have no glyph: drawing them would put
  // a .notdef box on the page and U+0000 into copied text.
  const glyphs = line.glyphs
    .map((g) => {
      const text = g.text.replace(INVISIBLE, '');
      return text === g.text ? g : { ...g, text };
    })
    .filter((g) => g.text !== '\n' && g.text !== '');
  let start = 0;
  while (start < glyphs.length) {
    let end = start + 1;
    while (end < glyphs.length && glyphs[end]!.run === glyphs[start]!.run) end++;
    const run = item.block.runs[glyphs[start]!.run]!;
    const key = item.keys[glyphs[start]!.run]!;
    const parts: string[] = [];
    for (let i = start; i < end; i++) {
      const g = glyphs[i]!;
      const piece = fonts.encode(key, g.text);
      piece.hex.forEach((hex, k) => {
        const kern = piece.kerns[k]!;
        parts.push(kern ? `<${hex}> ${num(-kern)}` : `<${hex}>`);
      });
      const next = glyphs[i + 1];
      if (next && i + 1 < end) {
        // Move from where this piece naturally ends to where the next one is placed.
        const gap = next.origin - (g.origin + (piece.advance * run.size) / 1000);
        if (Math.abs(gap) > 1e-4) parts.push(num((-gap * 1000) / run.size));
      }
    }
    showText(pdf, fonts, key, run.size, item.left + glyphs[start]!.origin, baseline, parts);
    start = end;
  }
}

function drawMarker(pdf: PDFKit.PDFDocument, fonts: PdfFonts, item: LaidOut, baseline: number): void {
  const marker = item.block.marker!;
  const key = fonts.key(marker.face);
  const piece = fonts.encode(key, marker.text);
  const width = (piece.advance * marker.size) / 1000;
  showText(pdf, fonts, key, marker.size, item.left - width - marker.size * 0.5, baseline, piece.hex.map((h) => `<${h}>`));
}

function showText(pdf: PDFKit.PDFDocument, fonts: PdfFonts, key: string, size: number, x: number, baseline: number, parts: string[]): void {
  const id = fonts.useOnPage(key);
  // pdfkit pages run with a flipped CTM (origin top left, y down); the text matrix flips the
  // glyphs upright again, so x and the baseline are in the same top-down points as the layout.
  pdf.addContent(`BT /${id} ${num(size)} Tf 1 0 0 -1 ${num(x)} ${num(baseline)} Tm [${parts.join(' ')}] TJ ET`);
}

function drawFooter(
  pdf: PDFKit.PDFDocument,
  fonts: PdfFonts,
  ctx: ExportContext,
  faces: ReturnType<typeof resolveFaces>,
  n: number,
  typeArea: { left: number; right: number; bottom: number },
): void {
  const footer = ctx.preset.footer;
  const text = footer.format.replace('{n}', String(n));
  const key = fonts.key(faces[footer.role].regular);
  const piece = fonts.encode(key, text);
  const width = (piece.advance * footer.size) / 1000;
  const inset = (footer.insetEm ?? 0) * footer.size;
  const x =
    footer.placement === 'center' ? (typeArea.left + typeArea.right - width) / 2
    : n % 2 === 1 ? typeArea.right - inset - width
    : typeArea.left + inset;
  pdf.markContent('Artifact', { type: 'Pagination' });
  showText(pdf, fonts, key, footer.size, x, typeArea.bottom + footer.belowTypeArea, piece.hex.map((h) => `<${h}>`));
  pdf.endMarkedContent();
}

function num(n: number): string {
  return (Math.round(n * 1000) / 1000).toString();
}

/** Collects pdfkit's output stream as it is written. */
async function* chunks(pdf: PDFKit.PDFDocument): AsyncGenerator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  pdf.on('data', (c: Uint8Array) => {
    queue.push(c);
    wake?.();
  });
  pdf.on('end', () => {
    done = true;
    wake?.();
  });
  pdf.on('error', (e: unknown) => {
    failure = e;
    wake?.();
  });
  pdf.end();
  for (;;) {
    while (queue.length > 0) yield queue.shift()!;
    if (failure) throw failure;
    if (done) return;
    await new Promise<void>((r) => (wake = r));
    wake = undefined;
  }
}

const pdf: Exporter = {
  format: 'pdf',
  extension: 'pdf',
  description: 'PDF with Chinese typesetting, embedded subset fonts, outline and tags',
  async render(doc, ctx) {
    // Finished here, fonts subset and all, so that a failure surfaces before any output file is
    // written (api.exportDocument renders every format first). The bytes are small next to the
    // layout: about 10 MB for 3,000 pages.
    const parts: Uint8Array[] = [];
    for await (const part of chunks(await renderPdf(doc, ctx))) parts.push(part);
    return Buffer.concat(parts);
  },
};

export default pdf;
