// Minibatch stochastic gradient descent, with optional momentum μ, Nesterov momentum and L2
// weight decay λ (PyTorch's formulation, so results compare with torch.optim.SGD):
//   g' = g + λθ                  (weight decay as a gradient: ∂/∂θ of the penalty λ/2·‖θ‖²)
//   v ← μv + g'                  (the velocity, starting at 0)
//   θ ← θ − lr·v                 or with Nesterov  θ ← θ − lr·(g' + μv)
// With μ = 0 and λ = 0 this is plain SGD, θ ← θ − lr·g, and it runs as exactly the kernels' axpy
// and keeps no state: committed results were trained that way and stay bit-identical. Plain SGD is
// `foldable`: on kernels that can (BLAS), a Linear layer applies the update to its weights in the
// product that computes their gradient (θ += −lr·XᵀΔ, layer.ts's FoldedSgd) and marks them
// applied, and step() skips them — one product instead of a product, an update and a zeroing.
// Weight decay applies to every parameter, biases included (PyTorch's default, and the simplest
// rule to state). The gradients are zeroed after each step, because layers accumulate into them.
// The updates are kernels (WebAssembly SIMD by default): in plain TypeScript they cost a quarter
// of a training step.

import type { Kernels } from '../kernels/kernels.js';
import type { Param } from '../layer.js';
import type { Optimizer, OptimizerKind } from '../optimizer.js';

export interface SgdOptions {
  /** The base learning rate: the schedule scales it, and step() is given the result. */
  lr: number;
  momentum: number;
  nesterov: boolean;
  weight_decay: number;
}

export class Sgd implements Optimizer {
  private readonly plain: boolean;
  /** One velocity per parameter; none for plain SGD. */
  private readonly velocity: Float32Array[];

  constructor(
    private readonly params: Param[],
    private readonly opts: SgdOptions,
    private readonly kernels: Kernels,
  ) {
    this.plain = sgd.stateCopies(opts) === 0;
    this.velocity = this.plain ? [] : params.map((p) => kernels.alloc(p.value.length));
  }

  /** Plain SGD only: the others read the gradient after the backward pass. */
  get foldable(): boolean {
    return this.plain;
  }

  step(lr: number): void {
    const { momentum, weight_decay, nesterov } = this.opts;
    for (let i = 0; i < this.params.length; i++) {
      const param = this.params[i],
        { value, grad } = param;
      if (param.applied === true) {
        // Updated in the backward pass (FoldedSgd): its gradient was never written.
        param.applied = false;
        continue;
      }
      if (this.plain) this.kernels.axpy(-lr, grad, value, value.length);
      else this.kernels.momentumStep(lr, momentum, weight_decay, nesterov, grad, this.velocity[i], value, value.length);
      this.kernels.zero(grad, grad.length);
    }
  }

  state(): Float32Array[] {
    // With μ = 0 (decay only) the velocity is rewritten from scratch each step: scratch, not state.
    return this.opts.momentum > 0 ? this.velocity : [];
  }
}

export const sgd: OptimizerKind<SgdOptions> = {
  build: (params, opts, kernels) => new Sgd(params, opts, kernels),
  /** Plain SGD (μ = 0, λ = 0) keeps no velocity. */
  stateCopies: (opts) => (opts.momentum === 0 && opts.weight_decay === 0 ? 0 : 1),
};
