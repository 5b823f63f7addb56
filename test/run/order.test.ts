// The pool gets the costliest runs first; equal costs keep the plan's order.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flopsPerEpoch } from '../../src/estimate/estimate.js';
import { costliestFirst } from '../../src/run/order.js';
import type { RunSpec } from '../../src/types.js';
import { sgd, trainWith } from '../helpers/spec.js';

const spec = (units: number[], epochs: number, lr = 0.1): RunSpec => ({
  experiment: 'order',
  dataset: 'mnist',
  dataset_sha256: 'x',
  seed: 1,
  preprocess: 'scale',
  model: {
    layers: [...units.flatMap((u) => [{ linear: { units: u, init: 'he' as const } }, { relu: {} }]), { linear: { units: 10, init: 'he' } }],
    loss: 'softmax-cross-entropy',
  },
  train: trainWith({ epochs, optimizer: sgd(lr) }),
});

test('wider, deeper and longer runs go first', () => {
  const plan = [
    { id: 'w32', spec: spec([32], 2) },
    { id: 'w512', spec: spec([512], 2) },
    { id: 'w128x64', spec: spec([128, 64], 2) },
    { id: 'w128-long', spec: spec([128], 10) },
    { id: 'w128', spec: spec([128], 2) },
  ];
  const order = costliestFirst(plan).map((p) => p.id);
  assert.deepEqual(order, ['w128-long', 'w512', 'w128x64', 'w128', 'w32']);
  // The cost is FLOPs × epochs: 10 epochs of 784-128-10 outweigh 2 of 784-512-10.
  assert.ok(flopsPerEpoch(plan[3].spec) * 10 > flopsPerEpoch(plan[1].spec) * 2);
});

test('runs of equal cost (a learning-rate sweep) keep the plan order, and the input is left as it was', () => {
  const plan = [0.3, 0.1, 0.03, 0.01].map((lr) => ({ id: `lr${lr}`, spec: spec([128, 64], 2, lr) }));
  const before = plan.map((p) => p.id);
  assert.deepEqual(
    costliestFirst(plan).map((p) => p.id),
    before,
  );
  assert.deepEqual(
    plan.map((p) => p.id),
    before,
  );
});
