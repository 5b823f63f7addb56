// Input preprocessing of real-valued features (a declared CSV or float .npy dataset), per feature j:
//   scale        x'_j = (x_j − min_j) / (max_j − min_j)     in [0, 1] on the training examples
//   standardize  x'_j = (x_j − μ_j) / σ_j
// both as x'_j = (x_j − shift_j) · factor_j. Statistics come from the examples trained on only
// (never validation or test), in float64. A constant feature (max = min, σ = 0) would divide by
// zero: it is only shifted.

import type { PreprocessName, Split } from '../types.js';

export interface FeatureStats {
  shift: Float32Array;
  factor: Float32Array;
}

export function featureStats(name: PreprocessName, split: Split & { features: Float32Array }, examples: Uint32Array): FeatureStats {
  const D = split.rows * split.cols;
  const { features } = split;
  const a = new Float64Array(D),
    b = new Float64Array(D);
  if (name === 'scale') {
    a.fill(Infinity);
    b.fill(-Infinity);
    for (const idx of examples)
      for (let j = 0; j < D; j++) {
        const x = features[idx * D + j];
        if (x < a[j]) a[j] = x;
        if (x > b[j]) b[j] = x;
      }
    return { shift: Float32Array.from(a), factor: Float32Array.from(a, (min, j) => (b[j] > min ? 1 / (b[j] - min) : 1)) };
  }
  // Two passes: the mean, then the squared deviations from it (no cancellation of Σx² − nμ²).
  for (const idx of examples) for (let j = 0; j < D; j++) a[j] += features[idx * D + j];
  for (let j = 0; j < D; j++) a[j] /= examples.length;
  for (const idx of examples) for (let j = 0; j < D; j++) b[j] += (features[idx * D + j] - a[j]) ** 2;
  return { shift: Float32Array.from(a), factor: Float32Array.from(b, (sq) => (sq > 0 ? 1 / Math.sqrt(sq / examples.length) : 1)) };
}

/** The row of D values at x[from…], preprocessed, into out[at…] (offsets, not subarrays: no allocation per row). */
export function applyFeatureStats(x: Float32Array, from: number, out: Float32Array, at: number, stats: FeatureStats): void {
  const { shift, factor } = stats;
  for (let j = 0; j < shift.length; j++) out[at + j] = (x[from + j] - shift[j]) * factor[j];
}
