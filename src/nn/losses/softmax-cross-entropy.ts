// Softmax + cross-entropy over C classes, averaged over a batch of B rows of logits z:
//   p_c = exp(z_c − max z) / Σ_k exp(z_k − max z)   (subtracting the row max changes nothing
//                                                    mathematically and keeps exp from overflowing)
//   L   = −(1/B) Σ_rows log p_y
//   dL/dz = (p − onehot(y)) / B
// log p_y is computed as (z_y − max) − log Σ exp(z − max), never as log(p_y), so a confident
// wrong prediction gives a large finite loss instead of log(0) = −∞.

import type { Kernels } from '../kernels/kernels.js';
import type { Loss } from '../loss.js';

export class SoftmaxCrossEntropy implements Loss {
  private readonly P: Float32Array;
  private readonly dZ: Float32Array;
  private labels: Uint8Array | null = null;

  constructor(
    readonly classes: number,
    maxBatch: number,
    kernels: Kernels,
  ) {
    this.P = kernels.alloc(maxBatch * classes);
    this.dZ = kernels.alloc(maxBatch * classes);
  }

  forward(Z: Float32Array, labels: Uint8Array, B: number): number {
    const C = this.classes,
      P = this.P;
    this.labels = labels;
    let total = 0;
    for (let r = 0; r < B; r++) {
      const o = r * C;
      let max = -Infinity;
      for (let c = 0; c < C; c++) if (Z[o + c] > max) max = Z[o + c];
      let sum = 0;
      for (let c = 0; c < C; c++) {
        const e = Math.exp(Z[o + c] - max);
        P[o + c] = e;
        sum += e;
      }
      for (let c = 0; c < C; c++) P[o + c] /= sum;
      total += Math.log(sum) - (Z[o + labels[r]] - max);
    }
    return total / B;
  }

  backward(B: number): Float32Array {
    const C = this.classes,
      P = this.P,
      dZ = this.dZ,
      labels = this.labels;
    if (labels === null) throw new Error('SoftmaxCrossEntropy.backward called before forward');
    const scale = 1 / B;
    for (let r = 0; r < B; r++) {
      const o = r * C;
      for (let c = 0; c < C; c++) dZ[o + c] = P[o + c] * scale;
      dZ[o + labels[r]] -= scale;
    }
    return dZ;
  }
}
