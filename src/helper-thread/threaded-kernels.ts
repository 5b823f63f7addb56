// The wasm kernels with one helper thread: a large matrix product is split by columns of C —
// the helper computes the strips of 8 columns from `split` on, the calling thread the ones before
// — on the one shared arena. A is packed once, half of its panels by each thread (then both read
// all of them); each thread packs its own strips of B into its own area. Every element of
// C is computed by exactly the same operations as in WasmKernels, so results are bit-identical.
// Small products stay on the calling thread: a hand-over costs more than splitting them saves.
// The helper is started by the first product large enough to split (it takes its first half once
// its thread is up), so a run without one never has it. An optional gate (thread-gate.ts) says
// whether a helper may be used at all: a run of a sweep gets one once enough cores are left idle
// by the runs that finished.
//
// (Lives outside nn/ because it spawns a node:worker_threads Worker; nn/ imports no node: module.)

import { Worker } from 'node:worker_threads';
import { SPARSE_MAX_DENSITY } from '../nn/kernels/sparse-path.js';
import { FREE_SLOT, WasmKernels, type GemmArgs } from '../nn/kernels/wasm-kernels.js';
import {
  ARGS,
  CONTROL_INTS,
  DONE,
  FAILED,
  HELPER_PACKED,
  MAIN_PACKED,
  QUIT,
  READY,
  SEQ,
  type HelperData,
  packRows,
  waitFor,
} from './gemm-control.js';
import { threadGateOpen, type ThreadGate } from './thread-gate.js';

/** Products of fewer multiply-adds (m·k·n) than this run on one thread. */
export const SPLIT_MIN_MACS = 1 << 20;

/**
 * The sparse path (one thread) takes a product that would be split below this fraction of
 * non-zeros: split over two threads, the dense product takes well under the time of one, so the
 * sparse path must skip more of it to win, and the crossover that bench/sparse.ts measures moves
 * well below SPARSE_MAX_DENSITY. Products that stay on one thread (too small, gate closed, helper
 * not up yet) keep SPARSE_MAX_DENSITY.
 */
export const THREADED_SPARSE_MAX_DENSITY = 0.25;

const HELPER_PACK_B = FREE_SLOT,
  HELPER_SCRATCH = FREE_SLOT + 1;

export class ThreadedWasmKernels extends WasmKernels {
  private readonly ctl: Int32Array;
  private worker: Worker | undefined;
  private seq = 0;
  /** Products split so far (for tests and benchmarks). */
  splits = 0;

  /**
   * minMacs: products of fewer multiply-adds run on one thread (tests split everything with 0).
   * gate: while it is closed these are the single-thread kernels (no helper, no split, the sparse
   * path up to SPARSE_MAX_DENSITY); without one the helper may always be used.
   */
  constructor(
    private readonly minMacs = SPLIT_MIN_MACS,
    initialBytes?: number,
    private readonly gate?: ThreadGate,
  ) {
    super(initialBytes, THREADED_SPARSE_MAX_DENSITY);
    const block = this.arena.f32(CONTROL_INTS);
    this.ctl = new Int32Array(block.buffer, block.byteOffset, CONTROL_INTS);
  }

  /** Whether the helper thread has been started (by a product large enough to split, or waitReady). */
  get started(): boolean {
    return this.worker !== undefined;
  }

  /** Whether a helper thread may be used now. */
  private allowed(): boolean {
    return this.gate === undefined || threadGateOpen(this.gate);
  }

  /** The lower crossover holds only where the dense path would be split: a large product, the helper up. */
  protected override densityLimit(m: number, k: number, n: number): number {
    return this.splittable(m, k, n) && Atomics.load(this.ctl, READY) !== 0 ? this.sparseDensity : SPARSE_MAX_DENSITY;
  }

  /** Whether a product of this shape is split (when the helper is up). */
  private splittable(m: number, k: number, n: number): boolean {
    return m * k * n >= this.minMacs && n > 8 && this.allowed();
  }

  private start(): void {
    if (this.worker !== undefined) return;
    const workerData: HelperData = { memory: this.arena.memory, control: this.ctl.byteOffset };
    this.worker = new Worker(new URL('./gemm-helper.js', import.meta.url), { workerData });
    this.worker.unref();
  }

  protected override product(args: GemmArgs): void {
    const [a, , , m, k, n, transA, , , ap] = args;
    if (!this.splittable(m, k, n)) {
      super.product(args);
      return;
    }
    const strips = Math.ceil(n / 8);
    this.start();
    // Until the helper is up, everything runs here.
    if (Atomics.load(this.ctl, READY) === 0) {
      super.product(args);
      return;
    }
    const split = 8 * Math.floor(strips / 2);
    const mine = 4 * Math.floor(Math.ceil(m / 4) / 2); // rows of A this thread packs; the helper the rest
    // The helper's arguments: the same product with its own strip and scratch areas, its strips
    // [split, n), and the rows of A it packs [mine, m). (Written in place: nothing is allocated.)
    this.ctl.set(args, ARGS);
    this.ctl[ARGS + 10] = this.area(HELPER_PACK_B, 8 * k).byteOffset;
    this.ctl[ARGS + 11] = this.area(HELPER_SCRATCH, 32).byteOffset;
    this.ctl[ARGS + 12] = split; // jFrom
    this.ctl[ARGS + 13] = n; // jTo
    this.ctl[ARGS + 14] = 0; // A is packed by both threads (packRows), not by gemm
    this.ctl[ARGS + 15] = mine; // the helper packs rows [mine, m)
    this.ctl[ARGS + 16] = m;
    const seq = ++this.seq;
    Atomics.store(this.ctl, SEQ, seq);
    Atomics.notify(this.ctl, SEQ);
    packRows(this.fn.packA, a, ap, m, k, transA, 0, mine);
    Atomics.store(this.ctl, MAIN_PACKED, seq);
    Atomics.notify(this.ctl, MAIN_PACKED);
    waitFor(this.ctl, HELPER_PACKED, seq);
    this.gemmStrips(args, 0, split, 0);
    waitFor(this.ctl, DONE, seq);
    this.splits++;
    if (Atomics.load(this.ctl, FAILED) !== 0) throw new Error('the gemm helper thread failed');
  }

  /** Starts the helper thread if need be and blocks until it is up, or ms have passed; whether it is. */
  waitReady(ms = 5000): boolean {
    this.start();
    Atomics.wait(this.ctl, READY, 0, ms);
    return Atomics.load(this.ctl, READY) !== 0;
  }

  /** Stops the helper thread, if it was started; the kernels then must not be used for large products. */
  async close(): Promise<void> {
    if (this.worker === undefined) return;
    Atomics.store(this.ctl, QUIT, 1);
    Atomics.store(this.ctl, SEQ, ++this.seq);
    Atomics.notify(this.ctl, SEQ);
    await this.worker.terminate();
  }
}
