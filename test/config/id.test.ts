// Run ids: a hash of the canonical JSON of the spec's identity (no-op defaults left out, see
// identity.test.ts) — fixed for a fixed spec, blind to key order, different when any field differs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { legacyRunId } from '../../src/config/id.js';
import { canonicalJson, expandRuns, loadExperiment, runId } from '../../src/config/index.js';
import type { RunSpec } from '../../src/types.js';
import { fixture } from './fixtures.js';
import { sgd, trainWith } from '../helpers/spec.js';

const SPEC: RunSpec = {
  experiment: 'tiny',
  dataset: 'mnist',
  dataset_sha256: 'c0ffee',
  seed: 1,
  preprocess: 'scale',
  model: {
    layers: [{ linear: { units: 32, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'xavier' } }],
    loss: 'softmax-cross-entropy',
  },
  train: trainWith({ epochs: 2, batch_size: 64, optimizer: sgd(0.05) }),
};

test('canonical JSON: keys sorted, no whitespace, numbers as JavaScript prints them', () => {
  assert.equal(
    canonicalJson(SPEC),
    '{"dataset":"mnist","dataset_sha256":"c0ffee","experiment":"tiny","model":{"layers":[{"linear":{"init":"he","units":32}},{"relu":{}},' +
      '{"linear":{"init":"xavier","units":10}}],"loss":"softmax-cross-entropy"},"preprocess":"scale","seed":1,' +
      '"train":{"batch_size":64,"clip_norm":null,"early_stopping":null,"epochs":2,' +
      '"optimizer":{"sgd":{"lr":0.05,"momentum":0,"nesterov":false,"weight_decay":0}},"schedule":{"constant":{}},"validation":0,"warmup_epochs":0}}',
  );
  assert.equal(canonicalJson({ b: [1e-7, -0, 1.5e300], a: 'é"', c: undefined }), '{"a":"é\\"","b":[1e-7,0,1.5e+300]}');
  assert.throws(() => canonicalJson({ lr: Number.NaN }), TypeError);
});

test("a fixed spec has a fixed id (sha256 of its identity's canonical JSON, 12 hex digits)", () => {
  // Changing this id changes every stored run's file name: do it only on purpose. (It changed
  // when dataset_sha256 joined the spec, and when no-op defaults left the identity.)
  assert.equal(runId(SPEC), '9dbb0b20ee52');
  // mlplab 0.1's id, the hash of the whole spec: still recognised in run files it wrote.
  assert.equal(legacyRunId(SPEC), '2ffec917ce98');
});

test('key order in the YAML does not change the id', () => {
  const a = fixture(
    'ordered.yaml',
    `
name: tiny
seed: 1
dataset: mnist
model:
  layers: [{ linear: { units: 32, init: he } }, relu, { linear: { init: xavier } }]
  loss: softmax-cross-entropy
train: { epochs: 2, batch_size: 64, optimizer: { sgd: { lr: 0.05 } } }
`,
  );
  const b = fixture(
    'shuffled.yaml',
    `
train: { optimizer: { sgd: { lr: 0.05 } }, batch_size: 64, epochs: 2 }
model:
  loss: softmax-cross-entropy
  layers: [{ linear: { init: he, units: 32 } }, relu, { linear: { init: xavier } }]
dataset: mnist
seed: 1
name: tiny
`,
  );
  const ctx = { classesOf: () => 10, checksumOf: () => 'c0ffee' };
  const [runA] = expandRuns(loadExperiment(a), ctx);
  const [runB] = expandRuns(loadExperiment(b), ctx);
  assert.equal(runA.id, '9dbb0b20ee52');
  assert.equal(runB.id, runA.id);
});

test('any differing field gives a different id', () => {
  const variants: RunSpec[] = [
    { ...SPEC, experiment: 'other' },
    { ...SPEC, dataset: 'fashion-mnist' },
    { ...SPEC, dataset_sha256: 'c0ffef' },
    { ...SPEC, seed: 2 },
    { ...SPEC, model: { ...SPEC.model, layers: [{ linear: { units: 10, init: 'he' } }] } },
    { ...SPEC, model: { ...SPEC.model, layers: [{ linear: { units: 33, init: 'he' } }, ...SPEC.model.layers.slice(1)] } },
    { ...SPEC, model: { ...SPEC.model, layers: [{ linear: { units: 32, init: 'xavier' } }, ...SPEC.model.layers.slice(1)] } },
    { ...SPEC, train: { ...SPEC.train, epochs: 3 } },
    { ...SPEC, train: { ...SPEC.train, batch_size: 32 } },
    { ...SPEC, train: { ...SPEC.train, optimizer: sgd(0.1) } },
  ];
  const ids = new Set([SPEC, ...variants].map((s) => runId(s)));
  assert.equal(ids.size, variants.length + 1);
});
