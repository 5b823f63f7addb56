// Sweeps: grid, zip, random search and repeats, their product, and its order.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandRuns, parseExperiment, type PlannedRun } from '../../src/config/index.js';
import { TEN_CLASSES } from './fixtures.js';
import { lrOf } from '../helpers/spec.js';

const BASE = `
name: sw
seed: 5
dataset: mnist
model:
  layers:
    - linear: 128
    - relu
    - linear
train:
  epochs: 2
`;

function runsOf(sweep: string, base = BASE): PlannedRun[] {
  return expandRuns(parseExperiment(`${base}sweep:\n${sweep}`, 'x.yaml'), TEN_CLASSES);
}

/** Each run's changes as `path=value` text. */
const changes = (runs: PlannedRun[]): string[] => runs.map((r) => r.changes.map((c) => `${c.path}=${JSON.stringify(c.value)}`).join(' '));

test('a grid axis gives one run per value, in order, and only that field differs', () => {
  const runs = runsOf('  train.optimizer.sgd.lr: [0.1, 0.03, 0.01]\n');
  assert.deepEqual(
    runs.map((r) => lrOf(r.spec.train.optimizer)),
    [0.1, 0.03, 0.01],
  );
  assert.deepEqual(changes(runs), ['train.optimizer.sgd.lr=0.1', 'train.optimizer.sgd.lr=0.03', 'train.optimizer.sgd.lr=0.01']);
  assert.deepEqual({ ...runs[1].spec, train: runs[0].spec.train }, runs[0].spec);
  assert.equal(new Set(runs.map((r) => r.id)).size, 3);
});

test('a path indexes list items, and reaches options the shorthand `- linear: 128` left implicit', () => {
  const runs = runsOf('  model.layers[0].linear.units: [64, 256]\n  model.layers[0].linear.init: [xavier]\n');
  assert.deepEqual(
    runs.map((r) => r.spec.model.layers[0]),
    [{ linear: { units: 64, init: 'xavier' } }, { linear: { units: 256, init: 'xavier' } }],
  );
  // Also under a unit-less `- linear`, whose units were never written.
  const last = runsOf('  model.layers[2].linear.init: [xavier]\n');
  assert.deepEqual(last[0].spec.model.layers[2], { linear: { units: 10, init: 'xavier' } });
});

