// Validation hold-out, early stopping, preprocessing, the confusion matrix and the recorded lr.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeState, encodeState } from '../../src/train/checkpoint.js';
import { holdout } from '../../src/train/holdout.js';
import { inputTable, pixelStats } from '../../src/train/preprocess.js';
import { bestEpoch, train } from '../../src/train/train.js';
import type { EpochMetrics, LayerSpec, RunSpec } from '../../src/types.js';
import { tinySplit } from '../helpers/tiny.js';
import { sgd, trainWith } from '../helpers/spec.js';

const LAYERS: LayerSpec[] = [{ linear: { units: 16, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }];
const spec = (over: Partial<RunSpec['train']> = {}, rest: Partial<RunSpec> = {}): RunSpec => ({
  experiment: 't',
  dataset: 'mnist',
  dataset_sha256: 'x',
  seed: 1,
  preprocess: 'scale',
  model: { layers: LAYERS, loss: 'softmax-cross-entropy' },
  train: trainWith({ epochs: 4, batch_size: 32, optimizer: sgd(0.5), ...over }),
  ...rest,
});
const data = { train: tinySplit(300, 1), test: tinySplit(100, 2), classes: 10 };
const strip = (o: ReturnType<typeof train>) => ({ ...o, epochs: o.epochs.map(({ seconds: _s, ...m }) => m) });

test('the hold-out is stratified, disjoint, complete and depends on the seed only', () => {
  const split = tinySplit(1000, 5);
  const h = holdout(split, 0.1, 10, 7);
  const all = [...h.train, ...h.validation].sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: 1000 }, (_, i) => i),
    'every example exactly once',
  );
  for (let c = 0; c < 10; c++) {
    const members = split.labels.filter((l) => l === c).length;
    const held = h.validation.filter((i) => split.labels[i] === c).length;
    assert.equal(held, Math.round(0.1 * members), `class ${c}`);
  }
  assert.deepEqual(holdout(split, 0.1, 10, 7), h);
  assert.notDeepEqual(holdout(split, 0.1, 10, 8).validation, h.validation);
  assert.equal(holdout(split, 0, 10, 7).validation.length, 0);
});

test('standardize uses the training examples only: mean 0, std 1 over them', () => {
  const split = tinySplit(200, 3);
  const examples = Uint32Array.from({ length: 150 }, (_, i) => i);
  const table = inputTable('standardize', split, examples);
  let n = 0,
    sum = 0,
    sq = 0;
  for (const idx of examples)
    for (let i = 0; i < 64; i++) {
      const x = table[split.images[idx * 64 + i]];
      n++;
      sum += x;
      sq += x * x;
    }
  assert.ok(Math.abs(sum / n) < 1e-5, `mean ${sum / n}`);
  assert.ok(Math.abs(sq / n - 1) < 1e-4, `var ${sq / n}`);
  const { mean } = pixelStats(split, examples);
  assert.notEqual(
    mean,
    pixelStats(
      split,
      Uint32Array.from({ length: 50 }, (_, i) => 150 + i),
    ).mean,
  );
  assert.deepEqual(
    inputTable('scale', split, examples),
    Float32Array.from({ length: 256 }, (_, b) => b / 255),
  );
});

test('with validation, every epoch records val metrics and the lr; the split changes training', () => {
  const out = train(spec({ validation: 0.2 }), 'v', data);
  for (const e of out.epochs) {
    assert.ok(e.val_accuracy !== undefined && e.val_accuracy >= 0 && e.val_accuracy <= 1);
    assert.ok(e.val_loss !== undefined && Number.isFinite(e.val_loss));
    assert.equal(e.lr, 0.5);
  }
  assert.equal(out.final!.val_accuracy, out.epochs[3].val_accuracy);
  const plain = train(spec(), 'v', data);
  assert.equal(plain.epochs[0].val_accuracy, undefined);
  assert.notDeepEqual(
    strip(out).epochs.map((e) => e.train_loss),
    strip(plain).epochs.map((e) => e.train_loss),
  );
});

