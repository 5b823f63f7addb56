// Defaults come from the schema's `default` keywords, filled only where the file says nothing.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadExperiment } from '../../src/config/index.js';
import { defaultTrain, fillDefaults } from '../../src/config/defaults.js';
import { fixture } from './fixtures.js';

test('a minimal file gets every default from the schema', () => {
  const file = fixture('minimal.yaml', 'name: tiny\ndataset: mnist\nmodel:\n  layers: [{ linear: 32 }, relu, linear]\n');
  assert.deepEqual(loadExperiment(file).experiment, {
    name: 'tiny',
    description: '',
    seed: 0,
    dataset: 'mnist',
    preprocess: 'scale',
    model: {
      layers: [{ linear: { units: 32, init: 'he' } }, { relu: {} }, { linear: { init: 'he' } }],
      loss: 'softmax-cross-entropy',
    },
    train: {
      epochs: 10,
      batch_size: 64,
      optimizer: { sgd: { lr: 0.1, momentum: 0, nesterov: false, weight_decay: 0 } },
      schedule: { constant: {} },
      warmup_epochs: 0,
      clip_norm: null,
      validation: 0,
      early_stopping: null,
    },
    save: 'none',
    search: { method: 'grid', metric: 'val_accuracy', min_epochs: 1, eta: 3 },
  });
});

test('values written in the file are kept; defaults fill only the gaps', () => {
  const file = fixture(
    'partial.yaml',
    `
name: tiny
description: A small one.
seed: 7
dataset: [fashion-mnist]
model:
  layers: [{ linear: { init: xavier } }]
train:
  batch_size: 8
  optimizer: { sgd: {} }
`,
  );
  const { experiment } = loadExperiment(file);
  assert.equal(experiment.description, 'A small one.');
  assert.equal(experiment.seed, 7);
  assert.deepEqual(experiment.dataset, ['fashion-mnist']);
  assert.deepEqual(experiment.model.layers, [{ linear: { init: 'xavier' } }]);
  assert.deepEqual(experiment.train, { ...defaultTrain(), batch_size: 8 });
  assert.deepEqual(experiment.train.optimizer, { sgd: { lr: 0.1, momentum: 0, nesterov: false, weight_decay: 0 } });
});

test('filling defaults does not touch its input, and shares no default object between results', () => {
  const input = { name: 'a', dataset: 'mnist', model: { layers: [{ relu: {} }] } };
  const snapshot = structuredClone(input);
  const first = fillDefaults(input) as { train: { optimizer: { sgd: { lr: number } } } };
  const second = fillDefaults(input) as typeof first;
  assert.deepEqual(input, snapshot);
  first.train.optimizer.sgd.lr = 5;
  assert.equal(second.train.optimizer.sgd.lr, 0.1);
});
