// The sparse path of the wasm products (wasm/sparse.ts) against the dense path: XW and XᵀΔ with a
// mostly-zero left operand must give the same bits, on odd shapes, with −0 entries, empty rows and
// columns, accumulation into a non-zero C, and operands in and out of the arena; and an operand
// with too many non-zeros must go the dense way.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WasmKernels } from '../../src/nn/kernels/wasm-kernels.js';
import { Rng } from '../../src/nn/rng.js';

type Product = 'matmul' | 'matmulAtB';

/** A matrix with the given fraction of non-zeros; some zeros are −0, as ReLU and products give. */
function sparseMatrix(n: number, density: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.uniform() < density ? rng.normal() : rng.uniform() < 0.5 ? -0 : 0));
}

function dense(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** C (m×n) = op(A)·B on kernel set K: matmul takes A as m×k, matmulAtB as k×m (and adds to C). */
function product(
  K: WasmKernels,
  p: Product,
  A: Float32Array,
  B: Float32Array,
  C0: Float32Array,
  m: number,
  k: number,
  n: number,
  inArena: boolean,
): Float32Array {
  const place = (x: Float32Array): Float32Array => {
    const y = inArena ? K.alloc(x.length) : new Float32Array(x.length);
    y.set(x);
    return y;
  };
  const C = place(C0);
  if (p === 'matmul') K.matmul(place(A), place(B), C, m, k, n);
  else K.matmulAtB(place(A), place(B), C, k, m, n);
  return Float32Array.from(C);
}

function assertSameBits(got: Float32Array, want: Float32Array, label: string): void {
  const g = new Uint32Array(got.buffer),
    w = new Uint32Array(want.buffer);
  for (let i = 0; i < w.length; i++) assert.equal(g[i], w[i], `${label}: C[${i}] is ${got[i]}, dense path ${want[i]}`);
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 5],
  [3, 17, 37],
  [5, 4, 16],
  [9, 30, 20],
  [64, 784, 128],
  [32, 784, 128],
  [65, 33, 130],
  [500, 64, 10],
  [64, 128, 64],
];

for (const p of ['matmul', 'matmulAtB'] as Product[]) {
  for (const [m, k, n] of SHAPES) {
    for (const density of [0, 0.05, 0.3]) {
      test(`${p} ${m}×${k}×${n} at ${density * 100}% non-zeros: the sparse path gives the dense path's bits`, () => {
        const rng = Rng.from(m * 7919 + k * 31 + n, `${p} ${density}`);
        const A = sparseMatrix(m * k, density, rng),
          B = dense(k * n, rng);
        // matmul overwrites C (NaN in it must not show through); matmulAtB adds to it.
        const C0 = p === 'matmul' ? new Float32Array(m * n).fill(NaN) : dense(m * n, rng);
        const want = product(new WasmKernels(undefined, 0), p, A, B, C0, m, k, n, true);
        for (const inArena of [true, false]) {
          const sparse = new WasmKernels(undefined, 1);
          assertSameBits(
            product(sparse, p, A, B, C0, m, k, n, inArena),
            want,
            `${p} ${m}×${k}×${n} ${inArena ? 'in' : 'out of'} the arena`,
          );
          assert.equal(sparse.sparseProducts, 1);
        }
      });
    }
  }
}

test('whole rows and columns of zeros, and one full row, take the sparse path and give the dense bits', () => {
  const m = 12,
    k = 40,
    n = 24,
    rng = Rng.from(5, 'rows');
  const A = new Float32Array(m * k);
  for (let j = 0; j < k; j++) A[3 * k + j] = rng.normal(); // row 3 full, column 0 of the others empty
  for (let i = 0; i < m; i += 2) for (let j = 1; j < k; j += 7) A[i * k + j] = rng.normal();
  const B = dense(k * n, rng);
  for (const p of ['matmul', 'matmulAtB'] as Product[]) {
    const [rows, cols] = p === 'matmul' ? [m, k] : [k, m]; // A as the product reads it
    const C0 = dense(rows * n, rng),
      Bp = p === 'matmul' ? B : dense(m * n, rng);
    const want = product(new WasmKernels(undefined, 0), p, A, Bp, C0, rows, cols, n, true);
    const sparse = new WasmKernels(undefined, 0.3);
    assertSameBits(product(sparse, p, A, Bp, C0, rows, cols, n, true), want, p);
    assert.equal(sparse.sparseProducts, 1);
  }
});

