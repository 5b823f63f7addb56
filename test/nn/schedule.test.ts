// The learning rate per epoch against values worked out by hand (cos 36° = 0.80901699…,
// cos 72° = 0.30901699…, cos 45° = 0.70710678…).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { learningRate } from '../../src/nn/schedule.js';
import type { ScheduleSpec } from '../../src/types.js';

/** The rates of epochs 1 … epochs. */
const rates = (base: number, epochs: number, schedule: ScheduleSpec, warmup = 0): number[] =>
  Array.from({ length: epochs }, (_, i) => learningRate(base, i + 1, epochs, schedule, warmup));

function assertRates(got: number[], want: number[]): void {
  assert.equal(got.length, want.length);
  got.forEach((r, i) => assert.ok(Math.abs(r - want[i]) <= 1e-6 * want[i], `epoch ${i + 1}: ${r}, want ${want[i]}`));
}

test('constant', () => assertRates(rates(0.1, 3, { constant: {} }), [0.1, 0.1, 0.1]));
test('step: × gamma every `every` epochs', () =>
  assertRates(rates(0.1, 7, { step: { every: 3, gamma: 0.5 } }), [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]));
test('exponential: × gamma each epoch', () => assertRates(rates(0.1, 4, { exponential: { gamma: 0.9 } }), [0.1, 0.09, 0.081, 0.0729]));
test('cosine from base towards 0 over 5 epochs', () =>
  assertRates(rates(1, 5, { cosine: { min_factor: 0 } }), [
    1,
    (1 + 0.80901699) / 2,
    (1 + 0.30901699) / 2,
    (1 - 0.30901699) / 2,
    (1 - 0.80901699) / 2,
  ]));
test('cosine towards min_factor', () =>
  assertRates(rates(0.2, 3, { cosine: { min_factor: 0.1 } }), [0.2, 0.2 * (0.1 + 0.9 * 0.5 * 1.5), 0.2 * (0.1 + 0.9 * 0.5 * 0.5)]));
test('warm-up ramps linearly to base, then cosine runs over the remaining epochs', () =>
  assertRates(rates(0.1, 6, { cosine: { min_factor: 0 } }, 2), [
    0.05,
    0.1,
    0.1,
    (0.1 * (1 + Math.SQRT1_2)) / 2,
    0.05,
    (0.1 * (1 - Math.SQRT1_2)) / 2,
  ]));
test('warm-up in front of step: the steps count from its end', () =>
  assertRates(rates(0.4, 6, { step: { every: 2, gamma: 0.5 } }, 3), [0.4 / 3, 0.8 / 3, 0.4, 0.4, 0.4, 0.2]));
test('one epoch of cosine after warm-up is base', () => assertRates(rates(0.3, 2, { cosine: { min_factor: 0 } }, 1), [0.3, 0.3]));
