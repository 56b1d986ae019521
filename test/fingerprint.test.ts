import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, fingerprintChunks, toHex } from '../src/io/fingerprint.js';

describe('fingerprint', () => {
  it('is 16 bytes, the same for the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const a = fingerprint(bytes);
        expect(a.length).toBe(16);
        expect(toHex(fingerprint(Uint8Array.from(bytes)))).toBe(toHex(a));
      }),
    );
  });

  it('changes when any byte changes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, delta) => {
        const changed = Uint8Array.from(bytes);
        const i = at % bytes.length;
        changed[i] = (changed[i]! + delta) & 0xff;
        expect(toHex(fingerprint(changed))).not.toBe(toHex(fingerprint(bytes)));
      }),
    );
  });

  it('over chunks, equals the fingerprint of their concatenation, however they are cut', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.array(fc.nat(500), { maxLength: 6 }), (bytes, cuts) => {
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((from, i, all) => bytes.subarray(from, all[i + 1] ?? bytes.length));
        expect(toHex(fingerprintChunks(chunks))).toBe(toHex(fingerprint(bytes)));
      }),
    );
  });
});
