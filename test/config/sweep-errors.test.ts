// Mistakes in a sweep block: each names file:line:col, the sweep entry and what to do.
// Line 1 is the line after the opening backtick; the base part (BASE) takes lines 1–8.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandRuns, loadExperiment, parseExperiment } from '../../src/config/index.js';
import { configError, fixture, KNOWN_LAYERS, TEN_CLASSES, VALID } from './fixtures.js';

const BASE = `name: sw
dataset: mnist
model:
  layers:
    - linear: 32
    - relu
    - linear
sweep:
`;

/** The problems of a file whose sweep block is `sweep` (starting on line 9), with the path shown as x.yaml. */
function problems(sweep: string, base = BASE): string[] {
  const file = fixture('sweep.yaml', `${base}${sweep}`);
  const err = configError(() => expandRuns(loadExperiment(file), TEN_CLASSES));
  return err.message.split(file).join('x.yaml').split('\n');
}

test('a path that names no field: at the key, with the nearest real path', () => {
  assert.deepEqual(problems('  train.optimiser.sgd.lr: [0.1]\n  model.layer[0].linear.units: [1]\n'), [
    'x.yaml:9:3: sweep["train.optimiser.sgd.lr"]: train has no field "optimiser" (did you mean "train.optimizer.sgd.lr"?)',
    'x.yaml:10:3: sweep["model.layer[0].linear.units"]: model has no field "layer" (did you mean "model.layers[0].linear.units"?)',
  ]);
});

test('a misspelt reserved word is suggested as such', () => {
  assert.deepEqual(problems('  sample: 3\n'), ['x.yaml:9:3: sweep.sample: the experiment has no field "sample" (did you mean "samples"?)']);
});

test('paths into a list and into a number', () => {
  assert.deepEqual(problems('  model.layers.linear: [1]\n  train.epochs[0]: [1]\n'), [
    'x.yaml:9:3: sweep["model.layers.linear"]: model.layers is a list: name an item with [i], e.g. model.layers[0]',
    'x.yaml:10:3: sweep["train.epochs[0]"]: train.epochs is not a list, so [0] names nothing',
  ]);
});

test('a key that is not a path at all', () => {
  assert.deepEqual(problems('  "train..epochs": [1]\n'), [
    'x.yaml:9:3: sweep["train..epochs"]: "train..epochs" is not a field path (dotted names with [i] for list items, e.g. model.layers[0].linear.units)',
  ]);
});

test('an empty list, and a list that repeats a value', () => {
  assert.deepEqual(problems('  train.epochs: []\n  train.batch_size: [8, 8]\n'), [
    'x.yaml:9:17: sweep["train.epochs"]: must have at least 1 item, got 0',
    'x.yaml:10:21: sweep["train.batch_size"]: lists 8 twice',
  ]);
});

test('random without samples, and samples without random', () => {
  assert.deepEqual(problems('  random:\n    train.epochs: { int: [1, 3] }\n'), ['x.yaml:9:3: sweep.random: needs "samples" beside it']);
  assert.deepEqual(problems('  samples: 4\n'), ['x.yaml:9:3: sweep.samples: needs "random" beside it']);
});

test('zip groups of unequal lengths', () => {
  assert.deepEqual(problems('  zip:\n    - train.epochs: [1, 2]\n      train.batch_size: [8, 16, 32]\n'), [
    'x.yaml:10:7: sweep.zip[0]: the lists of a zip group change together, so they need the same length: train.epochs has 2, train.batch_size has 3',
  ]);
});

test('distributions: unknown name, bad range, log_uniform from 0', () => {
  const sweep =
    '  samples: 2\n  random:\n    train.epochs: { normal: [1, 2] }\n    seed: { int: [9, 1] }\n    train.optimizer.sgd.lr: { log_uniform: [0, 1] }\n';
  assert.deepEqual(problems(sweep), [
    'x.yaml:11:21: sweep.random["train.epochs"]: unknown distribution "normal" (known: choice, uniform, log_uniform, int)',
    'x.yaml:12:18: sweep.random.seed.int: a range is [lo, hi] with lo ≤ hi, got [9, 1]',
    'x.yaml:13:45: sweep.random["train.optimizer.sgd.lr"].log_uniform[0]: must be > 0, got 0',
  ]);
});

