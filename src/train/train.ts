// The training loop of one run: minibatch training over a shuffled training set (less any
// validation hold-out), evaluation on the validation and test sets after every epoch, optional
// early stopping on a validation metric. A function of its inputs (spec, data, seed-derived
// random streams); progress leaves through callbacks, so the same loop serves workers, tests and
// benchmarks. The test set is evaluated for reporting only: nothing here looks at it to decide.

import { DEFAULT_KERNELS, KERNELS, type Kernels, type KernelsName } from '../nn/kernels/index.js';
import type { Loss } from '../nn/loss.js';
import type { FoldedSgd } from '../nn/layer.js';
import { LOSSES } from '../nn/losses/index.js';
import { Sequential } from '../nn/model.js';
import { clipGradNorm } from '../nn/optim/clip.js';
import { buildOptimizer } from '../nn/optim/index.js';
import { streamsOf } from './streams.js';
import { learningRate } from '../nn/schedule.js';
import type { EpochMetrics, RunResult, RunSpec, Split, TrainSpec } from '../types.js';
import { Batcher } from './batcher.js';
import { STATE_GROUPS, type StateGroup, type TrainState } from './checkpoint.js';
import { holdout } from './holdout.js';
import { featureStats, type FeatureStats } from './feature-stats.js';
import { inputStats, pixelTable, type InputStats } from './preprocess.js';

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
  /** Before the first epoch, when training goes on from the `resume` state given. */
  onResumed?(epoch: number): void;
  /** Before the first epoch, when the `resume` state given does not fit this run: it trains from scratch. */
  onResumeRefused?(reason: string): void;
  /** Once a run is done: the model with its final weights, and the input statistics it was fed with (to save it):
   *  of the bytes, or for a dataset of features, of each feature. */
  onTrained?(model: Sequential, stats: InputStats | null, features?: FeatureStats): void;
}

export type TrainOutcome = Pick<
  RunResult,
  'status' | 'error' | 'params' | 'epochs' | 'final' | 'best_epoch' | 'stopped_early' | 'confusion' | 'rung'
>;

/** Evaluation batches are larger than training ones: fewer, bigger products, same results. */
export const EVAL_BATCH = 500;

/**
 * Train a run from scratch, or from `resume` (the state after some epochs of this same run).
 * `kernels` picks the matrix-product implementation (see nn/kernels/kernels.ts), or is a factory
 * of a kernel set (one per model), such as the threaded wasm kernels; results agree to float32
 * rounding across kernel sets, not bit for bit, so a run and its resume should use the same one.
 * `stopAt` (a search rung, search/planner.ts) ends this pass after that epoch with status paused:
 * only a stop point, as a kill after that epoch would be — the schedule still spans train.epochs,
 * and the epoch's checkpoint lets the run go on exactly as if it had never stopped.
 */
