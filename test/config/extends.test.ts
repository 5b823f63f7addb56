// `extends:` — a file built on another: mappings merge (a one-key choice named anew replaces), lists
// are replaced, paths are relative to the file that says them, chains work, and cycles and missing
// files are errors at the `extends`.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandRuns, loadExperiment } from '../../src/config/index.js';
import { configError, fixture, FIXTURES, TEN_CLASSES } from './fixtures.js';
import { sgd, trainWith } from '../helpers/spec.js';

const COMMON = `
seed: 3
dataset: [mnist, fashion-mnist]
model:
  layers: [{ linear: 64 }, relu, linear]
train:
  epochs: 4
  optimizer: { sgd: { lr: 0.05 } }
`;

test('mappings merge key by key; lists and values are replaced', () => {
  fixture('common.yaml', COMMON);
  const file = fixture(
    'child.yaml',
    'name: child\nextends: common.yaml\ndataset: [mnist]\ntrain:\n  epochs: 2\nmodel:\n  layers: [linear]\n',
  );
  const { experiment } = loadExperiment(file);
  assert.equal(experiment.seed, 3); // from the base
  assert.deepEqual(experiment.dataset, ['mnist']); // a list replaces the base's list
  assert.deepEqual(experiment.train, trainWith({ epochs: 2, batch_size: 64, optimizer: sgd(0.05) })); // merged
  assert.deepEqual(experiment.model.layers, [{ linear: { init: 'he' } }]); // replaced, not merged item by item
});

test("a choice of one (optimizer, schedule) named anew replaces the base's; the same name merges", () => {
  fixture('choice-base.yaml', `${COMMON}  schedule: { step: { every: 2 } }\n`);
  const other = loadExperiment(
    fixture(
      'choice-other.yaml',
      'name: other\nextends: choice-base.yaml\ntrain:\n  optimizer: { adam: { lr: 0.002 } }\n  schedule: { constant: {} }\n',
    ),
  );
  assert.deepEqual(other.experiment.train.optimizer, { adam: { lr: 0.002, beta1: 0.9, beta2: 0.999, eps: 1e-8 } });
  assert.deepEqual(other.experiment.train.schedule, { constant: {} });
  const same = loadExperiment(
    fixture('choice-same.yaml', 'name: same\nextends: choice-base.yaml\ntrain:\n  optimizer: { sgd: { momentum: 0.9 } }\n'),
  );
  assert.deepEqual(same.experiment.train.optimizer, { sgd: { lr: 0.05, momentum: 0.9, nesterov: false, weight_decay: 0 } });
  assert.deepEqual(same.experiment.train.schedule, { step: { every: 2, gamma: 0.1 } });
});

test('paths are relative to the file that holds them, through a chain', () => {
  fixture('shared/common.yaml', COMMON);
  fixture('shared/mid.yaml', 'extends: common.yaml\ntrain:\n  batch_size: 8\n');
  const file = fixture('deep/child.yaml', 'name: chained\nextends: ../shared/mid.yaml\n');
  const loaded = loadExperiment(file);
  assert.deepEqual(loaded.experiment.train, trainWith({ epochs: 4, batch_size: 8, optimizer: sgd(0.05) }));
  assert.deepEqual(
    loaded.sources.map((s) => s.file.slice(FIXTURES.length + 1)),
    ['deep/child.yaml', 'shared/mid.yaml', 'shared/common.yaml'],
  );
  assert.equal(expandRuns(loaded, TEN_CLASSES).length, 2);
});

test('a sweep in a base file applies to the files that extend it', () => {
  fixture('swept.yaml', `${COMMON}sweep:\n  train.epochs: [1, 2]\n`);
  const file = fixture('uses-sweep.yaml', 'name: s\nextends: swept.yaml\ndataset: mnist\nsweep:\n  repeats: 2\n');
  assert.deepEqual(
    expandRuns(loadExperiment(file), TEN_CLASSES).map((r) => [r.spec.train.epochs, r.spec.seed]),
    [
      [1, 3],
      [1, 4],
      [2, 3],
      [2, 4],
    ],
  );
});

/** The error message of loading `file`, with the fixture folder left out of paths. */
function messageOf(file: string): string {
  const root = `${FIXTURES}/`;
  return configError(() => loadExperiment(file))
    .message.split(root)
    .join('');
}

test('a cycle: at the extends that closes it, with the chain', () => {
  const a = fixture('cycle-a.yaml', 'name: a\nextends: cycle-b.yaml\n');
  fixture('cycle-b.yaml', 'dataset: mnist\nextends: ./cycle-a.yaml\n');
  assert.equal(messageOf(a), 'cycle-b.yaml:2:10: extends: makes a cycle: cycle-a.yaml → cycle-b.yaml → cycle-a.yaml');
  assert.equal(
    messageOf(fixture('self.yaml', 'name: s\n\nextends: self.yaml\n')),
    'self.yaml:3:10: extends: makes a cycle: self.yaml → self.yaml',
  );
});

test('a missing base file: at the extends line', () => {
  assert.equal(
    messageOf(fixture('lost.yaml', 'name: lost\n# the base\nextends: nowhere/base.yaml\n')),
    'lost.yaml:3:10: extends: cannot read the base file nowhere/base.yaml: no such file',
  );
});

test('extends must be a path', () => {
  assert.equal(messageOf(fixture('num.yaml', 'name: n\nextends: 7\n')), 'num.yaml:2:10: extends: must be the path of a base file, got 7');
});

test('a problem in a base file points into the base file', () => {
  fixture('bad-base.yaml', 'dataset: mnist\nmodel: { layers: [linear] }\ntrain:\n  batch_size: 0\n');
  assert.equal(
    messageOf(fixture('on-bad.yaml', 'name: x\nextends: bad-base.yaml\n')),
    'bad-base.yaml:4:15: train.batch_size: must be ≥ 1, got 0',
  );
  fixture('broken.yaml', 'train: { epochs: 1\n');
  assert.match(messageOf(fixture('on-broken.yaml', 'name: x\nextends: broken.yaml\n')), /^broken\.yaml:2:1: invalid YAML: /);
  fixture('list.yaml', '- 1\n');
  assert.equal(
    messageOf(fixture('on-list.yaml', 'name: x\nextends: list.yaml\n')),
    'list.yaml:1:1: a base file must hold a mapping of fields, got a list',
  );
});

test('a value overridden by the child is blamed on the child; a missing field on the file named', () => {
  fixture('fine-base.yaml', COMMON);
  assert.equal(
    messageOf(fixture('over.yaml', 'name: o\nextends: fine-base.yaml\ntrain:\n  epochs: 0\n')),
    'over.yaml:4:11: train.epochs: must be ≥ 1, got 0',
  );
  assert.equal(messageOf(fixture('nameless.yaml', 'extends: fine-base.yaml\n')), 'nameless.yaml:1:1: name: missing required field');
});