test('whole layer stacks are values, shorthands and defaults included', () => {
  const runs = runsOf('  model.layers: [[{linear: 64}, relu, linear], [{linear: {units: 32, init: xavier}}, relu, {linear: 10}]]\n');
  assert.deepEqual(
    runs.map((r) => r.spec.model.layers),
    [
      [{ linear: { units: 64, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }],
      [{ linear: { units: 32, init: 'xavier' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }],
    ],
  );
  assert.deepEqual(runs[0].changes, [{ path: 'model.layers', value: [{ linear: 64 }, 'relu', 'linear'] }]);
});

test('grid axes multiply, the first written outermost', () => {
  const runs = runsOf('  train.epochs: [1, 2]\n  train.batch_size: [16, 32, 64]\n');
  assert.deepEqual(
    runs.map((r) => [r.spec.train.epochs, r.spec.train.batch_size]),
    [
      [1, 16],
      [1, 32],
      [1, 64],
      [2, 16],
      [2, 32],
      [2, 64],
    ],
  );
});

test('a zip group changes its fields together instead of multiplying', () => {
  const runs = runsOf('  zip:\n    - train.epochs: [1, 2, 3]\n      train.optimizer.sgd.lr: [0.3, 0.2, 0.1]\n');
  assert.deepEqual(
    runs.map((r) => [r.spec.train.epochs, lrOf(r.spec.train.optimizer)]),
    [
      [1, 0.3],
      [2, 0.2],
      [3, 0.1],
    ],
  );
});

test('zip groups multiply with each other and with the grid', () => {
  const runs = runsOf(
    '  seed: [1, 2]\n  zip:\n    - train.epochs: [1, 2]\n      train.batch_size: [8, 16]\n    - model.layers[0].linear.units: [32, 64]\n',
  );
  assert.equal(runs.length, 8);
  assert.deepEqual(
    runs.slice(0, 4).map((r) => [r.spec.seed, r.spec.train.epochs, r.spec.train.batch_size, r.spec.model.layers[0]]),
    [
      [1, 1, 8, { linear: { units: 32, init: 'he' } }],
      [1, 1, 8, { linear: { units: 64, init: 'he' } }],
      [1, 2, 16, { linear: { units: 32, init: 'he' } }],
      [1, 2, 16, { linear: { units: 64, init: 'he' } }],
    ],
  );
});

const RANDOM = `  samples: 6
  random:
    train.optimizer.sgd.lr: { log_uniform: [0.001, 0.1] }
    train.batch_size: { int: [30, 32] }
    model.layers[0].linear.init: { choice: [he, xavier] }
    train.epochs: { uniform: [1, 1] }
`;

test('random search: the same file gives the same runs; another seed, other runs', () => {
  const a = runsOf(RANDOM),
    b = runsOf(RANDOM);
  assert.equal(a.length, 6);
  assert.deepEqual(
    b.map((r) => r.id),
    a.map((r) => r.id),
  );
  const other = runsOf(RANDOM, BASE.replace('seed: 5', 'seed: 6'));
  assert.notDeepEqual(
    other.map((r) => lrOf(r.spec.train.optimizer)),
    a.map((r) => lrOf(r.spec.train.optimizer)),
  );
});

test('random draws stay in range, integers inclusive, floats rounded to 4 significant digits', () => {
  const runs = runsOf(RANDOM.replace('samples: 6', 'samples: 40'));
  const lrs = runs.map((r) => lrOf(r.spec.train.optimizer));
  assert.ok(
    lrs.every((lr) => lr >= 0.001 && lr <= 0.1 && Number(lr.toPrecision(4)) === lr),
    lrs.join(' '),
  );
  assert.ok(lrs.some((lr) => lr < 0.01) && lrs.some((lr) => lr > 0.01), 'log-uniform reaches both decades');
  assert.deepEqual([...new Set(runs.map((r) => r.spec.train.batch_size))].sort(), [30, 31, 32]);
  const inits = runs.map((r) => r.spec.model.layers[0]).map((l) => ('linear' in l ? l.linear.init : ''));
  assert.deepEqual([...new Set(inits)].sort(), ['he', 'xavier']);
  assert.ok(runs.every((r) => r.spec.train.epochs === 1));
});

test('a random path draws from its own stream: adding another leaves its values as they were', () => {
  const one = runsOf('  samples: 4\n  random:\n    train.optimizer.sgd.lr: { uniform: [0.01, 0.5] }\n');
  const two = runsOf(
    '  samples: 4\n  random:\n    train.batch_size: { int: [1, 100] }\n    train.optimizer.sgd.lr: { uniform: [0.01, 0.5] }\n',
  );
  assert.deepEqual(
    two.map((r) => lrOf(r.spec.train.optimizer)),
    one.map((r) => lrOf(r.spec.train.optimizer)),
  );
});

test('repeats: replicate r gets seed + r, innermost, and the seed shows among the changes', () => {
  const runs = runsOf('  train.epochs: [1, 2]\n  repeats: 3\n');
  assert.deepEqual(
    runs.map((r) => [r.spec.train.epochs, r.spec.seed]),
    [
      [1, 5],
      [1, 6],
      [1, 7],
      [2, 5],
      [2, 6],
      [2, 7],
    ],
  );
  assert.deepEqual(changes(runs).slice(0, 2), ['train.epochs=1 seed=5', 'train.epochs=1 seed=6']);
  // Relative to a swept seed, too.
  assert.deepEqual(
    runsOf('  seed: [10, 20]\n  repeats: 2\n').map((r) => r.spec.seed),
    [10, 11, 20, 21],
  );
});

test('the full product: datasets × grid × zip × random samples × repeats, in that order', () => {
  const base = BASE.replace('dataset: mnist', 'dataset: [mnist, fashion-mnist]');
  const sweep =
    '  train.epochs: [1, 2]\n  zip:\n    - train.batch_size: [8, 16]\n  samples: 2\n  random:\n    train.optimizer.sgd.lr: { uniform: [0.01, 0.1] }\n  repeats: 2\n';
  const runs = runsOf(sweep, base);
  assert.equal(runs.length, 2 * 2 * 2 * 2 * 2);
  const key = (r: PlannedRun): string => `${r.spec.dataset} e${r.spec.train.epochs} b${r.spec.train.batch_size} s${r.spec.seed}`;
  assert.deepEqual(runs.slice(0, 9).map(key), [
    'mnist e1 b8 s5',
    'mnist e1 b8 s6',
    'mnist e1 b8 s5',
    'mnist e1 b8 s6',
    'mnist e1 b16 s5',
    'mnist e1 b16 s6',
    'mnist e1 b16 s5',
    'mnist e1 b16 s6',
    'mnist e2 b8 s5',
  ]);
  assert.notEqual(lrOf(runs[0].spec.train.optimizer), lrOf(runs[2].spec.train.optimizer));
  assert.ok(runs.slice(16).every((r) => r.spec.dataset === 'fashion-mnist'));
});

test('identical runs are planned once', () => {
  const runs = runsOf('  samples: 10\n  random:\n    train.epochs: { choice: [1, 2] }\n');
  assert.deepEqual(runs.map((r) => r.spec.train.epochs).sort(), [1, 2]);
});

test('a file without a sweep is one run per dataset with no changes', () => {
  const runs = expandRuns(parseExperiment(BASE, 'x.yaml'), TEN_CLASSES);
  assert.deepEqual(
    runs.map((r) => r.changes),
    [[]],
  );
});
