/**
 * PDF export. The pipeline is: model → flow (runs bound to faces, coverage checked) → lines
 * (our Chinese line breaker) → pages (pagination rules) → pdfkit, which we use as a PDF object
 * writer: fonts (subset, ToUnicode), structure tree, outline, metadata. Text is drawn as
 * positioned TJ runs, because pdfkit's own text layout cannot justify or compress Chinese.
 *
 * Lines, pages and drawing run as a pipeline: blocks are laid out as pagination reaches them (and
 * a window ahead), each page is drawn as soon as it is final, and a block's lines are dropped once
 * drawn, so a 3,000-page document never holds its millions of placed glyphs at once.
 */
import { drainBlocks } from '../../io/blocks.js';
import { eventLoopTurn } from '../../io/atomic.js';
import { figureLineHeight, lineOptions, notesPerLine, pageFrame, rowBox, textBox, type TypesetDocument } from '../../prepare/index.js';
import { layoutParagraph, type LayoutOptions, type Line, type Measure, type PlacedGlyph, type StyledRun } from '../../typeset/index.js';
import type { Exporter } from '../types.js';
import { noteMarker, type NoteNumbering } from '../../model/text.js';
import type { PlacedImage, PlacedMark } from '../../styles/blocks.js';
import type { NoteStyle } from '../../styles/types.js';
import { buildFlow, type FlowBlock, type FlowRun } from './flow.js';
import { PdfFonts, type EncodedPiece } from './fonts.js';
import { imageMatrix, PdfImages } from './images.js';
import { paginateLazily, type BlockBox, type NoteBox, type Page, type PlacedNoteLine } from '../../typeset/paginate.js';
import { mark } from '../../timing.js';
import { parsePdfaLevel, pdfVersionFor, prepareArchival, refuseNotdef } from './pdfa.js';
import { PdfKit } from './pdfkit.js';
import { cellBaseline, layOutRow, rowRules, sliceRow, sliceRules, type RowLayout } from './table.js';
import type { OfficialLayout, PlacedHead, PlacedRule } from '../../prepare/index.js';
import type { HeadElement } from '../../styles/blocks.js';

const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/** Where the baseline sits in a line box: CJK faces put the ideographic em box at 0.88 above it. */
const ASCENT = 0.88;

/**
 * How far layout may run ahead of drawing, in characters of text (about two handout pages; what
 * pagination looks ahead for, such as keeping a heading with its paragraph, is laid out on
 * demand). Only the window's lines are held, and they die young: with a window of 100 pages, the
 * lines of a 3,000-page document outlived V8's young generation, and some 180 MB of them were
 * promoted to die in the old one, which grew the peak to 300-380 MB (now ~240 MB). Only pdfkit's
 * own subsets (CFF faces) number their glyphs by first use, which the window changes: the pages
 * look the same.
 */
const LAYOUT_AHEAD = 2_000;

interface LaidOut {
  block: FlowBlock;
  lines: Line[];
  keys: string[];
  left: number;
  width: number;
  /** A table's row: its cells (pagination sees the row as one line as tall as the row). */
  row?: RowLayout;
}

