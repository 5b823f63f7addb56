// Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019), as torch.optim.Adam / AdamW:
//   m ← β1·m + (1−β1)·g              the first moment (mean) of the gradient, starting at 0
//   v ← β2·v + (1−β2)·g²             the second moment (uncentred variance), starting at 0
//   m̂ = m/(1−β1ᵗ),  v̂ = v/(1−β2ᵗ)    bias corrections: the moments start at 0, t counts steps from 1
//   θ ← θ − lr·m̂/(√v̂ + eps)
// AdamW first decays the weights, decoupled from the gradient: θ ← θ·(1 − lr·λ), then the step
// above (Adam itself has no weight decay here: its L2 form would be scaled by 1/√v̂ and so
// barely regularise parameters with large gradients, which is why AdamW exists).
// The decay applies to every parameter, biases included (PyTorch's default).
// The kernel computes θ ← decay·θ − stepSize·m/(√v·rootCorrection + eps), with
// stepSize = lr/(1−β1ᵗ) and rootCorrection = 1/√(1−β2ᵗ): the same formula with the corrections
// applied to two scalars instead of every element (as PyTorch does, up to rounding).
//
// The step count t is state a resumed run needs, so it lives in a one-float Float32Array among
// the state() buffers, restored in place with the rest. A float32 counts exactly up to 2²⁴
// (16.8 million steps); beyond, t would stop growing, by when 1−β2ᵗ is 1 to float precision for
// any β2 ≤ 0.99999 anyway.

import type { AdamCoefficients, Kernels } from '../kernels/kernels.js';
import type { Param } from '../layer.js';
import type { Optimizer, OptimizerKind } from '../optimizer.js';

export interface AdamWOptions {
  /** The base learning rate: the schedule scales it, and step() is given the result. */
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** λ of the decoupled decay θ ← θ·(1 − lr·λ); 0 gives Adam. */
  weight_decay: number;
}

/** Adam's options: AdamW's without the decay (Adam is AdamW with weight_decay 0). */
export type AdamOptions = Omit<AdamWOptions, 'weight_decay'>;

export class Adam implements Optimizer {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private readonly t = new Float32Array(1);
  private readonly buffers: Float32Array[];
  private readonly c: AdamCoefficients; // refilled each step: no allocation per step

  constructor(
    private readonly params: Param[],
    private readonly opts: AdamWOptions,
    private readonly kernels: Kernels,
  ) {
    this.m = params.map((p) => kernels.alloc(p.value.length));
    this.v = params.map((p) => kernels.alloc(p.value.length));
    this.buffers = [this.t, ...this.m, ...this.v];
    this.c = { beta1: opts.beta1, beta2: opts.beta2, eps: opts.eps, stepSize: 0, rootCorrection: 0, decay: 1 };
  }

  step(lr: number): void {
    this.t[0] += 1;
    const t = this.t[0],
      { beta1, beta2, weight_decay } = this.opts;
    this.c.stepSize = lr / (1 - beta1 ** t);
    this.c.rootCorrection = 1 / Math.sqrt(1 - beta2 ** t);
    this.c.decay = 1 - lr * weight_decay;
    for (let i = 0; i < this.params.length; i++) {
      const { value, grad } = this.params[i];
      this.kernels.adamStep(this.c, grad, this.m[i], this.v[i], value, value.length);
      this.kernels.zero(grad, grad.length);
    }
  }

  /** The step count t (one float), then m and v of each parameter in order. */
  state(): Float32Array[] {
    return this.buffers;
  }
}

/** m and v per parameter float (the step count t, one float, is left out). */
export const adamw: OptimizerKind<AdamWOptions> = {
  build: (params, opts, kernels) => new Adam(params, opts, kernels),
  stateCopies: () => 2,
};

/** AdamW without decay. */
export const adam: OptimizerKind<AdamOptions> = {
  build: (params, opts, kernels) => new Adam(params, { ...opts, weight_decay: 0 }, kernels),
  stateCopies: () => 2,
};
