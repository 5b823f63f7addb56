// Random search draws: one value of a field from its distribution. The generator is the caller's
// (seeded from the experiment seed), so the same file always gives the same runs.

import type { Rng } from '../nn/rng.js';

export type Distribution =
  | { choice: unknown[] }
  | { uniform: [number, number] }
  | { log_uniform: [number, number] }
  | { int: [number, number] };

/** The value drawn, and for a choice the index of the item taken (errors point at that item). */
export interface Draw {
  value: unknown;
  index?: number;
}

/**
 * 4 significant digits: 0.01234 rather than 0.012341872. Run ids, file names and tables stay
 * readable, and the lost precision is far below what a learning rate search can resolve.
 */
function roundSignificant(x: number, digits = 4): number {
  return Number(x.toPrecision(digits));
}

/** Rounding must not step outside the range the user asked for (e.g. below a lo of 1.23456e-3). */
const clamp = (x: number, [lo, hi]: [number, number]): number => Math.min(hi, Math.max(lo, x));

export function draw(distribution: Distribution, rng: Rng): Draw {
  if ('choice' in distribution) {
    const index = rng.int(distribution.choice.length);
    return { value: structuredClone(distribution.choice[index]), index };
  }
  if ('uniform' in distribution) {
    const [lo, hi] = distribution.uniform;
    return { value: clamp(roundSignificant(lo + (hi - lo) * rng.uniform()), distribution.uniform) };
  }
  if ('log_uniform' in distribution) {
    const [lo, hi] = distribution.log_uniform;
    const value = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.uniform());
    return { value: clamp(roundSignificant(value), distribution.log_uniform) };
  }
  const [lo, hi] = distribution.int;
  return { value: lo + rng.int(hi - lo + 1) };
}

/** [lo, hi] of a numeric distribution, for checking lo ≤ hi; undefined for a choice. */
export function rangeOf(distribution: Distribution): [number, number] | undefined {
  if ('choice' in distribution) return undefined;
  if ('uniform' in distribution) return distribution.uniform;
  if ('log_uniform' in distribution) return distribution.log_uniform;
  return distribution.int;
}
