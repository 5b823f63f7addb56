// Plain minibatch stochastic gradient descent:  θ ← θ − η · ∂L/∂θ
// The gradients are zeroed after each step, because layers accumulate into them.
// The update and the zeroing are the kernels' axpy (y += α·x) and zero, WebAssembly SIMD by
// default: in plain TypeScript they cost a quarter of a training step.

import type { Kernels } from '../kernels/kernels.js';
import type { Param } from '../layer.js';
import type { Optimizer } from '../optimizer.js';

export interface SgdOptions {
  lr: number;
}

export class Sgd implements Optimizer {
  constructor(private readonly params: Param[], private readonly opts: SgdOptions, private readonly kernels: Kernels) {}

  step(): void {
    for (const { value, grad } of this.params) {
      this.kernels.axpy(-this.opts.lr, grad, value, value.length);
      this.kernels.zero(grad, grad.length);
    }
  }

  state(): Float32Array[] {
    return []; // plain SGD keeps nothing between steps
  }
}
