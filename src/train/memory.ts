// What a run holds in memory, from its spec and its dataset's shape alone, so that a run too large
// to train is refused before anything starts. Pure. Every figure follows an allocation site:
//   arena (the model's WebAssembly memory, nn/kernels/arena.ts, each tensor rounded up to 64 bytes)
//     kernels      the edge tile and the helper thread's control block (wasm-kernels.ts, threaded-kernels.ts)
//     parameters   each layer's values and gradients, the optimizer's state (as the registries'
//                  facts say: nn/layers/*'s buffers, nn/optim/*'s stateCopies)
//     batch        each layer's buffers of maxBatch rows (the same facts), the loss's P and dZ, the input X and each
//                  Batcher's bytes and table (train.ts, batcher.ts); maxBatch = max(batch_size, EVAL_BATCH)
//     work         the kernels' packing and sparse-list areas (wasm-kernels.ts, sparse-path.ts),
//                  replayed as they grow over training's products; a product is charged both the sparse and the dense
//                  path's areas, since which it takes depends on the data
//   host (ordinary memory of the worker): the best-epoch copy for early stopping, the example
//     orders, and one serialised checkpoint (train.ts, checkpoint.ts).
// Left out: the last, shorter batch of each pass (its areas are smaller than the full batch's before
// it) and objects of a few hundred bytes. test/train/memory.test.ts holds the figure to the arena a
// real run uses.

import { ALIGN } from '../nn/kernels/arena.js';
import { SPARSE_MAX_DENSITY } from '../nn/kernels/sparse-path.js';
import { kindOf } from '../nn/layers/index.js';
import { optimizerKindOf } from '../nn/optim/index.js';
import type { RunSpec } from '../types.js';
import { CONTROL_INTS } from '../helper-thread/gemm-control.js';
import { EVAL_BATCH } from './train.js';

/** Examples and input width of a dataset (estimate/estimate.ts's DATA_SHAPES fits). */
export interface MemoryShape {
  train: number;
  test: number;
  inputs: number;
  /** Bytes per input value as the dataset is held: 1 (images), 4 (a declared dataset's float32 features). Default 1. */
  valueBytes?: number;
}

export interface RunMemory {
  /** Bytes of the run's WebAssembly memory, the parts below summed. */
  arena: number;
  kernels: number;
  parameters: number;
  batch: number;
  work: number;
  /** Bytes outside the arena. */
  host: number;
}

const F32 = 4;
/** Where a matrix product's work areas go (wasm-kernels.ts's and sparse-path.ts's slots): every slot grows on its own. */
type Slot =
  | 'packA'
  | 'packB'
  | 'helperPackB'
  | 'helperScratch'
  | 'rowStart'
  | 'rowEntries'
  | 'listedStart'
  | 'listedEntries'
  | 'colStart'
  | 'colEntries';

const aligned = (bytes: number): number => Math.ceil(bytes / ALIGN) * ALIGN;
const floats = (n: number): number => aligned(F32 * n);

/** Floats of optimizer state per parameter float. */
function optimizerCopies(spec: RunSpec): number {
  const [kind, opts] = optimizerKindOf(spec.train.optimizer);
  return kind.stateCopies(opts);
}

/**
 * The work areas as wasm-kernels.ts grows them: an area is replaced by a larger one when a product
 * needs more, and the one it outgrew stays allocated; the sparse path's lists of the last XW trade
 * places with the kept ones (swapAreas).
 */
class WorkAreas {
  private readonly size = new Map<Slot, number>();
  bytes = 0;

  ask(slot: Slot, n: number): void {
    if ((this.size.get(slot) ?? 0) >= n) return;
    this.size.set(slot, n);
    this.bytes += floats(n);
  }

  swap(i: Slot, j: Slot): void {
    const t = this.size.get(i) ?? 0;
    this.size.set(i, this.size.get(j) ?? 0);
    this.size.set(j, t);
  }

