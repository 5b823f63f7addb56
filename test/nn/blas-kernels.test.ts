// The BLAS kernels against the reference kernels: every product on the wasm tests' shapes
// (products.ts), the layers' gradients (linear, batchnorm, dropout), and a few training steps of a
// network with batchnorm and dropout under every optimizer. Skipped, with the reason, where no
// BLAS loads; required in CI (helpers/blas.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlasKernels } from '../../src/nn/kernels/blas-kernels.js';
import { KERNELS, type Kernels } from '../../src/nn/kernels/index.js';
import type { LayerKind } from '../../src/nn/layer.js';
import { LAYERS, type LayerName } from '../../src/nn/layers/index.js';
import { LOSSES } from '../../src/nn/losses/index.js';
import { Sequential } from '../../src/nn/model.js';
import { buildOptimizer, OPTIMIZERS, type OptimizerSpec } from '../../src/nn/optim/index.js';
import { Rng } from '../../src/nn/rng.js';
import type { LayerSpec } from '../../src/types.js';
import { blasSkip as skip, systemBlas } from '../helpers/blas.js';
import { gradcheckLayer, withFixedNoise } from './gradcheck.js';
import { assertAgrees, operands, PRODUCTS, type Product, run, SHAPES } from './products.js';

/** Dense BLAS products only (the sparse path off), so that every product below is BLAS's. */
const blas = (): BlasKernels => new BlasKernels(systemBlas(), undefined, 0);

for (const product of Object.keys(PRODUCTS) as Product[]) {
  for (const [m, k, n] of SHAPES) {
    test(`${product} ${m}×${k}×${n}: blas agrees with the reference`, { skip }, () => {
      const K = blas();
      assertAgrees(K, product, m, k, n);
      assert.equal(K.blasProducts, 1);
    });
  }
}

test('blas: operands outside the arena (staged) give the same bits as operands in it, and a product repeats exactly', { skip }, () => {
  for (const product of Object.keys(PRODUCTS) as Product[]) {
    const ops = operands(product, 37, 29, 21, 5);
    const inArena = run(blas(), product, ops, 37, 29, 21, true);
    assert.deepEqual(run(blas(), product, ops, 37, 29, 21, false), inArena);
    assert.deepEqual(run(blas(), product, ops, 37, 29, 21, true), inArena);
  }
});

test('blas: products still run after the arena grew (its memory keeps its address)', { skip }, () => {
  const K = blas();
  const before = run(K, 'matmul', operands('matmul', 64, 784, 128, 1), 64, 784, 128);
  K.alloc(64 << 20); // 256 MiB more: the memory grows
  assert.deepEqual(run(K, 'matmul', operands('matmul', 64, 784, 128, 1), 64, 784, 128), before);
});

test('blas: the sparse path takes mostly-zero inputs below its density, BLAS the rest', { skip }, () => {
  const K = new BlasKernels(systemBlas());
  const X = K.alloc(64 * 784),
    W = K.alloc(784 * 128).fill(0.5),
    Y = K.alloc(64 * 128);
  for (let i = 0; i < X.length; i += 20) X[i] = 1; // 5 % non-zero
  K.matmul(X, W, Y, 64, 784, 128);
  assert.deepEqual([K.sparseProducts, K.blasProducts], [1, 0]);
  X.fill(1);
  K.matmul(X, W, Y, 64, 784, 128);
  assert.deepEqual([K.sparseProducts, K.blasProducts], [1, 1]);
  assert.equal(Y[0], 392);
});

const ctx = (kernels: Kernels, inputSize: number, noise = Rng.from(3, 'noise')) => ({
  inputSize,
  maxBatch: 8,
  rng: Rng.from(3, 'init'),
  noise,
  needsInputGrad: true,
  kernels,
});

const GRADCHECKS: [LayerName, unknown, number][] = [
  ['linear', { units: 11, init: 'he' }, 9],
  ['batchnorm', { momentum: 0.1, eps: 1e-5 }, 5],
  ['dropout', { rate: 0.3 }, 9],
];
for (const [name, opts, inputs] of GRADCHECKS) {
  test(`${name} backward matches finite differences [blas]`, { skip }, () => {
    const noise = Rng.from(3, 'noise');
    const layer = (LAYERS[name] as LayerKind<unknown>).build(opts, ctx(blas(), inputs, noise));
    const r = gradcheckLayer(name === 'dropout' ? withFixedNoise(layer, noise) : layer, 6);
    assert.ok(r.worst < 2e-3, `worst relative error ${r.worst.toExponential(2)} at ${r.where}`);
  });
}

