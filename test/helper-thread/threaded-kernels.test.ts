// The threaded wasm kernels split large products across two threads; results must be
// bit-identical to the single-thread wasm kernels, products and whole training steps alike.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { WasmKernels } from '../../src/nn/kernels/wasm-kernels.js';
import type { Kernels } from '../../src/nn/kernels/kernels.js';
import { LOSSES } from '../../src/nn/losses/index.js';
import { Sequential } from '../../src/nn/model.js';
import { buildOptimizer } from '../../src/nn/optim/index.js';
import { Rng } from '../../src/nn/rng.js';
import type { LayerSpec } from '../../src/types.js';
import { newThreadGate, setThreadGate } from '../../src/helper-thread/thread-gate.js';
import { ThreadedWasmKernels } from '../../src/helper-thread/threaded-kernels.js';

const opened: ThreadedWasmKernels[] = [];
const threaded = (minMacs?: number): ThreadedWasmKernels => {
  const k = new ThreadedWasmKernels(minMacs);
  opened.push(k);
  assert.ok(k.waitReady(), 'the helper thread starts');
  return k;
};
after(async () => {
  await Promise.all(opened.map((k) => k.close()));
});

const bits = (x: Float32Array): Uint32Array => new Uint32Array(Float32Array.from(x).buffer);

function filled(kernels: Kernels, n: number, rng: Rng): Float32Array {
  const x = kernels.alloc(n);
  for (let i = 0; i < n; i++) x[i] = rng.uniform() * 2 - 1;
  return x;
}

type Op = 'matmul' | 'matmulAtB' | 'matmulABt';

/** The three products of one shape with given kernels, on the same random operands. */
function products(kernels: Kernels, m: number, k: number, n: number): Float32Array[] {
  const rng = Rng.from(7, `${m}x${k}x${n}`);
  const A = filled(kernels, m * k, rng),
    B = filled(kernels, k * n, rng),
    Bt = filled(kernels, n * k, rng);
  const out: Float32Array[] = [];
  for (const op of ['matmul', 'matmulAtB', 'matmulABt'] as Op[]) {
    const C = filled(kernels, m * n, rng); // matmulAtB accumulates into it
    if (op === 'matmul') kernels.matmul(A, B, C, m, k, n);
    else if (op === 'matmulAtB') kernels.matmulAtB(A, B, C, k, m, n);
    else kernels.matmulABt(A, Bt, C, m, k, n);
    out.push(Float32Array.from(C));
  }
  return out;
}

const SHAPES: [number, number, number][] = [
  [64, 784, 128],
  [64, 128, 784],
  [784, 64, 128],
  [13, 29, 17],
  [5, 3, 9],
  [1, 1, 16],
  [33, 100, 23],
  [64, 64, 10],
  [7, 0, 19],
];

test('split products are bit-identical to single-thread wasm (odd shapes included)', () => {
  const one = new WasmKernels(),
    two = threaded(0);
  for (const [m, k, n] of SHAPES) {
    const want = products(one, m, k, n),
      got = products(two, m, k, n);
    want.forEach((w, i) => assert.deepEqual(bits(got[i]), bits(w), `${m}×${k}×${n}, product ${i}`));
  }
  assert.ok(two.splits > 0);
});

test('the helper thread starts only at the first product large enough to split', async () => {
  const k = new ThreadedWasmKernels();
  products(k, 64, 64, 10);
  products(k, 64, 128, 64);
  assert.equal(k.started, false);
  products(k, 64, 784, 128);
  assert.equal(k.started, true);
  assert.ok(k.waitReady());
  await k.close();
});

test('with the default threshold only large products are split', () => {
  const two = threaded();
  products(two, 64, 64, 10);
  assert.equal(two.splits, 0);
  products(two, 64, 784, 128);
  assert.equal(two.splits, 3);
});

test('operands outside the arena still give identical results', () => {
  const one = new WasmKernels(),
    two = threaded(0);
  const rng = Rng.from(3, 'plain');
  const A = Float32Array.from({ length: 21 * 30 }, () => rng.uniform()),
    B = Float32Array.from({ length: 30 * 27 }, () => rng.uniform());
  const c1 = new Float32Array(21 * 27),
    c2 = new Float32Array(21 * 27);
  one.matmul(A, B, c1, 21, 30, 27);
  two.matmul(A, B, c2, 21, 30, 27);
  assert.deepEqual(bits(c2), bits(c1));
});

const LAYERS: LayerSpec[] = [
  { linear: { units: 40, init: 'he' } },
  { relu: {} },
  { linear: { units: 19, init: 'he' } },
  { relu: {} },
  { linear: { units: 10, init: 'xavier' } },
];

