import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WasmKernels } from '../../src/nn/kernels/wasm-kernels.js';
import { train } from '../../src/train/train.js';
import type { RunSpec } from '../../src/types.js';
import { tinySplit } from '../helpers/tiny.js';
import { sgd, trainWith } from '../helpers/spec.js';

const spec = (over: Partial<RunSpec['train']> = {}, seed = 1): RunSpec => ({
  experiment: 't',
  dataset: 'mnist',
  dataset_sha256: 'x',
  seed,
  preprocess: 'scale',
  model: {
    layers: [{ linear: { units: 16, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }],
    loss: 'softmax-cross-entropy',
  },
  train: trainWith({ epochs: 4, batch_size: 32, optimizer: sgd(0.5), ...over }),
});
const data = { train: tinySplit(300, 1), test: tinySplit(100, 2), classes: 10 };
const strip = (o: ReturnType<typeof train>) => ({ ...o, epochs: o.epochs.map(({ seconds: _s, ...m }) => m) });

test('training learns the tiny dataset', () => {
  const out = train(spec(), 'id1', data);
  assert.equal(out.status, 'done');
  assert.equal(out.epochs.length, 4);
  assert.ok(out.epochs[3].train_loss < out.epochs[0].train_loss, 'loss falls');
  assert.ok(out.final!.test_accuracy > 0.9, `test accuracy ${out.final!.test_accuracy}`);
  assert.equal(out.params, 64 * 16 + 16 + 16 * 10 + 10);
});

test('same spec, seed and id → identical metrics; another seed → different', () => {
  assert.deepEqual(strip(train(spec(), 'id1', data)), strip(train(spec(), 'id1', data)));
  assert.notDeepEqual(strip(train(spec(), 'id1', data)), strip(train(spec({}, 2), 'id1', data)));
});

test('a run in the recycled memory of another run trains exactly as in fresh memory', () => {
  const fresh = strip(train(spec(), 'id1', data, {}, undefined, () => new WasmKernels()));
  // Another run (another model: wider, other seed) leaves its memory full of its own numbers.
  let other: WasmKernels | undefined;
  const wide = spec({}, 2);
  wide.model.layers = [{ linear: { units: 40, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }];
  assert.equal(train(wide, 'id2', data, {}, undefined, () => (other = new WasmKernels())).status, 'done');
  other!.recycle();
  let reused: WasmKernels | undefined;
  assert.deepEqual(strip(train(spec(), 'id1', data, {}, undefined, () => (reused = new WasmKernels()))), fresh);
  assert.equal(reused!.arena.memory, other!.arena.memory, 'the second run did train in the recycled memory');
});

test('a batch size that does not divide the training set uses every example', () => {
  const out = train(spec({ epochs: 1, batch_size: 7 }), 'id1', data); // 300 = 42·7 + 6
  assert.equal(out.status, 'done');
  assert.ok(out.final!.train_accuracy > 0 && out.final!.train_accuracy <= 1);
});

test('a huge learning rate is recorded as diverged with its epoch', () => {
  const out = train(spec({ optimizer: sgd(1e30) }), 'id1', data);
  assert.equal(out.status, 'diverged');
  assert.match(out.error ?? '', /loss became (NaN|Infinity) at epoch 1/);
  assert.equal(out.final, null);
});
