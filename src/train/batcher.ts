// Assembles minibatches from a split: images stay bytes in (shared) memory and are scaled to
// [0, 1] into one reused Float32Array per batch, so no worker holds a float copy of the dataset.

import type { Rng } from '../nn/rng.js';
import type { Split } from '../types.js';

export class Batcher {
  readonly X: Float32Array;
  readonly y: Uint8Array;
  /** The current example order; shuffles permute it in place, so a checkpoint saves it. */
  readonly order: Uint32Array;
  private readonly size: number;
  private readonly view: { X: Float32Array; y: Uint8Array }; // returned by batch(): no object per batch

  /** X, if given, receives the batches (maxBatch rows): e.g. a buffer the model's kernels read in place. */
  constructor(readonly split: Split, maxBatch: number, X?: Float32Array) {
    this.size = split.rows * split.cols;
    if (X !== undefined && X.length < maxBatch * this.size) throw new RangeError(`batch buffer holds ${X.length} floats, needs ${maxBatch * this.size}`);
    this.X = X ?? new Float32Array(maxBatch * this.size);
    this.y = new Uint8Array(maxBatch);
    this.order = Uint32Array.from({ length: split.count }, (_, i) => i);
    this.view = { X: this.X, y: this.y };
  }

  /** A new random order for the next epoch. */
  shuffle(rng: Rng): void {
    rng.shuffle(this.order);
  }

  /** Rows start … start+B−1 of the current order, written into X and y. */
  batch(start: number, B: number): { X: Float32Array; y: Uint8Array } {
    const { images, labels } = this.split;
    const D = this.size, X = this.X, scale = 1 / 255;
    for (let r = 0; r < B; r++) {
      const idx = this.order[start + r];
      const src = idx * D, dst = r * D;
      for (let i = 0; i < D; i++) X[dst + i] = images[src + i] * scale;
      this.y[r] = labels[idx];
    }
    return this.view;
  }
}
