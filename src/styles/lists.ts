/**
 * List markers and their placement as a preset says (StylePreset.list): every exporter that numbers
 * an item itself (PDF) or has Word number it (DOCX) takes the marker from here, so they agree.
 */
import { listMarker } from '../model/text.js';
import type { StylePreset } from './types.js';

/** The ordered marker's pattern at a nesting depth (0 outermost), `{n}` standing for the number. */
export function orderedPattern(preset: StylePreset, depth: number): string {
  const patterns = preset.list?.ordered;
  if (!patterns || patterns.length === 0) return '{n}.';
  return patterns[Math.min(depth, patterns.length - 1)]!;
}

/** The marker of the n-th item (0-based) of a list: the preset's ordered pattern, or the bullet of its depth. */
export function itemMarker(preset: StylePreset, ordered: boolean, start: number, index: number, depth: number): string {
  if (!ordered) return listMarker(false, start, index, depth);
  return orderedPattern(preset, depth).replaceAll('{n}', String(start + index));
}

/** Items are natural paragraphs with the marker at the start of their indented first line (公文). */
export const inlineMarkers = (preset: StylePreset): boolean => preset.list?.marker === 'inline';