/** Renders the PDF; returns its bytes in order, in blocks of a megabyte (the last one shorter). */
export async function renderPdf(doc: TypesetDocument): Promise<Uint8Array[]> {
  const { preset, document } = doc;
  const flow = buildFlow(doc.blocks, preset.notes);
  const noteFlow = buildFlow(doc.notes, preset.notes);
  const page = preset.page;
  const pdfa = parsePdfaLevel(doc.options.pdfa);
  const meta = document.meta;

  const pdf = new PdfKit({
    width: page.width,
    height: page.height,
    lang: meta.lang,
    pdfVersion: pdfVersionFor(pdfa),
    info: {
      Title: meta.title,
      ...(meta.author || meta.byline ? { Author: (meta.author ?? meta.byline)! } : {}),
      ...(meta.subject ? { Subject: meta.subject } : {}),
      ...(meta.keywords.length ? { Keywords: meta.keywords.join(', ') } : {}),
      Creator: 'wenshu',
      Producer: 'wenshu (pdfkit)',
    },
    date: doc.date,
  });
  const fonts = new PdfFonts(pdf, doc.fonts);
  // XMP, content-derived /ID, and for PDF/A the OutputIntent, CIDSet and PDF/A-3 source attachment.
  prepareArchival(pdf, {
    written: () => pdf.written(),
    date: doc.date,
    lang: meta.lang,
    unicodeMaps: () => fonts.unicodeMaps(),
    ...(pdfa ? { pdfa } : {}),
    ...(document.source ? { source: document.source } : {}),
  });
  const images = new PdfImages(pdf, pdfa?.part === 1, (image) => {
    const use = flow.flatMap((b) => [b.figure, ...b.runs.map((r) => r.image)]).find((i) => i?.file === image);
    const at = use?.span?.start;
    doc.warn?.({
      file: document.source?.path ?? '<input>',
      ...(at ? { line: at.line, column: at.column } : {}),
      message: `the image '${image.src}' is transparent, which PDF/A-1 does not allow: it is set on white`,
      code: 'image',
    });
  });

  // The subsets' programs are compressed on libuv's thread pool while the pages are laid out.
  doc.fonts.startCompressing(doc.fonts.faces());
  await eventLoopTurn(); // zlib starts the font programs' compression from the next tick
  mark('pdf: document and fonts set up');
  const typeArea = { left: page.margin.left, right: page.width - page.margin.right, top: page.margin.top, bottom: page.height - page.margin.bottom };
  // On a character grid (公文) full-width characters advance by the grid pitch, and indents and
  // insets given in em count grid characters: k is the pitch over the body size (1 without a grid).
  const k = doc.grid.scale;
  // An inline image is measured as its box: its run's font key names it.
  const imageWidths = new Map<string, number>();
  const fontMeasure = doc.grid.measure(fonts.measure);
  const measure: Measure = (text, font, size) => imageWidths.get(font) ?? fontMeasure(text, font, size);
  const keyOf = (r: FlowRun): string => {
    if (!r.image) return fonts.key(r.face);
    const key = `image ${r.image.width}`;
    imageWidths.set(key, r.image.width);
    return key;
  };
  // Table cells are set off the character grid, at their own sizes (their widths were measured so in src/prepare).
  const cellMeasure: Measure = (text, font, size) => imageWidths.get(font) ?? fonts.measure(text, font, size);
  // A page turned to landscape is laid out in a frame of its own, as wide as the type area is high,
  // from 0 (drawn turned: see `turned`).
  const landscapeWidth = typeArea.bottom - typeArea.top;
  const layOut = (block: FlowBlock): LaidOut => {
    const keys = block.runs.map(keyOf);
    const left = block.landscape ? block.left * k : typeArea.left + block.left * k;
    const width = (block.landscape ? landscapeWidth : typeArea.right) - block.right * k - left;
    if (block.row) {
      const row = layOutRow(block, left, cellMeasure, keyOf);
      return { block, lines: [{ glyphs: [], width: 0, justified: false, indent: 0 }], keys, left, width, row };
    }
    if (block.figure) return { block, lines: [{ glyphs: [], width: block.figure.width, justified: false, indent: 0 }], keys, left, width };
    if (block.kind === 'imprint' || block.tabs) return { block, lines: [tabbedLine(block, keys, measure, width)], keys, left, width };
    const styled = (runs: FlowBlock['runs']) => runs.map((r, i) => ({ text: r.text, font: keys[i]!, size: r.size, ...(r.note !== undefined ? { attached: true } : {}) }));
    const options = lineOptions(doc, block, width);
    const lines =
      block.style.align === 'center' && !block.broken ? balancedLines(styled(block.runs), measure, options) : layoutParagraph(styled(block.runs), measure, options);
    // An empty list item still shows its marker, on a line of its own.
    if (lines.length === 0 && block.marker) lines.push({ glyphs: [], width: 0, justified: false, indent: 0 });
    return { block, lines, keys, left, width };
  };

  // The notes are laid out first (they are few): pagination needs each one's lines.
  const noteParts: LaidOut[][] = [];
  for (const block of noteFlow) (noteParts[block.note!] ??= []).push(layOut(block));
  const noteLines = noteParts.map((parts) => parts.flatMap((item) => item.lines.map((line, i) => ({ item, line, first: i === 0 }))));
  const noteBox = (note: number): NoteBox => ({ note, lines: noteLines[note]!.length, lineHeight: preset.notes.text.lineHeight });
  /** Notes already referred to (a note goes with its first reference). */
  const referred = new Set<number>();

  // Blocks are laid out in order, when pagination reaches them or the window ahead does, and
  // dropped once drawn. Their boxes, a few numbers each, stay for pagination to look back on.
  const laidOut: Array<LaidOut | undefined> = [];
  const boxes: BlockBox[] = [];
  let ahead = 0; // characters laid out and not yet drawn
  const sizeOf = (block: FlowBlock) =>
    block.row ? block.row.table.cells[block.row.index]!.reduce((n, cell) => n + cell.reduce((m, r) => m + r.text.length, 0), 0) : block.runs.reduce((n, r) => n + r.text.length, 0);
  // Per table, its header rows and its continuation caption as laid out: drawn again on every page it continues on.
  const repeated = new Map<number, { heads: LaidOut[]; caption?: LaidOut; height: number }>();
  const repeatOf = (block: FlowBlock, item: LaidOut) => {
    const { table, index } = block.row!;
    let r = repeated.get(table.id);
    if (!r) {
      const caption = table.continued && layOut({ ...block, row: undefined, kind: 'tableCaption', tag: 'Caption', runs: table.continued, style: { ...table.style.caption, align: 'center' } } as FlowBlock);
      r = { heads: [], ...(caption ? { caption } : {}), height: caption ? caption.lines.length * table.style.caption.lineHeight : 0 };
      repeated.set(table.id, r);
    }
    if (index < table.headRows) {
      r.heads.push(item);
      r.height += item.row!.height;
    }
    return r;
  };
  const keep = (i: number, item: LaidOut) => {
    const { block, lines } = item;
    laidOut[i] = item;
    ahead += sizeOf(block);
    // A figure is one line as tall as its image (on a grid, whole grid lines, so that the text after it stays on the grid).
    const figureHeight = block.figure && figureLineHeight(doc, block.figure);
    const notes = block.runs.some((r) => r.note !== undefined) ? notesPerLine(lines, (run) => block.runs[run]?.note, referred, noteBox) : undefined;
    if (block.row && item.row) {
      const r = repeatOf(block, item);
      // The notes its cells are the first to refer to: the row (one line to pagination) goes on a page with them.
      const rowNotes = item.row.cells.flatMap((cell) => notesPerLine(cell.lines, (run) => cell.block.runs[run]?.note, referred, noteBox).flatMap((n) => n ?? []));
      // A row taller than the page (less the header repeated above it) is the one row that is split, a text line at a time.
      const room = (block.landscape ? typeArea.right - typeArea.left : typeArea.bottom - typeArea.top) - (block.row.index >= block.row.table.headRows ? r.height : 0);
      if (item.row.height > room) sliceRow(item.row);
      const slices = item.row.slices;
      const flow = { spaceBefore: block.style.spaceBefore ?? 0, spaceAfter: block.style.spaceAfter ?? 0, keepWithNext: block.keepWithNext, ...(block.landscape ? { landscape: true } : {}) };
      boxes[i] = rowBox(flow, item.row.height, { ...(slices ? { slices } : {}), notes: rowNotes, ...(block.row.index >= block.row.table.headRows && r.height > 0 ? { repeat: r.height } : {}) });
      return;
    }
    boxes[i] = { ...textBox(doc, block, lines.length, figureHeight), ...(notes ? { notes } : {}) };
  };
  const layOutThrough = (last: number) => {
    while (boxes.length <= last && boxes.length < flow.length) {
      const i = boxes.length;
      keep(i, layOut(flow[i]!));
    }
  };

  // One structure element per block, all made before the first page (their object numbers come
  // first) and ended after the last; then one per note.
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  if (doc.official) pdf.roleMap(Object.fromEntries([...Object.values(OFFICIAL_TYPES), ...Object.values(HEAD_TYPES)].map((t) => [t, 'P'])));
  // A table is a Table element holding its caption and a TR per row (each row's cells, TH or TD, are made as it is drawn).
  const tableElements = new Map<number, PDFKit.PDFStructureElement>();
  const tableElement = (id: number) => {
    let el = tableElements.get(id);
    if (!el) {
      el = pdf.struct('Table');
      root.add(el);
      tableElements.set(id, el);
    }
    return el;
  };
  /** Each block's structure type: the standard one, or a 公文 element's own (mapped to P, see OFFICIAL_TYPES). */
  const types: string[] = [];
  /** Per block, the Figures of the images pressed on it (block.marks), in the same order. */
  const markElements: PDFKit.PDFStructureElement[][] = [];
  const element = (block: FlowBlock, i: number) => {
    const title = ELEMENT_TITLES[block.kind];
    const type = doc.official ? OFFICIAL_TYPES[block.kind] ?? block.tag : block.tag;
    types[i] = type;
    const el = block.figure ? pdf.structWithAlt('Figure', block.figure.alt) : title && doc.official ? pdf.structWithTitle(type, title) : pdf.struct(type);
    const next = flow[i + 1];
    if (block.row) tableElement(block.row.table.id).add(el);
    else if (block.kind === 'tableCaption' && next?.row?.index === 0) tableElement(next.row.table.id).add(el);
    else root.add(el);
    // The seals and 签名章 pressed on the block, in reading order right after it (the 署名 they
    // press on, 7.3.5), not after everything else where they would be drawn from.
    if (block.marks) markElements[i] = block.marks.map((m) => {
      const figure = pdf.structWithAlt('Figure', m.image.alt);
      root.add(figure);
      return figure;
    });
    return el;
  };
  const official = doc.official;
  // The 版头 comes first in reading order: its elements before the title's.
  const headFlow = official ? buildFlow(official.head.map((h) => h.bound)) : [];
  const elementsOfHead = headFlow.map((b, i) => {
    const head = official!.head[i]!.bound.block.head!;
    const el = pdf.structWithTitle(HEAD_TYPES[head], HEAD_TITLES[head]);
    root.add(el);
    return { el, block: b, placed: official!.head[i]! };
  });
  const elements = flow.map(element);
  /** Marked-content keys of table cells: numbers past the blocks', one per cell drawn. */
  let cellKeys = flow.length;
  /** The cells' elements of split rows, by block. */
  const sliceTags = new Map<number, Array<{ key: number; el: PDFKit.PDFStructureElement | undefined }>>();
  const noteElements = noteParts.map(() => {
    const el = pdf.struct('Note');
    root.add(el);
    return el;
  });
  let titleOutline: PDFKit.PDFOutline | undefined;
  const out = new PageText(pdf, pdfa !== undefined);
  const content = new MarkedContent(pdf, out);

  const noteRule = preset.notes.rule;
  const frame = pageFrame(doc, noteFlow.length > 0 ? noteRule.above + noteRule.below : undefined);
  // Headings that links go to get a named destination (only those: a document without such links is as it was).
  const targets = new Set([...flow, ...noteFlow].flatMap((b) => b.runs.flatMap((r) => (r.link?.startsWith('#') ? [r.link.slice(1)] : []))));
  const pages = paginateLazily({ box: (i) => (layOutThrough(i), boxes[i]) }, frame);
  let drawn = 0; // the blocks before this one are drawn and dropped
  /** Lines drawn so far of the blocks from `drawn` on. */
  const linesDrawn = new Map<number, number>();
  let pageNumber = 0;
  for (const p of pages) {
    while (ahead < LAYOUT_AHEAD && boxes.length < flow.length) layOutThrough(boxes.length);
    pdf.addPage(page.width, page.height);
    // The markers of the notes on this page: ①②③ from each page's first (or 1 2 3 through the document).
    const markers = noteMarkers(p, preset.notes.numbering);
    const draw: DrawContext = { pdf, out, fonts, images, content, markers };
    // A page turned to landscape (GB/T 9704 §8, a table too wide for the page): the sheet stays
    // upright and its page number where every page has it; what is on it is set across it, its
    // head toward the left edge (订口 on odd pages, 切口 on even ones: the same side, so bound
    // pages all turn the same way). Lines laid out from 0 across, top down from the type area's
    // top, are turned into place: x = left + (top' − top), y = bottom − x'.
    if (p.landscape) {
      out.add(`q 0 -1 1 0 ${num(typeArea.left - typeArea.top)} ${num(typeArea.bottom)} cm`);
      out.flush();
    }
    // The same turn for link boxes, which the matrix does not move.
    content.turn = p.landscape
      ? (b) => ({ x: typeArea.left + (b.y - typeArea.top), y: typeArea.bottom - (b.x + b.width), width: b.height, height: b.width })
      : undefined;

    const marks: Array<{ mark: PlacedMark; top: number; el: PDFKit.PDFStructureElement }> = [];
    for (const placed of p.lines) {
      const item = laidOut[placed.block]!;
      const line = item.lines[placed.line]!;
      if (placed.line === 0 || content.block !== placed.block) {
        if (placed.line === 0 && item.block.outline) {
          const { title, level } = item.block.outline;
          const target = { top: placed.top, left: typeArea.left };
          if (level === 0 || !titleOutline) titleOutline = pdf.addOutlineItem(undefined, title, { ...target, expanded: true }, page.width);
          else pdf.addOutlineItem(titleOutline, title, target, page.width);
        }
        if (placed.line === 0 && item.block.id && targets.has(item.block.id)) pdf.addNamedDestination(item.block.id, typeArea.left, placed.top);
      }
      if (item.row) {
        const at = p.lines.indexOf(placed);
        // The header is repeated above the block's first line on the page (a split row has several).
        const repeat = p.lines[at - 1]?.block === placed.block ? undefined : p.repeats?.find((r) => r.block === placed.block);
        const table = item.block.row!.table;
        if (repeat) drawRepeat(draw, repeated.get(table.id)!, repeat.top, item.block.row!.table.style.caption);
        const next = p.lines[at + 1];
        const place = { opens: item.block.row!.index === 0 || repeat !== undefined, closes: next?.block !== placed.block + 1 || !laidOut[next.block]?.row || item.block.row!.index === table.cells.length - 1 };
        if (item.row.slices) {
          // A slice of a split row: its cells' elements made once, continued on every page it spans.
          let tags = sliceTags.get(placed.block);
          if (!tags) sliceTags.set(placed.block, (tags = item.row.cells.map(() => ({ key: cellKeys++, el: undefined as PDFKit.PDFStructureElement | undefined }))));
          const first = p.lines[at - 1]?.block !== placed.block;
          const last = next?.block !== placed.block;
          drawSlice(draw, item, placed.line, placed.top, { top: first, bottom: last, opens: placed.line === 0 ? place.opens : true, closes: last && (placed.line < item.row.slices.count - 1 || place.closes) }, { tr: elements[placed.block]!, cells: tags });
          continue;
        }
        const cells = item.row.cells.map(() => cellKeys++);
        drawRow(draw, item, placed.top, place, { tr: elements[placed.block]!, keys: cells });
        continue;
      }
      content.enter(placed.block, elements[placed.block]!, types[placed.block]!);
      if (item.block.figure) {
        drawFigure(draw, item, placed.top);
        continue;
      }
      // The em box is centred in the line box, or on a grid with textInLine 'top' set at its top.
      const lead = preset.grid?.textInLine === 'top' ? 0 : (item.block.style.lineHeight - item.block.style.size) / 2;
      const baseline = placed.top + lead + ASCENT * item.block.style.size;
      if (placed.line === 0 && item.block.marker) drawMarker(out, fonts, item, baseline);
      if (item.block.color) out.add(`${rgb(item.block.color)} rg`);
      drawLine(draw, item, line, baseline, { top: placed.top, height: item.block.style.lineHeight });
      if (item.block.color) out.add('0 g');
      const rules = item.block.rules;
      if (rules?.above && placed.line === 0) drawRule(draw, { x1: typeArea.left, x2: typeArea.right, y: placed.top, thickness: rules.above, color: '000000' });
      if (rules?.below && placed.line === item.lines.length - 1) drawRule(draw, { x1: typeArea.left, x2: typeArea.right, y: placed.top + item.block.style.lineHeight, thickness: rules.below, color: '000000' });
      if (placed.line === 0) (item.block.marks ?? []).forEach((mark, n) => marks.push({ mark, top: placed.top, el: markElements[placed.block]![n]! }));
    }
    content.close();
    if (p.landscape) {
      out.add('Q');
      out.flush();
    }
    if (official && pageNumber === 0) drawHead(draw, official, elementsOfHead, measure, fonts, k, pdfa !== undefined);
    // The seals press on the 署名 and the date, a 签名章 stands beside its 职务: drawn over the text (7.3.5).
    for (const { mark, top, el } of marks) {
      const s = mark.image;
      el.add(pdf.markStructureContent('Figure'));
      drawImage(draw, s, typeArea.left + mark.centerX - s.width / 2, top + mark.centerBelow - s.height / 2);
      out.flush();
      pdf.endMarkedContent();
      el.end();
    }
    if (p.notes) drawNotes(draw, p.notes, noteLines, noteElements, { left: typeArea.left, rule: noteRule, ascent: ASCENT });
    ++pageNumber;
    if (!p.unnumbered && !(official?.noFirstPageNumber && pageNumber === 1)) drawFooter(pdf, out, fonts, doc, pageNumber, typeArea);
    // Done with: the blocks whose every line is drawn, in order (a figure put off to the next page
    // is drawn after the text that follows it: the blocks from it on stay until it is).
    for (const placed of p.lines) linesDrawn.set(placed.block, (linesDrawn.get(placed.block) ?? 0) + 1);
    for (; drawn < boxes.length && (linesDrawn.get(drawn) ?? 0) >= boxes[drawn]!.lines; drawn++) {
      linesDrawn.delete(drawn);
      ahead -= sizeOf(flow[drawn]!);
      laidOut[drawn] = undefined;
    }
    // A turn of the event loop now and then: V8 finishes its garbage collections in tasks that
    // only run there (without them a 3,000-page document grew by some 70 MB of garbage), and
    // Ctrl-C is handled there.
    if (pageNumber % 16 === 0) await eventLoopTurn();
  }
  mark('pdf: pages laid out and drawn');
  await doc.fonts.ready();
  mark('pdf: font programs compressed');
  for (const el of elements) el.end();
  for (const el of tableElements.values()) el.end();
  for (const el of noteElements) el.end();
  root.end();
  pdf.completeOutlineRoot();
  const bytes = pdf.finish();
  mark('pdf: fonts embedded, file complete');
  return bytes;
}


