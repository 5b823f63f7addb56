import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KERNELS, referenceKernels, type KernelsName } from '../../src/nn/kernels/kernels.js';
import { LAYERS } from '../../src/nn/layers/index.js';
import { LOSSES } from '../../src/nn/losses/index.js';
import { Rng } from '../../src/nn/rng.js';
import type { Layer } from '../../src/nn/layer.js';
import { gradcheckLayer, gradcheckLoss } from './gradcheck.js';

const ctx = (inputSize: number, needsInputGrad = true, kernels: KernelsName = 'wasm') =>
  ({ inputSize, maxBatch: 8, rng: Rng.from(3, 'init'), needsInputGrad, kernels: KERNELS[kernels]() });
const TOL = 2e-3;

function assertGrads(layer: Layer, B: number): void {
  const r = gradcheckLayer(layer, B);
  assert.ok(r.worst < TOL, `worst relative error ${r.worst.toExponential(2)} at ${r.where}`);
}

for (const k of Object.keys(KERNELS) as KernelsName[]) {
  test(`linear (He) backward matches finite differences [${k}]`, () => assertGrads(LAYERS.linear({ units: 5, init: 'he' }, ctx(7, true, k)), 4));
  test(`linear (Xavier) backward matches finite differences [${k}]`, () => assertGrads(LAYERS.linear({ units: 3, init: 'xavier' }, ctx(6, true, k)), 5));
  test(`linear with a partial batch (B < maxBatch) [${k}]`, () => assertGrads(LAYERS.linear({ units: 4, init: 'he' }, ctx(3, true, k)), 1));
  test(`linear wider than one 4×8 tile, odd sizes [${k}]`, () => assertGrads(LAYERS.linear({ units: 11, init: 'he' }, ctx(9, true, k)), 6));
  test(`relu backward matches finite differences [${k}]`, () => assertGrads(LAYERS.relu({}, ctx(9, true, k)), 6));
}
test('softmax-cross-entropy backward matches finite differences', () => {
  const r = gradcheckLoss(LOSSES['softmax-cross-entropy'](10, 8, referenceKernels), 5);
  assert.ok(r.worst < TOL, `worst relative error ${r.worst.toExponential(2)} at ${r.where}`);
});

test('every registered layer has a gradient check above', () => {
  assert.deepEqual(Object.keys(LAYERS).sort(), ['linear', 'relu']);
});

test('the first layer skips dX but still computes dW and db', () => {
  const layer = LAYERS.linear({ units: 2, init: 'he' }, ctx(3, false, 'wasm'));
  const X = Float32Array.of(1, 2, 3);
  layer.forward(X, 1, 'train');
  layer.backward(Float32Array.of(1, -1), 1);
  const [W, b] = layer.params();
  assert.deepEqual([...W.grad], [1, -1, 2, -2, 3, -3]);
  assert.deepEqual([...b.grad], [1, -1]);
});

test('softmax-cross-entropy stays finite on huge logits (row max subtracted)', () => {
  const loss = LOSSES['softmax-cross-entropy'](3, 2, referenceKernels);
  const L = loss.forward(Float32Array.of(1000, 0, -1000, -1000, 0, 1000), Uint8Array.of(0, 0), 2);
  assert.ok(Number.isFinite(L));
  assert.ok(Math.abs(L - 1000) < 1e-6, `loss ${L}`); // row 1: log p = 0; row 2: log p = −2000 → mean 1000
  const dZ = loss.backward(2);
  assert.ok(Math.abs(dZ[0]) < 1e-9 && Math.abs(dZ[3] + 0.5) < 1e-9 && Math.abs(dZ[5] - 0.5) < 1e-9);
});

test('softmax-cross-entropy of uniform logits is log C', () => {
  const loss = LOSSES['softmax-cross-entropy'](10, 1, referenceKernels);
  assert.ok(Math.abs(loss.forward(new Float32Array(10), Uint8Array.of(4), 1) - Math.log(10)) < 1e-6);
});

test('the gradient check catches a wrong backward', () => {
  const relu = LAYERS.relu({}, ctx(4));
  const broken: Layer = { inputSize: 4, outputSize: 4, forward: (X, B, m) => relu.forward(X, B, m), backward: (dY) => dY, params: () => [] };
  assert.ok(gradcheckLayer(broken, 3).worst > 0.5);
});
