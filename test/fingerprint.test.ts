import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, RunningFingerprint, toHex } from '../src/io/fingerprint.js';

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

  it('running over chunks: deterministic, and sensitive to every chunk', () => {
    const chunks = Array.from({ length: 9 }, (_, i) => Buffer.from(`chunk ${i} `.repeat(i + 1)));
    const run = (list: Uint8Array[]) => {
      const f = new RunningFingerprint();
      for (const c of list) f.update(c);
      return toHex(f.digest());
    };
    expect(run(chunks)).toBe(run(chunks.map((c) => Buffer.from(c))));
    for (let i = 0; i < chunks.length; i++) {
      const changed = chunks.map((c, j) => (j === i ? Buffer.concat([c, Buffer.from('!')]) : c));
      expect(run(changed)).not.toBe(run(chunks));
    }
  });
});
