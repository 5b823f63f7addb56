// ReLU: Y = max(0, X), elementwise.
// Gradient: dL/dX = dL/dY ⊙ [X > 0]  (the subgradient at 0 is taken as 0).

import type { Layer, LayerContext, Mode, Param } from '../layer.js';

export class ReLU implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly Y: Float32Array; // cached: Y > 0 exactly where X > 0
  private readonly dX: Float32Array;

  constructor(_opts: Record<string, never>, ctx: LayerContext) {
    this.inputSize = this.outputSize = ctx.inputSize;
    this.Y = new Float32Array(ctx.maxBatch * ctx.inputSize);
    this.dX = new Float32Array(ctx.maxBatch * ctx.inputSize);
  }

  forward(X: Float32Array, B: number, _mode: Mode): Float32Array {
    const Y = this.Y, n = B * this.inputSize;
    for (let i = 0; i < n; i++) Y[i] = X[i] > 0 ? X[i] : 0;
    return Y;
  }

  backward(dY: Float32Array, B: number): Float32Array {
    const Y = this.Y, dX = this.dX, n = B * this.inputSize;
    for (let i = 0; i < n; i++) dX[i] = Y[i] > 0 ? dY[i] : 0;
    return dX;
  }

  params(): Param[] {
    return [];
  }
}
