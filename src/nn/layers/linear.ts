// Linear (fully connected): Y = X·W + b, with X: B×I, W: I×O, b: O, Y: B×O.
// Gradients, given δ = dL/dY (B×O):
//   dL/dW = Xᵀ·δ        (I×O)
//   dL/db = Σ_rows δ    (O)
//   dL/dX = δ·Wᵀ        (B×I)
// Initialisation: He (N(0, 2/I)) keeps the activation variance steady through ReLU layers;
// Xavier/Glorot (U(±√(6/(I+O)))) suits symmetric activations. Biases start at 0.
// The loops go through ctx.kernels (kernels/kernels.ts): WebAssembly SIMD by default, the plain
// TypeScript reference on request; both follow the shapes written here.

import type { Kernels } from '../kernels/kernels.js';
import type { FoldedSgd, Layer, LayerContext, LayerKind, Mode, Param } from '../layer.js';
import type { Rng } from '../rng.js';

/** The initialisations by YAML name: each fills W (I×O) from the init stream. */
const INITS = {
  he: (W: Float32Array, I: number, _O: number, rng: Rng): void => {
    const std = Math.sqrt(2 / I);
    for (let i = 0; i < W.length; i++) W[i] = rng.normal() * std;
  },
  xavier: (W: Float32Array, I: number, O: number, rng: Rng): void => {
    const limit = Math.sqrt(6 / (I + O));
    for (let i = 0; i < W.length; i++) W[i] = (2 * rng.uniform() - 1) * limit;
  },
};
export type InitName = keyof typeof INITS;
export const INIT_NAMES = Object.keys(INITS) as InitName[];

export interface LinearOptions {
  units: number;
  init: InitName;
}

export class Linear implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly W: Param;
  readonly b: Param;
  private readonly Y: Float32Array;
  private readonly dX: Float32Array | null;
  private readonly kernels: Kernels;
  private X: Float32Array | null = null; // cached by forward: the input rows backward needs for dW

  constructor(opts: LinearOptions, ctx: LayerContext) {
    const I = ctx.inputSize,
      O = opts.units;
    this.inputSize = I;
    this.outputSize = O;
    const alloc = (n: number): Float32Array => ctx.kernels.alloc(n);
    this.kernels = ctx.kernels;
    this.W = { name: 'W', value: alloc(I * O), grad: alloc(I * O) };
    this.b = { name: 'b', value: alloc(O), grad: alloc(O) };
    this.Y = alloc(ctx.maxBatch * O);
    this.dX = ctx.needsInputGrad ? alloc(ctx.maxBatch * I) : null;
    INITS[opts.init](this.W.value, I, O, ctx.rng);
  }

  forward(X: Float32Array, B: number, _mode: Mode): Float32Array {
    const I = this.inputSize,
      O = this.outputSize,
      k = this.kernels;
    this.X = X;
    k.matmul(X, this.W.value, this.Y, B, I, O); // Y = X·W
    k.addRowVector(this.b.value, this.Y, B, O); // Y += b, on every row
    return this.Y;
  }

  backward(dY: Float32Array, B: number, sgd?: FoldedSgd): Float32Array {
    const I = this.inputSize,
      O = this.outputSize,
      k = this.kernels;
    if (this.X === null) throw new Error('Linear.backward called before forward');
    if (sgd !== undefined && k.updateAtB !== undefined) {
      // Plain SGD folded in: dX first, while W is still this step's; then W −= lr·Xᵀ·δ in one product.
      if (this.dX !== null) k.matmulABt(dY, this.W.value, this.dX, B, O, I);
      this.W.applied = k.updateAtB(-sgd.lr, this.X, dY, this.W.grad, this.W.value, B, I, O, true);
      k.sumRows(dY, this.b.grad, B, O);
      return this.dX ?? dY;
    }
    // X is still what forward multiplied: nothing writes a layer's input between its forward and backward.
    k.matmulAtB(this.X, dY, this.W.grad, B, I, O, true); // dW += Xᵀ·δ
    k.sumRows(dY, this.b.grad, B, O); // db += Σ_rows δ
    if (this.dX === null) return dY; // first layer: nobody reads dX
    k.matmulABt(dY, this.W.value, this.dX, B, O, I); // dX = δ·Wᵀ
    return this.dX;
  }

  params(): Param[] {
    return [this.W, this.b];
  }

  state(): Float32Array[] {
    return [];
  }
}

/** W and b; three products of 2·I·O each per example (forward, dW, dX; see the formulas above). */
export const linear: LayerKind<LinearOptions> = {
  build: (opts, ctx) => new Linear(opts, ctx),
  outputWidth: (opts) => opts.units,
  buffers: ({ units: O }, I, maxBatch, needsInputGrad) => ({
    params: [I * O, O],
    state: [],
    batch: needsInputGrad ? [maxBatch * O, maxBatch * I] : [maxBatch * O], // Y, dX
  }),
  flops: (opts, I) => {
    const product = 2 * I * opts.units;
    return { forward: product, weightGrad: product, inputGrad: product };
  },
  shorthand: 'units',
};
