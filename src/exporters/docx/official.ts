/**
 * A 公文's elements in the DOCX, at the places src/prepare/official.ts worked out (the PDF draws
 * the same numbers):
 *
 * - the 版头: paragraphs before the title, off the line grid (w:snapToGrid 0) with exact line
 *   heights and the space before each that puts its characters' top where the PDF's is
 *   (LibreOffice and Word set a line's text at the top of an exact line); the red line is the
 *   发文字号 paragraph's bottom border, its line box ending 4 mm below the characters;
 * - the seal: a picture anchored behind the text of the 署名's paragraph, at the PDF's place;
 * - the 版记: a table as wide as the type area, floating at the bottom of the type area, its top,
 *   inner and bottom borders the 0.35 / 0.25 / 0.35 mm rules, its cells inset one character.
 */

import type { OfficialLayout, PlacedHead, TypesetDocument } from '../../prepare/index.js';
import type { BoundBlock, PlacedImage, PlacedMark } from '../../styles/blocks.js';
import { familyOf, type FaceUsage } from './embed.js';
import { openFace, ownFace } from '../../fonts/index.js';
import { halfWidthSpacing } from './half-width.js';
import { textXml } from './document.js';
import { ordered } from './schema.js';
import { el, halfPoints, twips } from './xml.js';
import type { BodyParts } from './parts.js';
import { verticalTwips } from './styles.js';

const NS_WP = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_PIC = 'http://schemas.openxmlformats.org/drawingml/2006/picture';
const NS_WPS = 'http://schemas.microsoft.com/office/word/2010/wordprocessingShape';
const emu = (pt: number) => Math.round(pt * 12700);
/** Border widths are in eighths of a point. */
const eighths = (pt: number) => Math.max(2, Math.round(pt * 8));

/** Runs of a bound block: each face's text with its font and size stated, in `color` when given. */
function runsXml(b: BoundBlock, size: number, usage: FaceUsage, scale: number, color?: string): string {
  return b.runs
    .filter((r) => r.text !== '')
    .map((r) => {
      usage.add(ownFace(r.face));
      const family = familyOf(r.face);
      // Half-width forms at half a cell of the grid, as the PDF sets them (half-width.ts).
      const spacing = r.face.halfWidthOf ? halfWidthSpacing(r.text, r.face, size, (size * scale) / 2) : undefined;
      const rPr = ordered(
        'w:rPr',
        {},
        el('w:rFonts', { 'w:ascii': family, 'w:hAnsi': family, 'w:eastAsia': family, 'w:cs': family }),
        color && el('w:color', { 'w:val': color }),
        spacing !== undefined && el('w:spacing', { 'w:val': spacing }),
        el('w:sz', { 'w:val': halfPoints(size) }),
        el('w:szCs', { 'w:val': halfPoints(size) }),
      );
      return el('w:r', {}, rPr, textXml(r.text));
    })
    .join('');
}

/**
 * Where a line box of exact height `height` must start for its characters' em box to start at
 * `top`. LibreOffice sets the baseline of an exact line at the height's share of the face's
 * ascent (ascent over ascent + descent + line gap, from hhea), measured on its renders to within
 * half a point for the bundled faces; our em box tops are 0.88 em above the baseline.
 */
function lineTopFor(b: BoundBlock, size: number, top: number, height: number): number {
  const m = openFace(b.runs[0]!.face).metrics;
  const share = m.ascent / (m.ascent - m.descent + m.lineGap);
  return top + ASCENT * size - height * share;
}

/**
 * The height of a 版头 line: the one whose box starts at its characters' em top (so that line 1
 * can start on the type area's top edge, which space before cannot go above).
 */
function naturalHeight(b: BoundBlock, size: number): number {
  const m = openFace(b.runs[0]!.face).metrics;
  return (ASCENT * size * (m.ascent - m.descent + m.lineGap)) / m.ascent;
}

