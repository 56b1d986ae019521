import { describe, expect, it } from 'vitest';
import { parseSource, resolvePreset } from '../src/api.js';
import type { Diagnostic } from '../src/errors.js';
import { resolveFaces } from '../src/fonts/index.js';
import { bindFaces, boundBlocks, styleBlocks } from '../src/styles/blocks.js';

// The byline is set in kai (LXGW WenKai), which lacks 㐀 (CJK Extension A): a fallback warning.
const doc = parseSource('---\ntitle: 标题\nbyline: 作者㐀\n---\n正文一段。\n', 'a.md');
const faces = resolveFaces(doc.meta.fonts, '.', 'a.md');

describe('boundBlocks', () => {
  it('binds once per document, preset and face set, and gives every caller the warnings', () => {
    const preset = resolvePreset('handout');
    const first: Diagnostic[] = [];
    const second: Diagnostic[] = [];
    const a = boundBlocks(doc, preset, faces, (d) => first.push(d));
    const b = boundBlocks(doc, preset, faces, (d) => second.push(d));
    expect(b).toBe(a);
    expect(first.map((d) => d.code)).toEqual(['font-fallback']);
    expect(second).toEqual(first);
    // The same as binding afresh.
    const fresh: Diagnostic[] = [];
    expect(bindFaces(styleBlocks(doc, preset), faces, 'a.md', (d) => fresh.push(d))).toEqual(a);
    expect(fresh).toEqual(first);
  });

  it('binds again for another preset', () => {
    const a = boundBlocks(doc, resolvePreset('handout'), faces);
    const b = boundBlocks(doc, resolvePreset('gongwen'), faces);
    expect(b).not.toBe(a);
    expect(boundBlocks(doc, resolvePreset('handout'), faces)).not.toBe(b);
  });

  it('resolveFaces gives one set per overrides, folder and origin', () => {
    expect(resolveFaces(doc.meta.fonts, '.', 'a.md')).toBe(faces);
    expect(resolveFaces(doc.meta.fonts, '/elsewhere', 'a.md')).not.toBe(faces);
  });
});
