/**
 * Named styles (styles.xml) from the preset: every paragraph the exporter writes uses one of
 * these, so a user who edits the DOCX keeps the look by applying styles. Each paragraph style is
 * self-contained (based on no other style): first-line indents and hanging indents then never
 * mix through inheritance, which Word and LibreOffice resolve differently.
 */
import { faceFor, type FaceSet } from '../../fonts/index.js';
import type { FontRole } from '../../model/index.js';
import { gridPitch, headingStyle, inlineMarkers, type StylePreset, type TextStyle } from '../../styles/index.js';
import { familyOf, isBoldFace } from './embed.js';
import { ordered } from './schema.js';
import { el, halfPoints, twips } from './xml.js';

/** Indents of a paragraph in points; `first` < 0 is a hanging indent. */
export interface Geometry {
  left: number;
  right: number;
  first: number;
}

export interface ParagraphStyle {
  id: string;
  name: string;
  text: TextStyle;
  geometry: Geometry;
  /** One character in points, the unit of the *Chars indents: the style's em, or on a grid the grid character. */
  char: number;
  /** Outline level 0–8 (Heading 1 is 0): the navigation pane and tables of contents use it. */
  outline?: number;
  keepNext?: boolean;
  /** Single line spacing instead of the style's exact line height (the footer, a figure's picture). */
  autoLine?: boolean;
  isDefault?: boolean;
  /** Written to styles.xml only when a paragraph uses it (figures, captions, notes). */
  optional?: boolean;
  /** Not snapped to the document's line grid (w:snapToGrid 0): the 公文 title. */
  offGrid?: boolean;
  /** Line heights and spaces in points as they are, not whole grid lines (a table's cells, set off the grid). */
  ownLines?: boolean;
}

export interface CharacterStyle {
  id: 'Strong' | 'Emphasis' | 'Hyperlink' | 'FootnoteReference';
  name: string;
  /** The role whose face the style sets, if it changes the font. */
  role?: FontRole;
  bold?: boolean;
  superscript?: boolean;
  /** Written to styles.xml only when a run uses it. */
  optional?: boolean;
}

/** Word's built-in style ids and names, so Word maps them to its own (and localises the names). */
export const headingStyleId = (level: number): string => `Heading${Math.min(Math.max(level, 1), 6)}`;

/**
 * Points of a horizontal inset given in em of a style: on a character grid (公文) an em counts
 * one grid character (the grid pitch over the body size), as in the PDF; otherwise 1.
 */
export const gridScale = (preset: StylePreset): number => gridPitch(preset)?.scale ?? 1;

/**
 * A vertical length (line height, space before or after) in twips. On a grid it is a whole number
 * of grid lines, each Word's whole-twip pitch (the docGrid's linePitch, rounded down: 579 tw for
 * 公文), so that 22 lines fill the type area instead of the 22nd overflowing it.
 */
export function verticalTwips(preset: StylePreset): (pt: number) => number {
  const grid = gridPitch(preset);
  if (!grid) return twips;
  const pitch = Math.floor(grid.line * 20);
  return (pt) => Math.round(pt / grid.line) * pitch;
}