/** How much lower than the PDF LibreOffice sets a block's text in its exact line (the grid line). */
export function textDrop(b: BoundBlock, size: number, height: number): number {
  return b.block.style.lineHeight > 0 ? lineTopFor(b, size, 0, height) * -1 : 0;
}

/** Baseline to em-box top, as the PDF sets CJK text. */
const ASCENT = 0.88;

interface HeadLine {
  top: number;
  height: number;
  xml: (spaceBefore: number) => string;
}

/**
 * The 版头 as paragraphs, and the space the title needs before it to start on the PDF's line.
 * Elements on one line (the 发文字号 and the last 签发人) share a paragraph, the 签发人 at a right tab.
 */
export function headXml(doc: TypesetDocument, usage: FaceUsage, nextDrawing: () => number): { xml: string; titleSpace: number } {
  const layout = doc.official!;
  const { preset } = doc;
  const m = preset.page.margin;
  const typeWidth = doc.typeWidth;
  const k = doc.grid.scale;
  const os = preset.official!;
  const lines: HeadLine[] = [];
  const para = (h: PlacedHead, height: number, body: string, extra: { jc: string; ind?: Record<string, number>; tabs?: string; border?: string }) => (spaceBefore: number) =>
    el(
      'w:p',
      {},
      ordered(
        'w:pPr',
        {},
        el('w:pStyle', { 'w:val': 'Normal' }),
        el('w:keepNext'),
        extra.border,
        extra.tabs,
        el('w:snapToGrid', { 'w:val': '0' }),
        el('w:spacing', { 'w:before': twips(spaceBefore), 'w:after': 0, 'w:line': twips(height), 'w:lineRule': 'exact' }),
        extra.ind && el('w:ind', extra.ind),
        el('w:jc', { 'w:val': extra.jc }),
      ),
      body,
    );
  const head = layout.head;
  const number = head.find((h) => h.bound.block.head === 'number');
  const signers = head.filter((h) => h.bound.block.head === 'signer');
  const names = head.filter((h) => h.bound.block.head === 'issuer');
  const suffix = head.find((h) => h.bound.block.head === 'issuerSuffix');
  // 信函 (10.1): the 标志 above the type area and the double lines are drawn, anchored to the page.
  const letter = doc.document.meta.official?.format === '信函';
  const redRule = letter ? undefined : layout.rules[0];
  if (letter) lines.push({ top: m.top, height: ANCHOR_HEIGHT, xml: (spaceBefore) => letterheadXml(doc, names, usage, nextDrawing, spaceBefore) });
  // A 信函's 发文字号 shares the first line with the 份号, at a right tab (10.1).
  const firstRow = letter && number ? head.find((h) => (h.bound.block.head === 'copy' || h.bound.block.head === 'secrecy' || h.bound.block.head === 'urgency') && Math.abs(h.top - number.top) < 0.5) : undefined;
  const rightTab = el('w:tabs', {}, el('w:tab', { 'w:val': 'right', 'w:pos': twips(typeWidth) }));
  // The 发文字号's line box ends where the red line is: its bottom border (7.2.7).
  const border = (color: string, thickness: number) => el('w:pBdr', {}, el('w:bottom', { 'w:val': 'single', 'w:sz': eighths(thickness), 'w:space': 0, 'w:color': color }));
  const plain = { 'w:left': 0, 'w:firstLine': 0, 'w:firstLineChars': 0 };
  /** A line whose em box starts at `h.top`: its box starts above by what LibreOffice puts over the text. */
  const placed = (h: PlacedHead, body: string, extra: Parameters<typeof para>[3], height = naturalHeight(h.bound, h.size)) =>
    lines.push({ top: lineTopFor(h.bound, h.size, h.top, height), height, xml: para(h, height, body, extra) });
  for (const h of head) {
    const b = h.bound.block;
    const size = h.size;
    if (h === firstRow) {
      placed(h, runsXml(h.bound, size, usage, k) + el('w:r', {}, el('w:tab')) + runsXml(number!.bound, number!.size, usage, k), { jc: 'left', ind: plain, tabs: rightTab });
    } else if (b.head === 'copy' || b.head === 'secrecy' || b.head === 'urgency') {
      placed(h, runsXml(h.bound, size, usage, k), { jc: 'left', ind: plain });
    } else if (letter && (b.head === 'issuer' || b.head === 'issuerSuffix')) {
      continue; // in the letterhead
    } else if (letter && (b.head === 'number' || b.head === 'signer')) {
      if (h !== number || !firstRow) placed(h, runsXml(h.bound, h.size, usage, k), { jc: 'right', ind: plain });
    } else if (b.head === 'issuer' && names.length === 1) {
      placed(h, runsXml(h.bound, size, usage, k, b.color), { jc: 'center', ind: plain });
    } else if (b.head === 'issuer' && h === names[0]) {
      // Joint issuers: a borderless table, the names in the left column, the format's word in the right, centred on them.
      const pitch = names.length > 1 ? names[1]!.top - names[0]!.top : size;
      const height = (names.length - 1) * pitch + size;
      lines.push({ top: h.top, height, xml: (spaceBefore) => jointXml(names, suffix, pitch, spaceBefore, usage, typeWidth, m.left) });
    } else if (b.head === 'signer' && h !== signers.at(-1)) {
      placed(h, runsXml(h.bound, h.size, usage, k), b.style.align === 'left' ? { jc: 'left', ind: { ...plain, 'w:left': twips(b.left * k) } } : { jc: 'right', ind: { ...plain, 'w:right': twips(b.right * k) } });
    } else if (b.head === 'number' || (b.head === 'signer' && !number)) {
      const signer = signers.at(-1);
      const first = number ?? signer!;
      const rule = redRule && !doc.document.meta.official?.preprinted ? border(redRule.color, redRule.thickness) : undefined;
      if (signer) {
        // An upward document: 发文字号 one character in from the left, the last 签发人 one in from the right.
        const inset = os.numberLeftEm * preset.body.size * k;
        const right = os.signerRightEm * preset.body.size * k;
        // The last 签发人 line at a right tab one character in, or, wrapped, at a left tab under the
        // first name (7.2.6); LibreOffice measures both from the margin, not the indent, as its render shows.
        const wrapped = signer.bound.block.style.align === 'left';
        const tabs = el('w:tabs', {}, el('w:tab', wrapped ? { 'w:val': 'left', 'w:pos': twips(signer.bound.block.left * k) } : { 'w:val': 'right', 'w:pos': twips(typeWidth - right) }));
        const body = (number ? runsXml(number.bound, number.size, usage, k) : '') + el('w:r', {}, el('w:tab')) + runsXml(signer.bound, signer.size, usage, k);
        placed(first, body, { jc: 'left', ind: { ...plain, 'w:left': twips(inset) }, tabs });
      } else {
        placed(first, runsXml(first.bound, first.size, usage, k), { jc: 'center', ind: plain });
      }
    }
  }
  // The red line (7.2.7): the bottom border of an empty line that ends on it.
  if (redRule && !doc.document.meta.official?.preprinted) {
    const height = 2;
    const top = redRule.y - redRule.thickness / 2 - height;
    lines.push({
      top, height,
      xml: (spaceBefore) =>
        el('w:p', {}, ordered('w:pPr', {}, el('w:keepNext'), border(redRule.color, redRule.thickness), el('w:snapToGrid', { 'w:val': '0' }), el('w:spacing', { 'w:before': twips(spaceBefore), 'w:after': 0, 'w:line': twips(height), 'w:lineRule': 'exact' }), el('w:ind', plain)), el('w:r', {}, ordered('w:rPr', {}, el('w:sz', { 'w:val': 2 })))),
    });
  }
  lines.sort((a, b) => a.top - b.top);
  // Added up as the word processor does, in the whole twips written (the top margin's too): a
  // twip too many above the text and LibreOffice finds no room for page 1's 22nd line.
  const whole = (pt: number) => twips(pt) / 20;
  let y = whole(m.top);
  const xml = lines
    .map((l) => {
      const before = Math.max(0, l.top - y);
      y += whole(before) + whole(l.height);
      return l.xml(before);
    })
    .join('');
  // The border's own width comes after the last line box.
  if (redRule) y += eighths(redRule.thickness) / 8;
  // The title on the grid line the PDF starts it on, as the word processor counts grid lines: at
  // the DOCX's whole-twip pitch (579 tw for 28.99 pt; at the PDF's the text below the title would
  // start 8 tw under its grid line).
  const bodyTop = whole(m.top) + verticalTwips(preset)(layout.bodyTop - m.top) / 20;
  return { xml, titleSpace: Math.max(0, bodyTop - y) };
}

