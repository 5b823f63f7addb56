// The fast (WebAssembly) kernels against the reference TypeScript kernels, on many shapes
// (products.ts: the shapes, and the tolerance of a float32 sum in another order).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KERNELS, referenceKernels, type Kernels } from '../../src/nn/kernels/index.js';
import { Rng } from '../../src/nn/rng.js';
import { assertAgrees, operands, PRODUCTS, type Product, random, run, SHAPES } from './products.js';

for (const product of Object.keys(PRODUCTS) as Product[]) {
  for (const [m, k, n] of SHAPES) {
    test(`${product} ${m}×${k}×${n}: wasm agrees with the reference`, () => assertAgrees(KERNELS.wasm(), product, m, k, n));
  }
}

test('accumulation: matmul and matmulABt overwrite C, matmulAtB adds to it', () => {
  const K = KERNELS.wasm();
  const A = K.alloc(6).fill(1),
    B = K.alloc(6).fill(1); // all ones: each product element is k = 2 or 3
  const C = K.alloc(9).fill(100);
  K.matmul(A, B, C, 3, 2, 3);
  assert.deepEqual([...C], Array(9).fill(2));
  C.fill(100);
  K.matmulAtB(A, B, C, 2, 3, 3);
  assert.deepEqual([...C], Array(9).fill(102));
  C.fill(100);
  K.matmulABt(A, B, C, 3, 2, 3);
  assert.deepEqual([...C], Array(9).fill(2));
});

test('operands outside the arena (staged) give the same bits as operands in it', () => {
  for (const product of Object.keys(PRODUCTS) as Product[]) {
    const ops = operands(product, 37, 29, 21, 5);
    assert.deepEqual(run(KERNELS.wasm(), product, ops, 37, 29, 21, false), run(KERNELS.wasm(), product, ops, 37, 29, 21, true));
  }
});

test('determinism: the same product twice, or in another kernel set, gives identical bits', () => {
  const K = KERNELS.wasm();
  for (const product of Object.keys(PRODUCTS) as Product[]) {
    const ops = operands(product, 64, 784, 128, 9);
    const first = run(K, product, ops, 64, 784, 128);
    run(K, product, operands(product, 13, 7, 11, 3), 13, 7, 11); // other shapes reuse the work areas
    assert.deepEqual(run(K, product, ops, 64, 784, 128), first);
    assert.deepEqual(run(KERNELS.wasm(), product, ops, 64, 784, 128), first);
  }
});

test('a last strip of at most 4 columns (4×4 tiles) gives the bits 4×8 tiles give to the same columns', () => {
  // B with n columns, then padded with zero columns to 16: the padded product runs full 4×8 tiles
  // over the columns the narrow tiles cover in the first; each element must come out identical.
  const K = KERNELS.wasm();
  for (const [m, k, n] of [
    [64, 64, 10],
    [13, 29, 12],
    [5, 7, 9],
    [64, 10, 2],
    [3, 1, 1],
  ] as const) {
    const rng = Rng.from(n, 'narrow');
    const A = K.alloc(m * k).map(() => rng.normal()),
      B = K.alloc(k * n).map(() => rng.normal());
    const B16 = K.alloc(k * 16);
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) B16[p * 16 + j] = B[p * n + j];
    const C = K.alloc(m * n),
      C16 = K.alloc(m * 16);
    K.matmul(A, B, C, m, k, n);
    K.matmul(A, B16, C16, m, k, 16);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) assert.ok(Object.is(C[i * n + j], C16[i * 16 + j]), `${m}×${k}×${n} [${i}][${j}]`);
  }
});

test('axpy and zero agree with the reference at every length mod 4', () => {
  for (const n of [0, 1, 3, 4, 5, 17, 1000, 100353]) {
    const rng = Rng.from(n, 'axpy');
    const x = random(n, rng),
      y = random(n, rng);
    for (const K of [KERNELS.wasm(), referenceKernels]) {
      const X = K.alloc(n + 3),
        Y = K.alloc(n + 3); // + 3 guard floats that must stay 0
      X.set(x);
      Y.set(y);
      K.axpy(-0.1, X, Y, n);
      for (let i = 0; i < n; i++) assert.ok(Math.abs(Y[i] - (y[i] - 0.1 * x[i])) <= 1e-6 * (1 + Math.abs(y[i])), `axpy n=${n} [${i}]`);
      assert.deepEqual([...Y.subarray(n)], [0, 0, 0]);
      Y.fill(7);
      K.zero(Y, n);
      assert.ok(Y.subarray(0, n).every((v) => v === 0) && Y.subarray(n).every((v) => v === 7), `zero n=${n}`);
    }
  }
});

