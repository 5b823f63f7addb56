import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matmul, matmulABt, matmulAtB } from '../../src/nn/matmul.js';
import { Rng } from '../../src/nn/rng.js';

// Float64 triple loops: the definition of each product, used as the oracle.
function naive(m: number, k: number, n: number, a: (i: number, p: number) => number, b: (p: number, j: number) => number): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a(i, p) * b(p, j);
      C[i * n + j] = s;
    }
  return C;
}

function rand(n: number, rng: Rng, zeros = false): Float32Array {
  return Float32Array.from({ length: n }, () => (zeros && rng.uniform() < 0.3 ? 0 : rng.normal()));
}

function close(actual: Float32Array, expected: Float64Array, label: string): void {
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= 1e-4 * (1 + Math.abs(expected[i])), `${label}: [${i}] ${actual[i]} vs ${expected[i]}`);
  }
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 5],
  [4, 8, 8],
  [5, 3, 10],
  [64, 33, 17],
  [3, 1, 9],
  [9, 16, 1],
];

for (const [m, k, n] of SHAPES) {
  test(`products agree with the definition at ${m}×${k}×${n}`, () => {
    const rng = Rng.from(m * 100 + k * 10 + n, 'matmul');
    const A = rand(m * k, rng, true),
      B = rand(k * n, rng);
    const C = new Float32Array(m * n).fill(NaN); // matmul must overwrite, not accumulate
    matmul(A, B, C, m, k, n);
    close(
      C,
      naive(
        m,
        k,
        n,
        (i, p) => A[i * k + p],
        (p, j) => B[p * n + j],
      ),
      'A·B',
    );

    const At = rand(k * m, rng, true); // k×m
    const G = new Float32Array(m * n).fill(1); // matmulAtB accumulates
    matmulAtB(At, B, G, k, m, n);
    const expected = naive(
      m,
      k,
      n,
      (i, p) => At[p * m + i],
      (p, j) => B[p * n + j],
    ).map((v) => v + 1);
    close(G, expected, 'Aᵀ·B + C');

    const Bt = rand(n * k, rng); // n×k
    const D = new Float32Array(m * n).fill(NaN);
    matmulABt(A, Bt, D, m, k, n);
    close(
      D,
      naive(
        m,
        k,
        n,
        (i, p) => A[i * k + p],
        (p, j) => Bt[j * k + p],
      ),
      'A·Bᵀ',
    );
  });
}
