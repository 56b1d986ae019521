import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksum } from '../src/fonts/truetype-subset.js';

/** The definition: big-endian 32-bit words summed modulo 2^32. */
function plain(bytes: Uint8Array, start: number, length: number): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sum = 0;
  for (let i = start; i < start + length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  return sum;
}

describe('OpenType checksum', () => {
  it('equals the sum of big-endian words modulo 2^32', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(8), (raw, lead) => {
        const bytes = new Uint8Array(lead * 4 + raw.length + ((4 - (raw.length % 4)) % 4));
        bytes.set(raw, lead * 4);
        expect(checksum(bytes, lead * 4, bytes.length - lead * 4)).toBe(plain(bytes, lead * 4, bytes.length - lead * 4));
      }),
    );
  });

  it('stays exact over megabytes of 0xff (where the partial sums are folded)', () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 8).fill(0xff);
    expect(checksum(bytes, 0, bytes.length)).toBe(plain(bytes, 0, bytes.length));
    bytes[12345] = 1;
    expect(checksum(bytes, 4, bytes.length - 4)).toBe(plain(bytes, 4, bytes.length - 4));
  });
});
