// Assembles minibatches from a split: images stay bytes in (shared) memory. A batch gathers the
// bytes of its rows (one memcpy each) into a byte buffer, then the kernels turn every byte into
// the model's input through a 256-entry table — x = b / 255 by default — so no worker holds a
// float copy of the dataset, and the conversion runs in WebAssembly rather than in a JavaScript
// loop on shared memory (~5× slower).
// A split of real-valued features (declared CSV / float .npy datasets) has no bytes: its rows are
// preprocessed per feature straight into X (feature-stats.ts); the byte path is unchanged.

import { referenceKernels, scaleTable, type Kernels } from '../nn/kernels/index.js';
import type { Rng } from '../nn/rng.js';
import type { Split } from '../types.js';
import { applyFeatureStats, type FeatureStats } from './feature-stats.js';

export interface BatcherOptions {
  /** The kernels that convert bytes (default: the reference loops). */
  kernels?: Kernels;
  /** Receives the batches (maxBatch rows): e.g. a buffer from `kernels.alloc` that the model reads in place. */
  X?: Float32Array;
  /** Maps a pixel value to an input (default b / 255; see preprocess.ts). */
  table?: Float32Array;
  /** The examples to draw from (default: all of the split), e.g. the training part of a hold-out. */
  examples?: Uint32Array;
  /** For a split of features: their preprocessing (required then; the table is not used). */
  featureStats?: FeatureStats;
}

export class Batcher {
  readonly X: Float32Array;
  readonly y: Uint8Array;
  /** The current example order; shuffles permute it in place, so a checkpoint saves it. */
  readonly order: Uint32Array;
  private readonly size: number;
  private readonly bytes: Uint8Array;
  private readonly table: Float32Array;
  private readonly featureStats: FeatureStats | undefined;
  private readonly view: { X: Float32Array; y: Uint8Array }; // returned by batch(): no object per batch
  /** The sum of the bytes prefetch read last: kept, so that the reads are not optimised away. */
  touched = 0;

  readonly kernels: Kernels;

  constructor(
    readonly split: Split,
    maxBatch: number,
    opts: BatcherOptions = {},
  ) {
    const { kernels = referenceKernels, X, table = scaleTable(), examples, featureStats } = opts;
    if (split.features !== undefined && featureStats === undefined) throw new RangeError('a split of features needs featureStats');
    this.featureStats = featureStats;
    this.kernels = kernels;
    this.size = split.rows * split.cols;
    if (X !== undefined && X.length < maxBatch * this.size)
      throw new RangeError(`batch buffer holds ${X.length} floats, needs ${maxBatch * this.size}`);
    if (table.length !== 256) throw new RangeError(`pixel table has ${table.length} entries, needs 256`);
    this.X = X ?? kernels.alloc(maxBatch * this.size);
    this.bytes = kernels.allocBytes(split.features === undefined ? maxBatch * this.size : 0);
    this.table = kernels.alloc(256);
    this.table.set(table);
    this.y = new Uint8Array(maxBatch);
    this.order = examples !== undefined ? Uint32Array.from(examples) : Uint32Array.from({ length: split.count }, (_, i) => i);
    this.view = { X: this.X, y: this.y };
  }

  /** How many examples an epoch draws from. */
  get count(): number {
    return this.order.length;
  }

  /** A new random order for the next epoch. */
  shuffle(rng: Rng): void {
    rng.shuffle(this.order);
  }

  /**
   * Reads one byte of every cache line of rows start … start+B−1, so that the next batch() of them
   * finds them in cache: the rows of a shuffled epoch are scattered over the whole dataset, and
   * copying them waits on memory. (Measured a few per cent of an MNIST epoch, epochs alternating
   * with and without.)
   */
  prefetch(start: number, B: number): void {
    const { images } = this.split;
    if (this.split.features !== undefined) return; // small tables of features: nothing worth fetching ahead
    const D = this.size;
    let sum = 0;
    for (let r = 0; r < B; r++) {
      const from = this.order[start + r] * D,
        to = from + D;
      for (let i = from; i < to; i += 64) sum += images[i];
      sum += images[to - 1];
    }
    this.touched = sum;
  }

  /** Rows start … start+B−1 of the current order, written into X and y. */
  batch(start: number, B: number): { X: Float32Array; y: Uint8Array } {
    const { images, labels, features } = this.split;
    const D = this.size,
      bytes = this.bytes;
    if (features !== undefined) {
      const stats = this.featureStats as FeatureStats;
      for (let r = 0; r < B; r++) {
        const idx = this.order[start + r];
        applyFeatureStats(features, idx * D, this.X, r * D, stats);
        this.y[r] = labels[idx];
      }
      return this.view;
    }
    for (let r = 0; r < B; r++) {
      const idx = this.order[start + r];
      bytes.set(images.subarray(idx * D, idx * D + D), r * D);
      this.y[r] = labels[idx];
    }
    this.kernels.lookupBytes(bytes, this.table, this.X, B * D);
    return this.view;
  }
}
