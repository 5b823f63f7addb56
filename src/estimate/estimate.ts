// What a run costs before it runs: parameters, floating-point operations per epoch, and seconds,
// from the layer shapes alone. Pure: the kernel speeds come in from kernel-speed.ts.
//
// Nearly all the work is in the three matrix products of each linear layer, which the layer
// registry's facts count (nn/layer.ts's LayerFlops, nn/layers/linear.ts):
//   forward       Y = X·W        2·N·I·O
//   weight grad   dW = Xᵀ·dY     2·N·I·O
//   input grad    dX = dY·Wᵀ     2·N·I·O, except in the model's first layer, whose input needs no gradient
// over the N training examples of an epoch, plus one forward pass over the test set for the
// evaluation after each epoch. Biases, ReLU and the loss are O(N·O) and left out of the FLOPs;
// the time estimate counts the kernels of biases, ReLU, the update and the batch's bytes too.

import { DATASETS, type BuiltinName } from '../data/datasets.js';
import { layerShapes, paramCount as stackParams } from '../nn/layers/index.js';
import type { RunSpec } from '../types.js';

export interface DataShape {
  /** Training and test examples. */
  train: number;
  test: number;
  /** Input width (pixels per image). */
  inputs: number;
  /** Bytes per input value held in memory: 1, or 4 for a declared dataset's float32 features (default 1). */
  valueBytes?: number;
  /** How the kernels see the input's zeros: the dataset table's `sparsity`. */
  background: number;
  zeros: number;
}

/** The registered datasets' sizes, from the dataset table (planning must not need the files). */
export const DATA_SHAPES: Readonly<Record<BuiltinName, DataShape>> = Object.fromEntries(
  Object.entries(DATASETS).map(([name, { shape, sparsity }]) => [
    name,
    { train: shape.train, test: shape.test, inputs: shape.rows * shape.cols, ...sparsity },
  ]),
) as Record<BuiltinName, DataShape>;

/**
 * The size of a run's dataset: a built-in one's from the table, a declared one's from its spec
 * (read from its files when the run was planned). Declared data is not modelled as sparse.
 */
export function dataShape(spec: RunSpec): DataShape {
  if (spec.dataset_spec === undefined) return DATA_SHAPES[spec.dataset as BuiltinName];
  const { train, test, rows, cols } = spec.dataset_spec.shape;
  const valueBytes = spec.dataset_spec.values === 'float32' ? 4 : 1;
  return { train, test, inputs: rows * cols, valueBytes, background: 0, zeros: 0 };
}

/** About half of a ReLU's outputs are 0: the input model of every layer after the first. */
export const HIDDEN_INPUT = { background: 0, zeros: 0.5 } as const;

export interface LinearShape {
  inputs: number;
  outputs: number;
  /** The model's first layer: its input gradient is never computed, and it reads the raw images. */
  first: boolean;
}

/** The linear layers of a run, input first (the other layers keep the width or say theirs). */
export function linearShapes(spec: RunSpec, inputs: number): LinearShape[] {
  return layerShapes(spec.model.layers, inputs).flatMap((l, i) =>
    l.name === 'linear' ? [{ inputs: l.inputs, outputs: l.outputs, first: i === 0 }] : [],
  );
}

/** Trainable parameters, as the layer registry counts them (batchnorm's γ and β included). */
export function paramCount(spec: RunSpec): number {
  return stackParams(spec.model.layers, dataShape(spec).inputs);
}

/** Floating-point operations of one epoch: training products plus the test-set forward pass. */
export function flopsPerEpoch(spec: RunSpec): number {
  const { train: N, test, inputs } = dataShape(spec);
  return layerShapes(spec.model.layers, inputs).reduce(
    (sum, { flops: f }) => sum + N * (f.forward + f.weightGrad + f.inputGrad) + test * f.forward,
    0,
  );
}

/** Seconds one call of each product takes at one layer's shape (batch × inputs × outputs). */
export interface LayerSeconds {
  forward: number;
  weightGrad: number;
  inputGrad: number;
  /**
   * The layer's other kernels per batch: in the forward pass the bias and a ReLU (and, for the
   * first layer, turning the batch's bytes into inputs); in training also the bias gradient, the
   * ReLU's gradient, and the SGD update and zeroing of W and b.
   */
  forwardOther: number;
  trainOther: number;
}

/** The shape of one timed product set: a linear layer at a batch size, with its input's zeros. */
export interface KernelShape extends LinearShape {
  batch: number;
  background: number;
  zeros: number;
}

/** Every product shape a run uses: each linear layer at the training batch size. */
export function kernelShapes(spec: RunSpec): KernelShape[] {
  const data = dataShape(spec);
  return linearShapes(spec, data.inputs).map((layer) => {
    const input = layer.first ? data : HIDDEN_INPUT;
    return { ...layer, batch: spec.train.batch_size, background: input.background, zeros: input.zeros };
  });
}

/**
 * Seconds a run takes, from the measured seconds per call of each layer's kernels at each of its
 * kernelShapes. Evaluation is priced at the training batch's forward speed: larger batches run
 * about as fast per row, and evaluation is a small part of an epoch. Left out: the loss, the
 * shuffle and the JavaScript around the kernels.
 */
export function runSeconds(spec: RunSpec, timeOf: (shape: KernelShape) => LayerSeconds): number {
  const { train: N, test } = dataShape(spec);
  const batches = N / spec.train.batch_size; // the last batch may be short: its time scales with its rows
  const epoch = kernelShapes(spec).reduce((sum, shape) => {
    const t = timeOf(shape);
    const forward = t.forward + t.forwardOther;
    const step = forward + t.weightGrad + (shape.first ? 0 : t.inputGrad) + t.trainOther;
    return sum + batches * step + (test / spec.train.batch_size) * forward;
  }, 0);
  return spec.train.epochs * epoch;
}