function sgdSteps(kernels: Kernels, steps: number): Float32Array[] {
  const INPUTS = 53,
    BATCH = 17;
  const model = new Sequential(LAYERS, INPUTS, BATCH, Rng.from(1, 'init'), kernels);
  const loss = LOSSES['softmax-cross-entropy'](10, BATCH, model.kernels);
  const sgd = buildOptimizer({ sgd: { lr: 0.1, momentum: 0, nesterov: false, weight_decay: 0 } }, model.params(), model.kernels);
  const data = Rng.from(2, 'data');
  const X = model.kernels.alloc(BATCH * INPUTS),
    y = new Uint8Array(BATCH);
  for (let s = 0; s < steps; s++) {
    const B = s % 3 === 2 ? 9 : BATCH;
    for (let r = 0; r < B; r++) {
      y[r] = data.int(10);
      for (let i = 0; i < INPUTS; i++) X[r * INPUTS + i] = data.uniform() + (i % 10 === y[r] ? 1 : 0);
    }
    loss.forward(model.forward(X, B, 'train'), y, B);
    model.backward(loss.backward(B), B);
    sgd.step(0.1);
  }
  return model.params().map((p) => Float32Array.from(p.value));
}

test('SGD steps of a Sequential give bit-identical weights with a helper thread', () => {
  const two = threaded(0);
  const want = sgdSteps(new WasmKernels(), 12),
    got = sgdSteps(two, 12);
  assert.ok(two.splits > 0);
  want.forEach((w, i) => assert.deepEqual(bits(got[i]), bits(w), `parameter ${i}`));
});

test('a closed gate keeps the kernels on one thread; opening it mid-run splits, with the same bits', async () => {
  const gate = newThreadGate();
  const two = new ThreadedWasmKernels(0, undefined, gate);
  opened.push(two);
  products(two, 64, 784, 128);
  assert.equal(two.started, false, 'no helper while the gate is closed');
  assert.equal(two.splits, 0);
  setThreadGate(gate, true);
  products(two, 5, 3, 9); // starts the helper
  assert.equal(two.started, true);
  assert.ok(two.waitReady());
  for (const [m, k, n] of SHAPES) {
    const want = products(new WasmKernels(), m, k, n),
      got = products(two, m, k, n);
    want.forEach((w, i) => assert.deepEqual(bits(got[i]), bits(w), `${m}×${k}×${n}, product ${i}`));
  }
  assert.ok(two.splits > 0);
  setThreadGate(gate, false);
  const before = two.splits;
  products(two, 64, 784, 128);
  assert.equal(two.splits, before, 'closed again: nothing split');
});

test('the sparse path takes up to 40 % non-zeros, 25 % where the dense product would be split (gate open, helper up)', () => {
  const gate = newThreadGate();
  const two = new ThreadedWasmKernels(64 * 200 * 32, undefined, gate); // 64×200×32 is just large enough to split
  opened.push(two);
  const m = 64,
    k = 200,
    n = 32;
  const rng = Rng.from(5, 'density');
  const A = two.alloc(m * k),
    B = filled(two, k * n, rng),
    C = two.alloc(m * n);
  for (let i = 0; i < m * k; i++) A[i] = rng.uniform() < 0.3 ? rng.uniform() : 0; // ~30 % non-zero
  two.matmul(A, B, C, m, k, n);
  assert.equal(two.sparseProducts, 1, 'gate closed: sparse at 30 %');
  setThreadGate(gate, true);
  assert.ok(two.waitReady());
  const D = two.alloc(m * n);
  two.matmul(A, B, D, m, k, n);
  assert.equal(two.sparseProducts, 1, 'open, helper up: dense (and split) at 30 %');
  assert.equal(two.splits, 1);
  assert.deepEqual(bits(D), bits(C));
  // A product too small to split keeps the single-thread crossover, gate open or not.
  const small = two.alloc(m * 8);
  two.matmul(A, B, small, m, k, 8);
  assert.equal(two.sparseProducts, 2, 'too small to split: sparse at 30 %');
});

test('SGD steps give bit-identical weights when the gate opens and closes between steps', () => {
  const gate = newThreadGate();
  const two = new ThreadedWasmKernels(0, undefined, gate);
  opened.push(two);
  assert.ok(two.waitReady());
  let step = 0;
  const toggling: Kernels = new Proxy(two, {
    get(target, prop, receiver) {
      if (prop === 'matmul') setThreadGate(gate, step++ % 4 < 2);
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const want = sgdSteps(new WasmKernels(), 12),
    got = sgdSteps(toggling, 12);
  assert.ok(two.splits > 0);
  want.forEach((w, i) => assert.deepEqual(bits(got[i]), bits(w), `parameter ${i}`));
});
