// The matrix products as the kernel tests call them, the shapes they are checked on, and the
// tolerance against the reference kernels: shared by the wasm tests (kernels.test.ts) and the BLAS
// ones (blas-kernels.test.ts), so both sets are held to the same cases.
// A float32 sum of k products can differ by rounding order; the bound allowed here is
// 1e-5·√k·Σ|a·b| per element (Σ|a·b| from the reference kernel on |A| and |B|).

import assert from 'node:assert/strict';
import { referenceKernels, type Kernels } from '../../src/nn/kernels/index.js';
import { Rng } from '../../src/nn/rng.js';

export type Product = 'matmul' | 'matmulAtB' | 'matmulABt';

// Each product called as C (m×n) = op(A)·op(B) with op(A) m×k and op(B) k×n.
type Call = (K: Kernels, A: Float32Array, B: Float32Array, C: Float32Array, m: number, k: number, n: number) => void;
export const PRODUCTS: Record<Product, { accumulates: boolean; run: Call }> = {
  matmul: { accumulates: false, run: (K, A, B, C, m, k, n) => K.matmul(A, B, C, m, k, n) }, // A m×k, B k×n
  matmulAtB: { accumulates: true, run: (K, A, B, C, m, k, n) => K.matmulAtB(A, B, C, k, m, n) }, // A k×m, B k×n
  matmulABt: { accumulates: false, run: (K, A, B, C, m, k, n) => K.matmulABt(A, B, C, m, k, n) }, // A m×k, B n×k
};

// Odd shapes, edges of the 4×8 tile, a batch that does not divide the data (300 = 42·7 + 6;
// MNIST's last batch of 64 has 32 rows), and the network's products at batch 64 and at the
// evaluation batch of 500 (784-128-64-10: each shape in all three roles).
export const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 5],
  [3, 1, 9],
  [4, 8, 8],
  [5, 3, 10],
  [9, 16, 1],
  [64, 33, 17],
  [3, 0, 5],
  [6, 784, 128],
  [32, 784, 128],
  [64, 784, 128],
  [64, 128, 64],
  [64, 64, 10],
  [64, 128, 10],
  [500, 784, 128],
  [500, 64, 10],
];

export function random(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.uniform() < 0.3 ? 0 : rng.normal())); // zeros, as after ReLU
}

export function operands(product: Product, m: number, k: number, n: number, seed: number) {
  const rng = Rng.from(seed, product);
  return { A: random(m * k, rng), B: random(k * n, rng), C0: random(m * n, rng) };
}

/** Run a product on copies of the operands; `inArena` allocates them from the kernel set. */
export function run(
  K: Kernels,
  product: Product,
  ops: ReturnType<typeof operands>,
  m: number,
  k: number,
  n: number,
  inArena = true,
): Float32Array {
  const copy = (a: Float32Array): Float32Array => {
    const b = inArena ? K.alloc(a.length) : new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) b[i] = a[i];
    return b;
  };
  const C = copy(PRODUCTS[product].accumulates ? ops.C0 : ops.C0.map(() => NaN)); // overwrite must not read C
  PRODUCTS[product].run(K, copy(ops.A), copy(ops.B), C, m, k, n);
  return Float32Array.from(C);
}

export function assertClose(fast: Float32Array, ref: Float32Array, magnitude: Float32Array, k: number, label: string): void {
  const scale = 1e-5 * Math.sqrt(Math.max(k, 1));
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(fast[i] - ref[i]);
    assert.ok(err <= scale * magnitude[i] || err === 0, `${label}: C[${i}] fast ${fast[i]} vs reference ${ref[i]} (Σ|ab| ${magnitude[i]})`);
  }
}

/** Fails unless `K` computes `product` on m×k×n like the reference kernels, to float32 rounding. */
export function assertAgrees(K: Kernels, product: Product, m: number, k: number, n: number): void {
  const ops = operands(product, m, k, n, m * 10007 + k * 101 + n);
  const fast = run(K, product, ops, m, k, n);
  const ref = run(referenceKernels, product, ops, m, k, n);
  const abs = { A: ops.A.map(Math.abs), B: ops.B.map(Math.abs), C0: ops.C0.map(Math.abs) };
  assertClose(fast, ref, run(referenceKernels, product, abs, m, k, n), k, `${product} ${m}×${k}×${n}`);
}
