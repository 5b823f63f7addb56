// The fast kernels: the WebAssembly SIMD functions of wasm/ on tensors in one arena.
//
// Operands allocated from this kernel set's arena (`alloc`) are used in place, by address.
// Any other Float32Array still works — it is copied into a staging area first (and an output
// back out after) — so tests and callers with their own arrays get correct results, only slower.
// The packing and staging areas grow to the largest call seen and are then reused: after the
// first batch of each shape nothing is allocated. Products with a mostly-zero A may take the
// sparse path (sparse-path.ts).

import { Arena } from './arena.js';
import type { AdamCoefficients, Kernels } from './kernels.js';
import { SPARSE_MAX_DENSITY, SparsePath } from './sparse-path.js';
import { instantiate, type KernelExports } from './wasm/module.js';

// Work areas: packed panels of A, one packed strip of B, and staging for up to two inputs and
// three outputs (an output that is also read, like C of C += AᵀB, is staged in and out; Adam
// updates θ, m and v).
const PACK_A = 0,
  PACK_B = 1,
  IN_1 = 2,
  IN_2 = 3,
  OUT = 4,
  OUT_2 = 5,
  OUT_3 = 6;
/** The first work slot free for a subclass. */
export const FREE_SLOT = 7;

/** The whole-product arguments of wasm gemm: a, b, c, m, k, n, transA, transB, accumulate, ap, bp, scratch. */
export type GemmArgs = [number, number, number, number, number, number, number, number, number, number, number, number];

/**
 * The memory and module instance of a kernel set recycled in this thread, which the next kernel
 * set made in it takes over. Its functions then stay the same JavaScript function objects from
 * model to model: V8 compiles the calls into them for their targets, and a new instance's targets
 * would undo that (a worker's second run deoptimised the functions that call into the module).
 */
let spare: { arena: Arena; fn: KernelExports } | undefined;

/** The input of pixel value b: b / 255, the float32 nearest to it (the default lookupBytes table). */
export function scaleTable(): Float32Array {
  return Float32Array.from({ length: 256 }, (_, b) => b / 255);
}

/** scaleTable's, which lookupBytes turns into a division. */
const SCALE_TABLE = scaleTable();

/** Whether `table` holds b / 255 at every b (checked each call: 256 reads, against a batch's tens of thousands). */
function isScaleTable(table: Float32Array): boolean {
  for (let b = 0; b < 256; b++) if (table[b] !== SCALE_TABLE[b]) return false;
  return true;
}

export class WasmKernels implements Kernels {
  readonly name: string = 'wasm';
  readonly arena: Arena;
  protected readonly fn: KernelExports;
  protected readonly scratch: Float32Array; // one 4×8 edge tile
  private readonly work: Float32Array[];
  private byteStage: Uint8Array = new Uint8Array(0); // staging for bytes from outside the arena
  private readonly sparsePath: SparsePath;
  private readonly gemmArgs: GemmArgs = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  private recycled = false;

  /**
   * sparseDensity: see SPARSE_MAX_DENSITY (0 turns the sparse path off). The memory is that of the
   * kernel set last recycled in this thread, if any (then initialBytes does not apply), else new.
   */
  constructor(
    initialBytes?: number,
    readonly sparseDensity = SPARSE_MAX_DENSITY,
  ) {
    if (spare !== undefined) {
      ({ arena: this.arena, fn: this.fn } = spare);
      spare = undefined;
    } else {
      this.arena = new Arena(initialBytes);
      this.fn = instantiate(this.arena.memory);
    }
    this.scratch = this.arena.f32(32);
    this.work = [PACK_A, PACK_B, IN_1, IN_2, OUT, OUT_2, OUT_3].map(() => this.arena.f32(0));
    this.sparsePath = new SparsePath(this.arena, this.fn);
  }

  /** Products that took the sparse path so far (for tests and benchmarks). */
  get sparseProducts(): number {
    return this.sparsePath.products;
  }

  /** Products whose A was listed by an earlier one (for tests and benchmarks). */
  get listsReused(): number {
    return this.sparsePath.listsReused;
  }

  /**
   * Hands this kernel set's memory, zeroed, to the next one made in this thread (a worker's next
   * run), which then allocates from its bottom again. Call it only when nothing uses these kernels
   * or any tensor they allocated any more (the trainer's model is gone, a helper thread stopped).
   */
  recycle(): void {
    // Twice would hand one memory to two kernel sets.
    if (this.recycled) throw new Error('these kernels were recycled already');
    this.recycled = true;
    this.arena.rewind((address, bytes) => this.fn.zero(address, bytes / 4));
    spare = { arena: this.arena, fn: this.fn };
  }

  alloc(n: number): Float32Array {
    return this.arena.f32(n);
  }

  matmul(A: Float32Array, B: Float32Array, C: Float32Array, m: number, k: number, n: number): void {
    this.gemm(A, m * k, B, k * n, C, m, k, n, 0, 0, 0);
  }

