// Each kind of user mistake gives one line naming file:line:col, the field, and what is wrong.
// Fixtures are short so their line numbers can be checked by eye (line 1 = the line after `).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandRuns, loadExperiment } from '../../src/config/index.js';
import { configError, fixture, KNOWN_LAYERS, TEN_CLASSES } from './fixtures.js';

/** The error message for a file holding `yaml`, with the temp path shown as `x.yaml`. */
function messageFor(yaml: string): string {
  const file = fixture('x.yaml', yaml);
  const err = configError(() => expandRuns(loadExperiment(file), TEN_CLASSES));
  return err.message.split(file).join('x.yaml');
}

test('wrong type: names the field and quotes the value', () => {
  const yaml = `
name: tiny
dataset: mnist
model: { layers: [linear] }
train:
  epochs: ten
`;
  assert.equal(messageFor(yaml), 'x.yaml:5:11: train.epochs: must be an integer, got "ten"');
});

test('below minimum (and ≤ 0 where the minimum is exclusive)', () => {
  const yaml = `
name: tiny
dataset: mnist
model: { layers: [linear] }
train:
  batch_size: 0
  optimizer: { sgd: { lr: 0 } }
`;
  assert.equal(
    messageFor(yaml),
    'x.yaml:5:15: train.batch_size: must be ≥ 1, got 0\nx.yaml:6:27: train.optimizer.sgd.lr: must be > 0, got 0',
  );
});

test('unknown key: points at the key and suggests the near spelling', () => {
  const yaml = `
name: tiny
dataset: mnist
model: { layers: [linear] }
train:
  optimiser: { sgd: { lr: 0.1 } }
colour: red
`;
  assert.equal(
    messageFor(yaml),
    'x.yaml:5:3: train.optimiser: unknown field (did you mean "optimizer"?)\n' +
      'x.yaml:6:1: colour: unknown field (known: extends, name, description, seed, dataset, datasets, preprocess, model, train, save, search, sweep)',
  );
});

test('unknown layer, in the name and the mapping form', () => {
  const yaml = `
name: tiny
dataset: mnist
model:
  layers:
    - rleu
    - rleu: {}
    - linear
`;
  assert.equal(
    messageFor(yaml),
    `x.yaml:5:7: model.layers[0]: unknown layer "rleu" (known: ${KNOWN_LAYERS})\n` +
      `x.yaml:6:7: model.layers[1]: unknown layer "rleu" (known: ${KNOWN_LAYERS})`,
  );
});

test('unknown dataset, alone or in a list', () => {
  assert.equal(
    messageFor('name: tiny\ndataset: mnsit\nmodel: { layers: [linear] }\n'),
    'x.yaml:2:10: dataset: unknown dataset "mnsit" (did you mean "mnist"? known: mnist, fashion-mnist; declare your own under datasets:)',
  );
  assert.equal(
    messageFor('name: tiny\ndataset: [mnist, fashon-mnist]\nmodel: { layers: [linear] }\n'),
    'x.yaml:2:18: dataset[1]: unknown dataset "fashon-mnist" (did you mean "fashion-mnist"? known: mnist, fashion-mnist; declare your own under datasets:)',
  );
});

test('missing required field: points at the mapping that lacks it', () => {
  const yaml = `
# a comment, so the mapping starts on line 2
dataset: mnist
model:
  loss: softmax-cross-entropy
`;
  assert.equal(messageFor(yaml), 'x.yaml:2:1: name: missing required field\nx.yaml:4:3: model.layers: missing required field');
});

test('invalid YAML syntax', () => {
  assert.equal(messageFor('name: "tiny\ndataset: mnist\n'), 'x.yaml:3:1: invalid YAML: Missing closing "quote');
  assert.equal(messageFor('name: tiny\n\tdataset: mnist\n'), 'x.yaml:2:1: invalid YAML: Tabs are not allowed as indentation');
  assert.equal(messageFor('name: tiny\nseed: *base\n'), 'x.yaml:2:7: invalid YAML: unknown alias *base');
});

test('duplicate key', () => {
  const yaml = `
name: tiny
dataset: mnist
model: { layers: [linear] }
train:
  epochs: 2
  epochs: 3
`;
  assert.equal(messageFor(yaml), 'x.yaml:6:3: train.epochs: duplicate key (each key may appear once per mapping)');
});

test('last layer width differs from the class count', () => {
  const yaml = `
name: tiny
dataset: mnist
model:
  layers:
    - linear: 32
    - relu
    - linear: 12
`;
  assert.equal(
    messageFor(yaml),
    'x.yaml:7:7: model.layers[2]: the last layer has 12 units but mnist has 10 classes (leave units out to use the class count)',
  );
});

test('last layer is not linear', () => {
  assert.equal(
    messageFor('name: tiny\ndataset: mnist\nmodel:\n  layers: [linear, relu]\n'),
    'x.yaml:4:20: model.layers[1]: the last layer must be linear (softmax-cross-entropy takes one logit per class), got relu',
  );
});

test('a value fitting no form gets one message, not one per anyOf branch', () => {
  const yaml = `
name: tiny
dataset: 7
model:
  layers:
    - 7
    - linear: { units: 1.5 }
    - linear: ten
`;
  assert.equal(
    messageFor(yaml),
    [
      'x.yaml:2:10: dataset: must be a dataset name (mnist, fashion-mnist, …) or a list, got 7',
      `x.yaml:5:7: model.layers[0]: must be a layer name (${KNOWN_LAYERS}) or a mapping, got 7`,
      'x.yaml:6:24: model.layers[1].linear.units: must be an integer, got 1.5',
      'x.yaml:7:15: model.layers[2].linear: must be empty, an integer or a mapping, got "ten"',
    ].join('\n'),
  );
});

test('every problem is reported, in file order; the error carries the first one', () => {
  const file = fixture('many.yaml', 'name: tiny\ntrain: { epochs: ten, batch_size: 0 }\ndataset: mnsit\nmodel: { layers: [linear] }\n');
  const err = configError(() => loadExperiment(file));
  assert.deepEqual(err.message.split('\n'), [
    `${file}:2:18: train.epochs: must be an integer, got "ten"`,
    `${file}:2:35: train.batch_size: must be ≥ 1, got 0`,
    `${file}:3:10: dataset: unknown dataset "mnsit" (did you mean "mnist"? known: mnist, fashion-mnist; declare your own under datasets:)`,
  ]);
  assert.deepEqual([err.file, err.line, err.col, err.path], [file, 2, 18, 'train.epochs']);
  assert.equal(err.problems.length, 3);
});

test('an empty file, and a missing one', () => {
  assert.equal(messageFor(''), 'x.yaml:1:1: the file is empty');
  assert.equal(messageFor('# nothing yet\n\n'), 'x.yaml:1:1: the file holds no fields (only comments)');
  const err = configError(() => loadExperiment('no/such/experiment.yaml'));
  assert.equal(err.message, 'no/such/experiment.yaml: cannot read the experiment file: no such file');
});
