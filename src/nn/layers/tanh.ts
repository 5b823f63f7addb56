// Tanh: Y = tanh(X), elementwise.
// Gradient: dL/dX = dL/dY ⊙ (1 − Y²)  (written in Y, so forward caches Y and not X).

import type { Mode, NoOptions } from '../layer.js';
import { Elementwise, elementwiseKind } from './elementwise.js';

export class Tanh extends Elementwise {
  forward(X: Float32Array, B: number, _mode: Mode): Float32Array {
    const Y = this.Y;
    for (let i = 0, n = B * this.inputSize; i < n; i++) Y[i] = Math.tanh(X[i]); // saturates to ±1, never overflows
    return Y;
  }

  backward(dY: Float32Array, B: number): Float32Array {
    const Y = this.Y,
      dX = this.dX;
    for (let i = 0, n = B * this.inputSize; i < n; i++) dX[i] = dY[i] * (1 - Y[i] * Y[i]);
    return dX;
  }
}

export const tanh = elementwiseKind((opts: NoOptions, ctx) => new Tanh(opts, ctx));
