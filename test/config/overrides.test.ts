// `--set path=value`: YAML values typed by the schema, applied after extends and before
// validation, winning over the file and pinning swept fields.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandRuns, loadExperiment, parseExperiment } from '../../src/config/index.js';
import { configError, fixture, TEN_CLASSES, VALID } from './fixtures.js';
import { lrOf, sgd } from '../helpers/spec.js';

const load = (...set: string[]) => parseExperiment(VALID, 'x.yaml', { set });
const message = (...set: string[]): string => configError(() => load(...set)).message;

test('values are YAML: numbers, strings, mappings, layer lists', () => {
  const { experiment } = load(
    'train.epochs=3',
    'train.optimizer={sgd: {lr: 0.5}}',
    'description=two words',
    'model.layers=[{linear: 32}, relu, linear]',
  );
  assert.equal(experiment.train.epochs, 3);
  assert.deepEqual(experiment.train.optimizer, sgd(0.5));
  assert.equal(experiment.description, 'two words');
  assert.deepEqual(experiment.model.layers, [{ linear: { units: 32, init: 'he' } }, { relu: {} }, { linear: { init: 'he' } }]);
});

test('later --set wins; a --set creates what the file left out', () => {
  assert.equal(load('seed=1', 'seed=2').experiment.seed, 2);
  assert.equal(lrOf(load('train.optimizer.sgd.lr=0.01').experiment.train.optimizer), 0.01);
});

test('an option of a layer the file wrote in shorthand (`- linear: 32`)', () => {
  assert.deepEqual(load('model.layers[0].linear.init=xavier').experiment.model.layers[0], { linear: { units: 32, init: 'xavier' } });
  assert.deepEqual(load('model.layers[2].linear.units=10').experiment.model.layers[2], { linear: { units: 10, init: 'he' } });
});

test('applied after extends', () => {
  fixture('set-base.yaml', VALID);
  const file = fixture('set-child.yaml', 'extends: set-base.yaml\ntrain:\n  epochs: 7\n');
  assert.equal(loadExperiment(file, { set: ['train.epochs=9'] }).experiment.train.epochs, 9);
});

test('a wrong type names the argument and the field', () => {
  assert.equal(message('train.epochs=ten'), '--set train.epochs=ten: train.epochs: must be an integer, got "ten"');
  assert.equal(
    message('model.layers=[{linear: x}]'),
    '--set model.layers=[{linear: x}]: model.layers[0].linear: must be empty, an integer or a mapping, got "x"',
  );
});

test('an unknown path says so, with the nearest real path', () => {
  assert.equal(message('train.epoch=3'), '--set train.epoch=3: train has no field "epoch" (did you mean "train.epochs"?)');
  assert.equal(
    message('colour=red'),
    '--set colour=red: the experiment has no field "colour" (known: extends, name, description, seed, dataset, datasets, preprocess, model, train, save, search, sweep)',
  );
});

test('malformed arguments, all reported at once', () => {
  assert.deepEqual(message('train.epochs', 'a..b=1', 'seed=[', 'extends=x.yaml').split('\n'), [
    '--set a..b=1: "a..b" is not a field path: dotted names, [i] for list items (e.g. --set train.epochs=3)',
    '--set extends=x.yaml: extends is followed before --set applies; write it in the file',
    '--set seed=[: seed: invalid YAML value: Flow sequence must end with a ]',
    '--set train.epochs: expected path=value, e.g. --set train.epochs=3',
  ]);
});

test('a list index that does not exist', () => {
  assert.equal(
    message('model.layers[5].linear.units=3'),
    '--set model.layers[5].linear.units=3: model.layers[5].linear.units: cannot be set: model.layers has 3 items, so there is no [5]',
  );
});

const SWEPT = `${VALID}sweep:
  train.epochs: [1, 2]
  model.layers: [[linear], [{ linear: 8 }, relu, linear]]
  zip:
    - seed: [1, 2]
      train.batch_size: [8, 16]
  samples: 2
  random:
    train.optimizer.sgd.lr: { uniform: [0.01, 0.1] }
`;

test('setting a swept field pins it: its axis goes, the others stay', () => {
  const runs = (...set: string[]) => expandRuns(parseExperiment(SWEPT, 'x.yaml', { set }), TEN_CLASSES);
  assert.equal(runs().length, 2 * 2 * 2 * 2);
  assert.equal(runs('train.epochs=3').length, 2 * 2 * 2);
  assert.ok(runs('train.epochs=3').every((r) => r.spec.train.epochs === 3));
  assert.equal(runs('seed=9').length, 2 * 2 * 2 * 2); // the zip group keeps batch_size
  assert.ok(runs('seed=9').every((r) => r.spec.seed === 9));
  assert.equal(runs('train.optimizer={sgd: {lr: 0.5}}').length, 2 * 2 * 2); // a parent pins the random path below it
  assert.equal(runs('sweep.repeats=3').length, 2 * 2 * 2 * 2 * 3);
  assert.equal(runs('sweep.train.epochs=[1, 2, 3]').length, 3 * 2 * 2 * 2);
});

test('setting a field inside a swept value is an error: the sweep would replace it', () => {
  const err = configError(() => parseExperiment(SWEPT, 'x.yaml', { set: ['model.layers[0].linear.units=4'] }));
  assert.equal(
    err.message,
    '--set model.layers[0].linear.units=4: model.layers[0].linear.units: lies inside model.layers, which the sweep replaces in every run; change the sweep instead',
  );
});

test('a count past its maximum is an error naming the field: --set train.epochs=1e308', () => {
  assert.equal(message('train.epochs=1e308'), '--set train.epochs=1e308: train.epochs: must be ≤ 100000, got 1e+308');
  assert.equal(load('train.epochs=100000').experiment.train.epochs, 100000);
});
