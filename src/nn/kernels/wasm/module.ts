// The kernel module: assembled from the TypeScript definitions beside this file and compiled
// once per thread, when this file is first imported. Instances share the compiled code; each
// model instantiates it on its own arena memory.
//
// V8 first compiles WebAssembly with its baseline compiler (Liftoff) and re-compiles a function
// with the optimizing one (TurboFan) once it has run enough, so a product's first calls run many
// times slower than later ones. So the module is warmed up right after compiling: every function
// runs on a small throwaway memory, once per thread, before any real work reaches it.

import { MAX_PAGES } from '../arena.js';
import { WebAssemblyApi, type WasmMemory } from './api.js';
import { ModuleBuilder } from './encode.js';
import { defineGemm } from './gemm.js';
import { definePack } from './pack.js';
import { defineSparse } from './sparse.js';
import { defineVectorOps } from './vector.js';

/** The exported functions; addresses are i32 byte offsets, the scalars f32 (see vector.ts). */
export interface KernelExports {
  gemm(
    a: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    transA: number,
    transB: number,
    accumulate: number,
    ap: number,
    bp: number,
    scratch: number,
    jFrom: number,
    jTo: number,
    packA: number,
  ): void;
  /** Packs `count` rows of op(A) (element strides sIdx, sK) into panels of 4 rows at dst; see pack.ts. */
  packA(src: number, dst: number, count: number, k: number, sIdx: number, sK: number): void;
  /** Lists the non-zero entries of x (rows×cols) by rows; −1 past `limit` of them. See sparse.ts. */
  compressRows(x: number, rows: number, cols: number, limit: number, start: number, entries: number): number;
  /** The entries of compressRows listed by columns. */
  transposeRows(start: number, entries: number, rows: number, cols: number, tStart: number, tEntries: number): void;
  /** C (=|+=) A·B with A given by its entries (compressRows), B rows ldb bytes apart, C's ldc. */
  spmm(start: number, entries: number, rows: number, b: number, ldb: number, n: number, c: number, ldc: number, accumulate: number): void;
  axpy(alpha: number, x: number, y: number, n: number): void;
  zero(x: number, n: number): void;
  addRowVector(b: number, y: number, rows: number, n: number): void;
  sumRows(y: number, s: number, rows: number, n: number): void;
  relu(x: number, y: number, n: number): void;
  reluBackward(y: number, dy: number, dx: number, n: number): void;
  lookupBytes(src: number, table: number, dst: number, n: number): void;
  /** X[i] = bytes[i] / d, in float32. */
  divideBytes(src: number, d: number, dst: number, n: number): void;
  momentumStep(lr: number, mu: number, wd: number, nesterov: number, g: number, v: number, theta: number, n: number): void;
  adamStep(
    decay: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    stepSize: number,
    rootCorrection: number,
    eps: number,
    g: number,
    m: number,
    v: number,
    theta: number,
    n: number,
  ): void;
  scale(alpha: number, x: number, n: number): void;
  /** Σ x² over n floats, accumulated (and returned) in float64. */
  sumSquares(x: number, n: number): number;
}

export function kernelModuleBytes(): Uint8Array {
  const mb = new ModuleBuilder();
  const packA = definePack(mb, 'packA', 4);
  const packB = definePack(mb, 'packB', 8);
  defineGemm(mb, packA, packB);
  defineSparse(mb);
  defineVectorOps(mb);
  return mb.bytes({ minPages: 1, maxPages: MAX_PAGES });
}

const KERNEL_MODULE = new WebAssemblyApi.Module(kernelModuleBytes());

export function instantiate(memory: WasmMemory): KernelExports {
  const instance = new WebAssemblyApi.Instance(KERNEL_MODULE, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}

function warmUp(): void {
  const memory = new WebAssemblyApi.Memory({ initial: 8, maximum: 8, shared: true }); // 512 KiB
  const fn = instantiate(memory);
  const m = 64,
    k = 256,
    n = 32,
    floats = 4;
  const a = 64,
    b = a + m * k * floats,
    c = b + k * n * floats,
    ap = c + m * n * floats,
    bp = ap + m * k * floats;
  const scratch = bp + 8 * k * floats;
  // The sparse path's lists: m·k/3 entries of 8 bytes (plus a row's worth), by rows and by columns.
  const sStart = scratch + 32 * floats,
    sEntries = sStart + (m + 1) * floats;
  const tStart = sEntries + 4 * m * k,
    tEntries = tStart + (k + 1) * floats; // ends below 512 KiB
  for (let round = 0; round < 2; round++) {
    fn.gemm(a, b, c, m, k, n, 0, 0, 0, ap, bp, scratch, 0, n, 1); // XW: transposing pack of A, copying pack of B
    fn.gemm(a, b, c, m, k, n, 1, 0, 1, ap, bp, scratch, 0, n, 1); // XᵀΔ: copying pack of A, accumulate
    fn.gemm(a, b, c, m, k - 1, n - 3, 0, 1, 0, ap, bp, scratch, 0, n - 3, 1);
    fn.gemm(a, b, c, m, k, n, 0, 0, 0, ap, bp, scratch, 8, n, 0); // a column range, A packed before // ΔWᵀ: transposing pack of B; edges
    // Sparse products, on an A with every third entry set: XW, and XᵀΔ (its entries listed by
    // columns), whose k×n result goes to ap (free by now).
    new Float32Array(memory.buffer, a, m * k).forEach((_, i, x) => {
      x[i] = i % 3 === 0 ? 1 : 0;
    });
    fn.compressRows(a, m, k, m * k, sStart, sEntries);
    fn.spmm(sStart, sEntries, m, b, 4 * (n - 3), n - 3, c, 4 * (n - 3), round);
    fn.transposeRows(sStart, sEntries, m, k, tStart, tEntries);
    fn.spmm(tStart, tEntries, k, b, 4 * n, n, ap, 4 * n, round);
    fn.axpy(-0.5, a, b, m * k);
    fn.zero(a, m * k);
    fn.addRowVector(b, c, m, n);
    fn.sumRows(c, b, m, n);
    fn.relu(a, c, m * n);
    fn.reluBackward(a, b, c, m * n);
    fn.lookupBytes(a, b, c, m * n);
    fn.momentumStep(0.1, 0.9, 1e-4, round, a, b, c, m * n); // both branches: plain and Nesterov
    fn.adamStep(1, 0.9, 0.1, 0.999, 0.001, 1e-3, 1, 1e-8, a, b, c, ap, m * n);
    fn.scale(0.5, a, m * n);
    fn.sumSquares(a, m * n);
  }
}

warmUp();