/** Each note's marker on a page: its number among the notes that begin on the page (or through the document). */
function noteMarkers(p: Page, numbering: NoteNumbering): (note: number) => string {
  if (numbering === 'arabic') return (note) => noteMarker(note + 1, 'arabic');
  const order = new Map<number, number>();
  for (const l of p.notes ?? []) if (l.line === 0 && !order.has(l.note)) order.set(l.note, order.size + 1);
  return (note) => noteMarker(order.get(note) ?? note + 1, 'circled');
}

/**
 * The structure type of each 公文 element: a type of its own, so that a reader of the tags can
 * tell the 主送机关 from the 附注 by type (what tools select elements by), where a /T title is
 * free text for display that no reader must look at. Each is mapped to P in the RoleMap (PDF
 * 32000-1 14.8.4.1, PDF/UA-1 7.1: every non-standard type maps to a standard one), so a reader
 * that knows only the standard types reads a paragraph, as before. ASCII names: a name outside
 * ASCII would need #-escapes that some readers mishandle; the Chinese name is the /T. The title
 * stays a heading and the seal a Figure with /Alt: standard types that already say what they are.
 */
const OFFICIAL_TYPES: Partial<Record<FlowBlock['kind'], string>> = {
  addressee: 'GongwenAddressee', attachmentNote: 'GongwenAttachmentNote', byline: 'GongwenSignature', date: 'GongwenDate', remark: 'GongwenRemark',
  attachmentLabel: 'GongwenAttachmentLabel', cc: 'GongwenCopyTo', imprint: 'GongwenImprint',
};
const HEAD_TYPES: Record<HeadElement, string> = {
  copy: 'GongwenCopyNumber', secrecy: 'GongwenSecrecy', urgency: 'GongwenUrgency', issuer: 'GongwenIssuerMark', issuerSuffix: 'GongwenIssuerMark', number: 'GongwenNumber', signer: 'GongwenSigner',
};