export function paragraphStyles(preset: StylePreset): ParagraphStyle[] {
  const k = gridScale(preset);
  const geometryOf = (s: TextStyle): Geometry => ({ left: (s.leftEm ?? 0) * s.size * k, right: (s.rightEm ?? 0) * s.size * k, first: (s.indentEm ?? 0) * s.size * k });
  const style = (id: string, name: string, text: TextStyle, extra: Partial<ParagraphStyle> = {}): ParagraphStyle => ({ id, name, text, geometry: geometryOf(text), char: text.size * k, ...extra });
  // The title off the line grid: LibreOffice gives a line whose characters are taller than a grid
  // cell (22 pt in 28.95) two cells; at its exact line height it takes one, as in the PDF.
  const styles: ParagraphStyle[] = [style('Normal', 'Normal', preset.body, { isDefault: true }), style('Title', 'Title', preset.title, { keepNext: true, offGrid: preset.grid !== undefined })];
  for (let level = 1; level <= 6; level++) {
    // Levels are the blocks' levels: by numbering when the preset has rules for it (公文: 一、 黑体, （一） 楷体, 1. and （1） 仿宋).
    styles.push(style(headingStyleId(level), `heading ${level}`, headingStyle(preset, level), { outline: level - 1, keepNext: true }));
  }
  const li = preset.listItem;
  const liIndent = (li.leftEm ?? 2) * li.size * k;
  styles.push(
    style('Quote', 'Quote', preset.quote),
    // The marker sits in the hanging space, the text starts at the left indent; inline markers
    // (公文) open a natural paragraph, indented as the body's.
    style('ListParagraph', 'List Paragraph', li, inlineMarkers(preset) ? {} : { geometry: { left: liIndent, right: (li.rightEm ?? 0) * li.size * k, first: -liIndent } }),
    style('Byline', 'Byline', preset.byline),
    style('Subtitle', 'Subtitle', preset.subtitle, { keepNext: true, optional: true }),
  );
  // The date line of a signature block: the byline's style, directly under it.
  if (preset.signature?.date) styles.push(style('Date', 'Date', { ...preset.byline, spaceBefore: 0 }));
  // A figure's picture (centred, its line as tall as the picture), its caption, a footnote's text.
  const f = preset.figure;
  styles.push(
    style('Figure', 'Figure', { ...preset.body, align: 'center', spaceBefore: f.spaceBefore, spaceAfter: 0 }, { geometry: { left: 0, right: 0, first: 0 }, autoLine: true, optional: true }),
    style('Caption', 'caption', { ...f.caption, spaceAfter: f.spaceAfter }, { geometry: { left: 0, right: 0, first: 0 }, optional: true }),
    // A table's caption above it, kept with it; its cells' text, set off the character grid at the table's own sizes.
    style('TableCaption', 'table caption', { ...preset.table.caption, spaceBefore: preset.table.spaceBefore }, { geometry: { left: 0, right: 0, first: 0 }, keepNext: true, optional: true }),
    style('TableText', 'table text', preset.table.text, { geometry: { left: 0, right: 0, first: 0 }, char: preset.table.text.size, offGrid: true, ownLines: true, optional: true }),
    style('TableHeading', 'table heading', preset.table.header, { geometry: { left: 0, right: 0, first: 0 }, char: preset.table.header.size, offGrid: true, ownLines: true, optional: true }),
    style('FootnoteText', 'footnote text', preset.notes.text, {
      geometry: { left: preset.notes.markerEm * preset.notes.text.size * k, right: 0, first: -preset.notes.markerEm * preset.notes.text.size * k },
      char: preset.notes.text.size,
      optional: true,
    }),
  );
  // 公文: 附件N in 黑体, flush left, on the first line of a new page (7.3.7).
  if (preset.official) styles.push(style('AttachmentLabel', 'Attachment Label', preset.official.attachmentLabel, { keepNext: true, optional: true }));
  styles.push(
    style('Separator', 'Separator', { ...preset.body, align: 'center' }, { geometry: { left: 0, right: 0, first: 0 } }),
    style('Footer', 'footer', { role: preset.footer.role, size: preset.footer.size, lineHeight: preset.footer.size, align: 'center' }, {
      geometry: { left: 0, right: 0, first: 0 },
      autoLine: true,
    }),
  );
  return styles;
}

export const characterStyles: readonly CharacterStyle[] = [
  { id: 'Strong', name: 'Strong', bold: true },
  { id: 'Emphasis', name: 'Emphasis', role: 'kai' },
  // Links look like the text around them, as in the PDF (a user can give the style a colour).
  { id: 'Hyperlink', name: 'Hyperlink', optional: true },
  { id: 'FootnoteReference', name: 'footnote reference', superscript: true, optional: true },
];

const JC = { justify: 'both', left: 'left', center: 'center', right: 'right' } as const;

