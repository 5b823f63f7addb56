// What every parameter-free elementwise layer (ReLU, LeakyReLU, Tanh, Sigmoid, GELU, Dropout)
// has in common: its output is as wide as its input, it owns an output buffer Y and a gradient
// buffer dX of maxBatch rows, and it has no parameters and no state. Each subclass writes its own
// forward and backward loops, with its formula beside them.

import type { Layer, LayerContext, Mode, Param } from '../layer.js';

export abstract class Elementwise implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  protected readonly Y: Float32Array;
  protected readonly dX: Float32Array;
  private readonly ctx: LayerContext;

  constructor(ctx: LayerContext) {
    this.inputSize = this.outputSize = ctx.inputSize;
    this.ctx = ctx;
    this.Y = this.buffer();
    this.dX = this.buffer();
  }

  /** A buffer of maxBatch rows, from the kernels' allocator (Y, dX, or a cache backward reads). */
  protected buffer(): Float32Array {
    return this.ctx.kernels.alloc(this.ctx.maxBatch * this.ctx.inputSize);
  }

  abstract forward(X: Float32Array, B: number, mode: Mode): Float32Array;
  abstract backward(dY: Float32Array, B: number): Float32Array;

  params(): Param[] {
    return [];
  }

  state(): Float32Array[] {
    return [];
  }
}
