// The BLAS kernels: the wasm kernels with the dense matrix products handed to a system BLAS
// (cblas_sgemm: OpenBLAS, Accelerate), which runs the machine's widest vector instructions where
// WebAssembly SIMD stops at 128 bits. Everything else — bias, activations, loss, the optimizers'
// updates, the byte→float conversion, and the sparse path for mostly-zero inputs — stays in the
// wasm kernels, on the same arena. Plain SGD folds into BLAS: the weight gradient's product adds
// −lr·XᵀΔ straight onto the weights (sgemm's alpha and beta = 1; updateAtB), where the wasm
// kernels write the gradient, update from it and zero it — three passes over the weights.
//
// The products go straight between the arena and BLAS: the operands are addresses in the arena's
// shared memory (operands from outside it are staged there first, as for wasm), so nothing is
// copied per call. The BLAS is loaded outside nn/ (src/blas/), which hands in `gemm` bound to
// this arena's memory.
//
// Results agree with the other kernel sets to float32 rounding, not bit for bit: BLAS sums in an
// order of its own, which depends on the library and on the CPU kernel it picked.

import type { WasmMemory } from './wasm/api.js';
import type { Kernels } from './kernels.js';
import { type GemmArgs, WasmKernels } from './wasm-kernels.js';

/**
 * Row-major cblas_sgemm on byte addresses in one memory: C = alpha·op(A)·op(B) + beta·C, op(A)
 * m×k, op(B) k×n, with leading dimensions lda, ldb, ldc (in floats).
 */
export type AddressGemm = (
  transA: 0 | 1,
  transB: 0 | 1,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  beta: 0 | 1,
  c: number,
  ldc: number,
) => void;

/** A loaded BLAS: which one, and its sgemm bound to a given memory. */
export interface Blas {
  /** The library file, as loaded. */
  readonly library: string;
  /** Its version, when the library says (OpenBLAS does). */
  readonly version?: string;
  /** The CPU kernel it picked (OpenBLAS's core name), when the library says. */
  readonly core?: string;
  gemmOn(memory: WasmMemory): AddressGemm;
}

/**
 * The sparse path takes a BLAS product only when at most this fraction of op(A) is non-zero.
 * `node dist/bench/sparse.js` times the first layer's products by density: against BLAS the
 * crossover lies far lower than against the wasm tile (SPARSE_MAX_DENSITY), and where depends on
 * the CPU kernel OpenBLAS picked — near a tenth with its AVX-512 kernels (8–12 %), near a fifth
 * with its AVX2 ones (19–24 %). So the threshold is looked up from the kernel's name, never from a
 * timing taken at run time: which path a product takes — and so a run's bits — depends only on
 * the data and the BLAS kernel, not on the machine's load.
 */
export const BLAS_SPARSE_MAX_DENSITY_BY_CORE: Readonly<Record<string, number>> = {
  // AVX-512
  skylakex: 0.1,
  cooperlake: 0.1,
  sapphirerapids: 0.1,
  // AVX2
  haswell: 0.2,
  zen: 0.2,
};

/** For a BLAS that names no kernel, or one not measured: the AVX-512 figure, the lower one. */
export const BLAS_SPARSE_MAX_DENSITY = 0.1;

/** The sparse threshold for a BLAS whose CPU kernel is `core` (Blas.core), by the table above. */
export function blasSparseMaxDensity(core: string | undefined): number {
  const key = core?.toLowerCase();
  return key !== undefined && Object.hasOwn(BLAS_SPARSE_MAX_DENSITY_BY_CORE, key)
    ? BLAS_SPARSE_MAX_DENSITY_BY_CORE[key]!
    : BLAS_SPARSE_MAX_DENSITY;
}

export class BlasKernels extends WasmKernels {
  override readonly name = 'blas';
  private readonly sgemm: AddressGemm;
  /** Dense products handed to BLAS so far (for tests and benchmarks). */
  blasProducts = 0;

  constructor(
    readonly blas: Blas,
    initialBytes?: number,
    sparseDensity = blasSparseMaxDensity(blas.core),
  ) {
    super(initialBytes, sparseDensity);
    this.sgemm = blas.gemmOn(this.arena.memory);
  }

  /** Updates folded into their product (updateAtB) so far (for tests and benchmarks). */
  foldedUpdates = 0;

  /** Kernels.updateAtB: θ += α·AᵀB on BLAS (sgemm's alpha, beta = 1), or grad += AᵀB on the sparse path. */
  readonly updateAtB: NonNullable<Kernels['updateAtB']> = (alpha, A, B, grad, theta, k, m, n, aUnchanged = false) =>
    this.gemm(A, k * m, B, k * n, grad, m, k, n, 1, 0, 1, aUnchanged, alpha, theta);

  protected override foldedProduct(
    a: number,
    b: number,
    theta: number,
    m: number,
    k: number,
    n: number,
    transA: 0 | 1,
    transB: 0 | 1,
    alpha: number,
  ): void {
    this.foldedUpdates++;
    this.sgemmOn(transA, transB, m, k, n, alpha, a, b, 1, theta);
  }

  /** The dense product on BLAS: op(A) is A (m×k) or Aᵀ (A k×m), op(B) is B (k×n) or Bᵀ (B n×k). */
  protected override product(args: GemmArgs): void {
    const [a, b, c, m, k, n, transA, transB, accumulate] = args;
    // BLAS leaves C untouched with k = 0, as C += 0 wants; C = 0 it must be told.
    if (k === 0 && accumulate === 0) this.fn.zero(c, m * n);
    this.sgemmOn(transA === 1 ? 1 : 0, transB === 1 ? 1 : 0, m, k, n, 1, a, b, accumulate === 1 ? 1 : 0, c);
  }

  /** C = alpha·op(A)·op(B) + beta·C on arena addresses (op(A) m×k, op(B) k×n, C row-major m×n). */
  private sgemmOn(
    transA: 0 | 1,
    transB: 0 | 1,
    m: number,
    k: number,
    n: number,
    alpha: number,
    a: number,
    b: number,
    beta: 0 | 1,
    c: number,
  ): void {
    this.blasProducts++;
    if (m === 0 || n === 0 || k === 0) return; // nothing to add
    this.sgemm(transA, transB, m, n, k, alpha, a, transA === 1 ? m : k, b, transB === 1 ? k : n, beta, c, n);
  }
}
