import { test } from 'node:test';
import assert from 'node:assert/strict';
import { band, formatSummary, PERCENT, summarize } from '../../../src/report/runs/stats.js';

const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

test('mean and sample standard deviation (n − 1), by hand', () => {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32, 32 / 7 = 4.571428…
  const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(s.n, 8);
  close(s.mean, 5);
  close(s.std, Math.sqrt(32 / 7));
  close(summarize([0.978, 0.9791, 0.9802]).std, 0.0011);
});

test('missing values are left out, and n says how many were averaged', () => {
  assert.deepEqual(summarize([1, null, NaN, undefined, 3, Infinity]), { n: 2, mean: 2, std: Math.SQRT2 });
  assert.deepEqual(summarize([0.5]), { n: 1, mean: 0.5, std: null });
  assert.deepEqual(summarize([]), { n: 0, mean: null, std: null });
});

test('band is mean ± std, or nothing without a spread', () => {
  assert.deepEqual(band({ n: 2, mean: 1, std: 0.5 }), { lo: 0.5, hi: 1.5 });
  assert.deepEqual(band({ n: 1, mean: 1, std: null }), { lo: null, hi: null });
});

test('cells read `97.91 ± 0.11%`, the mean alone for one run, a dash for none', () => {
  assert.equal(formatSummary(summarize([0.978, 0.9791, 0.9802]), 2, PERCENT), '97.91 ± 0.11%');
  assert.equal(formatSummary(summarize([0.05, 0.06, 0.07]), 4), '0.0600 ± 0.0100');
  assert.equal(formatSummary(summarize([0.5]), 2, PERCENT), '50.00%');
  assert.equal(formatSummary(summarize([]), 2), '—');
});
