// Per-feature preprocessing of real-valued inputs: statistics from the given (training) examples
// only, applied as (x − shift)·factor, and a constant feature only shifted.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Batcher } from '../../src/train/batcher.js';
import { featureStats } from '../../src/train/feature-stats.js';
import type { Split } from '../../src/types.js';

// Three examples of two features; the third example is held out (a validation or test example).
const split: Split & { features: Float32Array } = {
  images: new Uint8Array(0),
  features: Float32Array.from([1, 5, 3, 5, 100, -100]),
  labels: Uint8Array.from([0, 1, 0]),
  count: 3,
  rows: 1,
  cols: 2,
};
const trained = Uint32Array.from([0, 1]);

test('scale: each feature’s training range to [0, 1]; a constant feature only shifted', () => {
  const s = featureStats('scale', split, trained);
  assert.deepEqual([...s.shift], [1, 5]);
  assert.deepEqual([...s.factor], [0.5, 1]);
});

test('standardize: each feature to mean 0, standard deviation 1 over the training examples', () => {
  const s = featureStats('standardize', split, trained);
  assert.deepEqual([...s.shift], [2, 5]);
  assert.deepEqual([...s.factor], [1, 1]);
});

test('the batcher feeds a split of features through its statistics, labels beside', () => {
  const batcher = new Batcher(split, 3, { featureStats: featureStats('scale', split, trained) });
  const { X, y } = batcher.batch(0, 3);
  assert.deepEqual([...X.subarray(0, 6)], [0, 0, 1, 0, 49.5, -105]);
  assert.deepEqual([...y], [0, 1, 0]);
  assert.throws(() => new Batcher(split, 3), /a split of features needs featureStats/);
});