test('the lr of each epoch follows warm-up and schedule', () => {
  const out = train(spec({ epochs: 5, warmup_epochs: 2, schedule: { step: { every: 1, gamma: 0.5 } } }), 's', data);
  assert.deepEqual(
    out.epochs.map((e) => e.lr),
    [0.25, 0.5, 0.5, 0.25, 0.125],
  );
});

test('the confusion matrix counts the test set and agrees with the final test accuracy', () => {
  const out = train(spec(), 'c', data);
  const C = out.confusion!;
  assert.equal(C.length, 10);
  assert.equal(
    C.flat().reduce((a, b) => a + b, 0),
    100,
  );
  const correct = C.reduce((s, row, i) => s + row[i], 0);
  assert.equal(correct / 100, out.final!.test_accuracy);
  C.forEach((row, t) =>
    assert.equal(
      row.reduce((a, b) => a + b, 0),
      data.test.labels.filter((l) => l === t).length,
    ),
  );
});

test('bestEpoch: highest val accuracy or lowest val loss, earliest on ties', () => {
  const h = [0.5, 0.7, 0.7, 0.6].map((a, i) => ({ epoch: i + 1, val_accuracy: a, val_loss: 1 - a }) as EpochMetrics);
  assert.equal(bestEpoch(h, trainWith({ early_stopping: { metric: 'val_accuracy', patience: 2 } })), 2);
  assert.equal(bestEpoch(h, trainWith({ early_stopping: { metric: 'val_loss', patience: 2 } })), 2);
});

test('early stopping stops after `patience` epochs without improvement and keeps the best weights', () => {
  // A learning rate so high the run gets worse after its first epochs.
  const s = spec({ epochs: 30, validation: 0.2, optimizer: sgd(3), early_stopping: { metric: 'val_loss', patience: 2 } });
  const out = train(s, 'e', data);
  assert.equal(out.status, 'done');
  const best = out.best_epoch!;
  assert.equal(best, bestEpoch(out.epochs, s.train));
  if (out.stopped_early) assert.equal(out.epochs.length, best + 2);
  else assert.equal(out.epochs.length, 30);
  const at = out.epochs[best - 1];
  assert.equal(out.final!.val_loss, at.val_loss);
  assert.equal(out.final!.test_accuracy, at.test_accuracy);
  // The confusion matrix is computed from the restored weights: it reproduces the best epoch's test accuracy.
  assert.equal(out.confusion!.reduce((n, row, i) => n + row[i], 0) / 100, at.test_accuracy);
});

test('a run that stops improving stops `patience` epochs after its best', () => {
  // With a learning rate of 0 nothing changes: epoch 1 stays the best (ties do not count as improving).
  const out = train(
    spec({ epochs: 40, validation: 0.3, optimizer: sgd(0), early_stopping: { metric: 'val_loss', patience: 3 } }),
    'o',
    data,
  );
  assert.equal(out.stopped_early, true);
  assert.equal(out.best_epoch, 1);
  assert.equal(out.epochs.length, 4);
});

test('resuming a run with validation, early stopping, dropout and batchnorm ends bit-identical', () => {
  const layers: LayerSpec[] = [
    { linear: { units: 16, init: 'he' } },
    { batchnorm: { momentum: 0.1, eps: 1e-5 } },
    { relu: {} },
    { dropout: { rate: 0.3 } },
    { linear: { units: 10, init: 'he' } },
  ];
  const s = spec(
    {
      epochs: 8,
      validation: 0.2,
      optimizer: { adam: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 } },
      early_stopping: { metric: 'val_accuracy', patience: 3 },
      clip_norm: 1,
    },
    { model: { layers, loss: 'softmax-cross-entropy' }, preprocess: 'standardize' },
  );
  const saved: Uint8Array[] = [];
  const full = train(s, 'r', data, { onCheckpoint: (st) => saved.push(encodeState(st)) });
  assert.equal(full.status, 'done');
  for (const at of [1, 3, saved.length - 1]) {
    const resumed = train(s, 'r', data, {}, decodeState(saved[at - 1], 'r'));
    assert.deepEqual(strip(resumed), strip(full), `resumed after epoch ${at}`);
  }
});
