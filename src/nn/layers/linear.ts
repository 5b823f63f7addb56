// Linear (fully connected): Y = X·W + b, with X: B×I, W: I×O, b: O, Y: B×O.
// Gradients, given δ = dL/dY (B×O):
//   dL/dW = Xᵀ·δ        (I×O)
//   dL/db = Σ_rows δ    (O)
//   dL/dX = δ·Wᵀ        (B×I)
// Initialisation: He (N(0, 2/I)) keeps the activation variance steady through ReLU layers;
// Xavier/Glorot (U(±√(6/(I+O)))) suits symmetric activations. Biases start at 0.

import type { InitName } from '../../types.js';
import type { Layer, LayerContext, Mode, Param } from '../layer.js';
import { matmul, matmulABt, matmulAtB } from '../matmul.js';

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
  private X: Float32Array | null = null; // cached by forward: the input rows backward needs for dW

  constructor(opts: LinearOptions, ctx: LayerContext) {
    const I = ctx.inputSize, O = opts.units;
    this.inputSize = I;
    this.outputSize = O;
    this.W = { name: 'W', value: new Float32Array(I * O), grad: new Float32Array(I * O) };
    this.b = { name: 'b', value: new Float32Array(O), grad: new Float32Array(O) };
    this.Y = new Float32Array(ctx.maxBatch * O);
    this.dX = ctx.needsInputGrad ? new Float32Array(ctx.maxBatch * I) : null;
    const W = this.W.value;
    if (opts.init === 'he') {
      const std = Math.sqrt(2 / I);
      for (let i = 0; i < W.length; i++) W[i] = ctx.rng.normal() * std;
    } else {
      const limit = Math.sqrt(6 / (I + O));
      for (let i = 0; i < W.length; i++) W[i] = (2 * ctx.rng.uniform() - 1) * limit;
    }
  }

  forward(X: Float32Array, B: number, _mode: Mode): Float32Array {
    const O = this.outputSize, Y = this.Y, bias = this.b.value;
    this.X = X;
    matmul(X, this.W.value, Y, B, this.inputSize, O);
    for (let r = 0; r < B; r++) {
      const o = r * O;
      for (let j = 0; j < O; j++) Y[o + j] += bias[j];
    }
    return Y;
  }

  backward(dY: Float32Array, B: number): Float32Array {
    const O = this.outputSize, db = this.b.grad;
    if (this.X === null) throw new Error('Linear.backward called before forward');
    matmulAtB(this.X, dY, this.W.grad, B, this.inputSize, O);
    for (let r = 0; r < B; r++) {
      const o = r * O;
      for (let j = 0; j < O; j++) db[j] += dY[o + j];
    }
    if (this.dX === null) return dY; // first layer: nobody reads dX
    matmulABt(dY, this.W.value, this.dX, B, O, this.inputSize);
    return this.dX;
  }

  params(): Param[] {
    return [this.W, this.b];
  }
}
