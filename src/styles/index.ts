import type { StylePreset } from './types.js';
import { gongwen } from './gongwen.js';
import { handout } from './handout.js';
import { handoutA5 } from './handout-a5.js';

export type { StylePreset, TextStyle, PageStyle, FooterStyle, GridStyle, HeadingRule, SignatureStyle, ListStyle } from './types.js';
export { applyPage, paperSizes, PageSettingError } from './page.js';
export { inlineMarkers, itemMarker, orderedPattern } from './lists.js';
export { formatDate, gridPitch, headingLevel, headingStyle, signatureInsets, type GridPitch } from './rules.js';

/** Every preset by name. A new preset is one data file plus one line here. */
export const presets: Readonly<Record<string, StylePreset>> = { handout, 'handout-a5': handoutA5, gongwen };

export const defaultPreset = 'handout';
