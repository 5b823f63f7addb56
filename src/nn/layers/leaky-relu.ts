// Leaky ReLU: Y = X where X > 0, else slope·X, elementwise (slope ≥ 0; slope 0 is ReLU).
// Gradient: dL/dX = dL/dY ⊙ (1 where X > 0, else slope)  (the subgradient at 0 is taken as slope).

import type { LayerContext, Mode } from '../layer.js';
import { Elementwise, elementwiseKind } from './elementwise.js';

export interface LeakyReLUOptions {
  slope: number;
}

export class LeakyReLU extends Elementwise {
  private readonly slope: number; // Y is cached: with slope ≥ 0, Y > 0 exactly where X > 0

  constructor(opts: LeakyReLUOptions, ctx: LayerContext) {
    super(opts, ctx);
    this.slope = opts.slope;
  }

  forward(X: Float32Array, B: number, _mode: Mode): Float32Array {
    const Y = this.Y,
      slope = this.slope;
    for (let i = 0, n = B * this.inputSize; i < n; i++) Y[i] = X[i] > 0 ? X[i] : slope * X[i];
    return Y;
  }

  backward(dY: Float32Array, B: number): Float32Array {
    const Y = this.Y,
      dX = this.dX,
      slope = this.slope;
    for (let i = 0, n = B * this.inputSize; i < n; i++) dX[i] = Y[i] > 0 ? dY[i] : slope * dY[i];
    return dX;
  }
}

export const leakyRelu = elementwiseKind((opts: LeakyReLUOptions, ctx) => new LeakyReLU(opts, ctx), { shorthand: 'slope' });
