// Fixture runs with what newer results record: validation metrics, early stopping and test-set
// confusion matrices; and a way to turn any run into one stored before those existed.

import type { RunResult } from '../../src/types.js';
import { makeRun } from './fixtures.js';

/**
 * A run as stored before lr, validation, early stopping and confusion matrices were recorded:
 * no such fields in its epochs or result, and the spec of that time (sgd with lr alone).
 */
export function storedBeforeValidation(run: RunResult): RunResult {
  const { best_epoch: _best, stopped_early: _stopped, confusion: _confusion, ...rest } = JSON.parse(JSON.stringify(run)) as RunResult;
  const { preprocess: _preprocess, ...spec } = rest.spec;
  const { epochs, batch_size, optimizer } = spec.train;
  const lr = Object.values(optimizer)[0]!.lr;
  return {
    ...rest,
    spec: { ...spec, train: { epochs, batch_size, optimizer: { sgd: { lr } } } },
    epochs: rest.epochs.map(({ lr: _lr, val_loss: _vl, val_accuracy: _va, ...e }) => e),
    final: rest.final && {
      train_loss: rest.final.train_loss,
      train_accuracy: rest.final.train_accuracy,
      test_loss: rest.final.test_loss,
      test_accuracy: rest.final.test_accuracy,
    },
  } as unknown as RunResult;
}

/** A 3-class confusion matrix (rows: true class) small enough to check by hand. */
export const SMALL_CONFUSION = [
  [8, 1, 1], // 80% right; wrong twice, a tie: the first wrong class (1) is named
  [0, 9, 1], // 90%; mistaken for class 2
  [2, 3, 5], // 50%; mistaken for class 1 three times
];

/** A 10-class Fashion-MNIST matrix: 100 test images per class, shirts often taken for T-shirts. */
export function fashionConfusion(): number[][] {
  const m = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p): number => (t === p ? 90 : 0)));
  for (const t of [0, 2, 3, 4, 5, 7, 8, 9]) m[t]![(t + 1) % 10] = 10;
  m[1]![1] = 100;
  m[6]![6] = 60;
  m[6]![0] = 25;
  m[6]![2] = 10;
  m[6]![4] = 5;
  return m;
}

/**
 * Three Fashion-MNIST configs with a validation split and early stopping: the best on validation
 * (lr 0.03) is not the best on test (lr 0.1), so the confusion plot shows which rule was used.
 * lr 0.01 stopped early after epoch 3 and kept epoch 2.
 */
export const VALIDATED: RunResult[] = [
  makeRun({
    id: 'va11dad1aaaa0001',
    dataset: 'fashion-mnist',
    lr: 0.1,
    epochs: 4,
    patience: 1,
    confusion: fashionConfusion(),
    curve: [
      [0.6, 0.84],
      [0.45, 0.86],
      [0.42, 0.87],
      [0.4, 0.875],
    ],
    val: [0.85, 0.86, 0.865, 0.87],
  }),
  makeRun({
    id: 'va11dad2bbbb0002',
    dataset: 'fashion-mnist',
    lr: 0.03,
    epochs: 4,
    patience: 1,
    confusion: fashionConfusion(),
    curve: [
      [0.6, 0.83],
      [0.45, 0.85],
      [0.42, 0.855],
      [0.4, 0.86],
    ],
    val: [0.86, 0.87, 0.875, 0.88],
  }),
  makeRun({
    id: 'va11dad3cccc0003',
    dataset: 'fashion-mnist',
    lr: 0.01,
    epochs: 4,
    patience: 1,
    kept: 2,
    confusion: fashionConfusion(),
    curve: [
      [0.7, 0.8],
      [0.6, 0.82],
      [0.55, 0.81],
    ],
    val: [0.8, 0.83, 0.82],
  }),
];
