// What every parameter-free elementwise layer (ReLU, LeakyReLU, Tanh, Sigmoid, GELU, Dropout)
// has in common: its output is as wide as its input, it owns an output buffer Y and a gradient
// buffer dX of maxBatch rows, and it has no parameters and no state. Each subclass writes its own
// forward and backward loops, with its formula beside them; those without options of their own
// need no constructor. Their facts are the same too (see elementwiseKind).

import type { Kernels } from '../kernels/kernels.js';
import type { Layer, LayerContext, LayerKind, Mode, Param } from '../layer.js';

export abstract class Elementwise implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  protected readonly kernels: Kernels;
  private readonly floats: number; // of a buffer: maxBatch rows
  protected readonly Y: Float32Array;
  protected readonly dX: Float32Array;

  /** The options are the subclass's (every layer is made as `new L(options, ctx)`). */
  constructor(_opts: unknown, ctx: LayerContext) {
    this.inputSize = this.outputSize = ctx.inputSize;
    this.kernels = ctx.kernels;
    this.floats = ctx.maxBatch * ctx.inputSize;
    this.Y = this.buffer();
    this.dX = this.buffer();
  }

  /** A buffer of maxBatch rows, from the kernels' allocator (Y, dX, or a cache backward reads). */
  protected buffer(): Float32Array {
    return this.kernels.alloc(this.floats);
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

/**
 * The registry entry of an elementwise layer: as wide as its input, no parameters, no products;
 * Y, dX and `cached` more buffers of maxBatch rows (what its forward keeps for backward).
 */
export function elementwiseKind<O>(
  build: (opts: O, ctx: LayerContext) => Layer,
  { cached = 0, shorthand }: { cached?: number; shorthand?: keyof O & string } = {},
): LayerKind<O> {
  return {
    build,
    outputWidth: (_opts, input) => input,
    buffers: (_opts, input, maxBatch) => ({ params: [], state: [], batch: Array<number>(2 + cached).fill(maxBatch * input) }),
    flops: () => ({ forward: 0, weightGrad: 0, inputGrad: 0 }),
    ...(shorthand === undefined ? {} : { shorthand }),
  };
}
