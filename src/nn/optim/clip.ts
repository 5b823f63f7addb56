// Gradient-norm clipping (Pascanu et al. 2013), as torch.nn.utils.clip_grad_norm_: one global L2
// norm over the gradients of all parameters,
//   ‖g‖ = √(Σ_p Σ_i g_pi²),   and if ‖g‖ > maxNorm:  g ← g · maxNorm/‖g‖
// so a step is never longer than lr·maxNorm (in SGD) while its direction stays the same.
// The squares are summed in float64: 100k float32 squares summed in float32 lose digits.
// It runs between backward and the optimizer step, on the accumulated gradients.

import type { Kernels } from '../kernels/kernels.js';
import type { Param } from '../layer.js';

/**
 * Scale all gradients down together so their global L2 norm is at most maxNorm. Returns the norm
 * before clipping (NaN or ∞ when training has diverged; NaN leaves the gradients as they are).
 */
export function clipGradNorm(params: Param[], maxNorm: number, kernels: Kernels): number {
  let sumSquares = 0;
  for (const { grad } of params) sumSquares += kernels.sumSquares(grad, grad.length);
  const norm = Math.sqrt(sumSquares);
  if (norm > maxNorm) {
    const factor = maxNorm / norm;
    for (const { grad } of params) kernels.scale(factor, grad, grad.length);
  }
  return norm;
}