/** What each 公文 element is called, as the /T of its structure element. */
const ELEMENT_TITLES: Partial<Record<FlowBlock['kind'], string>> = {
  addressee: '主送机关', attachmentNote: '附件说明', attendance: '出席、请假和列席人员', byline: '发文机关署名', date: '成文日期', remark: '附注',
  attachmentLabel: '附件', attachmentTitle: '附件标题', cc: '抄送机关', imprint: '印发机关和印发日期',
};
const HEAD_TITLES: Record<HeadElement, string> = {
  copy: '份号', secrecy: '密级和保密期限', urgency: '紧急程度', issuer: '发文机关标志', issuerSuffix: '发文机关标志', number: '发文字号', signer: '签发人',
};

/** RRGGBB as PDF colour operands (DeviceRGB: sRGB by the PDF/A OutputIntent). */
const rgb = (hex: string) => [0, 2, 4].map((i) => num(parseInt(hex.slice(i, i + 2), 16) / 255)).join(' ');

/** A line across the page (a 公文's red separator, the 版记's rules), as a layout artifact. */
function drawRule(draw: DrawContext, rule: PlacedRule): void {
  draw.content.close();
  draw.out.flush();
  draw.pdf.markArtifact('Layout');
  draw.out.add(`q ${rgb(rule.color)} RG ${num(rule.thickness)} w 0 J ${num(rule.x1)} ${num(rule.y)} m ${num(rule.x2)} ${num(rule.y)} l S Q`);
  draw.out.flush();
  draw.pdf.endMarkedContent();
}

