// A sequential model: the layer stack of a RunSpec, built once with buffers for maxBatch rows.
// Its kernel set (default: a fresh WebAssembly one, with its own memory arena) does the matrix
// products and allocates every buffer; `kernels.alloc` gives callers input buffers the kernels
// read in place. `rng` draws the initial weights; `noise` is the stream of stochastic layers during
// training (Dropout's masks), which the trainer seeds and saves; the default only serves callers
// whose models have no such layer.

import { DEFAULT_KERNELS, KERNELS, type Kernels } from './kernels/index.js';
import type { FoldedSgd, Layer, Mode, Param } from './layer.js';
import { buildLayer, paramCount, type LayerSpec } from './layers/index.js';
import { Rng } from './rng.js';

export class Sequential {
  readonly layers: Layer[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly kernels: Kernels;

  constructor(
    private readonly specs: readonly LayerSpec[],
    inputSize: number,
    maxBatch: number,
    rng: Rng,
    kernels: Kernels = KERNELS[DEFAULT_KERNELS](),
    noise: Rng = new Rng([1, 2, 3, 4]),
  ) {
    this.inputSize = inputSize;
    this.kernels = kernels;
    this.layers = [];
    let width = inputSize;
    for (const spec of specs) {
      const layer = buildLayer(spec, { inputSize: width, maxBatch, rng, noise, needsInputGrad: this.layers.length > 0, kernels });
      this.layers.push(layer);
      width = layer.outputSize;
    }
    this.outputSize = width;
  }

  forward(X: Float32Array, B: number, mode: Mode): Float32Array {
    let Y = X;
    for (const layer of this.layers) Y = layer.forward(Y, B, mode);
    return Y;
  }

  /** sgd: see FoldedSgd. */
  backward(dY: Float32Array, B: number, sgd?: FoldedSgd): void {
    for (let i = this.layers.length - 1; i >= 0; i--) dY = this.layers[i].backward(dY, B, sgd);
  }

  params(): Param[] {
    return this.layers.flatMap((l) => l.params());
  }

  /** Every layer's non-parameter buffers (BatchNorm's running statistics), live, in layer order. */
  state(): Float32Array[] {
    return this.layers.flatMap((l) => l.state());
  }

  /** From the registry's facts, which test/nn/layers.test.ts holds to params(). */
  paramCount(): number {
    return paramCount(this.specs, this.inputSize);
  }
}
