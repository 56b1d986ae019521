import { describe, expect, it } from 'vitest';
import { parseSource, resolvePreset } from '../src/api.js';
import type { Diagnostic } from '../src/errors.js';
import { sharedValue } from '../src/exporters/types.js';
import { resolveFaces } from '../src/fonts/index.js';
import { bindFaces, boundBlocks, styleBlocks } from '../src/styles/blocks.js';

// The byline is set in kai (LXGW WenKai), which lacks 㐀 (CJK Extension A): a fallback warning.
const doc = parseSource('---\ntitle: 标题\nbyline: 作者㐀\n---\n正文一段。\n', 'a.md');
const faces = resolveFaces(doc.meta.fonts, '.', 'a.md');

describe('boundBlocks', () => {
  it('binds once per export (shared map), and gives every caller the warnings', () => {
    const preset = resolvePreset('handout');
    const shared = new Map<string, unknown>();
    const first: Diagnostic[] = [];
    const second: Diagnostic[] = [];
    const a = boundBlocks(doc, preset, faces, (d) => first.push(d), shared);
    const b = boundBlocks(doc, preset, faces, (d) => second.push(d), shared);
    expect(b).toBe(a);
    expect(first.map((d) => d.code)).toEqual(['font-fallback']);
    expect(second).toEqual(first);
    // The same as binding afresh.
    const fresh: Diagnostic[] = [];
    expect(bindFaces(styleBlocks(doc, preset), faces, 'a.md', (d) => fresh.push(d))).toEqual(a);
    expect(fresh).toEqual(first);
  });

  it('binds again for another preset, another document, or without a shared map', () => {
    const shared = new Map<string, unknown>();
    const a = boundBlocks(doc, resolvePreset('handout'), faces, undefined, shared);
    expect(boundBlocks(doc, resolvePreset('gongwen'), faces, undefined, shared)).not.toBe(a);
    const changed = { ...doc, meta: { ...doc.meta, title: '新标题' } };
    const c = boundBlocks(changed, resolvePreset('handout'), faces, undefined, shared);
    expect(c[0]!.runs.map((r) => r.text).join('')).toBe('新标题');
    expect(boundBlocks(doc, resolvePreset('handout'), faces)).not.toBe(boundBlocks(doc, resolvePreset('handout'), faces));
  });

  it('sharedValue makes a value once per map, and afresh without one', () => {
    const shared = new Map<string, unknown>();
    let made = 0;
    const make = () => ({ n: ++made });
    expect(sharedValue(shared, 'k', make)).toBe(sharedValue(shared, 'k', make));
    expect(made).toBe(1);
    expect(sharedValue(undefined, 'k', make)).not.toBe(sharedValue(undefined, 'k', make));
  });
});
