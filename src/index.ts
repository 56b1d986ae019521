/** wenshu's library API: everything the CLI does, for programs. */
export * from './model/index.js';
export { inlineText, documentText, textRuns, fidelityKey, bylineText } from './model/text.js';
export * from './errors.js';
export * from './api.js';
export { presets, defaultPreset } from './styles/index.js';
export type { StylePreset, TextStyle } from './styles/index.js';
export { lintSource, applyFixes, type Finding, type LintRule } from './lint/index.js';
