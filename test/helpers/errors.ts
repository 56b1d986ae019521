import { WenshuError } from '../../src/errors.js';

/** The WenshuError that `fn` throws; fails the test if it throws nothing or something else. */
export function errorOf(fn: () => unknown): WenshuError {
  try {
    fn();
  } catch (e) {
    if (e instanceof WenshuError) return e;
    throw e;
  }
  throw new Error('expected a WenshuError');
}

/** The WenshuError that `p` rejects with. */
export async function asyncErrorOf(p: Promise<unknown>): Promise<WenshuError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WenshuError) return e;
    throw e;
  }
  throw new Error('expected a WenshuError');
}
