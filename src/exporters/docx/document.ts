/**
 * document.xml and the footers: paragraphs in their styles, runs with direct formatting only where
 * the style cannot say it (a fallback face for a character the role's font lacks, a bold fallback),
 * and the section: page size, margins, footer with a PAGE field, and the preset's grid if it has one.
 */
import { faceFor, fontChain, openFace, splitByFace, type FaceSet } from '../../fonts/index.js';
import type { RecordFace } from '../../prepare/index.js';
import type { StylePreset } from '../../styles/index.js';
import type { DocxParagraph, DocxRun } from './content.js';
import { familyOf, isBoldFace, type FaceUsage } from './embed.js';
import { characterStyles, gridCondensing, indXml, verticalTwips, type Geometry, type ParagraphStyle } from './styles.js';
import { halfWidthSpacing } from './half-width.js';
import { drawingXml } from './drawing.js';
import { tableXml } from './table.js';
import { noteId } from './notes.js';
import { numPrXml, type Numbering } from './numbering.js';
import type { BodyParts } from './parts.js';
import type { PlacedMark } from '../../styles/blocks.js';
import { ordered } from './schema.js';
import { el, escapeText, halfPoints, NS, twips } from './xml.js';

/** What paragraphs refer to beyond their text: images, links, notes, numbering, bookmarks. */
export interface BodyContext {
  parts: BodyParts;
  numbering: Numbering;
  /** Ids of the headings that links go to (each gets a bookmark). */
  targets: ReadonlySet<string>;
  /** Notes whose (first) reference is written: a later reference to one is its number as text. */
  referred: Set<number>;
  /** A note's number as text, for a second reference to it. */
  noteText: (note: number) => string;
  /** A seal's or 签名章's anchored picture, given its paragraph's space before (公文, 7.3.5). */
  mark?: (mark: PlacedMark, spaceBefore: number) => string;
}

/** A bookmark name Word accepts for a heading id: letters, digits and _, a letter first, at most 40 characters. */
export function bookmarkName(id: string): string {
  const name = id.replace(/[^\p{L}\p{N}_]/gu, '_');
  return (/^\p{L}/u.test(name) ? name : `h_${name}`).slice(0, 40);
}

const ROOT_NS = { 'xmlns:w': NS.w, 'xmlns:r': NS.r };

const sameGeometry = (a: Geometry, b: Geometry) => Math.abs(a.left - b.left) < 0.01 && Math.abs(a.right - b.right) < 0.01 && Math.abs(a.first - b.first) < 0.01;

/** Text as runs content: line breaks and tabs are elements, not characters, in WordprocessingML. */
export function textXml(text: string): string {
  return text
    .split(/(\n|\t)/)
    .map((part) => (part === '\n' ? el('w:br') : part === '\t' ? el('w:tab') : part === '' ? '' : el('w:t', { 'xml:space': 'preserve' }, escapeText(part))))
    .join('');
}

function runXml(run: DocxRun, style: ParagraphStyle, faces: FaceSet, body?: BodyContext): string {
  if (run.image && body) return el('w:r', {}, drawingXml(run.image, body.parts.image(run.image.file), body.parts.nextDrawing()));
  if (run.note !== undefined && body) {
    const rPr = ordered('w:rPr', {}, el('w:rStyle', { 'w:val': 'FootnoteReference' }));
    if (body.referred.has(run.note)) return el('w:r', {}, rPr, textXml(body.noteText(run.note)));
    body.referred.add(run.note);
    return el('w:r', {}, rPr, el('w:footnoteReference', { 'w:id': noteId(run.note) }));
  }
  const styleFace = faceFor(faces, style.text.role, style.text.bold === true);
  const charStyle = characterStyles.find((c) => c.id === (run.charStyle ?? (run.link ? 'Hyperlink' : undefined)));
  // What the paragraph and character styles already give this run.
  const inheritedFamily = charStyle?.role ? familyOf(faceFor(faces, charStyle.role, false)) : familyOf(styleFace);
  const inheritedBold = charStyle?.bold ?? isBoldFace(styleFace);
  const family = familyOf(run.face);
  const bold = isBoldFace(run.face);
  const size = run.size ?? style.text.size;
  const rPr = (spacing: number | undefined) =>
    ordered(
      'w:rPr',
      {},
      charStyle && el('w:rStyle', { 'w:val': charStyle.id }),
      family !== inheritedFamily && el('w:rFonts', { 'w:ascii': family, 'w:hAnsi': family, 'w:eastAsia': family, 'w:cs': family }),
      bold !== inheritedBold && el('w:b', bold ? {} : { 'w:val': '0' }),
      bold !== inheritedBold && el('w:bCs', bold ? {} : { 'w:val': '0' }),
      spacing !== undefined && el('w:spacing', { 'w:val': spacing }),
      run.size !== undefined && el('w:sz', { 'w:val': halfPoints(run.size) }),
      run.size !== undefined && el('w:szCs', { 'w:val': halfPoints(run.size) }),
    );
  const runEl = (spacing: number | undefined, text: string) => {
    const props = rPr(spacing);
    return el('w:r', {}, props !== '<w:rPr/>' && props, textXml(text));
  };
  if (run.face.halfWidthOf) {
    // Half a cell per character, as the PDF sets the half-width forms (half-width.ts); a
    // punctuation box's spacing beyond the style's condensing (marks.ts) stays on top.
    const condense = style.autoLine ? 0 : gridCondensing(style);
    const half = (size * style.char) / style.text.size / 2;
    return runEl(halfWidthSpacing(run.text, run.face, size, half) + (run.spacing ?? condense) - condense, run.text);
  }
  return runEl(run.spacing, run.text);
}