test('a field swept in two places, or one inside another', () => {
  assert.deepEqual(
    problems(
      '  train.epochs: [1, 2]\n  zip:\n    - train.epochs: [3, 4]\n  model.layers: [[linear]]\n  model.layers[0].linear.units: [10]\n',
    ),
    [
      'x.yaml:11:7: sweep.zip[0]["train.epochs"]: already swept by sweep["train.epochs"]: sweep a field in one place',
      'x.yaml:13:3: sweep["model.layers[0].linear.units"]: already swept by sweep["model.layers"]: sweep a field in one place',
    ],
  );
});

test('fields that are not settings of a run cannot be swept', () => {
  assert.deepEqual(problems('  name: [a, b]\n'), [
    'x.yaml:9:3: sweep.name: name cannot be swept: the experiment has one name (it names the results folder)',
  ]);
  assert.deepEqual(problems('  save: [none, all]\n'), [
    'x.yaml:9:3: sweep.save: save cannot be swept: which models to keep is chosen once for the whole experiment, after every run is done',
  ]);
  assert.deepEqual(problems('  dataset: [mnist]\n', BASE.replace('dataset: mnist', 'dataset: [mnist, fashion-mnist]')), [
    'x.yaml:9:3: sweep.dataset: dataset is already a list (one run per dataset): vary it in one place',
  ]);
});

test('a swept value of the wrong type: at the value in the sweep, named by the field it sets', () => {
  assert.deepEqual(problems('  train.epochs: [1, ten, 2.5]\n  train.optimizer.sgd.lr: [0.1, 0]\n'), [
    'x.yaml:9:21: train.epochs: must be an integer, got "ten"',
    'x.yaml:9:26: train.epochs: must be an integer, got 2.5',
    'x.yaml:10:33: train.optimizer.sgd.lr: must be > 0, got 0',
  ]);
});

test('a problem inside a swept layer stack points inside that stack', () => {
  const sweep = '  model.layers:\n    - [{ linear: 64 }, relu, linear]\n    - [{ linear: x }, rleu, linear]\n';
  assert.deepEqual(problems(sweep), [
    'x.yaml:11:18: model.layers[0].linear: must be empty, an integer or a mapping, got "x"',
    `x.yaml:11:23: model.layers[1]: unknown layer "rleu" (known: ${KNOWN_LAYERS})`,
  ]);
});

test('a swept stack that cannot feed the loss: at that stack, found when planning', () => {
  assert.deepEqual(problems('  model.layers: [[linear], [{ linear: 32 }, relu]]\n'), [
    'x.yaml:9:45: model.layers[1]: the last layer must be linear (softmax-cross-entropy takes one logit per class), got relu',
  ]);
});

test('a random draw of the wrong type points at the distribution, or at the chosen item', () => {
  const [drawn] = problems('  samples: 1\n  random:\n    train.epochs: { uniform: [1, 3] }\n');
  assert.match(drawn, /^x\.yaml:11:19: train\.epochs: must be an integer, got [12]\.\d{1,3}$/);
  assert.deepEqual(problems('  samples: 8\n  random:\n    train.batch_size: { choice: [8, big] }\n'), [
    'x.yaml:11:37: train.batch_size: must be an integer, got "big"',
  ]);
});

test('a sweep block of the wrong shape', () => {
  assert.deepEqual(problems('  train.epochs: 3\n  zip: { train.epochs: [1] }\n  repeats: 0\n'), [
    'x.yaml:9:17: sweep["train.epochs"]: must be a list, got 3',
    'x.yaml:10:8: sweep.zip: must be a list, got a mapping',
    'x.yaml:11:12: sweep.repeats: must be ≥ 1, got 0',
  ]);
});

test('a sweep of more runs than one experiment may plan is refused before its points are made', () => {
  const text = `${VALID}sweep:\n  train.epochs: [${Array.from({ length: 400 }, (_, i) => i + 1).join(', ')}]\n  seed: [${Array.from({ length: 300 }, (_, i) => i).join(', ')}]\n  repeats: 1000\n`;
  assert.equal(
    configError(() => parseExperiment(text, 'x.yaml')).message,
    `x.yaml:${VALID.split('\n').length}:1: sweep: expands to 120,000,000 runs, more than the 100,000 one experiment may plan: narrow the sweep, or split it into several experiments`,
  );
});
