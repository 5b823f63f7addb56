import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeState, encodeState, type TrainState } from '../../src/train/checkpoint.js';
import { train } from '../../src/train/train.js';
import type { RunSpec } from '../../src/types.js';
import { tinySplit } from '../helpers/tiny.js';
import { sgd, trainWith } from '../helpers/spec.js';

const spec: RunSpec = {
  experiment: 't', dataset: 'mnist', dataset_sha256: 'x', seed: 4, preprocess: 'scale',
  model: { layers: [{ linear: { units: 12, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }], loss: 'softmax-cross-entropy' },
  train: trainWith({ epochs: 6, batch_size: 16, optimizer: sgd(0.3) }),
};
const data = { train: tinySplit(200, 1), test: tinySplit(50, 2), classes: 10 };
const noTime = (o: ReturnType<typeof train>) => ({ ...o, epochs: o.epochs.map(({ seconds: _s, ...m }) => m) });

test('a checkpoint survives encoding bit for bit', () => {
  const state: TrainState = {
    id: 'abc', epoch: 2, history: [], shuffle: [1, 2, 3, 4], noise: [5, 6, 7, 8],
    params: [Float32Array.of(1.5, -2, NaN), Float32Array.of(3)], optimizer: [Float32Array.of(0.25)],
    layers: [Float32Array.of(0.5, 2)], best: [Float32Array.of(9, 8, 7), Float32Array.of(6), Float32Array.of(5, 4)], order: Uint32Array.of(2, 0, 1),
  };
  assert.deepEqual(decodeState(encodeState(state)), state);
  // As read from disk: a Node Buffer at an odd offset inside a larger pool.
  const bytes = encodeState(state);
  const pooled = Buffer.alloc(bytes.length + 3);
  pooled.set(bytes, 3);
  assert.deepEqual(decodeState(pooled.subarray(3)), state);
});

test('a truncated or foreign checkpoint is refused', () => {
  const bytes = encodeState({ id: 'a', epoch: 1, history: [], shuffle: [1, 2, 3, 4], noise: [1, 2, 3, 4], params: [new Float32Array(8)], optimizer: [], layers: [], best: [], order: new Uint32Array(3) });
  assert.throws(() => decodeState(bytes.subarray(0, bytes.length - 4)), /expected/);
  assert.throws(() => decodeState(new TextEncoder().encode('hello world, not a checkpoint')), /not an mlplab checkpoint/);
});

test('resuming from any epoch ends bit-identical to an uninterrupted run', () => {
  const saved: Uint8Array[] = [];
  const full = train(spec, 'run', data, { onCheckpoint: (s) => saved.push(encodeState(s)) });
  assert.equal(saved.length, 6);
  for (const at of [1, 3, 5]) {
    const resumed = train(spec, 'run', data, {}, decodeState(saved[at - 1]));
    assert.deepEqual(noTime(resumed), noTime(full), `resumed after epoch ${at}`);
  }
});

test('a label outside the classes fails the run with a clear error', () => {
  const bad = { ...data, train: { ...data.train, labels: data.train.labels.map((l, i) => (i === 7 ? 12 : l)) } };
  assert.throws(() => train(spec, 'run', bad), /training label 12 at index 7 is out of range for 10 classes/);
});