export function paragraphXml(p: DocxParagraph, faces: FaceSet, vertical: (pt: number) => number, body?: BodyContext): string {
  // A numbered item always states its indents: they win over the numbering level's in Word and LibreOffice alike.
  const ind = sameGeometry(p.geometry, p.style.geometry) && !p.list ? '' : indXml(p.geometry, p.style.char, p.style.geometry);
  // Direct formatting, in the schema's order, only where the style does not already say it.
  const pPr = ordered(
    'w:pPr',
    {},
    el('w:pStyle', { 'w:val': p.style.id }),
    p.keepNext && el('w:keepNext'),
    p.keepLines && el('w:keepLines'),
    p.pageBreakBefore && el('w:pageBreakBefore'),
    p.widowControl && el('w:widowControl'),
    p.list && body && numPrXml(body.numbering.numId(p.list), p.list.depth),
    p.tabs && el('w:tabs', {}, ...p.tabs.map((at) => el('w:tab', { 'w:val': 'center', 'w:pos': twips(at) }))),
    p.offGrid && el('w:snapToGrid', { 'w:val': '0' }),
    p.exactSpaceBefore !== undefined
      ? el('w:spacing', {
          'w:before': twips(p.exactSpaceBefore),
          ...(p.spaceAfter !== undefined ? { 'w:after': vertical(p.spaceAfter) } : {}),
          ...(p.lineHeight !== undefined ? { 'w:line': twips(p.lineHeight), 'w:lineRule': 'exact' } : {}),
        })
      : (p.spaceBefore !== undefined || p.spaceAfter !== undefined || p.lineHeight !== undefined) &&
        el('w:spacing', {
          ...(p.spaceBefore !== undefined ? { 'w:before': vertical(p.spaceBefore) } : {}),
          ...(p.spaceAfter !== undefined ? { 'w:after': vertical(p.spaceAfter) } : {}),
          ...(p.lineHeight !== undefined ? { 'w:line': twips(p.lineHeight), 'w:lineRule': 'exact' } : {}),
        }),
    ind,
    p.align && el('w:jc', { 'w:val': p.align }),
    p.sectPr,
  );
  // Runs of one link go in one w:hyperlink: an external address by relationship, a heading by its bookmark.
  const content: string[] = [];
  if (p.noteMark) content.push(el('w:r', {}, ordered('w:rPr', {}, el('w:rStyle', { 'w:val': 'FootnoteReference' })), el('w:footnoteRef')), el('w:r', {}, el('w:tab')));
  if (p.marks && body?.mark) for (const m of p.marks) content.push(body.mark(m, p.spaceBefore ?? p.style.text.spaceBefore ?? 0));
  if (p.figure && body) content.push(el('w:r', {}, drawingXml(p.figure, body.parts.image(p.figure.file), body.parts.nextDrawing())));
  for (let i = 0; i < p.runs.length; ) {
    const link = p.runs[i]!.link;
    let j = i + 1;
    while (j < p.runs.length && p.runs[j]!.link === link) j++;
    const runs = p.runs.slice(i, j).map((r) => runXml(r, p.style, faces, body)).join('');
    if (link && body) {
      const target = link.startsWith('#') ? { 'w:anchor': bookmarkName(link.slice(1)) } : { 'r:id': body.parts.link(link) };
      content.push(el('w:hyperlink', { ...target, 'w:history': '1' }, runs));
    } else content.push(runs);
    i = j;
  }
  if (p.bookmark && body?.targets.has(p.bookmark)) {
    const id = [...body.targets].indexOf(p.bookmark) + 1;
    content.unshift(el('w:bookmarkStart', { 'w:id': id, 'w:name': bookmarkName(p.bookmark) }));
    content.push(el('w:bookmarkEnd', { 'w:id': id }));
  }
  return el('w:p', {}, pPr, content.join(''));
}

