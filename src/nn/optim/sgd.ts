// Plain minibatch stochastic gradient descent:  θ ← θ − η · ∂L/∂θ
// The gradients are zeroed after each step, because layers accumulate into them.

import type { Param } from '../layer.js';
import type { Optimizer } from '../optimizer.js';

export interface SgdOptions {
  lr: number;
}

export class Sgd implements Optimizer {
  constructor(private readonly params: Param[], private readonly opts: SgdOptions) {}

  step(): void {
    const lr = this.opts.lr;
    for (const { value, grad } of this.params) {
      for (let i = 0; i < value.length; i++) value[i] -= lr * grad[i];
      grad.fill(0);
    }
  }

  state(): Float32Array[] {
    return []; // plain SGD keeps nothing between steps
  }
}
