// Number formatting shared by the table, the README and the plot labels, so a value reads the
// same everywhere. Stored results are JSON, where NaN and ±Infinity do not survive (they come
// back as null), so every formatter accepts null and treats any non-finite value as missing.

/** What a table cell shows for a number the run does not have (failed early, diverged, …). */
export const DASH = '—';

/** True for an actual, finite number; false for null, NaN and ±Infinity. */
export function isFiniteNumber(x: number | null | undefined): x is number {
  return x !== null && x !== undefined && Number.isFinite(x);
}

/** A fraction in [0, 1] as a percentage: 0.97531 → "97.53%". */
export function percent(x: number | null | undefined, digits = 2): string {
  return isFiniteNumber(x) ? `${(x * 100).toFixed(digits)}%` : DASH;
}

/** A number with a fixed count of decimals: fixed(0.123456, 4) → "0.1235". */
export function fixed(x: number | null | undefined, digits: number): string {
  return isFiniteNumber(x) ? x.toFixed(digits) : DASH;
}

/** An integer with thousands separators, locale-independent so output is byte-identical anywhere. */
export function integer(x: number | null | undefined): string {
  if (!isFiniteNumber(x)) return DASH;
  return Math.round(x)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