export function train(
  spec: RunSpec,
  id: string,
  data: TrainData,
  hooks: TrainHooks = {},
  resume?: TrainState,
  kernels: KernelsName | (() => Kernels) = DEFAULT_KERNELS,
  stopAt: number = spec.train.epochs,
): TrainOutcome {
  const { epochs, batch_size, early_stopping, clip_norm } = spec.train;
  checkLabels(data.train, data.classes, 'training');
  checkLabels(data.test, data.classes, 'test');
  const inputSize = data.train.rows * data.train.cols;
  const maxBatch = Math.max(batch_size, EVAL_BATCH);
  // Random streams derive from the seed and the spec only (streams.ts), so results do not depend
  // on which worker trains the run, or in which order.
  const streams = streamsOf(spec);
  const noise = streams.noise;
  const model = new Sequential(
    spec.model.layers,
    inputSize,
    maxBatch,
    streams.init,
    typeof kernels === 'function' ? kernels() : KERNELS[kernels](),
    noise,
  );
  const K = model.kernels;
  const loss = LOSSES[spec.model.loss](data.classes, maxBatch, K);
  const optimizer = buildOptimizer(spec.train.optimizer, model.params(), K);
  const shuffle = streams.shuffle;

  const parts = holdout(data.train, spec.train.validation, data.classes, spec.seed);
  const { features } = data.train;
  const stats = features === undefined ? inputStats(spec.preprocess, data.train, parts.train) : null;
  const perFeature = features === undefined ? undefined : featureStats(spec.preprocess, { ...data.train, features }, parts.train);
  const table = pixelTable(stats);
  // Every batcher fills one input buffer from the model's allocator, which the kernels read in place.
  const X = K.alloc(maxBatch * inputSize);
  const common = { kernels: K, X, table, featureStats: perFeature };
  const batcher = new Batcher(data.train, maxBatch, { ...common, examples: parts.train });
  const valBatcher = parts.validation.length > 0 ? new Batcher(data.train, maxBatch, { ...common, examples: parts.validation }) : null;
  const testBatcher = new Batcher(data.test, maxBatch, common);
  const N = batcher.count;
  const batches = Math.ceil(N / batch_size);
  const params = model.params();
  const layerState = model.state();
  // With early stopping, the weights (and running statistics) of the best epoch so far are kept.
  const live = early_stopping === null ? [] : [...params.map((p) => p.value), ...layerState];
  const best = live.map((a) => new Float32Array(a.length));
  const baseLr = Object.values(spec.train.optimizer)[0].lr;
  // Plain SGD folds into the weight gradients' products where the kernels can (BLAS): nothing else
  // may read the gradients then, so not with clipping. Whether it folds depends on the spec and the
  // kernel set only, so a run's bits do not depend on the worker that trains it.
  const folded: FoldedSgd | undefined =
    optimizer.foldable === true && clip_norm === null && K.updateAtB !== undefined ? { lr: baseLr } : undefined;
  const history: EpochMetrics[] = [];
  if (resume !== undefined) {
    const into = { params: params.map((p) => p.value), optimizer: optimizer.state(), layers: layerState, best };
    const misfit = misfitOf(resume, into, batcher.order, epochs);
    if (misfit !== undefined) {
      // Nothing was restored yet: training from scratch here is exactly an uninterrupted run.
      hooks.onResumeRefused?.(misfit);
    } else {
      for (const g of STATE_GROUPS) into[g].forEach((a, i) => a.set(resume[g][i]));
      batcher.order.set(resume.order);
      shuffle.setState(resume.shuffle);
      noise.setState(resume.noise);
      history.push(...resume.history);
      hooks.onResumed?.(resume.epoch);
    }
  }

  let stoppedEarly = false;
  let finalConfusion: number[][] | undefined;
  for (let epoch = history.length + 1; epoch <= Math.min(stopAt, epochs); epoch++) {
    if (early_stopping !== null && history.length - bestEpoch(history, spec.train) >= early_stopping.patience) {
      stoppedEarly = true;
      break;
    }
    const lr = learningRate(baseLr, epoch, epochs, spec.train.schedule, spec.train.warmup_epochs);
    if (folded !== undefined) folded.lr = lr;
    const start = performance.now();
    batcher.shuffle(shuffle);
    let lossSum = 0,
      correct = 0;
    for (let b = 0; b < batches; b++) {
      const B = Math.min(batch_size, N - b * batch_size);
      const { X: input, y } = batcher.batch(b * batch_size, B);
      if (b + 1 < batches) batcher.prefetch((b + 1) * batch_size, Math.min(batch_size, N - (b + 1) * batch_size));
      const Z = model.forward(input, B, 'train');
      const L = loss.forward(Z, y, B);
      if (!Number.isFinite(L)) {
        return {
          status: 'diverged',
          error: `loss became ${L} at epoch ${epoch}, batch ${b + 1}`,
          params: model.paramCount(),
          epochs: history,
          final: null,
        };
      }
      lossSum += L * B;
      correct += countCorrect(Z, y, B, data.classes);
      model.backward(loss.backward(B), B, folded);
      if (clip_norm !== null) clipGradNorm(params, clip_norm, K);
      optimizer.step(lr);
      hooks.onBatch?.(epoch, b + 1, batches);
    }
    const seconds = (performance.now() - start) / 1000;
    const val = valBatcher === null ? null : evaluate(model, loss, valBatcher, data.classes);
    const test = evaluate(model, loss, testBatcher, data.classes);
    // The run's last weights are its final ones unless early stopping may restore others: then this
    // pass's confusion matrix is the run's.
    if (epoch === epochs && early_stopping === null) finalConfusion = test.confusion;
    const metrics: EpochMetrics = {
      epoch,
      lr,
      train_loss: lossSum / N,
      train_accuracy: correct / N,
      ...(val === null ? {} : { val_loss: val.loss, val_accuracy: val.accuracy }),
      test_loss: test.loss,
      test_accuracy: test.accuracy,
      seconds,
    };
    history.push(metrics);
    if (early_stopping !== null && bestEpoch(history, spec.train) === epoch) live.forEach((a, i) => best[i].set(a));
    hooks.onCheckpoint?.({
      id,
      kernels: K.name,
      epoch,
      history,
      shuffle: shuffle.state(),
      noise: noise.state(),
      order: batcher.order,
      params: params.map((p) => p.value),
      optimizer: optimizer.state(),
      layers: layerState,
      best,
    });
    hooks.onEpoch?.(metrics);
  }
  if (!stoppedEarly && history.length < epochs) return paused(history, Math.min(stopAt, history.length), model.paramCount());
  // Early stopping keeps the best epoch's weights, whether or not it stopped before the end.
  const chosen = early_stopping === null ? history.length : bestEpoch(history, spec.train);
  if (early_stopping !== null) live.forEach((a, i) => a.set(best[i]));
  hooks.onTrained?.(model, stats, perFeature);
  const at = history[chosen - 1];
  const { val_loss, val_accuracy } = at;
  return {
    status: 'done',
    params: model.paramCount(),
    epochs: history,
    final: {
      train_loss: at.train_loss,
      train_accuracy: at.train_accuracy,
      test_loss: at.test_loss,
      test_accuracy: at.test_accuracy,
      ...(val_loss === undefined ? {} : { val_loss, val_accuracy }),
    },
    best_epoch: chosen,
    ...(early_stopping === null ? {} : { stopped_early: stoppedEarly }),
    confusion: finalConfusion ?? evaluate(model, loss, testBatcher, data.classes).confusion,
  };
}

