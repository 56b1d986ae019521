import { describe, expect, it } from 'vitest';
import { parseSource, resolvePreset } from '../src/api.js';
import type { Diagnostic } from '../src/errors.js';
import { defaultTxtOptions } from '../src/api.js';
import { prepareDocument, typesetDocument } from '../src/prepare/index.js';
import { resolveFaces } from '../src/fonts/index.js';
import { bindFaces, styleBlocks } from '../src/styles/blocks.js';

// The byline is set in kai (LXGW WenKai), which lacks 㐀 (CJK Extension A): a fallback warning.
const doc = parseSource('---\ntitle: 标题\nbyline: 作者㐀\n---\n正文一段。\n', 'a.md');
const options = { txt: defaultTxtOptions };

describe('the typeset document', () => {
  it('binds the styled blocks to their faces once, and reports each fallback once', () => {
    const preset = resolvePreset('handout');
    const warnings: Diagnostic[] = [];
    const typeset = typesetDocument(prepareDocument(doc, preset, options), (d) => warnings.push(d));
    expect(warnings.map((d) => d.code)).toEqual(['font-fallback']);
    // The same as binding afresh.
    const fresh: Diagnostic[] = [];
    const faces = resolveFaces(doc.meta.fonts, typeset.baseDir, 'a.md');
    expect(bindFaces(styleBlocks(doc, preset), faces, 'a.md', (d) => fresh.push(d)).map((b) => b.runs.map((r) => [r.text, r.face.id]))).toEqual(
      typeset.blocks.map((b) => b.runs.map((r) => [r.text, r.face.id])),
    );
    expect(fresh).toEqual(warnings);
  });

  it('is made from the document as it is, and leaves it unchanged', () => {
    const before = JSON.stringify(doc);
    const a = typesetDocument(prepareDocument(doc, resolvePreset('handout'), options));
    const changed = { ...doc, meta: { ...doc.meta, title: '新标题' } };
    const c = typesetDocument(prepareDocument(changed, resolvePreset('handout'), options));
    expect(a.blocks[0]!.runs.map((r) => r.text).join('')).toBe('标题');
    expect(c.blocks[0]!.runs.map((r) => r.text).join('')).toBe('新标题');
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('plans one subset per face file, with every character drawn in it, footer digits included', () => {
    const typeset = typesetDocument(prepareDocument(doc, resolvePreset('handout'), options));
    const serif = typeset.faces.serif.regular;
    const chars = typeset.fonts.charactersOf(serif);
    for (const ch of '正文一段。0123456789') expect(chars.has(ch.codePointAt(0)!), ch).toBe(true);
    expect(typeset.fonts.glyphSubset(serif)).toBe(typeset.fonts.glyphSubset(serif));
    expect(typeset.fonts.compressed(serif).bytes).toBe(typeset.fonts.glyphSubset(serif).bytes);
  });
});
