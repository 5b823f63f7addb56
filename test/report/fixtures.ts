// Fixture RunResults for the report tests: small, hand-written, and varied where the report must
// cope (two datasets, a failed run, a diverged run, NaN stored as null). Runs with validation,
// early stopping and confusion matrices are in validation-fixtures.ts.

import { pinnedChecksum } from '../../src/data/official.js';
import type { EpochMetrics, LayerSpec, OptimizerSpec, RunResult } from '../../src/types.js';

export const MLP_128_64: LayerSpec[] = [
  { linear: { units: 128, init: 'he' } },
  { relu: {} },
  { linear: { units: 64, init: 'he' } },
  { relu: {} },
  { linear: { units: 10, init: 'he' } },
];

export const MLP_256: LayerSpec[] = [{ linear: { units: 256, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }];

/** (in+1)·out summed over the linears. */
export function paramCount(input: number, layers: readonly LayerSpec[]): number {
  let total = 0;
  let width = input;
  for (const l of layers) {
    if ('linear' in l) {
      total += (width + 1) * l.linear.units;
      width = l.linear.units;
    }
  }
  return total;
}

/** The checksums of the official files: the report marks any other as modified data. */
export const DATA_SHA256: Record<RunResult['spec']['dataset'], string> = {
  mnist: pinnedChecksum('mnist'),
  'fashion-mnist': pinnedChecksum('fashion-mnist'),
};

interface RunOptions {
  id: string;
  dataset?: RunResult['spec']['dataset'];
  /** Defaults to the dataset's DATA_SHA256. */
  sha256?: string;
  seed?: number;
  lr?: number;
  batch?: number;
  layers?: LayerSpec[];
  epochs?: number;
  /** Per epoch: [train_loss, test_accuracy]. */
  curve: [number, number][];
  status?: RunResult['status'];
  error?: string;
  params?: number;
  optimizer?: OptimizerSpec;
  /** Per epoch, the validation accuracy (validation loss: train loss × 1.05); sets train.validation 0.1. */
  val?: number[];
  /** Early stopping on val_accuracy with this patience. */
  patience?: number;
  /** The epoch whose weights were kept (default: the last); the final metrics are its. */
  kept?: number;
  confusion?: number[][];
}

export function makeRun(o: RunOptions): RunResult {
  const layers = o.layers ?? MLP_128_64;
  const epochs: EpochMetrics[] = o.curve.map(([loss, acc], i) => ({
    epoch: i + 1,
    lr: o.lr ?? 0.1,
    train_loss: loss,
    train_accuracy: Math.min(1, acc + 0.01),
    ...(o.val ? { val_loss: loss * 1.05, val_accuracy: o.val[i]! } : {}),
    test_loss: loss * 1.1,
    test_accuracy: acc,
    seconds: 2 + i * 0.25,
  }));
  const status = o.status ?? 'done';
  const last = o.kept === undefined ? epochs[epochs.length - 1] : epochs[o.kept - 1];
  const planned = o.epochs ?? 3;
  return {
    id: o.id,
    spec: {
      experiment: 'fixture-exp',
      dataset: o.dataset ?? 'mnist',
      dataset_sha256: o.sha256 ?? DATA_SHA256[o.dataset ?? 'mnist'],
      seed: o.seed ?? 1,
      preprocess: 'scale',
      model: { layers, loss: 'softmax-cross-entropy' },
      train: {
        epochs: planned,
        batch_size: o.batch ?? 64,
        optimizer: o.optimizer ?? { sgd: { lr: o.lr ?? 0.1, momentum: 0, nesterov: false, weight_decay: 0 } },
        schedule: { constant: {} },
        warmup_epochs: 0,
        clip_norm: null,
        validation: o.val ? 0.1 : 0,
        early_stopping: o.patience === undefined ? null : { metric: 'val_accuracy', patience: o.patience },
      },
    },
    status,
    ...(o.error === undefined ? {} : { error: o.error }),
    params: o.params ?? paramCount(784, layers),
    epochs,
    final:
      status === 'done' && last
        ? {
            train_loss: last.train_loss,
            train_accuracy: last.train_accuracy,
            test_loss: last.test_loss,
            test_accuracy: last.test_accuracy,
            ...(o.val ? { val_loss: last.val_loss!, val_accuracy: last.val_accuracy! } : {}),
          }
        : null,
    ...(status === 'done' && epochs.length > 0 ? { best_epoch: last!.epoch } : {}),
    ...(o.patience !== undefined && status === 'done' && epochs.length < planned ? { stopped_early: true } : {}),
    ...(o.confusion ? { confusion: o.confusion } : {}),
    timing: {
      started: '2025-11-27T05:30:00.000Z',
      finished: '2025-11-27T05:31:00.000Z',
      seconds_total: epochs.reduce((s, e) => s + e.seconds, 0),
      seconds_per_epoch: epochs.length > 0 ? epochs.reduce((s, e) => s + e.seconds, 0) / epochs.length : 0,
    },
    env: { mlplab: '0.1.0', node: 'v20.19.0', cpu: 'Test CPU @ 3.0GHz (8 cores)', platform: 'linux-x64' },
  };
}

export const MNIST = makeRun({
  id: 'aaaa1111bbbb2222',
  curve: [
    [0.4123, 0.9412],
    [0.1876, 0.9603],
    [0.1234, 0.9711],
  ],
});

export const FASHION = makeRun({
  id: 'cccc3333dddd4444',
  dataset: 'fashion-mnist',
  curve: [
    [0.6012, 0.8234],
    [0.4456, 0.8491],
    [0.3987, 0.8577],
  ],
});

export const FAILED = makeRun({
  id: 'eeee5555ffff6666',
  lr: 1,
  curve: [],
  status: 'failed',
  error: 'Error: worker crashed | out of memory\n    at Worker.<anonymous> (pool.js:1:1)',
  params: 0,
});

/** The three runs of a typical report, in sweep order. */
export const RUNS: RunResult[] = [MNIST, FASHION, FAILED];

/** A run whose loss blew up at epoch 2; JSON stored its NaN as null. */
export const DIVERGED: RunResult = (() => {
  const run = makeRun({
    id: '9999aaaa0000bbbb',
    lr: 5,
    curve: [
      [2.1, 0.2],
      [NaN, 0.098],
    ],
    status: 'diverged',
    error: 'train_loss became NaN at epoch 2',
  });
  return JSON.parse(JSON.stringify(run)) as RunResult;
})();