  matmulAtB(A: Float32Array, B: Float32Array, C: Float32Array, k: number, m: number, n: number, aUnchanged = false): void {
    this.gemm(A, k * m, B, k * n, C, m, k, n, 1, 0, 1, aUnchanged);
  }

  matmulABt(A: Float32Array, B: Float32Array, C: Float32Array, m: number, k: number, n: number): void {
    this.gemm(A, m * k, B, n * k, C, m, k, n, 0, 1, 0);
  }

  addRowVector(b: Float32Array, Y: Float32Array, rows: number, n: number): void {
    this.fn.addRowVector(this.input(b, n, IN_1), this.output(Y, rows * n, true), rows, n);
    this.flush(Y, rows * n);
  }

  sumRows(Y: Float32Array, s: Float32Array, rows: number, n: number): void {
    this.fn.sumRows(this.input(Y, rows * n, IN_1), this.output(s, n, true), rows, n);
    this.flush(s, n);
  }

  relu(X: Float32Array, Y: Float32Array, n: number): void {
    this.fn.relu(this.input(X, n, IN_1), this.output(Y, n, false), n);
    this.flush(Y, n);
  }

  reluBackward(Y: Float32Array, dY: Float32Array, dX: Float32Array, n: number): void {
    this.fn.reluBackward(this.input(Y, n, IN_1), this.input(dY, n, IN_2), this.output(dX, n, false), n);
    this.flush(dX, n);
  }

  axpy(alpha: number, x: Float32Array, y: Float32Array, n: number): void {
    this.fn.axpy(alpha, this.input(x, n, IN_1), this.output(y, n, true), n);
    this.flush(y, n);
  }

  zero(x: Float32Array, n: number): void {
    // (fill() would do, but on the arena's shared memory V8 takes a slow element-wise path.)
    this.fn.zero(this.output(x, n, false), n);
    this.flush(x, n);
  }

  scale(alpha: number, x: Float32Array, n: number): void {
    this.fn.scale(alpha, this.output(x, n, true), n);
    this.flush(x, n);
  }

  sumSquares(x: Float32Array, n: number): number {
    return this.fn.sumSquares(this.input(x, n, IN_1), n);
  }

  momentumStep(
    lr: number,
    momentum: number,
    weightDecay: number,
    nesterov: boolean,
    g: Float32Array,
    v: Float32Array,
    theta: Float32Array,
    n: number,
  ): void {
    this.fn.momentumStep(
      lr,
      momentum,
      weightDecay,
      nesterov ? 1 : 0,
      this.input(g, n, IN_1),
      this.output(v, n, true, OUT_2),
      this.output(theta, n, true),
      n,
    );
    this.flush(v, n, OUT_2);
    this.flush(theta, n);
  }

  adamStep(c: AdamCoefficients, g: Float32Array, m: Float32Array, v: Float32Array, theta: Float32Array, n: number): void {
    // 1 − β is formed here in float64 and rounded once, rather than in float32 from a rounded β.
    this.fn.adamStep(
      c.decay,
      c.beta1,
      1 - c.beta1,
      c.beta2,
      1 - c.beta2,
      c.stepSize,
      c.rootCorrection,
      c.eps,
      this.input(g, n, IN_1),
      this.output(m, n, true, OUT_2),
      this.output(v, n, true, OUT_3),
      this.output(theta, n, true),
      n,
    );
    this.flush(m, n, OUT_2);
    this.flush(v, n, OUT_3);
    this.flush(theta, n);
  }

  allocBytes(n: number): Uint8Array {
    return this.arena.u8(n);
  }

  lookupBytes(bytes: Uint8Array, table: Float32Array, X: Float32Array, n: number): void {
    if (bytes.length < n) throw new RangeError(`kernel operand of ${bytes.length} bytes, needs ${n}`);
    if (table.length < 256) throw new RangeError(`lookup table of ${table.length} floats, needs 256`);
    let src = bytes.byteOffset;
    if (!this.arena.owns(bytes)) {
      if (this.byteStage.length < n) this.byteStage = this.arena.u8(n);
      this.byteStage.set(bytes.subarray(0, n));
      src = this.byteStage.byteOffset;
    }
    // The default table (b / 255) is a division, which SIMD does sixteen bytes at a time where the
    // lookup goes one by one: same floats (divideBytes), a quarter of the time. Any other table is
    // looked up; it goes through the first staging slot (it is small). The output goes through OUT.
    if (isScaleTable(table)) this.fn.divideBytes(src, 255, this.output(X, n, false), n);
    else this.fn.lookupBytes(src, this.input(table, 256, IN_1), this.output(X, n, false), n);
    this.flush(X, n);
  }

