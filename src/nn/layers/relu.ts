// ReLU: Y = max(0, X), elementwise.
// Gradient: dL/dX = dL/dY ⊙ [X > 0]  (the subgradient at 0 is taken as 0).

import type { Mode, NoOptions } from '../layer.js';
import { Elementwise, elementwiseKind } from './elementwise.js';

export class ReLU extends Elementwise {
  // Backward reads Y: Y > 0 exactly where X > 0.
  forward(X: Float32Array, B: number, _mode: Mode): Float32Array {
    this.kernels.relu(X, this.Y, B * this.inputSize); // Y = max(0, X)
    return this.Y;
  }

  backward(dY: Float32Array, B: number): Float32Array {
    this.kernels.reluBackward(this.Y, dY, this.dX, B * this.inputSize); // dX = dY ⊙ [Y > 0]
    return this.dX;
  }
}

export const relu = elementwiseKind((opts: NoOptions, ctx) => new ReLU(opts, ctx));