test('bias, bias gradient, ReLU and its gradient are bit-identical to the reference', () => {
  const special = [NaN, -0, 0, Infinity, -Infinity, 1e-40];
  for (const rows of [1, 3, 7]) {
    for (const n of [1, 3, 4, 5, 10, 17]) {
      const rng = Rng.from(rows * 100 + n, 'elementwise');
      const Y0 = random(rows * n, rng),
        b = random(n, rng),
        dY = random(rows * n, rng);
      special.forEach((v, i) => {
        if (i < Y0.length) Y0[(i * 7) % Y0.length] = v;
      });
      const results = [KERNELS.wasm(), referenceKernels].map((K) => {
        const put = (a: Float32Array): Float32Array => {
          const v = K.alloc(a.length);
          v.set(a);
          return v;
        };
        const Y = put(Y0),
          s = put(b),
          R = K.alloc(rows * n),
          dX = K.alloc(rows * n).fill(5);
        K.addRowVector(put(b), Y, rows, n);
        K.sumRows(put(dY), s, rows, n);
        K.relu(Y, R, rows * n);
        K.reluBackward(R, put(dY), dX, rows * n);
        return [Y, s, R, dX].map((a) => [...new Uint32Array(Float32Array.from(a).buffer)]); // compare bits
      });
      assert.deepEqual(results[0], results[1], `${rows}×${n}`);
    }
  }
});

test('an operand too short for its shape is refused, not read past', () => {
  const K = KERNELS.wasm();
  assert.throws(() => K.matmul(K.alloc(5), K.alloc(6), K.alloc(4), 2, 3, 2), RangeError);
  assert.throws(() => K.matmulAtB(K.alloc(6), K.alloc(6), K.alloc(3), 3, 2, 2), RangeError);
  assert.throws(() => K.axpy(1, K.alloc(3), K.alloc(4), 4), RangeError);
  assert.throws(() => K.sumRows(K.alloc(11), K.alloc(4), 3, 4), RangeError);
});

test('lookupBytes maps every byte through the table, in and out of the arena, at every length mod 4', () => {
  const table = Float32Array.from({ length: 256 }, (_, b) => (b - 33.5) * 0.37);
  for (const n of [0, 1, 3, 4, 5, 17, 784 * 3 + 1]) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + 7) & 255);
    for (const K of [KERNELS.wasm(), referenceKernels]) {
      for (const inArena of [true, false]) {
        const src = inArena ? K.allocBytes(n) : new Uint8Array(n);
        src.set(bytes);
        const X = inArena ? K.alloc(n + 3) : new Float32Array(n + 3);
        K.lookupBytes(src, table, X, n);
        for (let i = 0; i < n; i++) assert.equal(X[i], table[bytes[i]], `n=${n} [${i}]`);
        assert.deepEqual([...X.subarray(n)], [0, 0, 0], 'nothing past n is written');
      }
    }
  }
  assert.throws(() => KERNELS.wasm().lookupBytes(new Uint8Array(4), new Float32Array(255), new Float32Array(4), 4), RangeError);
});

test('lookupBytes with the default table (b / 255) divides in SIMD and gives the table’s floats bit for bit', () => {
  const table = Float32Array.from({ length: 256 }, (_, b) => b / 255);
  // Every byte value, at every length mod 16 (the SIMD step) and past it, in and out of the arena.
  for (const n of [0, 1, 15, 16, 17, 31, 255, 256, 257, 784 * 3 + 5]) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + 7) & 255);
    const K = KERNELS.wasm();
    for (const inArena of [true, false]) {
      const src = inArena ? K.allocBytes(n) : new Uint8Array(n);
      src.set(bytes);
      const X = inArena ? K.alloc(n + 3) : new Float32Array(n + 3);
      K.lookupBytes(src, table, X, n);
      for (let i = 0; i < n; i++) assert.ok(Object.is(X[i], table[bytes[i]]), `n=${n} [${i}]: ${X[i]} vs ${table[bytes[i]]}`);
      assert.deepEqual([...X.subarray(n)], [0, 0, 0], 'nothing past n is written');
    }
  }
  // One entry off the default table: the lookup, not the division, so the odd entry is honoured.
  const K = KERNELS.wasm();
  const odd = Float32Array.from(table);
  odd[200] = -1;
  const src = K.allocBytes(32).fill(200),
    X = K.alloc(32);
  K.lookupBytes(src, odd, X, 32);
  assert.deepEqual([...X], new Array(32).fill(-1));
});