/** The 版头 on page 1: each element at its place (src/prepare/official.ts), then the red line. */
function drawHead(
  draw: DrawContext,
  official: OfficialLayout,
  heads: ReadonlyArray<{ el: PDFKit.PDFStructureElement; block: FlowBlock; placed: PlacedHead }>,
  measure: Measure,
  fonts: PdfFonts,
  k: number,
  _archival: boolean,
): void {
  heads.forEach(({ el, block, placed }, i) => {
    const runs = block.runs.map((r) => ({ ...r, size: placed.size }));
    const keys = runs.map((r) => fonts.key(r.face));
    const sized = { ...block, runs, style: { ...block.style, size: placed.size } };
    const styled = runs.map((r, j) => ({ text: r.text, font: keys[j]!, size: r.size }));
    const lines = layoutParagraph(styled, measure, { width: placed.width - (block.left + block.right) * k, em: placed.size * (block.style.size === placed.size ? k : 1), firstIndent: 0, align: block.style.align });
    const item: LaidOut = { block: sized, lines, keys, left: placed.left + block.left * k, width: placed.width - (block.left + block.right) * k };
    draw.content.enter(-100 - i, el, HEAD_TYPES[placed.bound.block.head!]);
    if (block.color) draw.out.add(`${rgb(block.color)} rg`);
    lines.forEach((line, n) => drawLine(draw, item, line, placed.top + n * placed.size + ASCENT * placed.size, { top: placed.top, height: placed.size }));
    if (block.color) draw.out.add('0 g');
  });
  draw.content.close();
  // Written out now: with no rule after it (套打) and no page number (信函) nothing else would.
  draw.out.flush();
  for (const el of heads) el.el.end();
  for (const rule of official.rules) drawRule(draw, rule);
}

/**
 * A line of text at tab stops, each part laid out on its own and set solid: the 印发 line of the
 * 版记 (the 印发机关 at the left, the date at the right: two parts, a tab between) and a row of
 * joint issuers' 署名 (the part after each tab centred on its stop, `block.tabs`).
 */
function tabbedLine(block: FlowBlock, keys: string[], measure: Measure, width: number): Line {
  const parts: Array<{ glyphs: PlacedGlyph[]; width: number }> = [];
  let glyphs: PlacedGlyph[] = [];
  let x = 0;
  block.runs.forEach((r, run) => {
    if (r.text === '\t') {
      parts.push({ glyphs, width: x });
      glyphs = [];
      x = 0;
      return;
    }
    for (const ch of r.text) {
      const w = measure(ch, keys[run]!, r.size);
      glyphs.push({ text: ch, run, x, origin: x, width: w });
      x += w;
    }
  });
  parts.push({ glyphs, width: x });
  // Where each part starts: the first at the left; after a tab, centred on its stop, or (without stops) flush right.
  const start = (i: number, part: { width: number }) => (i === 0 ? 0 : block.tabs ? block.tabs[i - 1]! - part.width / 2 : width - part.width);
  const placed = parts.flatMap((part, i) => part.glyphs.map((g) => ({ ...g, x: g.x + start(i, part), origin: g.origin + start(i, part) })));
  return { glyphs: placed, width, justified: false, indent: 0 };
}

interface DrawContext {
  pdf: PdfKit;
  out: PageText;
  fonts: PdfFonts;
  images: PdfImages;
  content: MarkedContent;
  /** A note's marker on this page. */
  markers: (note: number) => string;
}

/**
 * The marked content of the page being drawn: whose content is open (a block's structure element,
 * or an element inside it: a link, an inline image), and the ends of it (the link's annotation over
 * the box its glyphs took). Text waiting in PageText is flushed before each change.
 */
interface LinkBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

class MarkedContent {
  block = -1;
  private element: PDFKit.PDFStructureElement | undefined;
  private tag = '';
  private inline: { key: string; el: PDFKit.PDFStructureElement; link?: string; box?: { x0: number; x1: number; top: number; bottom: number }; text: string } | undefined;
  /**
   * On a page turned to landscape, what is drawn is turned by the page's matrix, but annotations
   * are not: this turns a link's box (laid out across) into the page's own coordinates.
   */
  turn: ((box: LinkBox) => LinkBox) | undefined;

  constructor(
    private readonly pdf: PdfKit,
    private readonly out: PageText,
  ) {}

  /** Content of block `block` (its element `element`), outside any inline element. */
  enter(block: number, element: PDFKit.PDFStructureElement, tag: string): void {
    if (this.block === block && !this.inline) return;
    this.close();
    this.block = block;
    this.element = element;
    this.tag = tag;
    element.add(this.pdf.markStructureContent(tag));
  }

