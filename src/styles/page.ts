/**
 * Page settings (`page:` in front matter, wenshu.yaml or an own preset file) applied to a preset:
 * paper size, margins, body size and line pitch. The result is a new preset, so PDF and DOCX read
 * the same numbers as for a built-in one (w:pgSz, w:pgMar, w:docGrid come from it).
 *
 * What a change means for the rest of the preset, the way a typesetter would carry it through:
 * - a new body size scales every text size by the same ratio (rounded to half points), so the
 *   hierarchy of title, headings and notes stays;
 * - a new line pitch (or the body's old leading scaled with its size) scales every line height and
 *   every space around blocks by the same ratio, so the rhythm stays;
 * - on a grid (公文) the grid is worked out again from the type area: as many characters of the
 *   body size as fill its width (the pitch within a few per cent of the size) and as many lines of
 *   the pitch as fill its height. A pitch that does not fill the height with whole lines, or one
 *   too tight for the body, is refused with the pitches that would.
 */
import type { PageSettings } from '../model/index.js';
import { mm, type StylePreset, type TextStyle } from './types.js';

/** Paper sizes by name, width × height in millimetres (portrait). */
export const paperSizes: Readonly<Record<string, readonly [number, number]>> = {
  A4: [210, 297],
  A5: [148, 210],
  B5: [176, 250],
  '16开': [184, 260],
  Letter: [215.9, 279.4],
};

/** A page setting the preset cannot take, with the setting it is about ('size', 'margins', 'body', 'pitch'). */
export class PageSettingError extends Error {
  constructor(
    readonly key: keyof PageSettings | undefined,
    message: string,
  ) {
    super(message);
  }
}

const half = (n: number) => Math.round(n * 2) / 2;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** The preset with `page` applied (the preset itself when `page` sets nothing). */
export function applyPage(preset: StylePreset, page: PageSettings | undefined): StylePreset {
  if (!page || (page.size === undefined && page.margins === undefined && page.body === undefined && page.pitch === undefined)) return preset;
  const [width, height] = page.size ? [mm(page.size.width), mm(page.size.height)] : [preset.page.width, preset.page.height];
  const given = page.margins;
  const margin = {
    top: given?.top !== undefined ? mm(given.top) : preset.page.margin.top,
    right: given?.right !== undefined ? mm(given.right) : preset.page.margin.right,
    bottom: given?.bottom !== undefined ? mm(given.bottom) : preset.page.margin.bottom,
    left: given?.left !== undefined ? mm(given.left) : preset.page.margin.left,
  };
  const typeWidth = width - margin.left - margin.right;
  const typeHeight = height - margin.top - margin.bottom;
  const body = page.body ?? preset.body.size;
  const which: keyof PageSettings = given ? 'margins' : 'size';
  if (typeWidth < body * 10) throw new PageSettingError(which, `leaves a type area ${round2(typeWidth / mm(1))} mm wide, less than ten characters of the ${body} pt body`);
  if (typeHeight < preset.body.lineHeight * 5) throw new PageSettingError(which, `leaves a type area ${round2(typeHeight / mm(1))} mm high, less than five lines`);

  const sizeScale = body / preset.body.size;
  const oldPitch = preset.grid ? (preset.grid.linePitch ?? (preset.page.height - preset.page.margin.top - preset.page.margin.bottom) / preset.grid.linesPerPage) : preset.body.lineHeight;
  let pitch = page.pitch ?? oldPitch * sizeScale;
  if (pitch < body * 1.2) throw new PageSettingError(page.pitch !== undefined ? 'pitch' : 'body', `a line pitch of ${round2(pitch)} pt is too tight for a ${body} pt body (at least ${round2(body * 1.2)} pt)`);

  let grid = preset.grid;
  if (grid) {
    const lines = Math.round(typeHeight / pitch);
    const exact = typeHeight / lines;
    // The grid fills the type area exactly; a pitch given by hand must be one that does.
    if (page.pitch !== undefined && Math.abs(exact - page.pitch) > 0.05) {
      const fits = [Math.floor(typeHeight / page.pitch), Math.ceil(typeHeight / page.pitch)]
        .filter((n) => n > 0 && typeHeight / n >= body * 1.2)
        .map((n) => `${round2(typeHeight / n)} pt (${n} lines)`);
      throw new PageSettingError(
        'pitch',
        `on a line grid (公文) the lines must fill the type area (${round2(typeHeight / mm(1))} mm high): ${page.pitch} pt gives ${round2(typeHeight / page.pitch)} lines; ${fits.length ? `use ${fits.join(' or ')}, ` : ''}or change the margins`,
      );
    }
    if (exact < body * 1.2) throw new PageSettingError('pitch', `the grid's line pitch of ${round2(exact)} pt is too tight for a ${body} pt body`);
    pitch = exact;
    const chars = Math.round(typeWidth / body);
    grid = { ...grid, linesPerPage: lines, charsPerLine: chars, linePitch: exact, charPitch: typeWidth / chars };
  }

  const lineScale = pitch / oldPitch;
  // On a grid every line height and space is a whole number of grid lines, and stays so.
  const space = (v: number | undefined) => (v === undefined ? undefined : grid ? Math.round(v / oldPitch) * pitch : v * lineScale);
  const style = (s: TextStyle): TextStyle => {
    const out: TextStyle = { ...s, size: half(s.size * sizeScale), lineHeight: grid ? Math.max(1, Math.round(s.lineHeight / oldPitch)) * pitch : s.lineHeight * lineScale };
    if (s.spaceBefore !== undefined) out.spaceBefore = space(s.spaceBefore)!;
    if (s.spaceAfter !== undefined) out.spaceAfter = space(s.spaceAfter)!;
    return out;
  };
  const oldTypeWidth = preset.page.width - preset.page.margin.left - preset.page.margin.right;
  return {
    ...preset,
    page: { width, height, margin },
    ...(grid ? { grid } : {}),
    title: style(preset.title),
    subtitle: style(preset.subtitle),
    body: { ...style(preset.body), size: body, lineHeight: pitch },
    headings: preset.headings.map(style),
    quote: style(preset.quote),
    listItem: style(preset.listItem),
    byline: style(preset.byline),
    footer: { ...preset.footer, size: half(preset.footer.size * sizeScale) },
    notes: {
      ...preset.notes,
      // Notes sit off the grid: their own leading and the rule's space, scaled with the body's (in
      // 公文 they stay commensurate with the grid: three note lines to two grid lines).
      text: { ...preset.notes.text, size: half(preset.notes.text.size * sizeScale), lineHeight: preset.notes.text.lineHeight * (pitch / oldPitch) },
      rule: { ...preset.notes.rule, width: preset.notes.rule.width * (typeWidth / oldTypeWidth), above: preset.notes.rule.above * lineScale, below: preset.notes.rule.below * lineScale },
    },
    figure: { ...preset.figure, spaceBefore: space(preset.figure.spaceBefore)!, spaceAfter: space(preset.figure.spaceAfter)!, caption: style(preset.figure.caption) },
    afterList: space(preset.afterList)!,
  };
}
