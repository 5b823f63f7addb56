// Pairing the runs of two revisions: by id, else by spec without a setting every run changed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runId } from '../../src/config/id.js';
import { matchRuns } from '../../src/compare/match.js';
import type { RunResult, RunSpec } from '../../src/types.js';
import { doneResult, linearRun, sgd, trainWith } from '../helpers/spec.js';

const runs = (specs: RunSpec[]): Map<string, RunResult> => new Map(specs.map((s) => [runId(s), doneResult(runId(s), s)]));
const withLr = (seed: number, lr: number): RunSpec => ({ ...linearRun('e', seed, 2), train: trainWith({ epochs: 2, optimizer: sgd(lr) }) });

test('runs pair by id; a swept value replaced is one run removed and one added', () => {
  const m = matchRuns(runs([withLr(1, 0.1), withLr(1, 0.2)]), runs([withLr(1, 0.1), withLr(1, 0.3)]));
  assert.deepEqual([m.pairs.length, m.removed.length, m.added.length, m.ignored], [1, 1, 1, []]);
});

test('a setting every run changed is left out to pair the runs, and named', () => {
  const m = matchRuns(runs([withLr(1, 0.1), withLr(2, 0.1)]), runs([withLr(1, 0.05), withLr(2, 0.05), withLr(3, 0.05)]));
  assert.deepEqual(m.ignored, ['train.optimizer.sgd.lr']);
  assert.deepEqual(
    m.pairs.map(([b, a]) => [b.spec.seed, a.spec.seed]),
    [
      [1, 1],
      [2, 2],
    ],
  );
  assert.deepEqual(
    m.added.map((r) => r.spec.seed),
    [3],
  );
});

test('mnist-vs-fashion retrained with 5 seeds and a cosine schedule: seed 1 pairs, seeds 2–5 are added', () => {
  const cosine = (seed: number): RunSpec => {
    const s = linearRun('e', seed, 2);
    return { ...s, train: { ...s.train, schedule: { cosine: { min_factor: 0 } } } };
  };
  const m = matchRuns(runs([linearRun('e', 1, 2)]), runs([1, 2, 3, 4, 5].map(cosine)));
  assert.deepEqual(m.ignored, ['train.schedule']);
  assert.deepEqual(
    m.pairs.map(([b, a]) => [b.spec.seed, a.spec.seed]),
    [[1, 1]],
  );
  assert.deepEqual(
    m.added.map((r) => r.spec.seed),
    [2, 3, 4, 5],
  );
});
