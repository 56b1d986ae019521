// Public library API: filled in as modules land.
export * from './model/index.js';
export * from './errors.js';
