import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KERNELS, referenceKernels, type KernelsName } from '../../src/nn/kernels/index.js';
import { LAYERS, type LayerName, type LayerSpec } from '../../src/nn/layers/index.js';
import { LOSSES } from '../../src/nn/losses/index.js';
import { Rng } from '../../src/nn/rng.js';
import type { Layer, LayerContext, LayerKind } from '../../src/nn/layer.js';
import { gradcheckLayer, gradcheckLoss, withFixedNoise } from './gradcheck.js';

const ctx = (inputSize: number, needsInputGrad = true, kernels: KernelsName = 'wasm', noise = Rng.from(3, 'noise')) => ({
  inputSize,
  maxBatch: 8,
  rng: Rng.from(3, 'init'),
  noise,
  needsInputGrad,
  kernels: KERNELS[kernels](),
});
const TOL = 2e-3;

/** Build a registered layer, holding the registry's facts (output width, parameter count) to it. */
function make<K extends LayerName>(name: K, opts: Extract<LayerSpec, Record<K, unknown>>[K], c: LayerContext): Layer {
  const kind = LAYERS[name] as LayerKind<unknown>;
  const layer = kind.build(opts, c);
  assert.equal(kind.outputWidth(opts, c.inputSize), layer.outputSize, `${name}: outputWidth`);
  const buffers = kind.buffers(opts, c.inputSize, c.maxBatch, c.needsInputGrad);
  assert.deepEqual(
    buffers.params,
    layer.params().map((p) => p.value.length),
    `${name}: buffers.params`,
  );
  assert.deepEqual(
    buffers.state,
    layer.state().map((s) => s.length),
    `${name}: buffers.state`,
  );
  return layer;
}

function assertGrads(layer: Layer, B: number): void {
  const r = gradcheckLayer(layer, B);
  assert.ok(r.worst < TOL, `worst relative error ${r.worst.toExponential(2)} at ${r.where}`);
}

/** The layer types the gradient checks below have covered, for the test after them. */
const checked = new Set<string>();

/** Build a registered layer (checking its facts) and check its gradients on a batch of B rows. */
function gradcheck<K extends LayerName>(
  name: K,
  opts: Extract<LayerSpec, Record<K, unknown>>[K],
  c: LayerContext,
  B: number,
  wrap = (l: Layer) => l,
): void {
  assertGrads(wrap(make(name, opts, c)), B);
  checked.add(name);
}

for (const k of Object.keys(KERNELS) as KernelsName[]) {
  test(`linear (He) backward matches finite differences [${k}]`, () => gradcheck('linear', { units: 5, init: 'he' }, ctx(7, true, k), 4));
  test(`linear (Xavier) backward matches finite differences [${k}]`, () =>
    gradcheck('linear', { units: 3, init: 'xavier' }, ctx(6, true, k), 5));
  test(`linear with a partial batch (B < maxBatch) [${k}]`, () => gradcheck('linear', { units: 4, init: 'he' }, ctx(3, true, k), 1));
  test(`linear wider than one 4×8 tile, odd sizes [${k}]`, () => gradcheck('linear', { units: 11, init: 'he' }, ctx(9, true, k), 6));
  test(`relu backward matches finite differences [${k}]`, () => gradcheck('relu', {}, ctx(9, true, k), 6));
  test(`leaky_relu backward matches finite differences [${k}]`, () => gradcheck('leaky_relu', { slope: 0.1 }, ctx(9, true, k), 6));
  test(`tanh backward matches finite differences [${k}]`, () => gradcheck('tanh', {}, ctx(9, true, k), 6));
  test(`sigmoid backward matches finite differences [${k}]`, () => gradcheck('sigmoid', {}, ctx(9, true, k), 6));
  test(`gelu backward matches finite differences [${k}]`, () => gradcheck('gelu', {}, ctx(9, true, k), 6));
  test(`dropout backward (mask held fixed) matches finite differences [${k}]`, () => {
    const noise = Rng.from(5, 'noise');
    gradcheck('dropout', { rate: 0.3 }, ctx(9, true, k, noise), 6, (l) => withFixedNoise(l, noise));
  });
  test(`batchnorm backward (train mode: dX, dgamma, dbeta) matches finite differences [${k}]`, () =>
    gradcheck('batchnorm', { momentum: 0.1, eps: 1e-5 }, ctx(5, true, k), 8));
}
test('softmax-cross-entropy backward matches finite differences', () => {
  const r = gradcheckLoss(LOSSES['softmax-cross-entropy'](10, 8, referenceKernels), 5);
  assert.ok(r.worst < TOL, `worst relative error ${r.worst.toExponential(2)} at ${r.where}`);
});

test('every registered layer has a gradient check above', () => {
  assert.deepEqual([...checked].sort(), Object.keys(LAYERS).sort());
});

test('the first layer skips dX but still computes dW and db', () => {
  const layer = make('linear', { units: 2, init: 'he' }, ctx(3, false, 'wasm'));
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
  const relu = make('relu', {}, ctx(4));
  const broken: Layer = {
    inputSize: 4,
    outputSize: 4,
    forward: (X, B, m) => relu.forward(X, B, m),
    backward: (dY) => dY,
    params: () => [],
    state: () => [],
  };
  assert.ok(gradcheckLayer(broken, 3).worst > 0.5);
});

test('sigmoid is finite and saturates at ±100, forward and backward', () => {
  const sigmoid = make('sigmoid', {}, ctx(2));
  const [high, low] = sigmoid.forward(Float32Array.of(100, -100), 1, 'train');
  assert.ok(high === 1 && low >= 0 && low < 1e-40, `σ(100) = ${high}, σ(−100) = ${low}`); // e^(−100) ≈ 4e-44
  assert.ok(
    sigmoid
      .backward(Float32Array.of(1, 1), 1)
      .subarray(0, 2)
      .every((d) => d >= 0 && d < 1e-40),
  );
});