  /** Content of an inline element of the current block: a link (`key` its address) or an inline image; '' for the block's own. */
  inlineElement(key: string, make: () => { el: PDFKit.PDFStructureElement; tag: string; link?: string }): void {
    if ((this.inline?.key ?? '') === key) return;
    const block = this.block;
    const element = this.element!;
    this.close();
    this.block = block;
    this.element = element;
    if (key === '') {
      element.add(this.pdf.markStructureContent(this.tag));
      return;
    }
    const made = make();
    element.add(made.el);
    made.el.add(this.pdf.markStructureContent(made.tag));
    this.inline = { key, el: made.el, ...(made.link ? { link: made.link } : {}), text: '' };
  }

  /** Where a link's glyphs are: its annotation covers them. */
  extend(x0: number, x1: number, top: number, bottom: number, text: string): void {
    const i = this.inline;
    if (!i?.link) return;
    i.text += text;
    i.box = i.box ? { x0: Math.min(i.box.x0, x0), x1: Math.max(i.box.x1, x1), top: Math.min(i.box.top, top), bottom: Math.max(i.box.bottom, bottom) } : { x0, x1, top, bottom };
  }

  close(): void {
    if (this.block < 0) return;
    this.out.flush();
    this.pdf.endMarkedContent();
    const i = this.inline;
    if (i) {
      if (i.link && i.box) {
        const laid = { x: i.box.x0, y: i.box.top, width: i.box.x1 - i.box.x0, height: i.box.bottom - i.box.top };
        const box = this.turn ? this.turn(laid) : laid;
        this.pdf.linkAnnotation(box, i.link.startsWith('#') ? { destination: i.link.slice(1) } : { uri: i.link }, i.el, i.text);
      }
      i.el.end();
    }
    this.inline = undefined;
    this.block = -1;
  }
}

/**
 * A table's row at `top`: its rules (an artifact), then each cell's text as the content of its TH
 * or TD in the row's TR. A repeated header is drawn by `drawRepeat`, as an artifact.
 */
function drawRow(draw: DrawContext, item: LaidOut, top: number, place: { opens: boolean; closes: boolean }, tags?: { tr: PDFKit.PDFStructureElement; keys: number[] }): void {
  const row = item.row!;
  const { table, index } = item.block.row!;
  drawRules(draw, rowRules(table, index, row, top, place));
  const tag = index < table.headRows ? 'TH' : 'TD';
  row.cells.forEach((cell, c) => {
    if (tags) {
      const el = draw.pdf.struct(tag);
      tags.tr.add(el);
      draw.content.enter(tags.keys[c]!, el, tag);
    }
    const laid: LaidOut = { block: cell.block, lines: cell.lines, keys: cell.keys, left: cell.left, width: cell.width };
    cell.lines.forEach((line, j) => drawLine(draw, laid, line, cellBaseline(cell, top, j), { top: top + cell.offset + j * cell.block.style.lineHeight, height: cell.block.style.lineHeight }));
    if (tags) draw.content.close();
  });
}

/** A row's rules, drawn as an artifact outside the cells' marked content. */
function drawRules(draw: DrawContext, ops: Iterable<string>): void {
  draw.content.close();
  draw.pdf.markArtifact('Layout');
  for (const op of ops) draw.out.add(op);
  draw.out.flush();
  draw.pdf.endMarkedContent();
}

/** Slice `slice` of a split row at `top`: its rules, then line `slice` of each cell, in the cell's TH or TD. */
function drawSlice(
  draw: DrawContext,
  item: LaidOut,
  slice: number,
  top: number,
  edges: { top: boolean; bottom: boolean; opens: boolean; closes: boolean },
  tags: { tr: PDFKit.PDFStructureElement; cells: Array<{ key: number; el: PDFKit.PDFStructureElement | undefined }> },
): void {
  const row = item.row!;
  const { table, index } = item.block.row!;
  drawRules(draw, sliceRules(table, index, row, top, edges));
  const tag = index < table.headRows ? 'TH' : 'TD';
  row.cells.forEach((cell, c) => {
    const line = cell.lines[slice];
    const t = tags.cells[c]!;
    if (!t.el) tags.tr.add((t.el = draw.pdf.struct(tag)));
    if (!line) return;
    draw.content.enter(t.key, t.el, tag);
    const laid: LaidOut = { block: cell.block, lines: cell.lines, keys: cell.keys, left: cell.left, width: cell.width };
    drawLine(draw, laid, line, cellBaseline(cell, top - slice * cell.block.style.lineHeight, slice), { top, height: cell.block.style.lineHeight });
    draw.content.close();
  });
}

/** What a table repeats at the top of a page it continues on: its caption with （续表）, then its header rows, as artifacts. */
function drawRepeat(draw: DrawContext, repeat: { heads: LaidOut[]; caption?: LaidOut }, top: number, caption: { lineHeight: number; size: number }): void {
  draw.content.close();
  draw.pdf.markArtifact('Pagination');
  let y = top;
  if (repeat.caption) {
    for (const line of repeat.caption.lines) {
      drawLine(draw, repeat.caption, line, y + (caption.lineHeight - caption.size) / 2 + ASCENT * caption.size, { top: y, height: caption.lineHeight });
      y += caption.lineHeight;
    }
  }
  draw.out.flush();
  draw.pdf.endMarkedContent();
  repeat.heads.forEach((head, i) => {
    draw.pdf.markArtifact('Pagination');
    const row = head.row!;
    const { table } = head.block.row!;
    for (const op of rowRules(table, i, row, y, { opens: i === 0, closes: false })) draw.out.add(op);
    for (const cell of row.cells) {
      const laid: LaidOut = { block: cell.block, lines: cell.lines, keys: cell.keys, left: cell.left, width: cell.width };
      cell.lines.forEach((line, j) => drawLine(draw, laid, line, cellBaseline(cell, y, j), { top: y + cell.offset + j * cell.block.style.lineHeight, height: cell.block.style.lineHeight }));
    }
    draw.out.flush();
    draw.pdf.endMarkedContent();
    y += row.height;
  });
}

