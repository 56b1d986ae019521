import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { badnessOf } from '../src/typeset/badness.js';
import { BestLine, lineDemerits } from '../src/typeset/choice.js';

interface Offer {
  violations: number;
  base: number;
  ratio: number;
}

/** The choice as the breaker made it before: exact demerits for every candidate. */
function exactChoice(offers: Offer[]): { start: number; violations: number; demerits: number } {
  let best = { start: -1, violations: Infinity, demerits: Infinity };
  offers.forEach((o, start) => {
    const d = o.base + (10 + badnessOf(o.ratio)) ** 2;
    if (o.violations < best.violations || (o.violations === best.violations && d < best.demerits)) {
      best = { start, violations: o.violations, demerits: d };
    }
  });
  return best;
}

// Few distinct values, so that exact and near ties are common.
const offer = fc.record({
  violations: fc.constantFrom(0, 0, 0, 10, 1e6),
  base: fc.oneof(fc.constantFrom(0, 100, 168100, 1e12), fc.double({ min: 0, max: 1e6, noNaN: true })),
  ratio: fc.oneof(
    fc.constantFrom(0, 0.5, 1, Math.cbrt(4), Infinity, 1 + Number.EPSILON, 1 - Number.EPSILON / 2),
    fc.double({ min: 0, max: 30, noNaN: true }),
  ),
});

describe('BestLine', () => {
  it('chooses the line and demerits that comparing exact demerits chooses', () => {
    const best = new BestLine();
    fc.assert(
      fc.property(fc.array(offer, { minLength: 1, maxLength: 12 }), (offers) => {
        best.reset();
        offers.forEach((o, start) => best.offer(start, o.violations, o.base, o.ratio));
        const want = exactChoice(offers);
        expect({ start: best.start, violations: best.violations, demerits: best.demerits() }).toEqual(want);
      }),
      { numRuns: 20000 },
    );
  });

  it('takes a line of given demerits as the leader', () => {
    const best = new BestLine();
    best.offer(0, 0, 5, 1);
    best.lead(3, 0, 1);
    expect([best.start, best.demerits()]).toEqual([3, 1]);
    best.offer(4, 0, 0, 0);
    expect(best.start).toBe(3); // 100 demerits are more
  });

  it('squares like ** 2', () => {
    for (const bad of [0, 0.1, 1 / 3, 400, 1e6, Math.PI]) expect(lineDemerits(bad)).toBe((10 + bad) ** 2);
  });
});
