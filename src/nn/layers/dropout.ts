// Dropout (inverted), elementwise, with 0 ≤ rate < 1 and keep probability q = 1 − rate:
//   train:  M_i = 1/q with probability q, else 0 (drawn from ctx.noise);  Y = X ⊙ M
//   eval:   Y = X  (the 1/q scaling in training keeps E[Y] = X, so nothing changes at test time)
// Gradient: dL/dX = dL/dY ⊙ M in training (the mask forward drew); dL/dY itself after an eval forward.
// The draws come from ctx.noise, the trainer's saved stream, so a resumed run drops the same units.

import type { LayerContext, Mode } from '../layer.js';
import { Elementwise, elementwiseKind } from './elementwise.js';
import type { Rng } from '../rng.js';

export interface DropoutOptions {
  rate: number;
}

export class Dropout extends Elementwise {
  private readonly rate: number;
  private readonly noise: Rng;
  private readonly M: Float32Array = this.buffer(); // cached: the mask, already scaled (0 or 1/q)
  private masked = false; // whether the last forward applied M (train mode, rate > 0)

  constructor(opts: DropoutOptions, ctx: LayerContext) {
    super(opts, ctx);
    this.rate = opts.rate;
    this.noise = ctx.noise;
  }

  forward(X: Float32Array, B: number, mode: Mode): Float32Array {
    // rate 0 is the identity and draws nothing, so adding it leaves the noise stream untouched.
    this.masked = mode === 'train' && this.rate > 0;
    if (!this.masked) return X;
    const M = this.M,
      Y = this.Y,
      rate = this.rate,
      scale = 1 / (1 - rate);
    for (let i = 0, n = B * this.inputSize; i < n; i++) {
      M[i] = this.noise.uniform() >= rate ? scale : 0; // P(uniform ≥ rate) = 1 − rate
      Y[i] = X[i] * M[i];
    }
    return Y;
  }

  backward(dY: Float32Array, B: number): Float32Array {
    if (!this.masked) return dY;
    const M = this.M,
      dX = this.dX;
    for (let i = 0, n = B * this.inputSize; i < n; i++) dX[i] = dY[i] * M[i];
    return dX;
  }
}

export const dropout = elementwiseKind((opts: DropoutOptions, ctx) => new Dropout(opts, ctx), { cached: 1, shorthand: 'rate' });
