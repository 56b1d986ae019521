/**
 * document.xml and the footers: paragraphs in their styles, runs with direct formatting only where
 * the style cannot say it (a fallback face for a character the role's font lacks, a bold fallback),
 * and the section: page size, margins, footer with a PAGE field, and the preset's grid if it has one.
 */
import { faceFor, fontChain, openFace, splitByFace, type FaceSet } from '../../fonts/index.js';
import type { StylePreset } from '../../styles/index.js';
import type { DocxParagraph, DocxRun } from './content.js';
import { familyOf, isBoldFace, type FaceUsage } from './embed.js';
import { characterStyles, indXml, verticalTwips, type Geometry, type ParagraphStyle } from './styles.js';
import { el, escapeText, NS, twips } from './xml.js';

const ROOT_NS = { 'xmlns:w': NS.w, 'xmlns:r': NS.r };

const sameGeometry = (a: Geometry, b: Geometry) => Math.abs(a.left - b.left) < 0.01 && Math.abs(a.right - b.right) < 0.01 && Math.abs(a.first - b.first) < 0.01;

/** Text as runs content: line breaks and tabs are elements, not characters, in WordprocessingML. */
export function textXml(text: string): string {
  return text
    .split(/(\n|\t)/)
    .map((part) => (part === '\n' ? el('w:br') : part === '\t' ? el('w:tab') : part === '' ? '' : el('w:t', { 'xml:space': 'preserve' }, escapeText(part))))
    .join('');
}

function runXml(run: DocxRun, style: ParagraphStyle, faces: FaceSet): string {
  const styleFace = faceFor(faces, style.text.role, style.text.bold === true);
  const charStyle = characterStyles.find((c) => c.id === run.charStyle);
  // What the paragraph and character styles already give this run.
  const inheritedFamily = charStyle?.role ? familyOf(faceFor(faces, charStyle.role, false)) : familyOf(styleFace);
  const inheritedBold = charStyle?.bold ?? isBoldFace(styleFace);
  const family = familyOf(run.face);
  const bold = isBoldFace(run.face);
  const rPr = el(
    'w:rPr',
    {},
    charStyle && el('w:rStyle', { 'w:val': charStyle.id }),
    family !== inheritedFamily && el('w:rFonts', { 'w:ascii': family, 'w:hAnsi': family, 'w:eastAsia': family, 'w:cs': family }),
    bold !== inheritedBold && el('w:b', bold ? {} : { 'w:val': '0' }),
    bold !== inheritedBold && el('w:bCs', bold ? {} : { 'w:val': '0' }),
  );
  return el('w:r', {}, rPr !== '<w:rPr/>' && rPr, textXml(run.text));
}

function paragraphXml(p: DocxParagraph, faces: FaceSet, vertical: (pt: number) => number): string {
  const ind = sameGeometry(p.geometry, p.style.geometry) ? '' : indXml(p.geometry, p.style.char, p.style.geometry);
  // Direct formatting, in the schema's order, only where the style does not already say it.
  const pPr = el(
    'w:pPr',
    {},
    el('w:pStyle', { 'w:val': p.style.id }),
    p.keepNext && el('w:keepNext'),
    p.spaceBefore !== undefined && el('w:spacing', { 'w:before': vertical(p.spaceBefore) }),
    ind,
  );
  return el('w:p', {}, pPr, p.runs.map((r) => runXml(r, p.style, faces)).join(''));
}

export interface Section {
  /** Relationship ids of the footers: odd (default) and, for outside placement, even. */
  footerIds: { odd: string; even?: string };
}

export function documentXml(paragraphs: readonly DocxParagraph[], preset: StylePreset, faces: FaceSet, section: Section): string {
  const { page, grid, body, footer } = preset;
  const m = page.margin;
  const footerFace = faceFor(faces, footer.role, false);
  const { metrics } = openFace(footerFace);
  // w:footer is the distance from the paper's edge to the bottom of the footer line: the preset gives
  // the baseline (belowTypeArea under the type area), so take off the footer font's descent.
  const descent = (-metrics.descent / metrics.unitsPerEm) * footer.size;
  const footerDistance = m.bottom - footer.belowTypeArea - descent;
  const typeHeight = page.height - m.top - m.bottom;
  // A line grid: the character pitch is in the styles, as condensed character spacing
  // (gridCondensing in styles.ts), which Word and LibreOffice both honour; LibreOffice 7.x sets a
  // linesAndChars grid at two cells per 16 pt character.
  const docGrid = grid
    ? el('w:docGrid', {
        'w:type': 'lines',
        // Rounded down: 22 lines of a rounded-up pitch (580 tw) overflow 225 mm and push line 22 over.
        'w:linePitch': Math.floor(typeHeight * 20 / grid.linesPerPage),
      })
    : el('w:docGrid', { 'w:linePitch': twips(body.lineHeight) }); // no type: no grid, the exact line heights rule
  const sectPr = el(
    'w:sectPr',
    {},
    el('w:footerReference', { 'w:type': 'default', 'r:id': section.footerIds.odd }),
    section.footerIds.even && el('w:footerReference', { 'w:type': 'even', 'r:id': section.footerIds.even }),
    el('w:pgSz', { 'w:w': twips(page.width), 'w:h': twips(page.height) }),
    el('w:pgMar', {
      'w:top': twips(m.top),
      'w:right': twips(m.right),
      'w:bottom': twips(m.bottom),
      'w:left': twips(m.left),
      'w:header': twips(footerDistance),
      'w:footer': twips(footerDistance),
      'w:gutter': 0,
    }),
    el('w:pgNumType', { 'w:start': 1 }),
    el('w:cols', { 'w:space': twips(body.size * 2) }),
    docGrid,
  );
  return el('w:document', ROOT_NS, el('w:body', {}, paragraphs.map((p) => paragraphXml(p, faces, verticalTwips(preset))).join(''), sectPr));
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
        const rPr = family !== styleFamily ? el('w:rPr', {}, el('w:rFonts', { 'w:ascii': family, 'w:hAnsi': family, 'w:eastAsia': family, 'w:cs': family })) : undefined;
        return el('w:r', {}, rPr, textXml(r.text));
      })
      .join('');
  // Its faces and characters, page-number digits included (they are drawn at render time).
  usage.addFooter(faces, footer.role, footer.format);
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
        ? el('w:ind', { 'w:right': twips(inset) }) + el('w:jc', { 'w:val': 'right' })
        : el('w:ind', { 'w:left': twips(inset) }) + el('w:jc', { 'w:val': 'left' })
      : '';
  return el(
    'w:ftr',
    ROOT_NS,
    el('w:p', {}, el('w:pPr', {}, el('w:pStyle', { 'w:val': 'Footer' }), placement), before ? literal(before) : '', field, after ? literal(after) : ''),
  );
}
