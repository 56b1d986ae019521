/**
 * The little arithmetic that turns preset data into positions, shared by every exporter so that
 * PDF and DOCX agree: grid pitches, heading level by numbering, dates, signature-block insets.
 */
import type { SignatureStyle, StylePreset, TextStyle } from './types.js';

export interface GridPitch {
  /** Line pitch in points. */
  line: number;
  /** Character pitch in points. */
  char: number;
  /** char / body size: how much a full-width character of the body is narrowed to fit the grid. */
  scale: number;
}

/** The preset's grid pitches (the stated ones, else derived from the type area); undefined without a grid. */
export function gridPitch(preset: StylePreset): GridPitch | undefined {
  const { grid, page, body } = preset;
  if (!grid) return undefined;
  const height = page.height - page.margin.top - page.margin.bottom;
  const width = page.width - page.margin.left - page.margin.right;
  const line = grid.linePitch ?? height / grid.linesPerPage;
  const char = grid.charPitch ?? width / grid.charsPerLine;
  return { line, char, scale: char / body.size };
}

/**
 * A heading's level: by its numbering when a rule of `preset.headingNumbering` matches its text,
 * else its Markdown level. Its style is `preset.headings[min(level, headings.length) - 1]`.
 */
export function headingLevel(preset: StylePreset, text: string, markdownLevel: number): number {
  const trimmed = text.trim();
  const rule = (preset.headingNumbering ?? []).find((r) => new RegExp(r.pattern, 'u').test(trimmed));
  return rule ? rule.level : markdownLevel;
}

/** The text style of a heading of `level` (deeper levels reuse the last style). */
export function headingStyle(preset: StylePreset, level: number): TextStyle {
  return preset.headings[Math.max(1, Math.min(level, preset.headings.length)) - 1]!;
}

/**
 * A calendar date (YYYY-MM-DD) as the preset writes it: 'chinese' gives 2026年11月23日 (Arabic
 * digits, no leading zeros, as GB/T 9704-2012 7.3.5 asks), 'iso' gives it unchanged. A value
 * that is not a full date is returned as given.
 */
export function formatDate(date: string, format: StylePreset['dateFormat']): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!m || format === 'iso') return date.trim();
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/**
 * Right insets in points of the byline and the date lines of a signature block, from their set
 * widths: the byline right-aligned `rightEm` characters in, the date starting `dateShiftEm`
 * characters right of the byline's start; when the date would then end past the inset, it takes
 * the inset and the byline moves left to keep the shift. `char` is one character in points.
 */
export function signatureInsets(bylineWidth: number, dateWidth: number, char: number, rule: SignatureStyle): { byline: number; date: number } {
  const inset = rule.rightEm * char;
  if (rule.dateAlign === 'right') return { byline: inset, date: inset };
  const shift = rule.dateShiftEm * char;
  // Left edge of the byline, measured leftwards from the right edge of the type area.
  const start = Math.max(inset + bylineWidth, inset + dateWidth + shift);
  return { byline: start - bylineWidth, date: start - shift - dateWidth };
}