/** n ones through a fresh dropout layer in `mode`, drawing from Rng.from(seed, 'noise'). */
function dropped(rate: number, mode: 'train' | 'eval', seed = 1, n = 1000): { X: Float32Array; Y: Float32Array; noise: Rng } {
  const noise = Rng.from(seed, 'noise');
  const X = new Float32Array(8 * n).fill(1);
  return { X, Y: make('dropout', { rate }, ctx(n, true, 'reference', noise)).forward(X, 8, mode), noise };
}
const untouched = Rng.from(1, 'noise').state();

test('dropout in eval mode is the identity and draws nothing', () => {
  const { X, Y, noise } = dropped(0.5, 'eval');
  assert.deepEqual(Y, X);
  assert.deepEqual(noise.state(), untouched);
});

test('dropout with rate 0 is the identity in training too, and draws nothing', () => {
  const { X, Y, noise } = dropped(0, 'train');
  assert.deepEqual(Y, X);
  assert.deepEqual(noise.state(), untouched);
});

test('dropout in training zeroes about `rate` of the units, scales the rest by 1/(1 − rate), keeps the mean', () => {
  for (const rate of [0.2, 0.5, 0.8]) {
    const { Y } = dropped(rate, 'train');
    const zeros = Y.filter((y) => y === 0).length / Y.length;
    assert.ok(Math.abs(zeros - rate) < 0.02, `rate ${rate}: zero fraction ${zeros}`);
    assert.ok(
      Y.every((y) => y === 0 || y === Math.fround(1 / (1 - rate))),
      `rate ${rate}: kept values`,
    );
    const mean = Y.reduce((s, y) => s + y, 0) / Y.length;
    assert.ok(Math.abs(mean - 1) < 0.05, `rate ${rate}: mean ${mean}`);
  }
});

test('dropout: the same noise seed gives the same mask, another seed another', () => {
  assert.deepEqual(dropped(0.5, 'train', 1).Y, dropped(0.5, 'train', 1).Y);
  assert.notDeepEqual(dropped(0.5, 'train', 1).Y, dropped(0.5, 'train', 2).Y);
});

test('dropout backward passes the gradient through the mask forward drew', () => {
  const layer = make('dropout', { rate: 0.5 }, ctx(1000, true, 'reference'));
  const Y = layer.forward(new Float32Array(1000).fill(1), 1, 'train');
  assert.deepEqual(layer.backward(new Float32Array(1000).fill(1), 1).subarray(0, 1000), Y.subarray(0, 1000));
});

// A batch of 8 rows × 3 features with feature means 1, −2, 10 and unequal spreads.
const BN_X = Float32Array.from({ length: 24 }, (_, i) => [1, -2, 10][i % 3] + [1, 3, 0.5][i % 3] * Math.sin(7 * i));
const column = (A: Float32Array, j: number) => Array.from({ length: 8 }, (_, r) => A[r * 3 + j]);
const meanOf = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const varOf = (a: number[]) => meanOf(a.map((v) => (v - meanOf(a)) ** 2)); // biased
const batchnorm = () => make('batchnorm', { momentum: 0.1, eps: 1e-5 }, ctx(3, true, 'reference'));

test('batchnorm in training: each feature of the output has mean 0 and variance 1', () => {
  const Y = batchnorm().forward(BN_X, 8, 'train');
  for (let j = 0; j < 3; j++) {
    assert.ok(Math.abs(meanOf(column(Y, j))) < 1e-5, `feature ${j} mean`);
    assert.ok(Math.abs(varOf(column(Y, j)) - 1) < 1e-3, `feature ${j} variance`);
  }
});

test('batchnorm running statistics after one batch: 0.9·(0, 1) + 0.1·(mean, unbiased variance)', () => {
  const layer = batchnorm();
  layer.forward(BN_X, 8, 'train');
  const [runningMean, runningVar] = layer.state();
  for (let j = 0; j < 3; j++) {
    const x = column(BN_X, j);
    assert.ok(Math.abs(runningMean[j] - 0.1 * meanOf(x)) < 1e-5, `feature ${j} running mean`);
    assert.ok(Math.abs(runningVar[j] - (0.9 + (0.1 * varOf(x) * 8) / 7)) < 1e-5, `feature ${j} running var`);
  }
});

test('batchnorm in eval mode normalises with the running statistics, which state() hands out live', () => {
  const layer = batchnorm();
  const [runningMean, runningVar] = layer.state();
  assert.deepEqual([...runningMean, ...runningVar], [0, 0, 0, 1, 1, 1]); // the starting statistics
  runningMean.set([1, -2, 10]); // as a checkpoint restores them: in place
  runningVar.set([4, 9, 0.25]);
  const Y = layer.forward(Float32Array.of(3, 1, 10.5), 1, 'eval');
  [1, 1, 1].forEach((y, j) => assert.ok(Math.abs(Y[j] - y) < 1e-4, `feature ${j}: ${Y[j]}`));
  assert.deepEqual([...runningMean, ...runningVar], [1, -2, 10, 4, 9, 0.25]); // eval leaves them alone
});

test('batchnorm with a batch of one row stays finite and keeps its running variance', () => {
  const layer = batchnorm();
  assert.ok(
    layer
      .forward(Float32Array.of(5, 6, 7), 1, 'train')
      .subarray(0, 3)
      .every(Number.isFinite),
  );
  assert.deepEqual([...layer.state()[1]], [1, 1, 1]);
});
