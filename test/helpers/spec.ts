// RunSpecs for tests that train directly: schema defaults (config/defaults.ts) under what a test sets.

import { defaultTrain } from '../../src/config/defaults.js';
import { machine } from '../../src/version.js';
import type { OptimizerSpec, RunResult, RunSpec, TrainSpec } from '../../src/types.js';

/** Plain SGD at learning rate lr (no momentum, no weight decay). */
export function sgd(lr: number): OptimizerSpec {
  return { sgd: { lr, momentum: 0, nesterov: false, weight_decay: 0 } };
}

/** A complete train section: the defaults, with `over` on top. */
export function trainWith(over: Partial<TrainSpec>): TrainSpec {
  return { ...defaultTrain(), ...over };
}

/** The learning rate of any optimizer spec (every optimizer has one). */
export function lrOf(optimizer: OptimizerSpec): number {
  return Object.values(optimizer)[0].lr;
}

/** A 12-unit MLP on the tiny dataset, trained with SGD at 0.3 in batches of 16: the run the checkpoint tests save. */
export function smallRun(epochs: number): RunSpec {
  return {
    experiment: 't',
    dataset: 'mnist',
    dataset_sha256: 'x',
    seed: 4,
    preprocess: 'scale',
    model: {
      layers: [{ linear: { units: 12, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }],
      loss: 'softmax-cross-entropy',
    },
    train: trainWith({ epochs, batch_size: 16, optimizer: sgd(0.3) }),
  };
}

/** One linear layer of 10 on MNIST, SGD at 0.1: a run for tests of the sweep machinery, which never trains it. */
export function linearRun(experiment: string, seed: number, epochs: number): RunSpec {
  return {
    experiment,
    dataset: 'mnist',
    dataset_sha256: 'x',
    seed,
    preprocess: 'scale',
    model: { layers: [{ linear: { units: 10, init: 'he' } }], loss: 'softmax-cross-entropy' },
    train: trainWith({ epochs, optimizer: sgd(0.1) }),
  };
}

/** A finished result of `spec` with made-up metrics, every epoch alike: what a stand-in pool returns. */
export function doneResult(id: string, spec: RunSpec): RunResult {
  const m = { train_loss: 1, train_accuracy: 0.5, test_loss: 1, test_accuracy: 0.5 };
  const now = new Date().toISOString();
  const epochs = spec.train.epochs;
  return {
    id,
    spec,
    status: 'done',
    params: 10,
    epochs: Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, lr: 0.1, ...m, seconds: 0.01 })),
    final: m,
    best_epoch: epochs,
    timing: { started: now, finished: now, seconds_total: 0.01 * epochs, seconds_per_epoch: 0.01 },
    env: machine(),
  };
}