test('an operand with more non-zeros than the limit goes the dense way, with the same result', () => {
  const m = 16,
    k = 50,
    n = 12,
    rng = Rng.from(9, 'limit');
  const A = sparseMatrix(m * k, 0.6, rng),
    B = dense(k * n, rng),
    C0 = dense(m * n, rng);
  for (const p of ['matmul', 'matmulAtB'] as Product[]) {
    const K = new WasmKernels(undefined, 0.5);
    const got = product(K, p, A, B, C0, m, k, n, true);
    assert.equal(K.sparseProducts, 0);
    assertSameBits(got, product(new WasmKernels(undefined, 0), p, A, B, C0, m, k, n, true), p);
  }
  // A single row past the limit (the scan gives up after the row that crosses it): 4 rows of 40,
  // the second full — the work area must hold the entries written before the check.
  const K = new WasmKernels(undefined, 0.3),
    A2 = new Float32Array(4 * 40);
  A2.fill(1, 0, 40).fill(2, 40, 80);
  const got = product(K, 'matmul', A2, dense(40 * 8, rng), new Float32Array(32), 4, 40, 8, true);
  assert.equal(K.sparseProducts, 0);
  assert.ok(got.every(Number.isFinite));
});

test('an all-zero operand gives zeros (overwriting) and leaves C as it was (accumulating)', () => {
  const K = new WasmKernels();
  const A = K.alloc(6 * 9),
    B = K.alloc(9 * 5).fill(3),
    C = K.alloc(6 * 5).fill(7);
  K.matmul(A, B, C, 6, 9, 5);
  assert.deepEqual([...C], Array(30).fill(0));
  const G = K.alloc(9 * 5).fill(2),
    D = K.alloc(6 * 5).fill(1);
  K.matmulAtB(A, D, G, 6, 9, 5);
  assert.deepEqual([...G], Array(45).fill(2));
  assert.equal(K.sparseProducts, 2);
});

test('after a too-dense operand, its shape skips the scan for 15 calls, then tries the sparse path again', () => {
  const m = 8,
    k = 30,
    n = 9,
    rng = Rng.from(4, 'skip');
  const K = new WasmKernels(undefined, 0.4),
    D = new WasmKernels(undefined, 0);
  const full = sparseMatrix(m * k, 0.9, rng),
    sparse = sparseMatrix(m * k, 0.1, rng),
    B = dense(k * n, rng);
  const C = new Float32Array(m * n);
  product(K, 'matmul', full, B, C, m, k, n, true);
  for (let call = 1; call <= 16; call++) {
    const got = product(K, 'matmul', sparse, B, C, m, k, n, true);
    assert.equal(K.sparseProducts, call <= 15 ? 0 : 1, `call ${call}`);
    assertSameBits(got, product(D, 'matmul', sparse, B, C, m, k, n, true), `call ${call}`);
  }
  product(K, 'matmul', sparse, B, C, m, k - 1, n, true); // another shape is not held back
  assert.equal(K.sparseProducts, 2);
});

test("XᵀΔ reuses the list of XW's operand when told it is unchanged, with the same bits", () => {
  const rng = Rng.from(11, 'reuse');
  const m = 64,
    k = 96,
    n = 40;
  const A0 = sparseMatrix(m * k, 0.2, rng),
    B = dense(k * n, rng),
    D = dense(m * n, rng),
    G0 = dense(k * n, rng);
  const want = product(new WasmKernels(undefined, 0), 'matmulAtB', A0, D, G0, k, m, n, true);
  const K = new WasmKernels();
  const A = K.alloc(m * k),
    W = K.alloc(k * n),
    Y = K.alloc(m * n),
    dY = K.alloc(m * n),
    G = K.alloc(k * n);
  A.set(A0);
  W.set(B);
  dY.set(D);
  const step = (aUnchanged: boolean): Float32Array => {
    G.set(G0);
    K.matmul(A, W, Y, m, k, n);
    K.matmulAtB(A, dY, G, m, k, n, aUnchanged);
    return Float32Array.from(G);
  };
  assertSameBits(step(true), want, 'reused');
  assert.equal(K.listsReused, 1);
  assertSameBits(step(false), want, 'not told: scanned again');
  assert.equal(K.listsReused, 1);
  // Another operand's XW in between keeps A's list only if it did not replace it.
  G.set(G0);
  K.matmul(A, W, Y, m, k, n);
  const other = K.alloc(m * k);
  other.set(sparseMatrix(m * k, 0.1, rng));
  K.matmul(other, W, Y, m, k, n); // listed now: `other`
  K.matmulAtB(A, dY, G, m, k, n, true);
  assertSameBits(Float32Array.from(G), want, 'list replaced: scanned again');
  assert.equal(K.listsReused, 1);
  // A changed and multiplied again (now too dense for the sparse path): no stale list.
  A.set(dense(m * k, rng));
  const dense1 = new WasmKernels(undefined, 0);
  const wantDense = product(dense1, 'matmulAtB', Float32Array.from(A), D, G0, k, m, n, true);
  G.set(G0);
  K.matmul(A, W, Y, m, k, n);
  K.matmulAtB(A, dY, G, m, k, n, true);
  assertSameBits(Float32Array.from(G), wantDense, 'A rewritten, dense XW: no reuse');
  assert.equal(K.listsReused, 1);
});
