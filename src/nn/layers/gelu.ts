// GELU, in its tanh approximation (Hendrycks & Gimpel), elementwise:
//   Y = ½·X·(1 + T),  T = tanh(u),  u = c·(X + a·X³),  c = √(2/π), a = 0.044715.
// Gradient: the exact derivative of that approximation (not of the erf-based GELU):
//   dY/dX = ½·(1 + T) + ½·X·(1 − T²)·c·(1 + 3a·X²),   dL/dX = dL/dY ⊙ dY/dX.
// Forward caches X (a reference, as Linear does) and T, so backward needs no second tanh.

import type { Mode, NoOptions } from '../layer.js';
import { Elementwise, elementwiseKind } from './elementwise.js';

const c = Math.sqrt(2 / Math.PI);
const a = 0.044715;

export class GELU extends Elementwise {
  private readonly T: Float32Array = this.buffer(); // cached: tanh(u)
  private X: Float32Array | null = null; // cached by forward

  forward(X: Float32Array, B: number, _mode: Mode): Float32Array {
    const T = this.T,
      Y = this.Y;
    this.X = X;
    for (let i = 0, n = B * this.inputSize; i < n; i++) {
      const x = X[i];
      T[i] = Math.tanh(c * (x + a * x * x * x)); // tanh saturates: no overflow for large |x|
      Y[i] = 0.5 * x * (1 + T[i]);
    }
    return Y;
  }

  backward(dY: Float32Array, B: number): Float32Array {
    const X = this.X,
      T = this.T,
      dX = this.dX;
    if (X === null) throw new Error('GELU.backward called before forward');
    for (let i = 0, n = B * this.inputSize; i < n; i++) {
      const x = X[i],
        t = T[i];
      dX[i] = dY[i] * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * a * x * x));
    }
    return dX;
  }
}

export const gelu = elementwiseKind((opts: NoOptions, ctx) => new GELU(opts, ctx), { cached: 1 });
