// Batch normalisation (1-D), per feature j over the B rows of a batch, with learned γ, β:
//   train:  μ = (1/B)·Σ_r X,  σ² = (1/B)·Σ_r (X − μ)²  (biased),  X̂ = (X − μ)/√(σ² + eps)
//           running_mean ← (1 − momentum)·running_mean + momentum·μ
//           running_var  ← (1 − momentum)·running_var  + momentum·σ²·B/(B − 1)  (unbiased, as PyTorch)
//   eval:   X̂ = (X − running_mean)/√(running_var + eps)
//   both:   Y = γ ⊙ X̂ + β
// Gradients, given δ = dL/dY and s = 1/√(σ² + eps):
//   dL/dγ = Σ_r δ ⊙ X̂,   dL/dβ = Σ_r δ
//   train:  dL/dX = γ·s ⊙ (δ − mean_r(δ) − X̂ ⊙ mean_r(δ ⊙ X̂))   (μ and σ² depend on every row)
//   eval:   dL/dX = γ·s ⊙ δ                                        (the running statistics are constants)
// γ starts at 1 and β at 0 (the identity on X̂); the running statistics start at mean 0, var 1.
// With B = 1 the batch says nothing about spread (B − 1 = 0): running_var is then left as it is.

import type { Layer, LayerContext, LayerKind, Mode, Param } from '../layer.js';

export interface BatchNormOptions {
  momentum: number;
  eps: number;
}

export class BatchNorm implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly gamma: Param;
  readonly beta: Param;
  readonly runningMean: Float32Array;
  readonly runningVar: Float32Array;
  private readonly momentum: number;
  private readonly eps: number;
  private readonly Xhat: Float32Array; // cached: X̂
  private readonly Y: Float32Array;
  private readonly dX: Float32Array;
  // Per-feature scratch, summed over the batch in float64; never handed to the kernels.
  private readonly mean: Float64Array;
  private readonly s: Float64Array; // cached: 1/√(σ² + eps) of the statistics forward used
  private readonly sumD: Float64Array;
  private readonly sumDXhat: Float64Array;
  private batchStats = false; // whether the last forward normalised with the batch's statistics (train mode)

  constructor(opts: BatchNormOptions, ctx: LayerContext) {
    const F = ctx.inputSize;
    this.inputSize = this.outputSize = F;
    this.momentum = opts.momentum;
    this.eps = opts.eps;
    const alloc = (n: number): Float32Array => ctx.kernels.alloc(n);
    this.gamma = { name: 'gamma', value: alloc(F), grad: alloc(F) };
    this.beta = { name: 'beta', value: alloc(F), grad: alloc(F) };
    this.gamma.value.fill(1);
    this.runningMean = alloc(F);
    this.runningVar = alloc(F);
    this.runningVar.fill(1);
    this.Xhat = alloc(ctx.maxBatch * F);
    this.Y = alloc(ctx.maxBatch * F);
    this.dX = alloc(ctx.maxBatch * F);
    this.mean = new Float64Array(F);
    this.s = new Float64Array(F);
    this.sumD = new Float64Array(F);
    this.sumDXhat = new Float64Array(F);
  }

  forward(X: Float32Array, B: number, mode: Mode): Float32Array {
    const F = this.inputSize,
      mean = this.mean,
      s = this.s,
      Xhat = this.Xhat,
      Y = this.Y;
    const gamma = this.gamma.value,
      beta = this.beta.value;
    this.batchStats = mode === 'train';
    if (this.batchStats) {
      // Two passes (mean, then squared deviations): no cancellation as in E[X²] − μ².
      mean.fill(0);
      s.fill(0);
      for (let r = 0; r < B; r++) for (let j = 0; j < F; j++) mean[j] += X[r * F + j];
      for (let j = 0; j < F; j++) mean[j] /= B;
      for (let r = 0; r < B; r++) {
        for (let j = 0; j < F; j++) {
          const d = X[r * F + j] - mean[j];
          s[j] += d * d;
        }
      }
      const m = this.momentum;
      for (let j = 0; j < F; j++) {
        const variance = s[j] / B;
        this.runningMean[j] = (1 - m) * this.runningMean[j] + m * mean[j];
        if (B > 1) this.runningVar[j] = (1 - m) * this.runningVar[j] + m * variance * (B / (B - 1));
        s[j] = 1 / Math.sqrt(variance + this.eps);
      }
    } else {
      for (let j = 0; j < F; j++) {
        mean[j] = this.runningMean[j];
        s[j] = 1 / Math.sqrt(this.runningVar[j] + this.eps);
      }
    }
    for (let r = 0; r < B; r++) {
      for (let j = 0, i = r * F; j < F; j++, i++) {
        Xhat[i] = (X[i] - mean[j]) * s[j];
        Y[i] = gamma[j] * Xhat[i] + beta[j];
      }
    }
    return Y;
  }

  backward(dY: Float32Array, B: number): Float32Array {
    const F = this.inputSize,
      s = this.s,
      Xhat = this.Xhat,
      dX = this.dX;
    const sumD = this.sumD,
      sumDXhat = this.sumDXhat,
      gamma = this.gamma.value;
    sumD.fill(0);
    sumDXhat.fill(0);
    for (let r = 0; r < B; r++) {
      for (let j = 0, i = r * F; j < F; j++, i++) {
        sumD[j] += dY[i];
        sumDXhat[j] += dY[i] * Xhat[i];
      }
    }
    for (let j = 0; j < F; j++) {
      this.beta.grad[j] += sumD[j]; // dβ += Σ_r δ
      this.gamma.grad[j] += sumDXhat[j]; // dγ += Σ_r δ ⊙ X̂
    }
    for (let r = 0; r < B; r++) {
      for (let j = 0, i = r * F; j < F; j++, i++) {
        const centred = this.batchStats ? dY[i] - sumD[j] / B - Xhat[i] * (sumDXhat[j] / B) : dY[i];
        dX[i] = gamma[j] * s[j] * centred;
      }
    }
    return dX;
  }

  params(): Param[] {
    return [this.gamma, this.beta];
  }

  /** The live running statistics: a checkpoint restores them in place. */
  state(): Float32Array[] {
    return [this.runningMean, this.runningVar];
  }
}

/** γ and β per feature are trained; the running statistics are state, not parameters. */
export const batchnorm: LayerKind<BatchNormOptions> = {
  build: (opts, ctx) => new BatchNorm(opts, ctx),
  outputWidth: (_opts, F) => F,
  buffers: (_opts, F, maxBatch) => ({ params: [F, F], state: [F, F], batch: [maxBatch * F, maxBatch * F, maxBatch * F] }), // X̂, Y, dX
  flops: () => ({ forward: 0, weightGrad: 0, inputGrad: 0 }),
};
