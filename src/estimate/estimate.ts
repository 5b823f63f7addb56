// What a run costs before it runs: parameters, floating-point operations per epoch, and seconds,
// from the layer shapes alone. Pure: the kernel speeds come in from kernel-speed.ts.
//
// Nearly all the work is in the three matrix products of each linear layer (see nn/layers/linear.ts):
//   forward       Y = X·W        2·N·I·O
//   weight grad   dW = Xᵀ·dY     2·N·I·O
//   input grad    dX = dY·Wᵀ     2·N·I·O, except in the first layer, whose input needs no gradient
// over the N training examples of an epoch, plus one forward pass over the test set for the
// evaluation after each epoch. Biases, ReLU and the loss are O(N·O) and left out of the FLOPs;
// the time estimate counts the kernels of biases, ReLU, the update and the batch's bytes too.

import type { DatasetName, RunSpec } from '../types.js';

export interface DataShape {
  /** Training and test examples. */
  train: number;
  test: number;
  /** Input width (pixels per image). */
  inputs: number;
  /**
   * How the kernels see the input's zeros (both kernel sets skip zeros of X: nn/matmul.ts,
   * nn/kernels/wasm/sparse.ts). Modelled
   * as a fraction of pixels that are 0 in every image (`background`) and, elsewhere, a chance of 0
   * (`zeros`); fitted to two statistics of the training images: the fraction of zero pixels
   * (MNIST 80.9%, Fashion-MNIST 50.2%) and of 4-image blocks all zero at a pixel (61.1%, 21.3%).
   */
  background: number;
  zeros: number;
}

/**
 * The registered datasets' sizes. The data registry (data/datasets.ts) does not record them, and
 * planning must not need the files, so they are written here; both are 28×28 images.
 */
export const DATA_SHAPES: Readonly<Record<DatasetName, DataShape>> = {
  mnist: { train: 60000, test: 10000, inputs: 28 * 28, background: 0.57, zeros: 0.556 },
  'fashion-mnist': { train: 60000, test: 10000, inputs: 28 * 28, background: 0.196, zeros: 0.381 },
};

/** About half of a ReLU's outputs are 0: the input model of every layer after the first. */
export const HIDDEN_INPUT = { background: 0, zeros: 0.5 } as const;

export interface LinearShape {
  inputs: number;
  outputs: number;
  /** The first linear layer: its input gradient is never computed, and it reads the raw images. */
  first: boolean;
}

/** The linear layers of a run, input first (ReLU keeps the width). */
export function linearShapes(spec: RunSpec, inputs: number): LinearShape[] {
  const shapes: LinearShape[] = [];
  let width = inputs;
  for (const layer of spec.model.layers) {
    if (!('linear' in layer)) continue;
    shapes.push({ inputs: width, outputs: layer.linear.units, first: shapes.length === 0 });
    width = layer.linear.units;
  }
  return shapes;
}

/** Trainable parameters: W (I×O) and b (O) per linear layer. */
export function paramCount(spec: RunSpec): number {
  return linearShapes(spec, DATA_SHAPES[spec.dataset].inputs).reduce((n, l) => n + (l.inputs + 1) * l.outputs, 0);
}

/** Floating-point operations of one epoch: training products plus the test-set forward pass. */
export function flopsPerEpoch(spec: RunSpec): number {
  const { train: N, test, inputs } = DATA_SHAPES[spec.dataset];
  return linearShapes(spec, inputs).reduce((sum, { inputs: I, outputs: O, first }) => {
    const products = first ? 2 : 3;
    return sum + 2 * I * O * (N * products + test);
  }, 0);
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
  const data = DATA_SHAPES[spec.dataset];
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
  const { train: N, test } = DATA_SHAPES[spec.dataset];
  const batches = N / spec.train.batch_size; // the last batch may be short: its time scales with its rows
  const epoch = kernelShapes(spec).reduce((sum, shape) => {
    const t = timeOf(shape);
    const forward = t.forward + t.forwardOther;
    const step = forward + t.weightGrad + (shape.first ? 0 : t.inputGrad) + t.trainOther;
    return sum + batches * step + (test / spec.train.batch_size) * forward;
  }, 0);
  return spec.train.epochs * epoch;
}