/** w:ind for a geometry; `char` is one character in points; `base` is the style's geometry when writing direct formatting. */
export function indXml(g: Geometry, char: number, base?: Geometry): string {
  const chars = (pt: number) => Math.round((pt / char) * 100);
  const attrs: Record<string, number> = {};
  // Both units: Word and WPS read the *Chars values (and let them win), LibreOffice only the twips.
  if (g.left || base?.left) Object.assign(attrs, { 'w:left': twips(g.left), 'w:leftChars': chars(g.left) });
  if (g.right || base?.right) Object.assign(attrs, { 'w:right': twips(g.right), 'w:rightChars': chars(g.right) });
  if (g.first < 0) Object.assign(attrs, { 'w:hanging': twips(-g.first), 'w:hangingChars': chars(-g.first) });
  else if (base && base.first < 0) Object.assign(attrs, { 'w:hanging': 0, 'w:hangingChars': 0 });
  else if (g.first > 0 || base) Object.assign(attrs, { 'w:firstLine': twips(g.first), 'w:firstLineChars': chars(g.first) });
  return Object.keys(attrs).length ? el('w:ind', attrs) : '';
}

/**
 * Font, weight and size of a style, and on a character grid the condensing that sets each
 * full-width character at the grid pitch (see gridCondensing).
 */
function runProps(faces: FaceSet, text: TextStyle, condense = 0): string {
  const face = faceFor(faces, text.role, text.bold === true);
  const family = familyOf(face);
  const bold = isBoldFace(face);
  return ordered(
    'w:rPr',
    {},
    el('w:rFonts', { 'w:ascii': family, 'w:hAnsi': family, 'w:eastAsia': family, 'w:cs': family }),
    bold && el('w:b'),
    bold && el('w:bCs'),
    condense !== 0 && el('w:spacing', { 'w:val': condense }),
    el('w:sz', { 'w:val': halfPoints(text.size) }),
    el('w:szCs', { 'w:val': halfPoints(text.size) }),
  );
}

/**
 * Line-breaking rules: kinsoku (line-start and line-end prohibitions), Latin words kept whole,
 * automatic spacing between hanzi and Latin letters (DE) but not digits (DN off: digits beside
 * hanzi are set solid, 2026年3月, as the PDF sets them), and hanging punctuation
 * (w:overflowPunct). Written in the document defaults and again in every paragraph style:
 * LibreOffice reads overflowPunct only from styles and paragraphs.
 *
 * overflowPunct: Word reads 0 as "no hanging punctuation", which is what we want. LibreOffice 7.x
 * reads it inverted (measured: 0 hangs a mark past the margin, 1 pushes a character down). Off a
 * grid that costs an occasional comma in the margin; on a character grid (公文) LibreOffice drops
 * the hung mark altogether (6 of the essay's 134 marks vanished), so there we write 1: nothing is
 * lost in LibreOffice, and Word allows a mark to hang, as Chinese Word does by default.
 */
function chineseRules(preset: StylePreset): string[] {
  const overflow = preset.grid ? '1' : '0';
  return [el('w:kinsoku'), el('w:wordWrap'), el('w:overflowPunct', { 'w:val': overflow }), el('w:autoSpaceDE'), el('w:autoSpaceDN', { 'w:val': '0' })];
}

