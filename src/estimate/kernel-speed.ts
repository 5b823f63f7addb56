// How fast this machine runs the trainer's own kernels (the default set, as training uses them) at
// a run's shapes: a short timing of each product on seeded data shaped like the real inputs,
// zeros included — both kernel sets run faster on mostly-zero inputs (the reference skips zeros,
// the WebAssembly kernels take their sparse path below 40 % non-zeros), so MNIST's first layer
// is timed on MNIST-like sparsity.

import { DEFAULT_KERNELS, KERNELS, type Kernels } from '../nn/kernels/index.js';
import { Rng } from '../nn/rng.js';
import type { KernelShape, LayerSeconds } from './estimate.js';

/** Total time to spend measuring, in seconds, shared by every distinct shape. */
const MEASURE_BUDGET = 0.3;

function inputLike(shape: KernelShape, rng: Rng, k: Kernels): Float32Array {
  const { batch: B, inputs: I } = shape;
  const X = k.alloc(B * I);
  for (let p = 0; p < I; p++) {
    if (rng.uniform() < shape.background) continue; // a pixel that is 0 in every image
    for (let r = 0; r < B; r++) if (rng.uniform() >= shape.zeros) X[r * I + p] = rng.uniform();
  }
  return X;
}

function normal(n: number, rng: Rng, k: Kernels): Float32Array {
  const a = k.alloc(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

/**
 * Runs every kernel on a small shape for a while, so V8 has compiled them (it compiles on a
 * background thread, so a fixed number of calls can finish before the fast code is in place).
 */
function warmUp(seconds: number, k: Kernels): void {
  const rng = Rng.from(0, 'plan-warm-up');
  const n = 32;
  const A = normal(n * n, rng, k),
    B = normal(n * n, rng, k),
    C = k.alloc(n * n);
  const start = performance.now();
  while ((performance.now() - start) / 1000 < seconds) {
    k.matmul(A, B, C, n, n, n);
    k.matmulAtB(A, B, C, n, n, n);
    k.matmulABt(A, B, C, n, n, n);
  }
}

type Timed = { shape: KernelShape; seconds: LayerSeconds };

/** Measures each distinct shape, sharing the budget between them. */
export class KernelSpeed {
  private readonly measured = new Map<string, Timed>();

  /**
   * Every product of every shape is called once per round, for at least two rounds and until the
   * budget is spent, and keeps its fastest time: other processes only ever add time, and
   * interleaving spreads their noise over all shapes rather than ruining one.
   */
  constructor(shapes: readonly KernelShape[], budget = MEASURE_BUDGET) {
    const distinct = [...new Map(shapes.map((s) => [keyOf(s), s])).values()];
    if (distinct.length === 0) return;
    warmUp(budget / 6, KERNELS[DEFAULT_KERNELS]()); // a sixth of the budget, the rest for timing
    // A kernel set per shape, as each model has its own: the wasm kernels remember which shapes
    // had operands too dense for their sparse path, and MNIST-like and Fashion-MNIST-like inputs of
    // one shape must not share that memory.
    const kernels = distinct.map((shape) => {
      const timed = calls(shape, KERNELS[DEFAULT_KERNELS]());
      return { shape, calls: timed, best: timed.map(() => Infinity) };
    });
    const start = performance.now();
    for (let round = 0; round < 2 || (performance.now() - start) / 1000 < (budget * 5) / 6; round++) {
      for (const k of kernels) {
        k.calls.forEach((call, i) => {
          const t = performance.now();
          call();
          k.best[i] = Math.min(k.best[i], (performance.now() - t) / 1000);
        });
      }
    }
    for (const {
      shape,
      best: [forward, weightGrad, inputGrad, forwardOther, trainOther],
    } of kernels) {
      this.measured.set(keyOf(shape), { shape, seconds: { forward, weightGrad, inputGrad, forwardOther, trainOther } });
    }
  }

  /** Seconds per call of each product at `shape`, which must be one of the constructor's. */
  timeOf = (shape: KernelShape): LayerSeconds => {
    const found = this.measured.get(keyOf(shape));
    if (found === undefined) throw new Error(`shape ${keyOf(shape)} was not measured`);
    return found.seconds;
  };

  /** Measured floating-point speed of the matrix products over every shape, in GFLOP/s, for the summary line. */
  gflops(): number {
    let flops = 0,
      seconds = 0;
    for (const {
      shape: { batch: B, inputs: I, outputs: O },
      seconds: t,
    } of this.measured.values()) {
      flops += 3 * 2 * B * I * O;
      seconds += t.forward + t.weightGrad + t.inputGrad;
    }
    return seconds > 0 ? flops / seconds / 1e9 : 0;
  }
}

const keyOf = (s: KernelShape): string => `${s.batch}×${s.inputs}×${s.outputs}:${s.background}:${s.zeros}`;

/**
 * The calls timed at `shape`, on seeded data shaped like the real inputs: the layer's three
 * products, then its other kernels in the forward pass and in training (see LayerSeconds).
 */
function calls(shape: KernelShape, k: Kernels): (() => void)[] {
  const { batch: B, inputs: I, outputs: O } = shape;
  const rng = Rng.from(0, 'plan-benchmark');
  const X = inputLike(shape, rng, k);
  const W = normal(I * O, rng, k),
    dY = normal(B * O, rng, k),
    b = normal(O, rng, k);
  const Y = k.alloc(B * O),
    dW = k.alloc(I * O),
    db = k.alloc(O),
    dX = k.alloc(B * I);
  const bytes = k.allocBytes(B * I),
    table = k.alloc(256);
  return [
    () => k.matmul(X, W, Y, B, I, O),
    () => k.matmulAtB(X, dY, dW, B, I, O),
    () => k.matmulABt(dY, W, dX, B, O, I),
    () => {
      if (shape.first) k.lookupBytes(bytes, table, dX, B * I); // into a spare buffer: X stays as it is
      k.addRowVector(b, Y, B, O);
      k.relu(Y, Y, B * O);
    },
    () => {
      k.sumRows(dY, db, B, O);
      k.reluBackward(Y, dY, dY, B * O);
      k.axpy(-1e-9, dW, W, I * O);
      k.axpy(-1e-9, db, b, O);
      k.zero(dW, I * O);
      k.zero(db, O);
    },
  ];
}
