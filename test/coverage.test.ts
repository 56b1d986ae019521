/**
 * Coverage answers per code point from tables kept per chain of faces; these tests hold the fast
 * path to the plain definition: each character in the first face of the chain that draws it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fontChain, needsGlyph, openFace, resolveFaces, splitByFace, type Face } from '../src/fonts/index.js';

const faces = resolveFaces();
const chains = [fontChain(faces, 'serif'), fontChain(faces, 'kai'), fontChain(faces, 'fang', true), fontChain(faces, 'sans')];

/** The definition, a character at a time. */
function plainSplit(text: string, chain: readonly Face[]): Array<{ text: string; face: string }> {
  const runs: Array<{ text: string; face: string }> = [];
  for (const ch of text) {
    const previous = runs.at(-1);
    let face = previous?.face ?? chain[0]!.id;
    if (needsGlyph(ch)) face = (chain.find((f) => openFace(f).hasGlyph(ch.codePointAt(0)!)) ?? chain[0]!).id;
    if (previous && previous.face === face) previous.text += ch;
    else runs.push({ text: ch, face });
  }
  return runs;
}

// 㐀 (CJK Extension A) is not in LXGW WenKai: the kai chain draws it with its serif fallback.
const characters = fc.constantFrom(...'中文，。“”😀𠀾⻆角㐀 \t\n\u200d\ufe0fabcÅ—…·〇\u3000'.split(/(?:)/u), '\u{F0000}', '\ud800');

describe('splitByFace', () => {
  it('gives the runs of the plain definition, for any text and chain', () => {
    fc.assert(
      fc.property(fc.array(characters, { maxLength: 40 }), fc.constantFrom(...chains.keys()), (chars, c) => {
        const text = chars.join('');
        const chain = chains[c]!;
        expect(splitByFace(text, chain).map((r) => ({ text: r.text, face: r.face.id }))).toEqual(plainSplit(text, chain));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the text itself when one face draws it all', () => {
    const text = '工会工作层次与水平。';
    const [run] = splitByFace(text, chains[0]!);
    expect(run!.text).toBe(text);
  });
});

describe('fontChain', () => {
  it('is one array per set, role and weight', () => {
    expect(fontChain(faces, 'kai')).toBe(fontChain(faces, 'kai'));
    expect(fontChain(faces, 'kai', true)).not.toBe(fontChain(faces, 'kai'));
    expect(Object.isFrozen(fontChain(faces, 'serif'))).toBe(true);
  });
});