export interface Section {
  /** Relationship ids of the footers: odd (default), for outside placement even, and page 1's when it has its own (an empty one). */
  footerIds: { odd: string; even?: string; first?: string };
  /** w:footnotePr of the section, when the document has notes. */
  footnotePr?: string;
  /** A 公文's 版头 before the paragraphs and its 版记 after them (see official.ts). */
  head?: string;
  foot?: string;
  /**
   * The face the PDF puts the 版记 on (src/prepare recordFace), and the footer without a page
   * number for the pages that carry none (GB/T 9704-2012 7.5): below the text (as without it),
   * alone on the next page, or after a blank page.
   */
  record?: { face: RecordFace; unnumbered: string };
}

export function documentXml(paragraphs: readonly DocxParagraph[], preset: StylePreset, faces: FaceSet, section: Section, context?: BodyContext): string {
  const sections = new SectionProperties(preset, faces, section);
  const face = section.foot ? section.record?.face : undefined;
  // After a blank page the text's section ends with its last paragraph (an empty paragraph after
  // it could spill onto a page of its own); the blank page and the 版记's are a section of their
  // own, whose footers carry no number: an empty paragraph on the blank page, then the 版记's page.
  const blank = face === 'afterBlank' ? el('w:p', {}) : '';
  const text = bodyXml(paragraphs, faces, verticalTwips(preset), sections, context, face === 'afterBlank');
  // A floating 版记 table is positioned by the paragraph after it: a small empty one ends the body;
  // to put the 版记 alone on the next page, that paragraph starts it.
  const end = section.foot
    ? el('w:p', {}, ordered('w:pPr', {}, face !== undefined && face !== 'text' && el('w:pageBreakBefore'), el('w:spacing', { 'w:before': 0, 'w:after': 0, 'w:line': 20, 'w:lineRule': 'exact' })))
    : '';
  return el('w:document', ROOT_NS, el('w:body', {}, section.head ?? '', text, blank, section.foot ?? '', end, sections.xml(false, face === 'afterBlank')));
}

/**
 * The sections' properties: page size, margins, footers, the grid. The document is one portrait
 * section unless it has a table turned to landscape: that table (and its caption) gets a section
 * of its own, the page turned (w:orient), its margins turned with it, so that its type area is the
 * PDF's turned one. Pages are numbered through every section (only the first says where to start).
 */
class SectionProperties {
  private first = true;

  constructor(
    private readonly preset: StylePreset,
    private readonly faces: FaceSet,
    private readonly section: Section,
  ) {}

  /** A section's properties; `unnumbered`: its footers carry no page number (a 公文's blank page and 版记 page after it). */
  xml(landscape: boolean, unnumbered = false): string {
    const { page, grid, body, footer } = this.preset;
    const portrait = page.margin;
    // Turned clockwise for reading: the left margin (订口) is on top.
    const m = landscape ? { top: portrait.left, right: portrait.top, bottom: portrait.right, left: portrait.bottom } : portrait;
    const { metrics } = openFace(faceFor(this.faces, footer.role, false));
    // w:footer is the distance from the paper's edge to the bottom of the footer line: the preset gives
    // the baseline (belowTypeArea under the type area), so take off the footer font's descent.
    const descent = (-metrics.descent / metrics.unitsPerEm) * footer.size;
    const footerDistance = Math.max(0, m.bottom - footer.belowTypeArea - descent);
    const typeHeight = page.height - m.top - m.bottom;
    // A line grid: the character pitch is in the styles, as condensed character spacing
    // (gridCondensing in styles.ts), which Word and LibreOffice both honour; LibreOffice 7.x sets a
    // linesAndChars grid at two cells per 16 pt character. A landscape table's section has none.
    const docGrid =
      grid && !landscape
        ? el('w:docGrid', {
            'w:type': 'lines',
            // Rounded down: 22 lines of a rounded-up pitch (580 tw) overflow 225 mm and push line 22 over.
            'w:linePitch': Math.floor((typeHeight * 20) / grid.linesPerPage),
          })
        : el('w:docGrid', { 'w:linePitch': twips(body.lineHeight) }); // no type: no grid, the exact line heights rule
    const first = this.first;
    this.first = false;
    return ordered(
      'w:sectPr',
      {},
      el('w:footerReference', { 'w:type': 'default', 'r:id': unnumbered ? this.section.record!.unnumbered : this.section.footerIds.odd }),
      this.section.footerIds.even && el('w:footerReference', { 'w:type': 'even', 'r:id': unnumbered ? this.section.record!.unnumbered : this.section.footerIds.even }),
      first && this.section.footerIds.first && el('w:footerReference', { 'w:type': 'first', 'r:id': this.section.footerIds.first }),
      this.section.footnotePr,
      el('w:pgSz', landscape ? { 'w:w': twips(page.height), 'w:h': twips(page.width), 'w:orient': 'landscape' } : { 'w:w': twips(page.width), 'w:h': twips(page.height) }),
      el('w:pgMar', {
        'w:top': twips(m.top),
        'w:right': twips(m.right),
        'w:bottom': twips(m.bottom),
        'w:left': twips(m.left),
        'w:header': twips(footerDistance),
        'w:footer': twips(footerDistance),
        'w:gutter': 0,
      }),
      first && el('w:pgNumType', { 'w:start': 1 }),
      el('w:cols', { 'w:space': twips(body.size * 2) }),
      first && this.section.footerIds.first && el('w:titlePg'),
      docGrid,
    );
  }
}