  /**
   * One product C = op(A)·op(B), op(A) m×k. Whether A is sparse enough for the sparse path depends
   * on the data, and its lists are sized before the scan finds out: so every product is charged
   * both paths' areas, and an XW is taken to keep its list.
   */
  product(m: number, k: number, transA: boolean, transB: boolean): void {
    const limit = transB ? 0 : Math.floor(SPARSE_MAX_DENSITY * m * k);
    if (limit > 0) {
      const rows = transA ? k : m,
        cols = transA ? m : k;
      this.ask('rowStart', rows + 1);
      this.ask('rowEntries', 2 * (limit + cols + 1));
      if (transA) {
        this.ask('colStart', cols + 1);
        this.ask('colEntries', 2 * limit);
      } else {
        this.swap('rowStart', 'listedStart');
        this.swap('rowEntries', 'listedEntries');
      }
    }
    this.ask('packA', Math.ceil(m / 4) * 4 * k);
    this.ask('packB', 8 * k);
    // The helper thread's strip and edge tile (threaded-kernels.ts), when a product is split.
    this.ask('helperPackB', 8 * k);
    this.ask('helperScratch', 32);
  }
}

/** Bytes of the work areas after two epochs' passes, in training's order (train.ts): by then every area has its final size. */
function workBytes(linears: { I: number; O: number; first: boolean }[], passes: { rows: number; train: boolean }[]): number {
  const areas = new WorkAreas();
  for (let epoch = 0; epoch < 2; epoch++) {
    for (const { rows: B, train } of passes) {
      for (const { I } of linears) areas.product(B, I, false, false); // Y = X·W
      if (!train) continue;
      for (const { I, O, first } of [...linears].reverse()) {
        areas.product(I, B, true, false); // dW += Xᵀ·δ
        if (!first) areas.product(B, O, false, true); // dX = δ·Wᵀ
      }
    }
  }
  return areas.bytes;
}

/** The memory a run of `spec` needs on a dataset of `shape`. */
export function runMemory(spec: RunSpec, shape: MemoryShape): RunMemory {
  const { batch_size, validation, early_stopping } = spec.train;
  const maxBatch = Math.max(batch_size, EVAL_BATCH);
  const kernels = ALIGN + floats(32) + floats(CONTROL_INTS); // offset 0 stays unused, then the edge tile and control block
  let width = shape.inputs,
    batch = 0,
    paramFloats = 0,
    paramBytes = 0,
    stateFloats = 0,
    stateBytes = 0;
  const linears: { I: number; O: number; first: boolean }[] = [];
  spec.model.layers.forEach((layer, i) => {
    const [, kind, opts] = kindOf(layer);
    const b = kind.buffers(opts, width, maxBatch, i > 0);
    for (const n of b.batch) batch += floats(n);
    for (const n of b.params) {
      paramFloats += n;
      paramBytes += (2 + optimizerCopies(spec)) * floats(n); // value, gradient, optimizer state
    }
    for (const n of b.state) {
      stateFloats += n;
      stateBytes += floats(n);
    }
    // The work areas serve the matrix products, which only linear layers make.
    if ('linear' in layer) linears.push({ I: width, O: layer.linear.units, first: i === 0 });
    width = kind.outputWidth(opts, width);
  });
  const classes = width;
  const validationCount = Math.ceil(validation * shape.train);
  const batchers = validationCount > 0 ? 3 : 2;
  batch += 2 * floats(maxBatch * classes) + floats(maxBatch * shape.inputs) + batchers * (aligned(maxBatch * shape.inputs) + floats(256));
  const passes = [
    { rows: Math.min(batch_size, shape.train), train: true },
    ...(validationCount > 0 ? [{ rows: Math.min(EVAL_BATCH, validationCount), train: false }] : []),
    { rows: Math.min(EVAL_BATCH, shape.test), train: false },
  ];
  const work = workBytes(linears, passes);
  const parameters = paramBytes + stateBytes;
  const best = early_stopping === null ? 0 : F32 * (paramFloats + stateFloats);
  const orders = 4 * (shape.train + shape.test);
  const checkpoint = F32 * paramFloats * (1 + optimizerCopies(spec)) + F32 * stateFloats + best + orders;
  return { arena: kernels + parameters + batch + work, kernels, parameters, batch, work, host: best + orders + checkpoint };
}