// The optimizer and clipping kernels. The wasm ones round after each float32 operation, the
// reference after a float64 expression, so they agree to ~1e-7 relative; allowed: 1e-6·(1 + |x|).
// Each runs 3 times in a row (the moments carry over), in the arena and staged from outside it.
const OPTIMIZER_LENGTHS = [0, 1, 3, 4, 5, 17, 1000];
const adamCoefficients = (t: number, decay: number) => ({
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  stepSize: 0.1 / (1 - 0.9 ** t),
  rootCorrection: 1 / Math.sqrt(1 - 0.999 ** t),
  decay,
});
const UPDATES: Record<
  string,
  { operands: (n: number, rng: Rng) => Float32Array[]; run: (K: Kernels, ops: Float32Array[], n: number) => void }
> = {
  scale: { operands: (n, rng) => [random(n, rng)], run: (K, [x], n) => K.scale(0.37, x, n) },
  momentumStep: {
    operands: (n, rng) => [random(n, rng), random(n, rng), random(n, rng)],
    run: (K, [g, v, theta], n) => {
      for (let s = 0; s < 3; s++) K.momentumStep(0.1, 0.9, 0.01, false, g, v, theta, n);
    },
  },
  'momentumStep, Nesterov': {
    operands: (n, rng) => [random(n, rng), random(n, rng), random(n, rng)],
    run: (K, [g, v, theta], n) => {
      for (let s = 0; s < 3; s++) K.momentumStep(0.1, 0.9, 0.01, true, g, v, theta, n);
    },
  },
  adamStep: {
    operands: (n, rng) => [random(n, rng), random(n, rng), random(n, rng).map(Math.abs), random(n, rng)], // g, m, v ≥ 0, θ
    run: (K, [g, m, v, theta], n) => {
      for (let t = 1; t <= 3; t++) K.adamStep(adamCoefficients(t, 1), g, m, v, theta, n);
    },
  },
  'adamStep, decoupled decay': {
    operands: (n, rng) => [random(n, rng), new Float32Array(n), new Float32Array(n), random(n, rng)], // moments from 0
    run: (K, [g, m, v, theta], n) => {
      for (let t = 1; t <= 3; t++) K.adamStep(adamCoefficients(t, 0.99), g, m, v, theta, n);
    },
  },
};

/** The operands after `run` on copies of them (+ 3 guard floats each, checked to stay 0). */
function updated(K: Kernels, name: string, ops: Float32Array[], n: number, inArena: boolean): Float32Array[] {
  const copies = ops.map((a) => {
    const b = inArena ? K.alloc(n + 3) : new Float32Array(n + 3);
    b.set(a);
    return b;
  });
  UPDATES[name].run(K, copies, n);
  copies.forEach((c, j) => assert.deepEqual([...c.subarray(n)], [0, 0, 0], `${name} n=${n}: operand ${j} written past n`));
  return copies.map((c) => Float32Array.from(c.subarray(0, n)));
}

for (const name of Object.keys(UPDATES)) {
  test(`${name} agrees with the reference at every length mod 4, in and out of the arena`, () => {
    for (const n of OPTIMIZER_LENGTHS) {
      const ops = UPDATES[name].operands(n, Rng.from(n, name));
      const ref = updated(referenceKernels, name, ops, n, false);
      const fast = updated(KERNELS.wasm(), name, ops, n, true);
      ref.forEach((r, j) =>
        r.forEach((x, i) =>
          assert.ok(Math.abs(fast[j][i] - x) <= 1e-6 * (1 + Math.abs(x)), `${name} n=${n} operand ${j} [${i}]: ${fast[j][i]} vs ${x}`),
        ),
      );
      assert.deepEqual(updated(KERNELS.wasm(), name, ops, n, false), fast, `${name} n=${n}: staged operands give other bits`);
    }
  });
}

test('sumSquares agrees with the reference (float64 sums) at every length mod 4, in and out of the arena', () => {
  for (const n of [...OPTIMIZER_LENGTHS, 100353]) {
    const x = random(n, Rng.from(n, 'sumSquares'));
    const ref = referenceKernels.sumSquares(x, n);
    const K = KERNELS.wasm(),
      X = K.alloc(n + 3).fill(1e3); // guard floats that must not count
    X.set(x);
    for (const got of [K.sumSquares(X, n), K.sumSquares(x, n)]) assert.ok(Math.abs(got - ref) <= 1e-12 * ref, `n=${n}: ${got} vs ${ref}`);
  }
  assert.equal(KERNELS.wasm().sumSquares(Float32Array.of(3, 4, 12, 84, 1e-20), 5), 3 * 3 + 4 * 4 + 12 * 12 + 84 * 84 + 1e-20 ** 2);
});
