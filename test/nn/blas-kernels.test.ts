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
import { train } from '../../src/train/train.js';
import type { LayerSpec, TrainSpec } from '../../src/types.js';
import { blasSkip as skip, systemBlas } from '../helpers/blas.js';
import { smallRun } from '../helpers/spec.js';
import { tinySplit } from '../helpers/tiny.js';
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

// Plain SGD folded into the weight gradients' products (Kernels.updateAtB, layer.ts's FoldedSgd).
function plainSteps(
  kernels: BlasKernels,
  fold: boolean,
  sparseInputs = false,
): { losses: number[]; params: Float32Array[]; grads: Float32Array[] } {
  const net: LayerSpec[] = [{ linear: { units: 24, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }];
  const model = new Sequential(net, INPUTS, BATCH, Rng.from(1, 'init'), kernels, Rng.from(1, 'noise'));
  const loss = LOSSES['softmax-cross-entropy'](10, BATCH, kernels);
  const opt = buildOptimizer({ sgd: { lr: 0.1, momentum: 0, nesterov: false, weight_decay: 0 } }, model.params(), kernels);
  assert.equal(opt.foldable, true);
  const data = Rng.from(2, 'data');
  const X = kernels.alloc(BATCH * INPUTS),
    y = new Uint8Array(BATCH);
  const losses: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const B = s % 3 === 2 ? 7 : BATCH;
    for (let r = 0; r < B; r++) {
      y[r] = data.int(10);
      for (let i = 0; i < INPUTS; i++) {
        const x = data.uniform() + (i % 10 === y[r] ? 1 : 0);
        X[r * INPUTS + i] = sparseInputs && i % 9 !== 0 ? 0 : x;
      }
    }
    losses.push(loss.forward(model.forward(X, B, 'train'), y, B));
    model.backward(loss.backward(B), B, fold ? { lr: 0.05 } : undefined);
    opt.step(0.05);
  }
  const params = model.params();
  return { losses, params: params.map((p) => Float32Array.from(p.value)), grads: params.map((p) => Float32Array.from(p.grad)) };
}

test('blas: plain SGD folded into the weight gradients’ products takes the steps the unfolded one takes', { skip }, () => {
  const K = blas();
  const folded = plainSteps(K, true),
    plain = plainSteps(blas(), false);
  assert.equal(K.foldedUpdates, 2 * STEPS, 'both weight matrices, every step');
  folded.losses.forEach((l, i) =>
    assert.ok(Math.abs(l - plain.losses[i]) < 1e-5 * (1 + plain.losses[i]), `step ${i}: loss ${l} vs ${plain.losses[i]}`),
  );
  folded.params.forEach((p, j) =>
    p.forEach((v, i) => assert.ok(Math.abs(v - plain.params[j][i]) < 1e-5, `param ${j}[${i}]: ${v} vs ${plain.params[j][i]}`)),
  );
  // The folded weight gradients were never written; every gradient is zero after each step either way.
  for (const g of [...folded.grads, ...plain.grads]) assert.ok(g.every((v) => v === 0));
  assert.deepEqual(plainSteps(blas(), true), folded, 'and repeats bit for bit');
});

test('blas: a weight gradient the sparse path computes is not folded: the optimizer applies it, same steps', { skip }, () => {
  // Inputs 1 in 9 non-zero, BLAS's sparse path on (its threshold for this kernel): the first
  // layer's XᵀΔ goes sparse and into the gradient; the second layer's (ReLU outputs) folds.
  const K = new BlasKernels(systemBlas(), undefined, 0.2);
  const folded = plainSteps(K, true, true),
    plain = plainSteps(new BlasKernels(systemBlas(), undefined, 0.2), false, true);
  assert.ok(K.sparseProducts >= STEPS, `sparse products: ${K.sparseProducts}`);
  assert.ok(K.foldedUpdates >= 1 && K.foldedUpdates < 2 * STEPS, `folded: ${K.foldedUpdates}`);
  folded.params.forEach((p, j) =>
    p.forEach((v, i) => assert.ok(Math.abs(v - plain.params[j][i]) < 1e-5, `param ${j}[${i}]: ${v} vs ${plain.params[j][i]}`)),
  );
});

test('training folds plain SGD on blas, and not with momentum or gradient clipping; results agree with wasm', { skip }, () => {
  const data = { train: tinySplit(200, 1), test: tinySplit(50, 2), classes: 10 };
  const runOn = (over: Partial<TrainSpec>): { folded: number; result: ReturnType<typeof train> } => {
    let K: BlasKernels | undefined;
    const spec = smallRun(2);
    const result = train({ ...spec, train: { ...spec.train, ...over } }, 't', data, {}, undefined, () => (K = blas()));
    return { folded: K?.foldedUpdates ?? 0, result };
  };
  const plain = runOn({});
  const batches = 2 * Math.ceil(200 / 16);
  assert.equal(plain.folded, 2 * batches, 'both Linear layers, every batch');
  const wasm = train(smallRun(2), 't', data, {}, undefined, 'wasm');
  assert.ok(Math.abs((plain.result.final?.train_loss ?? NaN) - (wasm.final?.train_loss ?? NaN)) < 1e-4);
  assert.equal(runOn({ optimizer: { sgd: { lr: 0.3, momentum: 0.9, nesterov: false, weight_decay: 0 } } }).folded, 0);
  assert.equal(runOn({ clip_norm: 1 }).folded, 0);
});

test('the wasm and reference kernels have no folded update: a backward told to fold computes gradients as ever', () => {
  assert.equal(KERNELS.wasm().updateAtB, undefined);
  assert.equal(KERNELS.reference().updateAtB, undefined);
});

test('only plain SGD offers to fold: momentum, weight decay and Adam keep their gradients', () => {
  const K = KERNELS.reference();
  const params = [{ name: 'W', value: K.alloc(4), grad: K.alloc(4) }];
  const foldable = (spec: OptimizerSpec): boolean => buildOptimizer(spec, params, K).foldable === true;
  assert.equal(foldable({ sgd: { lr: 0.1, momentum: 0, nesterov: false, weight_decay: 0 } }), true);
  assert.equal(foldable({ sgd: { lr: 0.1, momentum: 0.9, nesterov: false, weight_decay: 0 } }), false);
  assert.equal(foldable({ sgd: { lr: 0.1, momentum: 0, nesterov: false, weight_decay: 1e-4 } }), false);
  for (const spec of [OPTIMIZER_SPECS.adam, OPTIMIZER_SPECS.adamw]) assert.equal(foldable(spec), false);
});

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
