// The optimizers against the same three steps worked out by hand, in float64 straight from the
// formulas (the optimizers run in float32, so they agree to ~1e-7), with both kernel sets; plain
// SGD against the old axpy update, bit for bit; checkpointed state; gradient-norm clipping.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KERNELS, referenceKernels, type Kernels } from '../../src/nn/kernels/index.js';
import type { Param } from '../../src/nn/layer.js';
import { buildOptimizer, clipGradNorm } from '../../src/nn/optim/index.js';
import { Rng } from '../../src/nn/rng.js';
import type { OptimizerSpec } from '../../src/types.js';

const KERNEL_SETS = (): Kernels[] => [KERNELS.wasm(), referenceKernels];

// Three floats, as a 2-float weight and a 1-float bias, and the gradients of three steps.
const THETA0 = [0.5, -1.0, 2.0];
const GRADS = [
  [0.2, -0.5, 1.0],
  [0.4, 0.1, -0.3],
  [-0.6, 0.25, 0.5],
];
// The learning rate comes from step(lr) (the schedule's value), not from the options' lr.
const LR = 0.1;

function makeParams(K: Kernels, theta: number[] = THETA0): Param[] {
  const param = (name: string, values: number[]): Param => {
    const value = K.alloc(values.length),
      grad = K.alloc(values.length);
    value.set(values);
    return { name, value, grad };
  };
  return [param('W', theta.slice(0, 2)), param('b', theta.slice(2))];
}
const setGrads = (params: Param[], g: number[]): void => {
  params[0].grad.set(g.slice(0, 2));
  params[1].grad.set(g.slice(2));
};
const values = (params: Param[]): number[] => params.flatMap((p) => [...p.value]);
const grads = (params: Param[]): number[] => params.flatMap((p) => [...p.grad]);

function sgdByHand(o: { momentum: number; nesterov: boolean; weight_decay: number }): number[] {
  const theta = [...THETA0],
    v = [0, 0, 0];
  for (const g of GRADS) {
    for (let i = 0; i < 3; i++) {
      const gp = g[i] + o.weight_decay * theta[i]; // g' = g + λθ
      v[i] = o.momentum * v[i] + gp; // v ← μv + g'
      theta[i] -= LR * (o.nesterov ? gp + o.momentum * v[i] : v[i]); // θ ← θ − lr·v, or θ ← θ − lr·(g' + μv)
    }
  }
  return theta;
}

function adamByHand(o: { beta1: number; beta2: number; eps: number; weight_decay: number }): number[] {
  const theta = [...THETA0],
    m = [0, 0, 0],
    v = [0, 0, 0];
  GRADS.forEach((g, s) => {
    const t = s + 1;
    for (let i = 0; i < 3; i++) {
      theta[i] *= 1 - LR * o.weight_decay; // AdamW's decoupled decay
      m[i] = o.beta1 * m[i] + (1 - o.beta1) * g[i];
      v[i] = o.beta2 * v[i] + (1 - o.beta2) * g[i] * g[i];
      const mHat = m[i] / (1 - o.beta1 ** t),
        vHat = v[i] / (1 - o.beta2 ** t);
      theta[i] -= (LR * mHat) / (Math.sqrt(vHat) + o.eps);
    }
  });
  return theta;
}

