/**
 * Fonts: bundled faces (fonts/manifest.json), user overrides, lazy loading, glyph coverage and
 * subsetting. Typical use by an exporter:
 *
 *   const faces = resolveFaces(doc.meta.fonts, dirname(sourcePath), sourcePath);
 *   checkCoverage(items.map(({ text, span, role, bold }) => ({ text, span, faces: fontChain(faces, role, bold) })), sourcePath);
 *   for (const run of splitByFace(text, fontChain(faces, role, bold))) … openFace(run.face).bytes …
 */
export { loadManifest, manifestEntry, packageRoot, resolveAsset, resolveFontFile, type Manifest, type ManifestEntry } from './manifest.js';
export { clearFaceCache, faceKey, listFaces, openedFaceKeys, openFace, type Face, type OpenFace } from './face.js';
export { FONT_ROLES, faceFor, fontChain, resolveFaces, type FaceSet, type RoleFaces } from './resolve.js';
export { latinFace, splitWithLatin, type DigitWidths } from './latin.js';
export { halfWidthForms, ownFace } from './half-width.js';
export { checkCoverage, findMissingGlyphs, firstFaceWithGlyph, needsGlyph, sharedGlyphs, splitByFace, type CoverageItem, type FaceRun } from './coverage.js';
export { characterSet, FaceCharacters, subsetFace, trueTypeSubset, type GlyphSubset } from './subset.js';
export { OpenTypeFace, type FontMetrics } from './opentype.js';
export { extractFace, faceOffsets, isCollection } from './sfnt.js';
