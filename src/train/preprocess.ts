// Input preprocessing: the 256-entry table that maps a pixel byte b to the model's input.
//   scale        x = b / 255                          in [0, 1]
//   standardize  x = (b / 255 − μ) / σ                μ, σ over every pixel of the training examples
// The statistics come from a histogram of the training examples' bytes (exact, one pass) and only
// from the examples trained on: never from validation or test data.

import type { PreprocessName, Split } from '../types.js';

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

/** The statistics a preprocessing needs from the training examples: none for scale. */
export function inputStats(name: PreprocessName, split: Split, examples: Uint32Array): InputStats | null {
  return name === 'scale' ? null : pixelStats(split, examples);
}

/** The input of pixel value b (any real b on the 0–255 scale, for inputs given as floats), as float32. */
export function pixelInput(b: number, stats: InputStats | null): number {
  if (stats === null) return Math.fround(b / 255);
  // A constant image set (σ = 0) would divide by zero: leave it centred only.
  const s = stats.std > 0 ? stats.std : 1;
  return Math.fround((b / 255 - stats.mean) / s);
}

/** The 256-entry table of pixelInput: what training and `mlplab eval` feed the model. */
export function pixelTable(stats: InputStats | null): Float32Array {
  return Float32Array.from({ length: 256 }, (_, b) => pixelInput(b, stats));
}

export function inputTable(name: PreprocessName, split: Split, examples: Uint32Array): Float32Array {
  return pixelTable(inputStats(name, split, examples));
}