/** The height of the empty paragraph that anchors a 信函's letterhead. */
const ANCHOR_HEIGHT = 1;

/**
 * A 信函's letterhead (10.1), anchored to page 1 in an empty paragraph and out of the text's way
 * (wrapNone): the 主办机关's 标志 in a borderless text box, its characters' top 30 mm from the page
 * top (above the type area, where no paragraph can go), and the red double lines as line shapes
 * at the PDF's places. 套打 leaves them all out (the paper has them).
 */
function letterheadXml(doc: TypesetDocument, names: PlacedHead[], usage: FaceUsage, nextDrawing: () => number, spaceBefore: number): string {
  const layout = doc.official!;
  const anchor = (x: number, y: number, cx: number, cy: number, shape: string) => {
    const id = nextDrawing();
    return el(
      'w:r', {},
      el(
        'w:drawing', {},
        ordered(
          'wp:anchor',
          { distT: 0, distB: 0, distL: 0, distR: 0, simplePos: '0', relativeHeight: 251659264 + id, behindDoc: '0', locked: '0', layoutInCell: '1', allowOverlap: '1', 'xmlns:wp': NS_WP },
          el('wp:simplePos', { x: 0, y: 0 }),
          el('wp:positionH', { relativeFrom: 'page' }, el('wp:posOffset', {}, String(emu(x)))),
          el('wp:positionV', { relativeFrom: 'page' }, el('wp:posOffset', {}, String(emu(y)))),
          el('wp:extent', { cx: emu(cx), cy: emu(cy) }),
          el('wp:effectExtent', { l: 0, t: 0, r: 0, b: 0 }),
          el('wp:wrapNone'),
          el('wp:docPr', { id, name: `Letterhead ${id}` }),
          el('wp:cNvGraphicFramePr'),
          el('a:graphic', { 'xmlns:a': NS_A }, el('a:graphicData', { uri: NS_WPS }, el('wps:wsp', { 'xmlns:wps': NS_WPS }, shape))),
        ),
      ),
    );
  };
  const xfrm = (cx: number, cy: number) => el('a:xfrm', {}, el('a:off', { x: 0, y: 0 }), el('a:ext', { cx: emu(cx), cy: emu(cy) }));
  const lines = layout.rules.map((r) =>
    anchor(r.x1, r.y, r.x2 - r.x1, 0,
      el('wps:cNvCnPr') +
      el('wps:spPr', {}, xfrm(r.x2 - r.x1, 0), el('a:prstGeom', { prst: 'line' }, el('a:avLst')), el('a:ln', { w: emu(r.thickness), cap: 'flat' }, el('a:solidFill', {}, el('a:srgbClr', { val: r.color })))) +
      el('wps:bodyPr')),
  );
  const marks = names.map((h) => {
    const height = naturalHeight(h.bound, h.size);
    const top = lineTopFor(h.bound, h.size, h.top, height);
    const p = el('w:p', {}, ordered('w:pPr', {}, el('w:snapToGrid', { 'w:val': '0' }), el('w:spacing', { 'w:before': 0, 'w:after': 0, 'w:line': twips(height), 'w:lineRule': 'exact' }), el('w:ind', { 'w:left': 0, 'w:right': 0, 'w:firstLine': 0 }), el('w:jc', { 'w:val': 'center' })), runsXml(h.bound, h.size, usage, doc.grid.scale, h.bound.block.color));
    return anchor(h.left, top, h.width, height,
      el('wps:cNvSpPr', { txBox: '1' }) +
      el('wps:spPr', {}, xfrm(h.width, height), el('a:prstGeom', { prst: 'rect' }, el('a:avLst')), el('a:noFill'), el('a:ln', {}, el('a:noFill'))) +
      el('wps:txbx', {}, el('w:txbxContent', {}, p)) +
      el('wps:bodyPr', { rot: 0, vert: 'horz', wrap: 'square', lIns: 0, tIns: 0, rIns: 0, bIns: 0, anchor: 't', anchorCtr: '0' }, el('a:noAutofit')));
  });
  const pPr = ordered('w:pPr', {}, el('w:keepNext'), el('w:snapToGrid', { 'w:val': '0' }), el('w:spacing', { 'w:before': twips(spaceBefore), 'w:after': 0, 'w:line': twips(ANCHOR_HEIGHT), 'w:lineRule': 'exact' }));
  return el('w:p', {}, pPr, ...marks, ...lines);
}