/** A figure's image, centred in its block's width at the top of its line box. */
function drawFigure(draw: DrawContext, item: LaidOut, top: number): void {
  const f = item.block.figure!;
  const x = item.left + (item.width - f.width) / 2;
  drawImage(draw, f, x, top);
}

function drawImage(draw: DrawContext, image: PlacedImage, x: number, top: number): void {
  draw.out.flush();
  const name = draw.images.use(image.file);
  const orientation = image.file.type === 'jpeg' ? image.file.orientation : 1;
  draw.out.add(`q ${imageMatrix(x, top, image.width, image.height, orientation).map(num).join(' ')} cm /${name} Do Q`);
}

/**
 * The notes at the foot of a page: a short rule, then each note's lines, its marker hanging on the
 * left of its first line (a note continued from the page before has none).
 */
function drawNotes(
  draw: DrawContext,
  notes: readonly PlacedNoteLine[],
  lines: ReadonlyArray<ReadonlyArray<{ item: LaidOut; line: Line; first: boolean }>>,
  elements: readonly PDFKit.PDFStructureElement[],
  at: { left: number; rule: NoteStyle['rule']; ascent: number },
): void {
  const { out } = draw;
  const ruleY = notes[0]!.top - at.rule.below;
  draw.content.close();
  draw.pdf.markArtifact('Layout');
  out.add(`q ${num(at.rule.thickness)} w ${num(at.left)} ${num(ruleY)} m ${num(at.left + at.rule.width)} ${num(ruleY)} l S Q`);
  out.flush();
  draw.pdf.endMarkedContent();
  for (const placed of notes) {
    const { item, line, first } = lines[placed.note]![placed.line]!;
    draw.content.enter(-2 - placed.note, elements[placed.note]!, 'Note');
    const style = item.block.style;
    const baseline = placed.top + (style.lineHeight - style.size) / 2 + at.ascent * style.size;
    if (first && item.block.marker) drawMarker(out, draw.fonts, item, baseline, draw.markers(placed.note));
    drawLine(draw, item, line, baseline, { top: placed.top, height: style.lineHeight });
  }
  draw.content.close();
}

/**
 * A centred block that wraps is set in even lines instead of a full line over a stub: at the
 * narrowest width that keeps its line count. (A title or subtitle is broken between its phrases
 * or words in src/prepare, and comes here only when no such breaks fit.)
 */
