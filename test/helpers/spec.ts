// RunSpecs for tests that train directly: schema defaults (config/defaults.ts) under what a test sets.

import { defaultTrain } from '../../src/config/defaults.js';
import type { OptimizerSpec, TrainSpec } from '../../src/types.js';

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
