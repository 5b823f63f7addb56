// RunSpecs for tests that train directly: schema defaults (config/defaults.ts) under what a test sets.

import { defaultTrain } from '../../src/config/defaults.js';
import type { OptimizerSpec, RunSpec, TrainSpec } from '../../src/types.js';

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
