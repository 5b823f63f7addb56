// Summaries of replicate runs (the same config with different seeds): mean and sample standard
// deviation, and how they read in a table cell. Missing values (runs that did not finish, NaN
// stored as null) are left out before anything is computed, so n is always the count averaged.

import { DASH, isFiniteNumber } from '../format.js';

export interface Summary {
  /** How many finite values the mean is over. */
  n: number;
  /** Null when n = 0. */
  mean: number | null;
  /** Sample standard deviation (n − 1 in the denominator); null when n < 2, where it is undefined. */
  std: number | null;
}

/** Mean and sample standard deviation of the finite values among `xs`. */
export function summarize(xs: readonly (number | null | undefined)[]): Summary {
  const values = xs.filter(isFiniteNumber);
  const n = values.length;
  if (n === 0) return { n, mean: null, std: null };
  const mean = values.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return { n, mean, std: null };
  // Two passes (mean first, then squared deviations): no catastrophic cancellation for values
  // that sit close together, which replicate accuracies always do.
  const ss = values.reduce((s, x) => s + (x - mean) ** 2, 0);
  return { n, mean, std: Math.sqrt(ss / (n - 1)) };
}

/** mean − std and mean + std, or nulls when there is no spread to show. */
export function band(s: Summary): { lo: number | null; hi: number | null } {
  if (s.mean === null || s.std === null) return { lo: null, hi: null };
  return { lo: s.mean - s.std, hi: s.mean + s.std };
}

/**
 * `97.91 ± 0.12%` for percentages (scale 100, unit `%`), `0.1234 ± 0.0012` for plain numbers;
 * the mean alone when there is no spread, and a dash when there is nothing to average.
 */
export function formatSummary(s: Summary, digits: number, unit: Unit = PLAIN): string {
  if (s.mean === null) return DASH;
  const mean = (s.mean * unit.scale).toFixed(digits);
  if (s.std === null) return `${mean}${unit.suffix}`;
  return `${mean} ± ${(s.std * unit.scale).toFixed(digits)}${unit.suffix}`;
}

/** How a value is shown: multiplied by `scale`, followed by `suffix`. */
export interface Unit {
  scale: number;
  suffix: string;
}

export const PLAIN: Unit = { scale: 1, suffix: '' };
export const PERCENT: Unit = { scale: 100, suffix: '%' };