/** Joint issuers (7.2.4): names stacked in one column, the format's word to their right, vertically centred, all red. */
function jointXml(names: PlacedHead[], suffix: PlacedHead | undefined, pitch: number, spaceBefore: number, usage: FaceUsage, typeWidth: number, pageLeft: number): string {
  const size = names[0]!.size;
  const left = names[0]!.left - pageLeft;
  const column = names[0]!.width;
  const suffixWidth = suffix ? suffix.left - names[0]!.left - column + suffix.width : 0;
  const cellPara = (h: PlacedHead, jc: string, height: number) =>
    el('w:p', {}, ordered('w:pPr', {}, el('w:snapToGrid', { 'w:val': '0' }), el('w:spacing', { 'w:before': 0, 'w:after': 0, 'w:line': twips(height), 'w:lineRule': 'exact' }), el('w:jc', { 'w:val': jc })), runsXml(h.bound, size, usage, 1 /* 标志 in 小标宋: no half-width digits */, h.bound.block.color));
  const none = el('w:tblBorders', {}, ...['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((s) => el(`w:${s}`, { 'w:val': 'nil' })));
  const cellMar = el('w:tblCellMar', {}, el('w:left', { 'w:w': 0, 'w:type': 'dxa' }), el('w:right', { 'w:w': 0, 'w:type': 'dxa' }));
  const namesCell = el('w:tc', {}, ordered('w:tcPr', {}, el('w:tcW', { 'w:w': twips(column), 'w:type': 'dxa' }), el('w:vAlign', { 'w:val': 'center' })), names.map((h, i) => cellPara(h, 'distribute', i === names.length - 1 ? size : pitch)).join(''));
  const suffixCell = suffix
    ? el('w:tc', {}, ordered('w:tcPr', {}, el('w:tcW', { 'w:w': twips(suffixWidth), 'w:type': 'dxa' }), el('w:vAlign', { 'w:val': 'center' })), cellPara(suffix, 'right', size))
    : '';
  const spacer = el('w:p', {}, ordered('w:pPr', {}, el('w:snapToGrid', { 'w:val': '0' }), el('w:spacing', { 'w:before': 0, 'w:after': 0, 'w:line': Math.max(20, twips(spaceBefore)), 'w:lineRule': 'exact' })));
  return (
    spacer +
    el(
      'w:tbl',
      {},
      ordered('w:tblPr', {}, el('w:tblW', { 'w:w': twips(column + suffixWidth), 'w:type': 'dxa' }), el('w:jc', { 'w:val': 'center' }), none, el('w:tblLayout', { 'w:type': 'fixed' }), cellMar),
      el('w:tblGrid', {}, el('w:gridCol', { 'w:w': twips(column) }), suffix ? el('w:gridCol', { 'w:w': twips(suffixWidth) }) : ''),
      el('w:tr', {}, namesCell, suffixCell),
    ) +
    (void left, void typeWidth, '')
  );
}

/** A seal or 签名章: a picture anchored behind the text, its centre where the PDF draws it, relative to its paragraph (the 署名's, the 职务's). */
export function sealXml(seal: PlacedMark, relId: string, id: number, spaceBefore: number, textDrop: number): string {
  const image: PlacedImage = seal.image;
  const x = seal.centerX - image.width / 2;
  // The paragraph's top is above its first line by its space before; the text sits `textDrop`
  // lower in its exact line than the PDF's (see lineTopFor), and the seal goes with the text.
  const y = spaceBefore + seal.centerBelow - image.height / 2 + textDrop;
  const pic = ordered(
    'pic:pic',
    { 'xmlns:pic': NS_PIC },
    ordered('pic:nvPicPr', {}, el('pic:cNvPr', { id, name: `Seal ${id}`, descr: image.alt }), el('pic:cNvPicPr')),
    ordered('pic:blipFill', {}, el('a:blip', { 'r:embed': relId }), el('a:stretch', {}, el('a:fillRect'))),
    ordered('pic:spPr', {}, ordered('a:xfrm', {}, el('a:off', { x: 0, y: 0 }), el('a:ext', { cx: emu(image.width), cy: emu(image.height) })), el('a:prstGeom', { prst: 'rect' }, el('a:avLst'))),
  );
  return el(
    'w:r',
    {},
    el(
      'w:drawing',
      {},
      ordered(
        'wp:anchor',
        { distT: 0, distB: 0, distL: 0, distR: 0, simplePos: '0', relativeHeight: 251659264, behindDoc: '1', locked: '0', layoutInCell: '1', allowOverlap: '1', 'xmlns:wp': NS_WP },
        el('wp:simplePos', { x: 0, y: 0 }),
        el('wp:positionH', { relativeFrom: 'margin' }, el('wp:posOffset', {}, String(emu(x)))),
        el('wp:positionV', { relativeFrom: 'paragraph' }, el('wp:posOffset', {}, String(emu(y)))),
        el('wp:extent', { cx: emu(image.width), cy: emu(image.height) }),
        el('wp:effectExtent', { l: 0, t: 0, r: 0, b: 0 }),
        el('wp:wrapNone'),
        el('wp:docPr', { id, name: `Seal ${id}`, descr: image.alt }),
        el('wp:cNvGraphicFramePr', {}, el('a:graphicFrameLocks', { 'xmlns:a': NS_A, noChangeAspect: '1' })),
        el('a:graphic', { 'xmlns:a': NS_A }, el('a:graphicData', { uri: NS_PIC }, pic)),
      ),
    ),
  );
}

/**
 * The 版记 (7.4): a table as wide as the type area, floating so that its last row ends on the
 * type area's bottom on the page it is on; one row per element (抄送, 印发), its top border 0.35 mm,
 * between the rows 0.25 mm, its bottom 0.35 mm; the text one character in on each side (cell
 * margins; Word and LibreOffice put the cell text, not the border, at tblpX), a wrapped 抄送 line hanging after `抄送：`, the 印发 date at a right tab. Placed
 * against the page's left edge, not the margin's: LibreOffice keeps a table as wide as the text
 * area in the text flow (nothing could wrap beside it) unless it is positioned on the page.
 */
export function recordXml(doc: TypesetDocument, rows: BoundBlock[], usage: FaceUsage): string {
  if (rows.length === 0) return '';
  const { preset } = doc;
  const rs = preset.official!.record;
  const line = doc.pitch?.line ?? rs.text.lineHeight;
  const k = doc.grid.scale;
  const inset = rs.insetEm * preset.body.size * k;
  const width = doc.typeWidth;
  const m = preset.page.margin;
  const typeHeight = preset.page.height - m.top - m.bottom;
  const height = rows.reduce((h, b) => h + lineCount(b) * line, 0);
  const row = (b: BoundBlock) => {
    const g = b.block;
    const hang = g.hang ? -g.firstIndent * k : 0;
    const tab = b.runs.findIndex((r) => r.text === '\t');
    const content =
      tab >= 0
        ? runsXml({ ...b, runs: b.runs.slice(0, tab) }, rs.text.size, usage, k) + el('w:r', {}, el('w:tab')) + runsXml({ ...b, runs: b.runs.slice(tab + 1) }, rs.text.size, usage, k)
        : runsXml(b, rs.text.size, usage, k);
    const pPr = ordered(
      'w:pPr',
      {},
      el('w:keepNext'),
      tab >= 0 && el('w:tabs', {}, el('w:tab', { 'w:val': 'right', 'w:pos': twips(width - 2 * inset) })),
      el('w:snapToGrid', { 'w:val': '0' }),
      el('w:spacing', { 'w:before': 0, 'w:after': 0, 'w:line': twips(line), 'w:lineRule': 'exact' }),
      el('w:ind', hang > 0 ? { 'w:left': twips(hang), 'w:hanging': twips(hang) } : { 'w:left': 0, 'w:firstLine': 0, 'w:firstLineChars': 0 }),
      el('w:jc', { 'w:val': 'left' }),
    );
    return el(
      'w:tr', {},
      ordered('w:trPr', {}, el('w:cantSplit'), el('w:trHeight', { 'w:val': twips(line * lineCount(b)), 'w:hRule': 'exact' })),
      el('w:tc', {}, ordered('w:tcPr', {}, el('w:tcW', { 'w:w': twips(width), 'w:type': 'dxa' })), el('w:p', {}, pPr, content)),
    );
  };
  const letter = doc.document.meta.official?.format === '信函';
  const rule = (pt: number) => (letter ? { 'w:val': 'nil' } : { 'w:val': 'single', 'w:sz': eighths(pt), 'w:space': 0, 'w:color': '000000' });
  const borders = el(
    'w:tblBorders', {},
    el('w:top', rule(rs.outer)), el('w:left', { 'w:val': 'nil' }), el('w:bottom', rule(rs.outer)),
    el('w:right', { 'w:val': 'nil' }), el('w:insideH', rule(rs.inner)), el('w:insideV', { 'w:val': 'nil' }),
  );
  const tblPr = ordered(
    'w:tblPr', {},
    el('w:tblpPr', { 'w:leftFromText': 0, 'w:rightFromText': 0, 'w:topFromText': 0, 'w:bottomFromText': 0, 'w:vertAnchor': 'margin', 'w:horzAnchor': 'page', 'w:tblpX': twips(m.left + inset), 'w:tblpY': twips(typeHeight - height) }),
    el('w:tblW', { 'w:w': twips(width), 'w:type': 'dxa' }),
    borders,
    el('w:tblLayout', { 'w:type': 'fixed' }),
    el('w:tblCellMar', {}, el('w:top', { 'w:w': 0, 'w:type': 'dxa' }), el('w:left', { 'w:w': twips(inset), 'w:type': 'dxa' }), el('w:bottom', { 'w:w': 0, 'w:type': 'dxa' }), el('w:right', { 'w:w': twips(inset), 'w:type': 'dxa' })),
  );
  return el('w:tbl', {}, tblPr, el('w:tblGrid', {}, el('w:gridCol', { 'w:w': twips(width) })), rows.map(row).join(''));
}

/** The lines a 版记 row takes: as many as the PDF sets (worked out from its text's width). */
function lineCount(b: BoundBlock): number {
  return b.lines ?? 1;
}

export type { BodyParts };