function balancedLines(runs: StyledRun[], measure: Measure, options: LayoutOptions): Line[] {
  const full = layoutParagraph(runs, measure, options);
  if (full.length < 2) return full;
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

/**
 * Draws one line as TJ runs, one per stretch of glyphs in the same font and size; an inline image
 * as its XObject on the baseline; a note's reference as its page's marker, raised. A link's glyphs
 * (and an inline image) are the content of an element of their own inside the block's.
 */
function drawLine(draw: DrawContext, item: LaidOut, line: Line, baseline: number, box: { top: number; height: number }): void {
  const { out, fonts, content } = draw;
  // Invisible format characters (ZWSP, ZWJ, word joiner …) have no glyph: drawing them would put
  // a .notdef box on the page and U+0000 into copied text.
  const glyphs: PlacedGlyph[] = [];
  for (const g of line.glyphs) {
    const text = g.text.replace(INVISIBLE, '');
    if (text !== '\n' && text !== '') glyphs.push(text === g.text ? g : { ...g, text });
  }
  const inline = content.block >= 0;
  let start = 0;
  while (start < glyphs.length) {
    let end = start + 1;
    while (end < glyphs.length && glyphs[end]!.run === glyphs[start]!.run) end++;
    const run = item.block.runs[glyphs[start]!.run]!;
    const key = item.keys[glyphs[start]!.run]!;
    if (inline) {
      content.inlineElement(run.image && !run.link ? `image ${glyphs[start]!.run}` : run.link ? `link ${run.link}` : '', () =>
        run.image && !run.link ? { el: draw.pdf.structWithAlt('Figure', run.image.alt), tag: 'Figure' } : { el: draw.pdf.struct('Link'), tag: 'Link', link: run.link! },
      );
    }
    if (run.image) {
      const g = glyphs[start]!;
      drawImage(draw, run.image, item.left + g.x, baseline - run.image.height);
      content.extend(item.left + g.x, item.left + g.x + g.width, box.top, box.top + box.height, run.image.alt);
      start = end;
      continue;
    }
    const pieces: EncodedPiece[] = [];
    // Space to add after each piece, beyond its advance, to reach where the next one is placed.
    const gaps: number[] = [];
    for (let i = start; i < end; i++) {
      const text = run.note !== undefined ? draw.markers(run.note) : glyphs[i]!.text;
      const piece = fonts.halfWidth(key) && text === glyphs[i]!.text ? asSet(fonts.encode(key, text), glyphs[i]!.width, run.size) : fonts.encode(key, text);
      pieces.push(piece);
      const next = glyphs[i + 1];
      gaps.push(next && i + 1 < end ? next.origin - (glyphs[i]!.origin + (piece.advance * run.size) / 1000) : 0);
    }
    const spacing = commonSpacing(pieces, gaps);
    showText(out, fonts, key, run.size, item.left + glyphs[start]!.origin, baseline - (run.rise ?? 0), textOperands(pieces, gaps, spacing, run.size), spacing);
    const last = glyphs[end - 1]!;
    content.extend(item.left + glyphs[start]!.x, item.left + last.x + last.width, box.top, box.top + box.height, glyphs.slice(start, end).map((g) => g.text).join(''));
    start = end;
  }
  if (inline) content.inlineElement('', () => ({ el: draw.pdf.struct('P'), tag: 'P' }));
}

/**
 * A piece in half-width forms as wide as the layout set it: on a grid each glyph takes half a
 * cell, a little less than the half em it is drawn with (2026 is two cells), so the difference
 * goes between its glyphs as kerning, as the gaps between single hanzi do.
 */
function asSet(piece: EncodedPiece, width: number, size: number): EncodedPiece {
  const extra = (width * 1000) / size - piece.advance;
  if (piece.hex.length < 2 || Math.abs(extra) < 1e-6) return piece;
  const each = extra / piece.hex.length;
  return { hex: piece.hex, kerns: piece.kerns.map((k) => k + each), advance: piece.advance + extra };
}

/**
 * The character spacing (Tc) for a run: the space most often added between its pieces, when
 * that is between single glyphs, as in a justified line of hanzi. With it, the glyphs go into the
 * TJ array as one string, with a number only where a gap differs (punctuation compressed, a
 * quarter em between Chinese and Latin); without it, every hanzi of a justified line was followed
 * by the same number, and content streams were four times the size, to write and to deflate.
 */
function commonSpacing(pieces: readonly EncodedPiece[], gaps: readonly number[]): number {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = 1;
  for (let i = 0; i + 1 < pieces.length; i++) {
    if (pieces[i]!.hex.length !== 1 || Math.abs(gaps[i]!) <= GAP_EPSILON) continue;
    const bucket = Math.round(gaps[i]! / GAP_EPSILON);
    const count = (counts.get(bucket) ?? 0) + 1;
    counts.set(bucket, count);
    if (count > bestCount) {
      bestCount = count;
      best = bucket;
    }
  }
  return best * GAP_EPSILON;
}

/** Gaps closer than this (points) are no gap: the old drawing threshold. */
const GAP_EPSILON = 1e-4;

/**
 * TJ operands for a run's pieces under character spacing `spacing` (points, added by the viewer
 * after every glyph): each glyph's own kerning and each piece's gap, less the spacing already
 * added, as a number in 1/1000 em where it is not nil; glyphs with nothing between them share one
 * string.
 */
function textOperands(pieces: readonly EncodedPiece[], gaps: readonly number[], spacing: number, size: number): string[] {
  const parts: string[] = [];
  let hex = '';
  pieces.forEach((piece, i) => {
    piece.hex.forEach((glyph, k) => {
      hex += glyph;
      const last = k === piece.hex.length - 1;
      // Where the next glyph should start, beyond this one's advance and the viewer's spacing.
      const extra = ((piece.kerns[k] ?? 0) * size) / 1000 + (last ? gaps[i]! : 0) - (last && i === pieces.length - 1 ? 0 : spacing);
      if (Math.abs(extra) > GAP_EPSILON && !(last && i === pieces.length - 1)) {
        parts.push(`<${hex}>`, num((-extra * 1000) / size));
        hex = '';
      }
    });
  });
  if (hex !== '') parts.push(`<${hex}>`);
  return parts;
}

function drawMarker(out: PageText, fonts: PdfFonts, item: LaidOut, baseline: number, text?: string): void {
  const marker = item.block.marker!;
  const key = fonts.key(marker.face);
  const piece = fonts.encode(key, text ?? marker.text);
  const width = (piece.advance * marker.size) / 1000;
  showText(out, fonts, key, marker.size, item.left - width - marker.size * 0.5, baseline, textOperands([piece], [0], 0, marker.size));
}

function showText(out: PageText, fonts: PdfFonts, key: string, size: number, x: number, baseline: number, parts: string[], spacing = 0): void {
  const id = fonts.useOnPage(key);
  if (out.archival) for (const part of parts) if (part.startsWith('<')) refuseNotdef(part.slice(1, -1).match(/.{4}/g) ?? []);
  // pdfkit pages run with a flipped CTM (origin top left, y down); the text matrix flips the
  // glyphs upright again, so x and the baseline are in the same top-down points as the layout.
  // Character spacing is text state, which outlives ET: a run that sets it sets it back.
  const tc = spacing === 0 ? '' : ` ${spacingNum(spacing)} Tc`;
  out.add(`BT /${id} ${num(size)} Tf${tc} 1 0 0 -1 ${num(x)} ${num(baseline)} Tm [${parts.join(' ')}] TJ${tc ? ' 0 Tc' : ''} ET`);
}

/** Character spacing in points, to 1/100,000: a line of forty glyphs drifts by under 0.001 pt. */
function spacingNum(n: number): string {
  return (Math.round(n * 100000) / 100000).toString();
}

/**
 * Text operators on their way into the page, handed to pdfkit a run of them at a time: pdfkit
 * makes an array of every addContent call (and of its newline), which for a page written line by
 * line was a hundred small arrays. Flushed before anything pdfkit writes itself (marked content);
 * the page's content stream has the same bytes either way.
 */
class PageText {
  private ops: string[] = [];
  /** @param archival PDF/A: every glyph drawn is checked to be a real one (see refuseNotdef). */
  constructor(
    private readonly pdf: PdfKit,
    readonly archival: boolean,
  ) {}

  add(op: string): void {
    this.ops.push(op);
  }

  flush(): void {
    if (this.ops.length === 0) return;
    // pdfkit ends each piece with a newline, as it did each operator (a string: PDF/A checks it).
    this.pdf.addContent(this.ops.join('\n'));
    this.ops = [];
  }
}

function drawFooter(pdf: PdfKit, out: PageText, fonts: PdfFonts, doc: TypesetDocument, n: number, typeArea: { left: number; right: number; bottom: number }): void {
  const footer = doc.preset.footer;
  const text = footer.format.replace('{n}', String(n));
  const key = fonts.key(doc.faces[footer.role].regular);
  const piece = fonts.encode(key, text);
  const width = (piece.advance * footer.size) / 1000;
  const inset = (footer.insetEm ?? 0) * footer.size;
  const x =
    footer.placement === 'center' ? (typeArea.left + typeArea.right - width) / 2
    : n % 2 === 1 ? typeArea.right - inset - width
    : typeArea.left + inset;
  pdf.markArtifact('Pagination');
  showText(out, fonts, key, footer.size, x, typeArea.bottom + footer.belowTypeArea, piece.hex.map((h) => `<${h}>`));
  out.flush();
  pdf.endMarkedContent();
}

function num(n: number): string {
  return round3(n).toString();
}

/** n to three decimals, as PDF operands are written. */
function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

const pdf: Exporter = {
  format: 'pdf',
  extension: 'pdf',
  description: 'PDF with Chinese typesetting, embedded subset fonts, outline and tags',
  typesets: true,
  async render(doc) {
    // Finished here, fonts subset and all, so that a failure surfaces before any output file is
    // written (api.exportDocument renders every format first). What stays is the bytes, about
    // 10 MB for 3,000 pages, written block by block (never copied into one) and let go as written.
    return drainBlocks(await renderPdf(doc));
  },
};

export default pdf;
