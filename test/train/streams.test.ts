// Each random stream derives from the seed and the parts of the spec that can change what it
// draws: runs that differ in the learning rate start from the same weights and see the examples
// in the same order; the layer stack changes the initialisation, the hold-out the order.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { streamsOf, type Streams } from '../../src/train/streams.js';
import type { RunSpec } from '../../src/types.js';
import { sgd, smallRun, trainWith } from '../helpers/spec.js';

const states = (s: Streams) => ({ init: s.init.state(), noise: s.noise.state(), shuffle: s.shuffle.state() });
const base = smallRun(2);
const of = (spec: RunSpec) => states(streamsOf(spec));

test('what cannot change a stream does not: lr, optimizer, epochs, batch size, schedule, clipping', () => {
  const same: RunSpec[] = [
    { ...base, train: { ...base.train, optimizer: sgd(0.01) } },
    { ...base, train: { ...base.train, optimizer: { adam: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 } } } },
    { ...base, train: trainWith({ ...base.train, epochs: 7, batch_size: 128, schedule: { cosine: { min_factor: 0 } }, clip_norm: 1 }) },
    { ...base, dataset_sha256: 'other bytes', experiment: 'another experiment' },
  ];
  for (const spec of same) assert.deepEqual(of(spec), of(base));
});

test('the seed changes every stream; the layers the initialisation and noise; the hold-out the order', () => {
  const reseeded = of({ ...base, seed: base.seed + 1 });
  const mine = of(base);
  for (const k of ['init', 'noise', 'shuffle'] as const) assert.notDeepEqual(reseeded[k], mine[k], k);

  const wider = of({ ...base, model: { ...base.model, layers: [{ linear: { units: 13, init: 'he' } }, ...base.model.layers.slice(1)] } });
  assert.notDeepEqual(wider.init, mine.init);
  assert.notDeepEqual(wider.noise, mine.noise);
  assert.deepEqual(wider.shuffle, mine.shuffle);

  const heldOut = of({ ...base, train: { ...base.train, validation: 0.1 } });
  assert.notDeepEqual(heldOut.shuffle, mine.shuffle);
  assert.deepEqual(heldOut.init, mine.init);

  const otherData = of({ ...base, dataset: 'fashion-mnist' });
  for (const k of ['init', 'noise', 'shuffle'] as const) assert.notDeepEqual(otherData[k], mine[k], k);
});
