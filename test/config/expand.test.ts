// Expanding a validated experiment into RunSpecs: one run per dataset, units from the class count,
// the dataset's checksum in the spec (so in the id).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandRuns, parseExperiment, runSpec, type RunExperiment } from '../../src/config/index.js';
import type { DatasetName } from '../../src/types.js';
import { configError, context, TEN_CLASSES } from './fixtures.js';
import { lrOf, sgd, trainWith } from '../helpers/spec.js';

const MNIST_VS_FASHION = `
# yaml-language-server: $schema=../schema/experiment.schema.json
name: mnist-vs-fashion
description: The same MLP on handwritten digits and on clothing.
seed: 1
dataset: [mnist, fashion-mnist]     # one name, or a list: one run per dataset
model:
  layers:
    - linear: 128          # shorthand for { linear: { units: 128 } }
    - relu
    - linear: 64
    - relu
    - linear               # no units: output width = the dataset's number of classes
  loss: softmax-cross-entropy
train:
  epochs: 10
  batch_size: 64
  optimizer: { sgd: { lr: 0.1 } }
`;

test('a list of datasets gives one run per dataset, in order, otherwise identical', () => {
  const runs = expandRuns(parseExperiment(MNIST_VS_FASHION, 'mnist-vs-fashion.yaml'), TEN_CLASSES);
  assert.deepEqual(
    runs.map((r) => r.spec.dataset),
    ['mnist', 'fashion-mnist'],
  );
  assert.notEqual(runs[0].id, runs[1].id);
  assert.deepEqual(runs[0].spec, {
    experiment: 'mnist-vs-fashion',
    dataset: 'mnist',
    dataset_sha256: 'sha256-of-mnist',
    seed: 1,
    model: {
      layers: [
        { linear: { units: 128, init: 'he' } },
        { relu: {} },
        { linear: { units: 64, init: 'he' } },
        { relu: {} },
        { linear: { units: 10, init: 'he' } },
      ],
      loss: 'softmax-cross-entropy',
    },
    preprocess: 'scale',
    train: trainWith({ epochs: 10, batch_size: 64, optimizer: sgd(0.1) }),
  });
  assert.deepEqual({ ...runs[1].spec, dataset: 'mnist', dataset_sha256: 'sha256-of-mnist' }, runs[0].spec);
  assert.deepEqual(
    runs.map((r) => r.changes),
    [[], []],
  );
});

test('a unit-less linear layer takes each dataset its own class count', () => {
  const classesOf = (d: DatasetName): number => (d === 'mnist' ? 10 : 5);
  const runs = expandRuns(parseExperiment(MNIST_VS_FASHION, 'x.yaml'), context(classesOf));
  assert.deepEqual(
    runs.map((r) => r.spec.model.layers.at(-1)),
    [{ linear: { units: 10, init: 'he' } }, { linear: { units: 5, init: 'he' } }],
  );
});

test('runSpec is pure: no file, no positions, and the input is untouched', () => {
  const [variant] = parseExperiment(MNIST_VS_FASHION, 'x.yaml').variants;
  const snapshot = structuredClone(variant.experiment);
  const spec = runSpec(variant.experiment, TEN_CLASSES);
  assert.deepEqual(variant.experiment, snapshot);
  assert.ok(!Array.isArray(spec));
  Object.values(spec.train.optimizer)[0].lr = 9; // specs own their data
  assert.equal(lrOf(variant.experiment.train.optimizer), 0.1);

  const bad: RunExperiment = {
    ...variant.experiment,
    model: { ...variant.experiment.model, layers: [{ linear: { units: 3, init: 'he' } }] },
  };
  assert.deepEqual(runSpec(bad, TEN_CLASSES), [
    {
      file: '',
      line: 0,
      col: 0,
      path: ['model', 'layers', 0],
      message: 'the last layer has 3 units but mnist has 10 classes (leave units out to use the class count)',
    },
  ]);
});

test('the checksum comes from the context: other data, another run id', () => {
  const loaded = parseExperiment(MNIST_VS_FASHION, 'x.yaml');
  const a = expandRuns(loaded, TEN_CLASSES);
  const b = expandRuns(loaded, { classesOf: () => 10, checksumOf: (d) => (d === 'mnist' ? 'other-bytes' : 'sha256-of-fashion-mnist') });
  assert.equal(b[0].spec.dataset_sha256, 'other-bytes');
  assert.notEqual(a[0].id, b[0].id);
  assert.equal(a[1].id, b[1].id);
});

test('a width that fits one dataset but not the other is named once per dataset', () => {
  const yaml = 'name: t\ndataset: [mnist, fashion-mnist]\nmodel:\n  layers: [{ linear: 10 }]\n';
  const err = configError(() =>
    expandRuns(
      parseExperiment(yaml, 'x.yaml'),
      context((d) => (d === 'mnist' ? 10 : 5)),
    ),
  );
  assert.equal(
    err.message,
    'x.yaml:4:12: model.layers[0]: the last layer has 10 units but fashion-mnist has 5 classes (leave units out to use the class count)',
  );
});