/** A run stopped at a rung: its epochs so far, and their last one's metrics as the ones to rank it by. */
function paused(history: EpochMetrics[], rung: number, params: number): TrainOutcome {
  const { train_loss, train_accuracy, test_loss, test_accuracy, val_loss, val_accuracy } = history.at(-1)!;
  return {
    status: 'paused',
    params,
    epochs: history,
    final: { train_loss, train_accuracy, test_loss, test_accuracy, ...(val_loss === undefined ? {} : { val_loss, val_accuracy }) },
    rung,
  };
}

/** The epoch (1-based) with the best validation metric so far; the earliest wins ties. */
export function bestEpoch(history: readonly EpochMetrics[], train: TrainSpec): number {
  const metric = train.early_stopping?.metric ?? 'val_accuracy';
  const better = metric === 'val_loss' ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
  let best = 1;
  for (let e = 2; e <= history.length; e++) if (better(history[e - 1][metric] ?? NaN, history[best - 1][metric] ?? NaN)) best = e;
  return best;
}

/**
 * Loss, accuracy and confusion counts [true][predicted] of the model as it is. (Every pass counts
 * them, used or not, and the rows are counted in a function of their own: a pass that counted only
 * at the last epoch, or a row loop that V8 optimised while it ran, sent V8 back to unoptimised code
 * at the new branch or after the loop, and it optimised this again, in every worker.)
 */
export function evaluate(
  model: Sequential,
  loss: Loss,
  batcher: Batcher,
  classes: number,
): { loss: number; accuracy: number; confusion: number[][] } {
  const N = batcher.count;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let lossSum = 0,
    correct = 0;
  for (let start = 0; start < N; start += EVAL_BATCH) {
    const B = Math.min(EVAL_BATCH, N - start);
    const { X, y } = batcher.batch(start, B);
    const Z = model.forward(X, B, 'eval');
    lossSum += loss.forward(Z, y, B) * B;
    correct += countInto(Z, y, B, classes, confusion);
  }
  return { loss: lossSum / N, accuracy: correct / N, confusion };
}

/** Rows whose largest logit is the label; each row also counted in confusion[label][predicted]. */
function countInto(Z: Float32Array, y: Uint8Array, B: number, C: number, confusion: number[][]): number {
  let correct = 0;
  for (let r = 0; r < B; r++) {
    const predicted = argmax(Z, r * C, C);
    if (predicted === y[r]) correct++;
    confusion[y[r]][predicted]++;
  }
  return correct;
}

/** A label outside [0, classes) would index past the logits and poison the loss silently. */
function checkLabels(split: Split, classes: number, name: string): void {
  for (let i = 0; i < split.count; i++) {
    if (split.labels[i] >= classes)
      throw new Error(`${name} label ${split.labels[i]} at index ${i} is out of range for ${classes} classes`);
  }
}

/**
 * Why `state` cannot be this run's (arrays that do not fit the model, an order that is not a
 * permutation of the run's training examples, more epochs than the run has), or undefined.
 * `order` is the batcher's order before any shuffle: the run's examples.
 */
function misfitOf(state: TrainState, into: Record<StateGroup, Float32Array[]>, order: Uint32Array, epochs: number): string | undefined {
  const fits = (to: Float32Array[], from: Float32Array[]) => to.length === from.length && to.every((a, i) => a.length === from[i].length);
  const group = STATE_GROUPS.find((g) => !fits(into[g], state[g]));
  if (group !== undefined) return `its ${group} arrays do not fit this run's model`;
  if (!isPermutation(state.order, order)) return "its example order is not a permutation of this run's training examples";
  if (state.epoch > epochs) return `it is past epoch ${epochs}`;
  return undefined;
}

function isPermutation(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  const x = Uint32Array.from(a).sort(),
    y = Uint32Array.from(b).sort();
  return x.every((v, i) => v === y[i]);
}

/** The index of the largest of Z[o … o+C−1] (the first maximum wins ties). */
function argmax(Z: Float32Array, o: number, C: number): number {
  let best = 0;
  for (let c = 1; c < C; c++) if (Z[o + c] > Z[o + best]) best = c;
  return best;
}

/** Rows whose largest logit is the label. */
function countCorrect(Z: Float32Array, y: Uint8Array, B: number, C: number): number {
  let correct = 0;
  for (let r = 0; r < B; r++) if (argmax(Z, r * C, C) === y[r]) correct++;
  return correct;
}
