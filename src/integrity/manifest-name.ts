/** The manifest's file name, in a module of its own: naming it must not load node:crypto. */
export const MANIFEST_NAME = 'SHA256SUMS';
