// The one contract every layer follows (see STYLE.md):
//   forward(X, B, mode) caches exactly what backward needs and returns Y;
//   backward(dY, B) accumulates into parameter gradients and returns dX;
//   params() hands {value, grad} pairs to the optimizer;
//   state() lists any other buffers that decide later results (BatchNorm's running statistics),
//   so a checkpoint saves them.
// Tensors are row-major Float32Array batches: row r of X is X[r*inputSize … (r+1)*inputSize).
// Buffers are sized once for `maxBatch` rows and reused; only the first B rows are meaningful.
// Every buffer is allocated with ctx.kernels.alloc, so the fast kernels work on it in place.

import type { Kernels } from './kernels/kernels.js';
import type { Rng } from './rng.js';

export type Mode = 'train' | 'eval';

export interface Param {
  name: string;
  value: Float32Array;
  grad: Float32Array;
  /** This step's update is applied already, by the layer in its backward (FoldedSgd); the optimizer skips it and clears this. */
  applied?: boolean;
}

/**
 * Plain SGD folded into the backward pass: a layer whose kernels can (Kernels.updateAtB) applies
 * θ ← θ − lr·g to a parameter in the product that computes g, and marks the parameter `applied`.
 * The trainer passes it only when nothing else reads the gradients (plain SGD, no clipping).
 */
export interface FoldedSgd {
  lr: number;
}

export interface Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  forward(X: Float32Array, B: number, mode: Mode): Float32Array;
  /** sgd: the step may be folded into this pass (see FoldedSgd); a layer is free to ignore it. */
  backward(dY: Float32Array, B: number, sgd?: FoldedSgd): Float32Array;
  params(): Param[];
  state(): Float32Array[];
}

/** What a layer factory is told when the model is built. */
export interface LayerContext {
  inputSize: number;
  maxBatch: number;
  /** Initialisation only: draws made while the model is built. */
  rng: Rng;
  /** The stream of stochastic layers during training (Dropout's masks); the trainer saves its state. */
  noise: Rng;
  /** The first layer's dX is never used: skipping it saves a third of that layer's backward work. */
  needsInputGrad: boolean;
  /** The matrix products, and the allocator every tensor comes from (so the kernels use it in place). */
  kernels: Kernels;
}

/**
 * Work per example of a layer's matrix products, in floating-point operations (a multiply-add
 * is two): the costs that grow with width × width. Elementwise work (biases, activations,
 * normalisation) grows only with the width and is left out, as the time estimate prices it apart.
 */
export interface LayerFlops {
  /** Y from X. */
  forward: number;
  /** The parameter gradients (dW). */
  weightGrad: number;
  /** dX: skipped in a model's first layer (needsInputGrad false). */
  inputGrad: number;
}

/** The float counts of the buffers a layer allocates, each one ctx.kernels.alloc call. */
export interface LayerBuffers {
  /** Each parameter's value (its gradient is as long): params() in order. */
  params: number[];
  /** state() in order (BatchNorm's running statistics). */
  state: number[];
  /** Buffers of maxBatch rows: outputs, gradients and what forward caches for backward. */
  batch: number[];
}

/**
 * A layer type as the registry holds it: its factory and its facts, which follow from its options
 * and input width alone, so planning, the memory check and the report know a model's shape without
 * building it. test/nn/layers.test.ts holds the facts to the built layers, and
 * test/train/memory.test.ts the buffers to the arena a run uses.
 */
export interface LayerKind<O> {
  build(opts: O, ctx: LayerContext): Layer;
  outputWidth(opts: O, input: number): number;
  /** What the constructor allocates, for ctx's inputSize = input, maxBatch and needsInputGrad. */
  buffers(opts: O, input: number, maxBatch: number, needsInputGrad: boolean): LayerBuffers;
  flops(opts: O, input: number): LayerFlops;
  /** The option a bare number stands for in YAML (`{ linear: 128 }` is 128 units). */
  shorthand?: keyof O & string;
}

/** The options of a layer type without any: YAML `relu`, `{ relu: {} }`. */
export type NoOptions = Record<string, never>;
