// Running a saved network: on a labelled split through training's own evaluation (the same
// batcher, pixel table, batch size and evaluate(), so a run's test set gives its stored numbers
// exactly), or on unlabelled examples for their class probabilities.
//   p_c = exp(z_c − max z) / Σ_k exp(z_k − max z)   (as the loss computes it, in float64 here)

import type { Examples } from '../data/examples.js';
import { DataError } from '../data/errors.js';
import { LOSSES } from '../nn/losses/index.js';
import type { Sequential } from '../nn/model.js';
import { Batcher } from '../train/batcher.js';
import { pixelInput, pixelTable } from '../train/preprocess.js';
import { EVAL_BATCH, evaluate } from '../train/train.js';
import type { Split } from '../types.js';
import type { ModelInfo } from './model-file.js';

/** The batch size of a model read to be used: the one training evaluates with. */
export const USE_BATCH = EVAL_BATCH;

/** Loss, accuracy and confusion counts [true][predicted] on `split`, as training's final evaluation computes them. */
export function evaluateModel(model: Sequential, info: ModelInfo, split: Split): ReturnType<typeof evaluate> {
  const K = model.kernels;
  const classes = info.classes.length;
  const X = K.alloc(USE_BATCH * info.inputs);
  const batcher = new Batcher(split, USE_BATCH, { kernels: K, X, table: pixelTable(info.stats), featureStats: info.features });
  return evaluate(model, LOSSES[info.loss](classes, USE_BATCH, K), batcher, classes);
}

/** Class probabilities of every example, count × classes, row-major. */
export function predictModel(model: Sequential, info: ModelInfo, examples: Examples, file: string): Float64Array {
  const { count, width, values } = examples;
  if (width !== info.inputs) throw new DataError(`${file}: ${width} values per example, the model takes ${info.inputs}`);
  const C = info.classes.length;
  const X = model.kernels.alloc(USE_BATCH * width);
  const P = new Float64Array(count * C);
  for (let start = 0; start < count; start += USE_BATCH) {
    const B = Math.min(USE_BATCH, count - start);
    const f = info.features;
    if (f !== undefined) for (let i = 0; i < B * width; i++) X[i] = (values[start * width + i] - f.shift[i % width]) * f.factor[i % width];
    else for (let i = 0; i < B * width; i++) X[i] = pixelInput(values[start * width + i], info.stats);
    const Z = model.forward(X, B, 'eval');
    for (let r = 0; r < B; r++) {
      let max = -Infinity,
        sum = 0;
      for (let c = 0; c < C; c++) max = Math.max(max, Z[r * C + c]);
      for (let c = 0; c < C; c++) sum += P[(start + r) * C + c] = Math.exp(Z[r * C + c] - max);
      for (let c = 0; c < C; c++) P[(start + r) * C + c] /= sum;
    }
  }
  return P;
}