function paragraphStyleXml(s: ParagraphStyle, faces: FaceSet, gridVertical: (pt: number) => number, rules: readonly string[]): string {
  const t = s.text;
  const vertical = s.ownLines ? twips : gridVertical;
  const spacing = el('w:spacing', {
    'w:before': vertical(t.spaceBefore ?? 0),
    'w:after': vertical(t.spaceAfter ?? 0),
    // Exact line height = the PDF's baseline-to-baseline distance (on a grid: whole grid lines).
    'w:line': s.autoLine ? 240 : vertical(t.lineHeight),
    'w:lineRule': s.autoLine ? 'auto' : 'exact',
  });
  const pPr = ordered(
    'w:pPr',
    {},
    s.keepNext && el('w:keepNext'),
    s.keepNext && el('w:keepLines'),
    ...rules,
    s.offGrid && el('w:snapToGrid', { 'w:val': '0' }),
    spacing,
    indXml(s.geometry, s.char),
    el('w:jc', { 'w:val': JC[t.align] }),
    s.outline !== undefined && el('w:outlineLvl', { 'w:val': s.outline }),
  );
  return ordered(
    'w:style',
    { 'w:type': 'paragraph', 'w:default': s.isDefault ? '1' : undefined, 'w:styleId': s.id },
    el('w:name', { 'w:val': s.name }),
    !s.isDefault && el('w:next', { 'w:val': 'Normal' }),
    el('w:qFormat'),
    pPr,
    runProps(faces, t, s.autoLine ? 0 : gridCondensing(s)),
  );
}

/**
 * Character spacing, in twips, that narrows each full-width character of a style to its grid
 * pitch (公文: 16 pt − 0.25 pt, so that 28 fit the 442.2 pt line), rounded down so that they
 * always fit; 0 off a grid. The grid's character pitch is expressed this way rather than with
 * docGrid's charSpace because LibreOffice 7.x sets a linesAndChars grid at whole cells: a 16 pt
 * character in a 15.73 pt cell takes two, and a line holds 14 characters instead of 28.
 */
export function gridCondensing(s: ParagraphStyle): number {
  return s.char < s.text.size ? Math.floor((s.char - s.text.size) * 20) : 0;
}

function characterStyleXml(s: CharacterStyle, faces: FaceSet): string {
  const family = s.role ? familyOf(faceFor(faces, s.role, false)) : undefined;
  return ordered(
    'w:style',
    { 'w:type': 'character', 'w:styleId': s.id },
    el('w:name', { 'w:val': s.name }),
    el('w:qFormat'),
    ordered(
      'w:rPr',
      {},
      family && el('w:rFonts', { 'w:ascii': family, 'w:hAnsi': family, 'w:eastAsia': family, 'w:cs': family }),
      s.bold && el('w:b'),
      s.bold && el('w:bCs'),
      s.superscript && el('w:vertAlign', { 'w:val': 'superscript' }),
    ),
  );
}

/**
 * styles.xml. Document defaults carry what every paragraph shares: the body font, the language
 * (eastAsia from the document, e.g. zh-CN), and the East Asian line-breaking rules: kinsoku on,
 * no hanging punctuation, automatic spacing between hanzi and Latin letters or digits.
 */
export function stylesXml(preset: StylePreset, faces: FaceSet, lang: string, used: ReadonlySet<string> = new Set()): string {
  const bodyFamily = familyOf(faceFor(faces, preset.body.role, false));
  const defaults = ordered(
    'w:docDefaults',
    {},
    el(
      'w:rPrDefault',
      {},
      ordered(
        'w:rPr',
        {},
        el('w:rFonts', { 'w:ascii': bodyFamily, 'w:hAnsi': bodyFamily, 'w:eastAsia': bodyFamily, 'w:cs': bodyFamily }),
        el('w:sz', { 'w:val': halfPoints(preset.body.size) }),
        el('w:szCs', { 'w:val': halfPoints(preset.body.size) }),
        el('w:lang', { 'w:val': 'en-US', 'w:eastAsia': lang, 'w:bidi': 'ar-SA' }),
      ),
    ),
    el(
      'w:pPrDefault',
      {},
      ordered('w:pPr', {}, ...chineseRules(preset)),
    ),
  );
  return ordered(
    'w:styles',
    { 'xmlns:w': 'http://schemas.openxmlformats.org/wordprocessingml/2006/main' },
    defaults,
    ...paragraphStyles(preset).filter((s) => !s.optional || used.has(s.id)).map((s) => paragraphStyleXml(s, faces, verticalTwips(preset), chineseRules(preset))),
    ...characterStyles.filter((s) => !s.optional || used.has(s.id)).map((s) => characterStyleXml(s, faces)),
  );
}
