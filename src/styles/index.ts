import type { StylePreset } from './types.js';
import { handout } from './handout.js';

export type { StylePreset, TextStyle, PageStyle, FooterStyle, GridStyle } from './types.js';

/** Every preset by name. A new preset is one data file plus one line here. */
export const presets: Readonly<Record<string, StylePreset>> = { handout };

export const defaultPreset = 'handout';
