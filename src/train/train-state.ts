// The state of a run between epochs: what a checkpoint holds (checkpoint.ts writes and reads it,
// checkpoint-check.ts checks it). A file of its own so that those two need not import each other.

import type { RngState } from '../nn/rng.js';
import type { EpochMetrics } from '../types.js';

export interface TrainState {
  id: string;
  /** The kernel set that computed it (Kernels.name); absent in checkpoints from before it was recorded, which wasm wrote. */
  kernels?: string;
  epoch: number; // epochs completed
  history: EpochMetrics[];
  shuffle: RngState;
  noise: RngState;
  params: Float32Array[];
  optimizer: Float32Array[];
  layers: Float32Array[];
  /** Parameters and layer state of the best epoch so far (early stopping), else empty. */
  best: Float32Array[];
  order: Uint32Array;
}

/** The Float32 array groups of a state, in file order. */
export const STATE_GROUPS = ['params', 'optimizer', 'layers', 'best'] as const;
export type StateGroup = (typeof STATE_GROUPS)[number];
