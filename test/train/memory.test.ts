// runMemory against what training really allocates: the arena's bytes after a run of a few shapes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WasmKernels } from '../../src/nn/kernels/wasm-kernels.js';
import { Rng } from '../../src/nn/rng.js';
import { runMemory } from '../../src/train/memory.js';
import { ThreadedWasmKernels } from '../../src/helper-thread/threaded-kernels.js';
import { train } from '../../src/train/train.js';
import type { LayerSpec, RunSpec, Split, TrainSpec } from '../../src/types.js';
import { sgd, trainWith } from '../helpers/spec.js';

/** count images side×side of which a fraction `zeros` of pixels is 0, with labels 0–9. */
function split(count: number, side: number, zeros: number, seed: number): Split {
  const rng = Rng.from(seed, 'memory-test');
  const images = new Uint8Array(count * side * side);
  for (let i = 0; i < images.length; i++) images[i] = rng.uniform() < zeros ? 0 : 1 + rng.int(255);
  const labels = Uint8Array.from({ length: count }, () => rng.int(10));
  return { images, labels, count, rows: side, cols: side };
}

const linear = (units: number): LayerSpec => ({ linear: { units, init: 'he' } });

function spec(layers: LayerSpec[], over: Partial<TrainSpec>): RunSpec {
  return {
    experiment: 'memory',
    dataset: 'mnist',
    dataset_sha256: '',
    seed: 1,
    preprocess: 'scale',
    model: { layers, loss: 'softmax-cross-entropy' },
    train: trainWith({ epochs: 1, ...over }),
  };
}

/** The estimate is an upper bound of the arena a run really used, and at most MARGIN above it. */
const MARGIN = 1.5;

const CASES: { name: string; side: number; zeros: number; spec: RunSpec; threaded: boolean }[] = [
  {
    name: 'MNIST-like sparse input, one hidden layer',
    side: 28,
    zeros: 0.8,
    threaded: false,
    spec: spec([linear(64), { relu: {} }, linear(10)], { batch_size: 32, optimizer: sgd(0.1) }),
  },
  {
    name: 'dense input, every layer kind, Adam, early stopping, batch above 500',
    side: 16,
    zeros: 0.3,
    threaded: true,
    spec: spec(
      [
        linear(96),
        { batchnorm: { momentum: 0.1, eps: 1e-5 } },
        { gelu: {} },
        { dropout: { rate: 0.2 } },
        linear(40),
        { tanh: {} },
        linear(10),
      ],
      {
        batch_size: 700,
        validation: 0.2,
        early_stopping: { metric: 'val_loss', patience: 2 },
        optimizer: { adam: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 } },
      },
    ),
  },
  {
    name: 'softmax regression with momentum, two threads',
    side: 28,
    zeros: 0.5,
    threaded: true,
    spec: spec([linear(10)], { batch_size: 100, optimizer: { sgd: { lr: 0.1, momentum: 0.9, nesterov: false, weight_decay: 0 } } }),
  },
];

for (const c of CASES) {
  test(`runMemory bounds the arena within ${MARGIN}×: ${c.name}`, async () => {
    const data = { train: split(1500, c.side, c.zeros, 1), test: split(700, c.side, c.zeros, 2), classes: 10 };
    let kernels: WasmKernels | undefined;
    const outcome = train(c.spec, 'memory-test', data, {}, undefined, () => {
      kernels = c.threaded ? new ThreadedWasmKernels(0) : new WasmKernels();
      return kernels;
    });
    assert.equal(outcome.status, 'done', outcome.error);
    if (kernels instanceof ThreadedWasmKernels) await kernels.close();
    const used = kernels!.arena.used;
    const estimate = runMemory(c.spec, { train: 1500, test: 700, inputs: c.side * c.side }).arena;
    assert.ok(used <= estimate && estimate <= MARGIN * used, `estimate ${estimate} B, arena used ${used} B`);
  });
}