// Batchnorm and dropout between the products, so their buffers go through BLAS products too.
// (Batchnorm after the ReLU: right after a Linear it would leave that layer's bias a gradient of
// rounding noise only, which Adam scales up to full steps — a comparison of noise.)
const NET: LayerSpec[] = [
  { linear: { units: 24, init: 'he' } },
  { relu: {} },
  { batchnorm: { momentum: 0.1, eps: 1e-5 } },
  { dropout: { rate: 0.2 } },
  { linear: { units: 13, init: 'he' } },
  { relu: {} },
  { linear: { units: 10, init: 'xavier' } },
];
const INPUTS = 37,
  BATCH = 11,
  STEPS = 20;

// Adam's eps is large here: its early steps are about lr·sign(g), so with a tiny eps a gradient
// element that is rounding noise (batchnorm leaves some) takes a full step either way, and the two
// kernel sets' trajectories part for reasons that have nothing to do with the products.
const OPTIMIZER_SPECS: Record<keyof typeof OPTIMIZERS, OptimizerSpec> = {
  sgd: { sgd: { lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 1e-3 } },
  adam: { adam: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-3 } },
  adamw: { adamw: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-3, weight_decay: 0.01 } },
};

function trainSteps(kernels: Kernels, optimizer: OptimizerSpec): { losses: number[]; params: Float32Array[] } {
  const model = new Sequential(NET, INPUTS, BATCH, Rng.from(1, 'init'), kernels, Rng.from(1, 'noise'));
  const loss = LOSSES['softmax-cross-entropy'](10, BATCH, kernels);
  const opt = buildOptimizer(optimizer, model.params(), kernels);
  const data = Rng.from(2, 'data');
  const X = kernels.alloc(BATCH * INPUTS),
    y = new Uint8Array(BATCH);
  const losses: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const B = s % 3 === 2 ? 7 : BATCH; // some partial batches
    for (let r = 0; r < B; r++) {
      y[r] = data.int(10);
      for (let i = 0; i < INPUTS; i++) X[r * INPUTS + i] = data.uniform() + (i % 10 === y[r] ? 1 : 0);
    }
    losses.push(loss.forward(model.forward(X, B, 'train'), y, B));
    model.backward(loss.backward(B), B);
    opt.step(0.05);
  }
  return { losses, params: model.params().map((p) => Float32Array.from(p.value)) };
}

test('every optimizer is registered here', () => {
  assert.deepEqual(Object.keys(OPTIMIZER_SPECS).sort(), Object.keys(OPTIMIZERS).sort());
});

for (const [name, spec] of Object.entries(OPTIMIZER_SPECS)) {
  test(`${name}: training with batchnorm and dropout on blas stays close to the reference kernels`, { skip }, () => {
    const K = blas();
    const fast = trainSteps(K, spec),
      ref = trainSteps(KERNELS.reference(), spec);
    assert.ok(K.blasProducts >= 3 * STEPS, `BLAS products: ${K.blasProducts}`);
    fast.losses.forEach((l, i) =>
      assert.ok(Math.abs(l - ref.losses[i]) < 1e-4 * (1 + ref.losses[i]), `step ${i}: loss ${l} vs ${ref.losses[i]}`),
    );
    fast.params.forEach((p, j) =>
      // (Momentum carries the products' rounding over the steps: the weights part a little more than the losses.)
      p.forEach((v, i) => assert.ok(Math.abs(v - ref.params[j][i]) < 5e-4, `param ${j}[${i}]: ${v} vs ${ref.params[j][i]}`)),
    );
    assert.deepEqual(trainSteps(blas(), spec), fast, 'and repeats bit for bit');
  });
}

test('the sparse threshold comes from the BLAS kernel name: AVX2 kernels a fifth, AVX-512 and unknown ones a tenth', () => {
  // A BLAS that only names its kernel: no product is computed here, so no library is needed.
  const named = (core?: string): BlasKernels =>
    new BlasKernels({ library: 'fake', ...(core === undefined ? {} : { core }), gemmOn: () => () => undefined });
  assert.equal(named('Haswell').sparseDensity, 0.2);
  assert.equal(named('Zen').sparseDensity, 0.2);
  assert.equal(named('SkylakeX').sparseDensity, 0.1);
  assert.equal(named('Cooperlake').sparseDensity, 0.1);
  assert.equal(named('Nehalem').sparseDensity, 0.1);
  assert.equal(named(undefined).sparseDensity, 0.1);
});
