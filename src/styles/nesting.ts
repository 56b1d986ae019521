import type { StylePreset } from './types.js';

/**
 * Nesting (quotes, lists) indents a block, but never so far that fewer than this many body
 * characters fit on its lines: a list nested 50 deep stays laid out instead of vanishing.
 */
const MIN_LINE_EMS = 12;

/** Left and right insets after nesting one level deeper, capped so that the line stays usable. */
export function nestedInsets(preset: StylePreset, left: number, right: number): { left: number; right: number } {
  const typeWidth = preset.page.width - preset.page.margin.left - preset.page.margin.right;
  const maxInset = Math.max(0, typeWidth - MIN_LINE_EMS * preset.body.size);
  const l = Math.min(left, maxInset);
  return { left: l, right: Math.min(right, Math.max(0, maxInset - l)) };
}
