import fc from 'fast-check';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { OBFUSCATED_LEAD, SharedDeflate } from '../src/io/deflate.js';

describe('one compression for two containers', () => {
  it('inflates back to the bytes, as zlib and as raw deflate with any lead', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ minLength: OBFUSCATED_LEAD, maxLength: OBFUSCATED_LEAD }), (bytes, other) => {
        const shared = new SharedDeflate(bytes);
        expect(Buffer.compare(inflateSync(shared.zlib()), Buffer.from(bytes))).toBe(0);
        expect(Buffer.compare(inflateRawSync(shared.raw()), Buffer.from(bytes))).toBe(0);
        const lead = other.subarray(0, Math.min(OBFUSCATED_LEAD, bytes.length));
        const expected = Buffer.concat([lead, bytes.subarray(lead.length)]);
        expect(Buffer.compare(inflateRawSync(shared.raw(lead)), expected)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('compressed on the thread pool (start, ready), gives the same bytes as compressed here', async () => {
    const bytes = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251));
    const background = new SharedDeflate(bytes);
    background.start();
    await background.ready();
    expect(Buffer.compare(background.zlib(), new SharedDeflate(bytes).zlib())).toBe(0);
    expect(Buffer.compare(inflateSync(background.zlib()), bytes)).toBe(0);
  });

  it('refuses a lead of another length', () => {
    expect(() => new SharedDeflate(new Uint8Array(100)).raw(new Uint8Array(31))).toThrow(/32 bytes/);
  });
});
