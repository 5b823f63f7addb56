// A few SGD steps of a small network with the fast and the reference kernels: the rounding
// differences of the products must stay small as they feed through training.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KERNELS, type Kernels } from '../../src/nn/kernels/index.js';
import { WasmKernels } from '../../src/nn/kernels/wasm-kernels.js';
import { LOSSES } from '../../src/nn/losses/index.js';
import { Sequential } from '../../src/nn/model.js';
import { buildOptimizer } from '../../src/nn/optim/index.js';
import { Rng } from '../../src/nn/rng.js';
import type { LayerSpec } from '../../src/types.js';

const LAYERS: LayerSpec[] = [
  { linear: { units: 24, init: 'he' } },
  { relu: {} },
  { linear: { units: 13, init: 'he' } },
  { relu: {} },
  { linear: { units: 10, init: 'xavier' } },
];
const INPUTS = 37,
  BATCH = 11,
  STEPS = 30;

/** zeros: the fraction of input pixels that are 0, as in MNIST images (~0.8). */
function trainSteps(kernels: () => Kernels, zeros = 0): { losses: number[]; params: Float32Array[] } {
  const model = new Sequential(LAYERS, INPUTS, BATCH, Rng.from(1, 'init'), kernels());
  const loss = LOSSES['softmax-cross-entropy'](10, BATCH, model.kernels);
  const sgd = buildOptimizer({ sgd: { lr: 0.1, momentum: 0, nesterov: false, weight_decay: 0 } }, model.params(), model.kernels);
  const data = Rng.from(2, 'data');
  const X = model.kernels.alloc(BATCH * INPUTS),
    y = new Uint8Array(BATCH);
  const losses: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const B = s % 3 === 2 ? 7 : BATCH; // some partial batches
    for (let r = 0; r < B; r++) {
      y[r] = data.int(10);
      for (let i = 0; i < INPUTS; i++) X[r * INPUTS + i] = data.uniform() < zeros ? 0 : data.uniform() + (i % 10 === y[r] ? 1 : 0);
    }
    losses.push(loss.forward(model.forward(X, B, 'train'), y, B));
    model.backward(loss.backward(B), B);
    sgd.step(0.1);
  }
  return { losses, params: model.params().map((p) => Float32Array.from(p.value)) };
}

test('training with the fast kernels stays close to training with the reference kernels', () => {
  const fast = trainSteps(KERNELS.wasm),
    ref = trainSteps(KERNELS.reference);
  assert.ok(fast.losses[STEPS - 1] < fast.losses[0] * 0.8, `loss falls: ${fast.losses[0]} → ${fast.losses[STEPS - 1]}`);
  fast.losses.forEach((l, i) =>
    assert.ok(Math.abs(l - ref.losses[i]) < 1e-4 * (1 + ref.losses[i]), `step ${i}: loss ${l} vs ${ref.losses[i]}`),
  );
  fast.params.forEach((p, j) =>
    p.forEach((v, i) => assert.ok(Math.abs(v - ref.params[j][i]) < 1e-4, `param ${j}[${i}]: ${v} vs ${ref.params[j][i]}`)),
  );
});

test('training with the fast kernels is bit-identical when repeated', () => {
  assert.deepEqual(trainSteps(KERNELS.wasm), trainSteps(KERNELS.wasm));
});

test('the sparse path trains bit-identically to the dense path on mostly-zero inputs', () => {
  let kernels: WasmKernels | undefined;
  const sparse = trainSteps(() => (kernels = new WasmKernels(undefined, 1)), 0.8); // every XW and XᵀΔ sparse
  assert.ok(kernels !== undefined && kernels.sparseProducts >= 2 * STEPS, `sparse products: ${kernels?.sparseProducts}`);
  // The first layer's XᵀΔ takes the list of its XW's input rather than scanning it again.
  assert.ok(kernels.listsReused >= STEPS, `lists reused: ${kernels.listsReused}`);
  assert.deepEqual(
    sparse,
    trainSteps(() => new WasmKernels(undefined, 0), 0.8),
  );
});
