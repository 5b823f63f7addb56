// Sigmoid (logistic): Y = σ(X) = 1 / (1 + e^(−X)), elementwise.
// Gradient: dL/dX = dL/dY ⊙ Y(1 − Y)  (written in Y, so forward caches Y and not X).
// Stability: each branch takes e^(−|X|) ∈ (0, 1] — 1/(1 + e^(−X)) for X ≥ 0, the equal e^X/(1 + e^X)
// for X < 0 — so no exponential ever overflows (the one-form e^X/(1 + e^X) is ∞/∞ = NaN for X ≳ 710).

import type { Mode, NoOptions } from '../layer.js';
import { Elementwise, elementwiseKind } from './elementwise.js';

export class Sigmoid extends Elementwise {
  forward(X: Float32Array, B: number, _mode: Mode): Float32Array {
    const Y = this.Y;
    for (let i = 0, n = B * this.inputSize; i < n; i++) {
      const x = X[i];
      if (x >= 0) {
        Y[i] = 1 / (1 + Math.exp(-x));
      } else {
        const e = Math.exp(x);
        Y[i] = e / (1 + e);
      }
    }
    return Y;
  }

  backward(dY: Float32Array, B: number): Float32Array {
    const Y = this.Y,
      dX = this.dX;
    for (let i = 0, n = B * this.inputSize; i < n; i++) dX[i] = dY[i] * Y[i] * (1 - Y[i]);
    return dX;
  }
}

export const sigmoid = elementwiseKind((opts: NoOptions, ctx) => new Sigmoid(opts, ctx));