const SGD = { lr: 0.5, momentum: 0, nesterov: false, weight_decay: 0 };
const ADAM = { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
const CASES: [string, OptimizerSpec, number[]][] = [
  ['sgd', { sgd: SGD }, sgdByHand(SGD)],
  ['sgd, momentum', { sgd: { ...SGD, momentum: 0.9 } }, sgdByHand({ ...SGD, momentum: 0.9 })],
  ['sgd, Nesterov', { sgd: { ...SGD, momentum: 0.9, nesterov: true } }, sgdByHand({ ...SGD, momentum: 0.9, nesterov: true })],
  ['sgd, weight decay', { sgd: { ...SGD, weight_decay: 0.1 } }, sgdByHand({ ...SGD, weight_decay: 0.1 })],
  [
    'sgd, Nesterov and weight decay',
    { sgd: { ...SGD, momentum: 0.8, nesterov: true, weight_decay: 0.1 } },
    sgdByHand({ momentum: 0.8, nesterov: true, weight_decay: 0.1 }),
  ],
  ['adam', { adam: ADAM }, adamByHand({ ...ADAM, weight_decay: 0 })],
  ['adamw', { adamw: { ...ADAM, weight_decay: 0.1 } }, adamByHand({ ...ADAM, weight_decay: 0.1 })],
];

function steps(K: Kernels, spec: OptimizerSpec, count: number): Param[] {
  const params = makeParams(K),
    optimizer = buildOptimizer(spec, params, K);
  for (const g of GRADS.slice(0, count)) {
    setGrads(params, g);
    optimizer.step(LR);
    assert.deepEqual(grads(params), [0, 0, 0], 'the step zeroes the gradients');
  }
  return params;
}

const assertClose = (got: number[], want: number[], label: string): void =>
  got.forEach((x, i) => assert.ok(Math.abs(x - want[i]) <= 1e-6 * (1 + Math.abs(want[i])), `${label} [${i}]: ${x}, by hand ${want[i]}`));

for (const [label, spec, byHand] of CASES) {
  test(`${label}: three steps as computed by hand, with both kernel sets`, () => {
    for (const K of KERNEL_SETS()) assertClose(values(steps(K, spec, 3)), byHand, `${label} (${K.name})`);
  });
}

// A few values worked out on paper, from the first element (θ 0.5; g 0.2, 0.4, −0.6):
// momentum 0.9: v 0.2, 0.58, −0.078 → θ 0.48, 0.422, 0.4298; Nesterov: θ 0.462, 0.3698, 0.43682;
// weight decay 0.1: g' 0.25, 0.4475, −0.556975 → θ 0.475, 0.43025, 0.4859475.
// Adam's first step has m̂ = g and v̂ = g², so it moves every θ by lr against the sign of g;
// AdamW first shrinks θ by 1 − lr·λ = 0.99.
test('sgd, momentum: on paper', () => assertClose([values(steps(referenceKernels, CASES[1][1], 3))[0]], [0.4298], 'θ0'));
test('sgd, Nesterov: on paper', () => assertClose([values(steps(referenceKernels, CASES[2][1], 3))[0]], [0.43682], 'θ0'));
test('sgd, weight decay: on paper', () => assertClose([values(steps(referenceKernels, CASES[3][1], 3))[0]], [0.4859475], 'θ0'));
test('adam: the first step is lr against the sign of g', () =>
  assertClose(values(steps(KERNELS.wasm(), CASES[5][1], 1)), [0.4, -0.9, 1.9], 'θ'));
test('adamw: the first step decays, then steps lr', () =>
  assertClose(values(steps(KERNELS.wasm(), CASES[6][1], 1)), [0.395, -0.89, 1.88], 'θ'));

test('plain sgd is bit-identical to the axpy update and keeps no state', () => {
  for (const K of KERNEL_SETS()) {
    const params = makeParams(K),
      old = makeParams(K),
      sgd = buildOptimizer({ sgd: SGD }, params, K);
    for (const g of GRADS) {
      setGrads(params, g);
      sgd.step(LR);
      setGrads(old, g);
      for (const { value, grad } of old) K.axpy(-LR, grad, value, value.length);
    }
    assert.deepEqual(values(params), values(old), K.name);
    assert.deepEqual(sgd.state(), []);
  }
});

test('state() round trip: the state after 2 steps, copied into a fresh optimizer, gives the same 3rd step', () => {
  for (const [label, spec] of CASES.filter(([, spec]) => !('sgd' in spec) || spec.sgd.momentum > 0)) {
    const K = KERNELS.wasm();
    const first = makeParams(K),
      a = buildOptimizer(spec, first, K);
    GRADS.slice(0, 2).forEach((g) => {
      setGrads(first, g);
      a.step(LR);
    });
    const resumed = makeParams(K, values(first)),
      b = buildOptimizer(spec, resumed, K);
    const stateless = makeParams(K, values(first)),
      c = buildOptimizer(spec, stateless, K);
    assert.ok(a.state().length > 0, label);
    b.state().forEach((buffer, i) => buffer.set(a.state()[i])); // restored in place, as a checkpoint does
    for (const [params, optimizer] of [
      [first, a],
      [resumed, b],
      [stateless, c],
    ] as const) {
      setGrads(params, GRADS[2]);
      optimizer.step(LR);
    }
    assert.deepEqual(values(resumed), values(first), label);
    assert.notDeepEqual(values(stateless), values(first), `${label}: the state matters`);
  }
});

test('adam keeps its step count as the first state buffer', () => {
  const K = KERNELS.wasm(),
    params = makeParams(K),
    adam = buildOptimizer({ adam: ADAM }, params, K);
  GRADS.forEach((g) => {
    setGrads(params, g);
    adam.step(LR);
  });
  assert.deepEqual([...adam.state()[0]], [3]);
  assert.equal(adam.state().length, 1 + 2 * params.length); // t, then m and v of each parameter
});

// Gradient-norm clipping: the gradients [3, 4] and [12] have the global norm 13.
function clipParams(K: Kernels, gradients: number[][]): Param[] {
  return gradients.map((g, i) => {
    const grad = K.alloc(g.length);
    grad.set(g);
    return { name: `p${i}`, value: K.alloc(g.length), grad };
  });
}

test('clipGradNorm leaves gradients with a norm up to maxNorm untouched and returns the norm', () => {
  for (const K of KERNEL_SETS()) {
    for (const maxNorm of [13, 20]) {
      const params = clipParams(K, [[3, 4], [12]]);
      assert.equal(clipGradNorm(params, maxNorm, K), 13);
      assert.deepEqual(grads(params), [3, 4, 12]);
    }
  }
});

test('clipGradNorm scales larger gradients to the norm maxNorm, directions kept', () => {
  for (const K of KERNEL_SETS()) {
    const small = clipParams(K, [[3, 4], [12]]);
    assert.equal(clipGradNorm(small, 6.5, K), 13);
    assert.deepEqual(grads(small), [1.5, 2, 6]);

    const rng = Rng.from(7, 'clip');
    const before = [1000, 17, 1].map((n) => Array.from({ length: n }, () => rng.normal()));
    const params = clipParams(K, before),
      flat = before.flat().map(Math.fround);
    const norm = Math.sqrt(flat.reduce((s, g) => s + g * g, 0));
    assert.ok(Math.abs(clipGradNorm(params, norm / 3, K) - norm) <= 1e-12 * norm, K.name);
    const after = grads(params);
    assert.ok(Math.abs(Math.hypot(...after) - norm / 3) <= 1e-6 * norm, `${K.name}: new norm ${Math.hypot(...after)}`);
    after.forEach((g, i) => assert.ok(Math.abs(g - flat[i] / 3) <= 1e-6 * Math.abs(flat[i]), `${K.name} [${i}]: ${g} vs ${flat[i]}/3`));
  }
});
