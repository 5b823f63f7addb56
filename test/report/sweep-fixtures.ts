// Sweep-shaped fixture runs: replicates of an lr sweep (one of them diverged), an lr × batch
// grid, a random search, and more configs than a legend holds. Curves are made up but
// deterministic, and the replicate accuracies are round enough to check means by hand.

import type { RunResult } from '../../src/types.js';
import { makeRun } from './fixtures.js';

let next = 0;
/** Unique in its first 8 characters, which is what the tables show. */
function id(tag: string): string {
  next += 1;
  return `${tag}${String(next).padStart(8 - tag.length, '0')}00000000`;
}

/** Three epochs that end at `final` test accuracy and `loss` train loss. */
function curve(final: number, loss = 0.05): [number, number][] {
  return [
    [loss * 4, final - 0.02],
    [loss * 2, final - 0.01],
    [loss, final],
  ];
}

/** lr 0.03: 97.80%, 97.91%, 98.02% → mean 97.91%, sample std 0.11%. Train losses 0.05, 0.06, 0.07. */
export const LR_003 = [0.978, 0.9791, 0.9802].map((acc, i) =>
  makeRun({ id: id('r'), lr: 0.03, seed: 1 + i, curve: curve(acc, 0.05 + i / 100) }),
);

/** lr 0.1: two seeds finished (96.50%, 96.70%), the third diverged at epoch 2. */
export const LR_01 = [
  makeRun({ id: id('r'), lr: 0.1, seed: 1, curve: curve(0.965) }),
  makeRun({ id: id('r'), lr: 0.1, seed: 2, curve: curve(0.967) }),
  makeRun({
    id: id('r'),
    lr: 0.1,
    seed: 3,
    curve: [
      [2.3, 0.3],
      [NaN, 0.1],
    ],
    status: 'diverged',
    error: 'train_loss became NaN at epoch 2',
  }),
];

/** lr 0.01: 96.00%, 96.20%, 96.40%. */
export const LR_001 = [0.96, 0.962, 0.964].map((acc, i) => makeRun({ id: id('r'), lr: 0.01, seed: 1 + i, curve: curve(acc) }));

/** `repeats: 3` over `train.optimizer.sgd.lr: [0.1, 0.03, 0.01]`, in plan order. */
export const REPLICATES: RunResult[] = [...LR_01, ...LR_003, ...LR_001];

/** `train.optimizer.sgd.lr: [0.3, 0.1, 0.01]` × `train.batch_size: [32, 128]`, one seed; lr 0.3 at batch 32 diverged. */
export const GRID: RunResult[] = [0.3, 0.1, 0.01].flatMap((lr, i) =>
  [32, 128].map((batch, j) =>
    lr === 0.3 && batch === 32
      ? makeRun({ id: id('g'), lr, batch, curve: [[2.3, 0.1]], status: 'diverged', error: 'train_loss became NaN at epoch 2' })
      : makeRun({ id: id('g'), lr, batch, curve: curve(0.95 + i / 100 + j / 200) }),
  ),
);

/** A random search: log-uniform lr and a batch size per sample; no two share a value pair. */
export const RANDOM: RunResult[] = [
  [0.0123456789, 64],
  [0.0567891234, 32],
  [0.0012345678, 128],
  [0.2345678912, 64],
  [0.0034567891, 32],
].map(([lr, batch], i) => makeRun({ id: id('s'), lr, batch, curve: curve(0.93 + i / 100) }));

/** Two datasets × six learning rates: more configs than one legend reads well. */
export const MANY: RunResult[] = (['mnist', 'fashion-mnist'] as const).flatMap((dataset) =>
  [1, 0.3, 0.1, 0.03, 0.01, 0.003].map((lr, i) =>
    makeRun({ id: id('m'), dataset, lr, curve: curve((dataset === 'mnist' ? 0.95 : 0.85) + i / 200) }),
  ),
);
