// ReLU: Y = max(0, X), elementwise.
// Gradient: dL/dX = dL/dY ⊙ [X > 0]  (the subgradient at 0 is taken as 0).

import type { Kernels } from '../kernels/kernels.js';
import type { Layer, LayerContext, Mode, Param } from '../layer.js';

export class ReLU implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly Y: Float32Array; // cached: Y > 0 exactly where X > 0
  private readonly dX: Float32Array;
  private readonly kernels: Kernels;

  constructor(_opts: Record<string, never>, ctx: LayerContext) {
    this.inputSize = this.outputSize = ctx.inputSize;
    this.kernels = ctx.kernels;
    this.Y = ctx.kernels.alloc(ctx.maxBatch * ctx.inputSize);
    this.dX = ctx.kernels.alloc(ctx.maxBatch * ctx.inputSize);
  }

  forward(X: Float32Array, B: number, _mode: Mode): Float32Array {
    this.kernels.relu(X, this.Y, B * this.inputSize); // Y = max(0, X)
    return this.Y;
  }

  backward(dY: Float32Array, B: number): Float32Array {
    this.kernels.reluBackward(this.Y, dY, this.dX, B * this.inputSize); // dX = dY ⊙ [Y > 0]
    return this.dX;
  }

  params(): Param[] {
    return [];
  }

  state(): Float32Array[] {
    return [];
  }
}