  /**
   * C (=|+=) op(A)·op(B) with op(A) m×k and op(B) k×n; see wasm/gemm.ts. Given `foldInto` (θ), a
   * product on the dense path adds foldAlpha·op(A)·op(B) onto θ instead, leaving C as it was
   * (foldedProduct), and this returns true; the sparse path, which cannot scale, still computes C.
   */
  protected gemm(
    A: Float32Array,
    aLength: number,
    B: Float32Array,
    bLength: number,
    C: Float32Array,
    m: number,
    k: number,
    n: number,
    transA: 0 | 1,
    transB: 0 | 1,
    accumulate: 0 | 1,
    aUnchanged = false,
    foldAlpha = 0,
    foldInto?: Float32Array,
  ): boolean {
    const a = this.input(A, aLength, IN_1),
      b = this.input(B, bLength, IN_2);
    const c = this.output(C, m * n, accumulate === 1);
    // Only an arena tensor has an address of its own to remember a list by (see sparse-path.ts).
    if (
      transB === 0 &&
      this.sparsePath.product(a, b, c, m, k, n, transA, accumulate, this.densityLimit(m, k, n), this.arena.owns(A), aUnchanged)
    ) {
      this.flush(C, m * n);
      return false;
    }
    if (foldInto !== undefined) {
      const theta = this.output(foldInto, m * n, true, OUT_2);
      this.foldedProduct(a, b, theta, m, k, n, transA, transB, foldAlpha);
      this.flush(foldInto, m * n, OUT_2);
      return true;
    }
    const ap = this.area(PACK_A, Math.ceil(m / 4) * 4 * k).byteOffset;
    const bp = this.area(PACK_B, 8 * k).byteOffset;
    const args = this.gemmArgs; // filled in place: nothing is allocated per product
    args[0] = a;
    args[1] = b;
    args[2] = c;
    args[3] = m;
    args[4] = k;
    args[5] = n;
    args[6] = transA;
    args[7] = transB;
    args[8] = accumulate;
    args[9] = ap;
    args[10] = bp;
    args[11] = this.scratch.byteOffset;
    this.product(args);
    this.flush(C, m * n);
    return false;
  }

  /** θ += alpha·op(A)·op(B) on arena addresses, for gemm's foldInto: only kernels with Kernels.updateAtB fold. */
  protected foldedProduct(
    _a: number,
    _b: number,
    _theta: number,
    _m: number,
    _k: number,
    _n: number,
    _transA: 0 | 1,
    _transB: 0 | 1,
    _alpha: number,
  ): void {
    throw new Error(`the ${this.name} kernels do not fold updates into their products`);
  }

  /** The largest fraction of non-zeros in op(A) (m×k, times k×n) for which the product takes the sparse path now. */
  protected densityLimit(_m: number, _k: number, _n: number): number {
    return this.sparseDensity;
  }

  /** Runs one product on addresses in the arena (a subclass may split it across threads). */
  protected product(args: GemmArgs): void {
    this.gemmStrips(args, 0, args[5], 1);
  }

  /** wasm gemm on `args` for the strips of columns [jFrom, jTo), packing A first if packA is 1. */
  protected gemmStrips(args: GemmArgs, jFrom: number, jTo: number, packA: 0 | 1): void {
    const [a, b, c, m, k, n, transA, transB, accumulate, ap, bp, scratch] = args;
    this.fn.gemm(a, b, c, m, k, n, transA, transB, accumulate, ap, bp, scratch, jFrom, jTo, packA);
  }

  /**
   * The address of the first n floats of X: its own if X lies in the arena, else that of a copy
   * in staging area `slot`. The length is checked first: the WebAssembly code trusts its
   * addresses and would silently run into a neighbouring tensor.
   */
  private input(X: Float32Array, n: number, slot: number): number {
    if (X.length < n) throw new RangeError(`kernel operand of ${X.length} floats, needs ${n}`);
    if (this.arena.owns(X)) return X.byteOffset;
    const staged = this.area(slot, n);
    staged.set(X.subarray(0, n));
    return staged.byteOffset;
  }

  /** Like input, for an output of a call: staged (copied in only if `read`), then flushed. */
  private output(X: Float32Array, n: number, read: boolean, slot = OUT): number {
    if (X.length < n) throw new RangeError(`kernel operand of ${X.length} floats, needs ${n}`);
    if (this.arena.owns(X)) return X.byteOffset;
    const staged = this.area(slot, n);
    if (read) staged.set(X.subarray(0, n));
    return staged.byteOffset;
  }

  /** After a call: copy a staged output back into X. */
  private flush(X: Float32Array, n: number, slot = OUT): void {
    if (!this.arena.owns(X)) X.set(this.work[slot].subarray(0, n));
  }

  /** A work area of at least n floats, grown (never shrunk) on demand. */
  protected area(slot: number, n: number): Float32Array {
    if (!(this.work[slot]?.length >= n)) this.work[slot] = this.arena.f32(n);
    return this.work[slot];
  }
}
