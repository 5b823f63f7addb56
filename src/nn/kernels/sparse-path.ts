// The sparse path of the wasm kernels' products C (=|+=) op(A)·B: when op(A) has few enough
// non-zeros, A's entries are listed (wasm/sparse.ts compressRows) and only those are multiplied
// (spmm), with the same result bit for bit. This holds what that path keeps between products:
// its list areas, the list of the last XW's A for reuse by the XᵀΔ on the same A, and the shapes
// whose operand was found too dense to be worth scanning again soon.

import type { Arena } from './arena.js';
import type { KernelExports } from './wasm/module.js';

/**
 * A product C (=|+=) op(A)·B whose A has at most this fraction of non-zero entries takes the
 * sparse path. `node dist/bench/sparse.js` times both paths on the first layer's XW and XᵀΔ at
 * batch 64 by fraction of non-zeros: the sparse one wins clearly at MNIST's density (about a
 * fifth), still at 40 %, and is even around 50 % (Fashion-MNIST's), so 40 % keeps a margin below
 * the crossover.
 */
export const SPARSE_MAX_DENSITY = 0.4;
/** Calls of a shape that skip the scan after its operand was found too dense. */
const SKIP_AFTER_DENSE = 15;

// List areas: A's entries (row starts, pairs), the same by columns for AᵀB, and the list of the
// last XW's A, kept for the XᵀΔ on the same A (see listedA).
const ROW_START = 0,
  ROW_ENTRIES = 1,
  COL_START = 2,
  COL_ENTRIES = 3,
  LISTED_START = 4,
  LISTED_ENTRIES = 5;

export class SparsePath {
  /** Products that took the sparse path so far (for tests and benchmarks). */
  products = 0;
  /** Products whose A was listed by an earlier one (for tests and benchmarks). */
  listsReused = 0;
  private readonly lists: Float32Array[] = [];
  private readonly denseShapes = new Map<number, number>(); // shape → calls left to skip the scan
  /**
   * Which A the lists in LISTED_START/LISTED_ENTRIES are of: the A (an arena tensor, by address) of
   * the last product C = A·B that took the sparse path. A later AᵀB told that this A is unchanged
   * (a Linear layer's backward after its forward) transposes that list rather than scanning A
   * again. Any other A·B on the same address drops it.
   */
  private listedA = -1; // its address (−1: none), rows, columns and entries
  private listedRows = 0;
  private listedCols = 0;
  private listedNnz = 0;

  constructor(
    private readonly arena: Arena,
    private readonly fn: KernelExports,
  ) {}

  /**
   * C (=|+=) op(A)·B (op(A) m×k, on arena addresses) on the sparse path, if op(A) has at most
   * `density`·m·k non-zeros (else false, nothing done): A's entries are listed by rows of A as
   * stored, then by columns when op(A) = Aᵀ. keep: A is an arena tensor of its own, whose list an
   * XW may keep; aUnchanged: see Kernels.matmulAtB.
   */
  product(
    a: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    transA: 0 | 1,
    accumulate: 0 | 1,
    density: number,
    keep: boolean,
    aUnchanged: boolean,
  ): boolean {
    const limit = Math.floor(density * m * k);
    const rows = transA === 1 ? k : m,
      cols = transA === 1 ? m : k;
    if (transA === 0 && this.listedA === a) this.listedA = -1; // A may have changed since
    let start: number, entries: number;
    if (
      transA === 1 &&
      aUnchanged &&
      this.listedA === a &&
      this.listedRows === rows &&
      this.listedCols === cols &&
      this.listedNnz <= limit
    ) {
      // XᵀΔ on the A of the last sparse XW, unchanged since, and as sparse as this product allows.
      start = this.lists[LISTED_START].byteOffset;
      entries = this.lists[LISTED_ENTRIES].byteOffset;
      this.listsReused++;
    } else {
      if (limit === 0) return false;
      // A shape whose operand was too dense is not scanned again for the next SKIP_AFTER_DENSE calls
      // (hidden layers' ReLU outputs are about half non-zero, Fashion-MNIST's pixels too): only speed
      // depends on this, as both paths give the same bits.
      const shape = (m * 8191 + k * 127 + n * 2 + transA) | 0;
      const skip = this.denseShapes.get(shape) ?? 0;
      if (skip > 0) {
        this.denseShapes.set(shape, skip - 1);
        return false;
      }
      start = this.area(ROW_START, rows + 1).byteOffset;
      entries = this.area(ROW_ENTRIES, 2 * (limit + cols + 1)).byteOffset;
      const nnz = this.fn.compressRows(a, rows, cols, limit, start, entries);
      if (nnz < 0) {
        this.denseShapes.set(shape, SKIP_AFTER_DENSE);
        return false;
      }
      if (transA === 0 && keep) {
        // Kept: the lists trade places with the kept ones, which the next scan may overwrite.
        this.swapAreas(ROW_START, LISTED_START);
        this.swapAreas(ROW_ENTRIES, LISTED_ENTRIES);
        this.listedA = a;
        this.listedRows = rows;
        this.listedCols = cols;
        this.listedNnz = nnz;
      }
    }
    if (transA === 1) {
      const tStart = this.area(COL_START, cols + 1).byteOffset,
        tEntries = this.area(COL_ENTRIES, 2 * limit).byteOffset;
      this.fn.transposeRows(start, entries, rows, cols, tStart, tEntries);
      start = tStart;
      entries = tEntries;
    }
    this.fn.spmm(start, entries, m, b, 4 * n, n, c, 4 * n, accumulate);
    this.products++;
    return true;
  }

  /** Slots i and j trade their areas (a slot not used yet gets an empty one). No array is made. */
  private swapAreas(i: number, j: number): void {
    const w = this.lists,
      t = w[i] ?? this.arena.f32(0);
    w[i] = w[j] ?? this.arena.f32(0);
    w[j] = t;
  }

  /** An area of at least n floats, grown (never shrunk) on demand. */
  private area(slot: number, n: number): Float32Array {
    if (!(this.lists[slot]?.length >= n)) this.lists[slot] = this.arena.f32(n);
    return this.lists[slot];
  }
}