/**
 * The body's paragraphs and tables. Word joins two tables with nothing between them into one, and
 * wants a paragraph after the last one: an empty paragraph of the table's text goes there. A table
 * turned to landscape ends the section before its caption and has its own, ended by an empty
 * paragraph after it.
 */
function bodyXml(paragraphs: readonly DocxParagraph[], faces: FaceSet, vertical: (pt: number) => number, sections: SectionProperties, context?: BodyContext, endSection = false): string {
  const out: string[] = [];
  const write = (p: DocxParagraph, sectPr?: string) => paragraphXml(sectPr ? { ...p, sectPr } : p, faces, vertical, context);
  // Where a section ends: the paragraph before a landscape table's caption (or before the table).
  const breaks = new Set<number>();
  paragraphs.forEach((p, i) => {
    if (!p.table?.geometry.landscape) return;
    const start = paragraphs[i - 1]?.style.id === 'TableCaption' ? i - 1 : i;
    if (start > 0 && !paragraphs[start - 1]!.table) breaks.add(start - 1);
  });
  // `endSection`: the last paragraph ends the text's section (an empty one after a last table).
  if (endSection && paragraphs.length > 0) breaks.add(paragraphs.length - 1);
  paragraphs.forEach((p, i) => {
    if (!p.table) {
      out.push(write(p, breaks.has(i) ? sections.xml(false) : undefined));
      return;
    }
    out.push(tableXml(p.table, (q) => write(q)));
    const next = paragraphs[i + 1];
    const empty = { style: p.style, geometry: p.style.geometry, runs: [] };
    if (p.table.geometry.landscape) out.push(write(empty, sections.xml(true)));
    else if (!next || next.table) out.push(write(empty, breaks.has(i) ? sections.xml(false) : undefined));
  });
  return out.join('');
}

/** A footer with nothing in it: page 1's of a 信函 (10.1: 第一页不显示页码), a 公文's blank page and the 版记 page after it (7.5). */
export function emptyFooterXml(): string {
  return el('w:ftr', ROOT_NS, el('w:p', {}, ordered('w:pPr', {}, el('w:pStyle', { 'w:val': 'Footer' }))));
}

/** A footer paragraph: the preset's format ('{n}', '— {n} —') with {n} as a PAGE field. */
export function footerXml(preset: StylePreset, faces: FaceSet, usage: FaceUsage, side: 'odd' | 'even'): string {
  const { footer } = preset;
  const chain = fontChain(faces, footer.role, false);
  const styleFamily = familyOf(faceFor(faces, footer.role, false));
  const literal = (text: string) =>
    splitByFace(text, chain)
      .map((r) => {
        const family = familyOf(r.face);
        const rPr = family !== styleFamily ? ordered('w:rPr', {}, el('w:rFonts', { 'w:ascii': family, 'w:hAnsi': family, 'w:eastAsia': family, 'w:cs': family })) : undefined;
        return el('w:r', {}, rPr, textXml(r.text));
      })
      .join('');
  // Its faces, page-number digits included (they are drawn at render time).
  usage.addFooter(faces, footer.role);
  const field = [
    el('w:r', {}, el('w:fldChar', { 'w:fldCharType': 'begin' })),
    el('w:r', {}, el('w:instrText', { 'xml:space': 'preserve' }, ' PAGE ')),
    el('w:r', {}, el('w:fldChar', { 'w:fldCharType': 'separate' })),
    el('w:r', {}, el('w:t', {}, '1')),
    el('w:r', {}, el('w:fldChar', { 'w:fldCharType': 'end' })),
  ].join('');
  const [before, after] = footer.format.split('{n}') as [string, string?];
  const inset = (footer.insetEm ?? 0) * footer.size;
  const placement =
    footer.placement === 'outside'
      ? side === 'odd'
        ? [el('w:ind', { 'w:right': twips(inset) }), el('w:jc', { 'w:val': 'right' })]
        : [el('w:ind', { 'w:left': twips(inset) }), el('w:jc', { 'w:val': 'left' })]
      : [];
  return el(
    'w:ftr',
    ROOT_NS,
    el('w:p', {}, ordered('w:pPr', {}, el('w:pStyle', { 'w:val': 'Footer' }), ...placement), before ? literal(before) : '', field, after ? literal(after) : ''),
  );
}
