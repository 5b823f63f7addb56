// The training loop of one run: minibatch SGD over a shuffled training set, evaluation on the
// test set after every epoch. A function of its inputs (spec, data, seed-derived random streams);
// progress leaves through callbacks, so the same loop serves workers, tests and benchmarks.

import { DEFAULT_KERNELS, KERNELS, type Kernels, type KernelsName } from '../nn/kernels/kernels.js';
import type { Loss } from '../nn/loss.js';
import { LOSSES } from '../nn/losses/index.js';
import { Sequential } from '../nn/model.js';
import { buildOptimizer } from '../nn/optim/index.js';
import { Rng } from '../nn/rng.js';
import type { EpochMetrics, RunResult, RunSpec, Split } from '../types.js';
import { Batcher } from './batcher.js';
import type { TrainState } from './checkpoint.js';

export interface TrainData {
  train: Split;
  test: Split;
  classes: number;
}

export interface TrainHooks {
  onEpoch?(metrics: EpochMetrics): void;
  /** After every epoch: the state to save so the run can resume from here. */
  onCheckpoint?(state: TrainState): void;
  onBatch?(epoch: number, batch: number, batches: number): void;
}

export type TrainOutcome = Pick<RunResult, 'status' | 'error' | 'params' | 'epochs' | 'final'>;

/** Evaluation batches are larger than training ones: fewer, bigger products, same results. */
const EVAL_BATCH = 500;

/**
 * Train a run from scratch, or from `resume` (the state after some epochs of this same run).
 * `kernels` picks the matrix-product implementation (see nn/kernels/kernels.ts); results agree to
 * float32 rounding, not bit for bit, so a run and its resume should use the same one. It may also be
 * a factory of a kernel set (one per model), such as the threaded wasm kernels.
 */
export function train(spec: RunSpec, id: string, data: TrainData, hooks: TrainHooks = {}, resume?: TrainState,
  kernels: KernelsName | (() => Kernels) = DEFAULT_KERNELS): TrainOutcome {
  const { epochs, batch_size } = spec.train;
  checkLabels(data.train, data.classes, 'training');
  checkLabels(data.test, data.classes, 'test');
  const inputSize = data.train.rows * data.train.cols;
  const maxBatch = Math.max(batch_size, EVAL_BATCH);
  // Random streams derive from the seed and the run id only, so results do not depend on which
  // worker trains the run, or in which order.
  const model = new Sequential(spec.model.layers, inputSize, maxBatch, Rng.from(spec.seed, `${id}:init`),
    typeof kernels === 'function' ? kernels() : KERNELS[kernels]());
  const loss = LOSSES[spec.model.loss](data.classes, maxBatch, model.kernels);
  const optimizer = buildOptimizer(spec.train.optimizer, model.params(), model.kernels);
  const shuffle = Rng.from(spec.seed, `${id}:shuffle`);
  // Both batchers fill one input buffer from the model's allocator, which the kernels read in place.
  const input = model.kernels.alloc(maxBatch * inputSize);
  const batcher = new Batcher(data.train, maxBatch, model.kernels, input);
  const evalBatcher = new Batcher(data.test, maxBatch, model.kernels, input);
  const N = data.train.count;
  const batches = Math.ceil(N / batch_size);
  const params = model.params();
  const history: EpochMetrics[] = [];
  if (resume !== undefined) {
    restore(resume, params.map((p) => p.value), optimizer.state(), batcher.order);
    shuffle.setState(resume.shuffle);
    history.push(...resume.history);
  }

  for (let epoch = history.length + 1; epoch <= epochs; epoch++) {
    const start = performance.now();
    batcher.shuffle(shuffle);
    let lossSum = 0, correct = 0;
    for (let b = 0; b < batches; b++) {
      const B = Math.min(batch_size, N - b * batch_size);
      const { X, y } = batcher.batch(b * batch_size, B);
      const Z = model.forward(X, B, 'train');
      const L = loss.forward(Z, y, B);
      if (!Number.isFinite(L)) {
        return { status: 'diverged', error: `loss became ${L} at epoch ${epoch}, batch ${b + 1}`, params: model.paramCount(), epochs: history, final: null };
      }
      lossSum += L * B;
      correct += countCorrect(Z, y, B, data.classes);
      model.backward(loss.backward(B), B);
      optimizer.step();
      hooks.onBatch?.(epoch, b + 1, batches);
    }
    const seconds = (performance.now() - start) / 1000;
    const test = evaluate(model, loss, evalBatcher, data.classes);
    const metrics: EpochMetrics = {
      epoch,
      train_loss: lossSum / N,
      train_accuracy: correct / N,
      test_loss: test.loss,
      test_accuracy: test.accuracy,
      seconds,
    };
    history.push(metrics);
    hooks.onCheckpoint?.({
      id, epoch, history, shuffle: shuffle.state(), order: batcher.order,
      params: params.map((p) => p.value), optimizer: optimizer.state(),
    });
    hooks.onEpoch?.(metrics);
  }
  const last = history[history.length - 1];
  return {
    status: 'done',
    params: model.paramCount(),
    epochs: history,
    final: { train_loss: last.train_loss, train_accuracy: last.train_accuracy, test_loss: last.test_loss, test_accuracy: last.test_accuracy },
  };
}

function evaluate(model: Sequential, loss: Loss, batcher: Batcher, classes: number): { loss: number; accuracy: number } {
  const N = batcher.split.count;
  let lossSum = 0, correct = 0;
  for (let start = 0; start < N; start += EVAL_BATCH) {
    const B = Math.min(EVAL_BATCH, N - start);
    const { X, y } = batcher.batch(start, B);
    const Z = model.forward(X, B, 'eval');
    lossSum += loss.forward(Z, y, B) * B;
    correct += countCorrect(Z, y, B, classes);
  }
  return { loss: lossSum / N, accuracy: correct / N };
}

/** A label outside [0, classes) would index past the logits and poison the loss silently. */
function checkLabels(split: Split, classes: number, name: string): void {
  for (let i = 0; i < split.count; i++) {
    if (split.labels[i] >= classes) throw new Error(`${name} label ${split.labels[i]} at index ${i} is out of range for ${classes} classes`);
  }
}

function restore(state: TrainState, params: Float32Array[], optimizer: Float32Array[], order: Uint32Array): void {
  const fits = (to: Float32Array[], from: Float32Array[]) => to.length === from.length && to.every((a, i) => a.length === from[i].length);
  if (!fits(params, state.params) || !fits(optimizer, state.optimizer) || order.length !== state.order.length) {
    throw new Error('checkpoint does not match this run (shapes differ)');
  }
  params.forEach((p, i) => p.set(state.params[i]));
  optimizer.forEach((o, i) => o.set(state.optimizer[i]));
  order.set(state.order);
}

/** Rows whose largest logit is the label (the first maximum wins ties). */
function countCorrect(Z: Float32Array, y: Uint8Array, B: number, C: number): number {
  let correct = 0;
  for (let r = 0; r < B; r++) {
    const o = r * C;
    let best = 0;
    for (let c = 1; c < C; c++) if (Z[o + c] > Z[o + best]) best = c;
    if (best === y[r]) correct++;
  }
  return correct;
}
