import type { StylePreset } from './types.js';
import { gongwen } from './gongwen.js';
import { handout } from './handout.js';

export type { StylePreset, TextStyle, PageStyle, FooterStyle, GridStyle, HeadingRule, SignatureStyle } from './types.js';
export { formatDate, gridPitch, headingLevel, headingStyle, signatureInsets, type GridPitch } from './rules.js';

/** Every preset by name. A new preset is one data file plus one line here. */
export const presets: Readonly<Record<string, StylePreset>> = { handout, gongwen };

export const defaultPreset = 'handout';
