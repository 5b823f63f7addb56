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

  updateAtB(
    alpha: number,
    A: Float32Array,
    B: Float32Array,
    grad: Float32Array,
    theta: Float32Array,
    k: number,
    m: number,
    n: number,
    aUnchanged = false,
  ): boolean {
    const arena = this.arena;
    if (
      m === 0 ||
      n === 0 ||
      k === 0 ||
      !(arena.owns(A) && arena.owns(B) && arena.owns(grad) && arena.owns(theta)) ||
      A.length < k * m ||
      B.length < k * n ||
      grad.length < m * n ||
      theta.length < m * n
    ) {
      // Staged operands and empty products keep the plain path (matmulAtB checks the lengths).
      this.matmulAtB(A, B, grad, k, m, n, aUnchanged);
      return false;
    }
    // The sparse path first, exactly as matmulAtB would take it: its product cannot scale.
    const a = A.byteOffset,
      b = B.byteOffset;
    if (this.sparsePath.product(a, b, grad.byteOffset, m, k, n, 1, 1, this.densityLimit(m, k, n), true, aUnchanged)) return false;
    this.blasProducts++;
    this.foldedUpdates++;
    this.sgemm(1, 0, m, n, k, alpha, a, m, b, n, 1, theta.byteOffset, n);
    return true;
  }

  /** The dense product on BLAS: op(A) is A (m×k) or Aᵀ (A k×m), op(B) is B (k×n) or Bᵀ (B n×k). */
  protected override product(args: GemmArgs): void {
    const [a, b, c, m, k, n, transA, transB, accumulate] = args;
    this.blasProducts++;
    if (m === 0 || n === 0) return;
    if (k === 0) {
      // BLAS leaves C untouched with beta = 1 and k = 0, as C += 0 wants; C = 0 it must be told.
      if (accumulate === 0) this.fn.zero(c, m * n);
      return;
    }
    this.sgemm(
      transA === 1 ? 1 : 0,
      transB === 1 ? 1 : 0,
      m,
      n,
      k,
      1,
      a,
      transA === 1 ? m : k,
      b,
      transB === 1 ? k : n,
      accumulate === 1 ? 1 : 0,
      c,
      n,
    );
  }
}
