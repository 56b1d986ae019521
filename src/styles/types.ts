/**
 * Style presets are data: page geometry and one text style per kind of element. Exporters read
 * numbers from here instead of branching on a preset's name.
 */
import type { FontRole } from '../model/index.js';

/** Lengths are in PostScript points (1/72 in) unless a name says otherwise. */
export interface TextStyle {
  role: FontRole;
  bold?: boolean;
  /** Font size in points. */
  size: number;
  /** Baseline-to-baseline distance in points. */
  lineHeight: number;
  align: 'justify' | 'left' | 'center' | 'right';
  /** First-line indent in em of this style's size. */
  indentEm?: number;
  /** Whole-block left indent in em (block quotes, lists). */
  leftEm?: number;
  /** Right inset in em, for right-aligned lines such as the byline. */
  rightEm?: number;
  /** Blank space before and after the block, in points. */
  spaceBefore?: number;
  spaceAfter?: number;
}

export interface PageStyle {
  /** Paper width and height in points. */
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface FooterStyle {
  role: FontRole;
  size: number;
  /** Text of the page number, `{n}` standing for the number: '{n}' or '— {n} —'. */
  format: string;
  /** Distance from the bottom of the type area to the footer's baseline, in points. */
  belowTypeArea: number;
  /** Where the number sits: centred, or outside edge (odd right, even left) inset by `insetEm`. */
  placement: 'center' | 'outside';
  insetEm?: number;
}

/** A fixed grid of lines and characters (公文: 22 × 28); everything snaps to it when present. */
export interface GridStyle {
  linesPerPage: number;
  charsPerLine: number;
}

export interface StylePreset {
  name: string;
  description: string;
  page: PageStyle;
  grid?: GridStyle;
  title: TextStyle;
  body: TextStyle;
  /** Heading styles by level, 1 first; deeper levels reuse the last one. */
  headings: TextStyle[];
  quote: TextStyle;
  listItem: TextStyle;
  byline: TextStyle;
  footer: FooterStyle;
  /** Date format for signature blocks; 公文 writes 2026年11月23日. */
  dateFormat: 'iso' | 'chinese';
}

export const MM = 72 / 25.4;
export const mm = (n: number): number => n * MM;
