import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustmentRatio, squeezedBy, badnessExceeds, badnessLowerBound, badnessOf, badnessUpperBound, MAX_BADNESS, OVERFULL,
} from '../src/typeset/badness.js';

/** Ratios as the breaker meets them (slack or squeeze over stretch or shrink), and extremes. */
const ratio = fc.oneof(
  fc.double({ min: 0, max: 30, noNaN: true }),
  fc.double({ min: 0, max: 1e-3, noNaN: true }),
  // ratios whose cube is subnormal, where rounding errors are absolute
  fc.double({ min: 1e-110, max: 1e-100, noNaN: true }),
  fc.double({ min: 0, max: 1e300, noNaN: true }),
  // 4.0065745341423696e-104: its cube rounds to a subnormal above r·r·r·(1 + 1e-14)
  fc.constantFrom(0, Number.MIN_VALUE, 4.0065745341423696e-104, 1, 2 ** (1 / 3), Math.cbrt(4), 100 ** (1 / 3), Infinity),
);

describe('badness bounds', () => {
  it('lie on either side of the exact badness', () => {
    fc.assert(
      fc.property(ratio, (r) => {
        expect(badnessLowerBound(r)).toBeLessThanOrEqual(badnessOf(r));
        expect(badnessUpperBound(r)).toBeGreaterThanOrEqual(badnessOf(r));
      }),
      { numRuns: 20000 },
    );
  });

  it('decide a limit exactly as the exact badness does, also right at the limit', () => {
    const near = fc.tuple(fc.constantFrom(400, 100, 1e6, 0), fc.integer({ min: -4, max: 4 })).map(([limit, ulps]) => {
      // a ratio within a few units in the last place of the limit's cube root
      const root = Math.cbrt(limit / 100);
      return { limit, r: root + ulps * Number.EPSILON * root };
    });
    fc.assert(
      fc.property(fc.oneof(near, fc.record({ limit: fc.constantFrom(400, 1e6), r: ratio })), ({ limit, r }) => {
        expect(badnessExceeds(r, limit)).toBe(badnessOf(r) > limit);
      }),
      { numRuns: 20000 },
    );
  });

  it('computes the cube as r ** 3 and saturates at MAX_BADNESS', () => {
    expect(badnessOf(2)).toBe(800);
    expect(badnessOf(Infinity)).toBe(MAX_BADNESS);
    expect(badnessOf(0)).toBe(0);
  });
});

describe('adjustmentRatio', () => {
  const line = { natural: 90, stretch: 5, flex: 0, shrink: 2, squeeze: 0, endBlank: 1 };
  it('rates stretch, squeeze beyond the end blank, and overfull lines', () => {
    expect(adjustmentRatio(line, 100, true, 30)).toBe(2); // 10 of slack over 5 of stretch
    expect(adjustmentRatio(line, 100, false, 30)).toBe(10 / 30); // ragged
    expect(adjustmentRatio(line, 89, true, 30)).toBe(0); // the end blank covers it
    expect(adjustmentRatio(line, 88, true, 30)).toBe(0.5);
    expect(adjustmentRatio(line, 86, true, 30)).toBe(OVERFULL);
    expect(adjustmentRatio({ ...line, stretch: 0 }, 100, true, 30)).toBe(Infinity);
    expect(adjustmentRatio({ ...line, stretch: 0 }, 100, false, 30)).toBe(10 / 30);
  });

  it('rates a line with separators by their stretch alone, as TeX rates fil glue', () => {
    expect(adjustmentRatio({ ...line, flex: 20 }, 100, true, 30)).toBe(0.5); // 10 over 20, not over 25
    expect(adjustmentRatio({ ...line, stretch: 0, flex: 20 }, 100, true, 30)).toBe(0.5);
    expect(adjustmentRatio({ ...line, flex: 20 }, 100, false, 30)).toBe(10 / 30); // ragged: as before
  });

  it('takes the punctuation squeeze after the end blank and before the shrink, at no badness', () => {
    const squeezy = { ...line, squeeze: 3 };
    expect(adjustmentRatio(squeezy, 86, true, 30)).toBe(0); // 1 end blank + 3 squeezed
    expect(adjustmentRatio(squeezy, 85, true, 30)).toBe(0.5); // and 1 of the 2 of shrink
    expect(adjustmentRatio(squeezy, 83, true, 30)).toBe(OVERFULL);
    expect(squeezedBy(squeezy, 89)).toBe(0);
    expect(squeezedBy(squeezy, 87)).toBe(2);
    expect(squeezedBy(squeezy, 84)).toBe(3);
    expect(squeezedBy(squeezy, 100)).toBe(0);
  });
});
