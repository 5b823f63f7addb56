// Input preprocessing: the 256-entry table that maps a pixel byte b to the model's input.
//   scale        x = b / 255                          in [0, 1]
//   standardize  x = (b / 255 − μ) / σ                μ, σ over every pixel of the training examples
// The statistics come from a histogram of the training examples' bytes (exact, one pass) and only
// from the examples trained on: never from validation or test data.

import type { PreprocessName, Split } from '../types.js';
import { scaleTable } from './batcher.js';

export interface InputStats {
  mean: number; // of b / 255
  std: number;
}

/** Mean and standard deviation of b/255 over the pixels of the given examples. */
export function pixelStats(split: Split, examples: Uint32Array): InputStats {
  const D = split.rows * split.cols;
  const counts = new Float64Array(256);
  for (const idx of examples) {
    const row = split.images.subarray(idx * D, idx * D + D);
    for (let i = 0; i < D; i++) counts[row[i]]++;
  }
  let n = 0,
    sum = 0;
  for (let b = 0; b < 256; b++) {
    n += counts[b];
    sum += counts[b] * (b / 255);
  }
  const mean = sum / n;
  let sq = 0;
  for (let b = 0; b < 256; b++) sq += counts[b] * (b / 255 - mean) ** 2;
  return { mean, std: Math.sqrt(sq / n) };
}

export function inputTable(name: PreprocessName, split: Split, examples: Uint32Array): Float32Array {
  if (name === 'scale') return scaleTable();
  const { mean, std } = pixelStats(split, examples);
  // A constant image set (σ = 0) would divide by zero: leave it centred only.
  const s = std > 0 ? std : 1;
  return Float32Array.from({ length: 256 }, (_, b) => (b / 255 - mean) / s);
}
