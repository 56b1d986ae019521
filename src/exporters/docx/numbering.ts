/**
 * Real Word numbering for lists (numbering.xml), so that Word, WPS and LibreOffice renumber an
 * item a colleague adds, moves or deletes. Two abstract definitions, one for ordered lists
 * (1. at every level) and one for bullets (● ○ ■ by level, as the PDF), and one w:num per list of
 * the document, each starting at the list's own first number, so that every list counts from its
 * start as in the source.
 *
 * Markers sit as in the PDF: right-aligned, half a character left of where the text starts (the
 * level's hanging indent is that half character, lvlJc right), then a tab to the text; each in the
 * face of its paragraph's style, so that the bullet comes from a bundled font. With inline markers
 * (公文) every level is a natural paragraph: no left indent, the first line indented, the marker
 * opening it with nothing (w:suff nothing) between it and the text.
 */
import { faceFor, latinFace, type FaceSet } from '../../fonts/index.js';
import { BULLETS } from '../../model/text.js';
import { orderedPattern, type StylePreset } from '../../styles/index.js';
import { familyOf } from './embed.js';
import { ordered } from './schema.js';
import { el, halfPoints, NS, twips } from './xml.js';

export interface ListInfo {
  id: number;
  depth: number;
  ordered: boolean;
  start: number;
}

const ORDERED = 1;
const BULLET = 2;
const LEVELS = 9;

export class Numbering {
  private readonly lists = new Map<number, ListInfo>();

  /** The w:numId of a list (the same for all its items). */
  numId(list: ListInfo): number {
    if (!this.lists.has(list.id)) this.lists.set(list.id, list);
    return list.id;
  }

  get used(): boolean {
    return this.lists.size > 0;
  }

  /**
   * numbering.xml. `indent` is the text's left indent of a level (points), `gap` the gap between
   * a marker's right edge and the text, `char` one character; `first`, the first-line indent of
   * inline markers (points), when the preset sets them so.
   */
  xml(preset: StylePreset, faces: FaceSet, geometry: { indent: (depth: number) => number; gap: number; char: number; first?: number }): string {
    const style = preset.listItem;
    const family = familyOf(faceFor(faces, style.role, style.bold === true));
    // The marker's digits in the face the text's digits take (Noto Serif SC Light beside 仿宋): the
    // role's own face is embedded without them, and LibreOffice drew 1. in a fallback sans.
    const latin = latinFace(faces, style.role, style.bold === true);
    const digits = latin ? familyOf(latin) : family;
    const { first } = geometry;
    const level = (abstract: number, i: number) => {
      const left = geometry.indent(i);
      const pPr =
        first !== undefined
          ? ordered('w:pPr', {}, el('w:ind', { 'w:left': 0, 'w:leftChars': 0, 'w:firstLine': twips(first), 'w:firstLineChars': Math.round((first / geometry.char) * 100) }))
          : ordered(
              'w:pPr',
              {},
              el('w:tabs', {}, el('w:tab', { 'w:val': 'num', 'w:pos': twips(left) })),
              el('w:ind', { 'w:left': twips(left), 'w:hanging': twips(geometry.gap) }),
            );
      return ordered(
        'w:lvl',
        { 'w:ilvl': i },
        el('w:start', { 'w:val': 1 }),
        el('w:numFmt', { 'w:val': abstract === ORDERED ? 'decimal' : 'bullet' }),
        el('w:suff', { 'w:val': first !== undefined ? 'nothing' : 'tab' }),
        el('w:lvlText', { 'w:val': abstract === ORDERED ? orderedPattern(preset, i).replaceAll('{n}', `%${i + 1}`) : BULLETS[i % BULLETS.length]! }),
        el('w:lvlJc', { 'w:val': first !== undefined ? 'left' : 'right' }),
        pPr,
        ordered(
          'w:rPr',
          {},
          el('w:rFonts', { 'w:ascii': digits, 'w:hAnsi': digits, 'w:eastAsia': family, 'w:cs': family, 'w:hint': 'eastAsia' }),
          el('w:sz', { 'w:val': halfPoints(style.size) }),
          el('w:szCs', { 'w:val': halfPoints(style.size) }),
        ),
      );
    };
    const abstract = (id: number) =>
      ordered(
        'w:abstractNum',
        { 'w:abstractNumId': id },
        el('w:multiLevelType', { 'w:val': 'multilevel' }),
        ...Array.from({ length: LEVELS }, (_, i) => level(id, i)),
      );
    const nums = [...this.lists.values()].map((list) =>
      ordered(
        'w:num',
        { 'w:numId': list.id },
        el('w:abstractNumId', { 'w:val': list.ordered ? ORDERED : BULLET }),
        // Every list counts from its own start, not on from the last list of its kind.
        el('w:lvlOverride', { 'w:ilvl': Math.min(list.depth, LEVELS - 1) }, el('w:startOverride', { 'w:val': list.ordered ? list.start : 1 })),
      ),
    );
    return ordered('w:numbering', { 'xmlns:w': NS.w }, abstract(ORDERED), abstract(BULLET), ...nums);
  }
}

/** A list item's w:numPr. */
export function numPrXml(numId: number, depth: number): string {
  return el('w:numPr', {}, el('w:ilvl', { 'w:val': Math.min(depth, LEVELS - 1) }), el('w:numId', { 'w:val': numId }));
}
