// A run's identity leaves out the options at their no-op default (the schema's x-noop-default), so
// a new option with such a default changes no stored run's id — shown here by adding one to a copy
// of the schema and recomputing the id of every committed run.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runId } from '../../src/config/id.js';
import { NOOP_KEYWORD, withNoopDefaults, withoutNoopDefaults } from '../../src/config/identity.js';
import { expandRuns, loadExperiment } from '../../src/config/index.js';
import { resolve, SCHEMA, type Json, type SchemaNode } from '../../src/config/schema.js';
import { parseRunFile } from '../../src/run/run-file.js';
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
    layers: [{ linear: { units: 32, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }],
    loss: 'softmax-cross-entropy',
  },
  train: trainWith({ epochs: 2, batch_size: 64, optimizer: sgd(0.05) }),
};

/** Every schema path annotated as a no-op default, `*` for "any optimizer" and the like. */
function annotated(node: SchemaNode, path: string, seen = new Set<string>()): string[] {
  const here = resolve(node);
  const own = here[NOOP_KEYWORD] === true ? [path] : [];
  const ref = typeof node.$ref === 'string' ? node.$ref : '';
  if (ref !== '' && seen.has(ref)) return own;
  const next = ref === '' ? seen : new Set([...seen, ref]);
  const props = (here.properties ?? {}) as Record<string, SchemaNode>;
  const branches = [...((here.anyOf ?? []) as SchemaNode[]), ...((here.oneOf ?? []) as SchemaNode[])];
  const items = here.items as SchemaNode | undefined;
  return [
    ...own,
    ...Object.entries(props).flatMap(([k, v]) => annotated(v, path === '' ? k : `${path}.${k}`, next)),
    ...branches.flatMap((b) => annotated(b, path, next)),
    ...(items !== undefined && typeof items === 'object' ? annotated(items, `${path}[]`, next) : []),
  ];
}

test('the no-op defaults are the options that switch a feature off, and no others', () => {
  // A default that changes results (lr, init, betas) must never be annotated: two different runs
  // would share an id. Annotating one more field is a decision: add it here with its reason.
  assert.deepEqual([...new Set(annotated(SCHEMA, ''))].sort(), [
    'preprocess', // scale: what every run did before preprocessing was an option
    'train.clip_norm',
    'train.early_stopping',
    'train.optimizer.sgd.momentum',
    'train.optimizer.sgd.nesterov',
    'train.optimizer.sgd.weight_decay',
    'train.schedule',
    'train.validation',
    'train.warmup_epochs',
  ]);
});

test('the identity leaves out exactly the fields at their no-op default', () => {
  assert.deepEqual(withoutNoopDefaults(SPEC), {
    experiment: 'tiny',
    dataset: 'mnist',
    dataset_sha256: 'c0ffee',
    seed: 1,
    model: SPEC.model,
    train: { epochs: 2, batch_size: 64, optimizer: { sgd: { lr: 0.05 } } },
  });
  const busy: RunSpec = {
    ...SPEC,
    preprocess: 'standardize',
    train: {
      ...SPEC.train,
      optimizer: { sgd: { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 1e-4 } },
      schedule: { cosine: { min_factor: 0 } },
      warmup_epochs: 1,
      clip_norm: 5,
      validation: 0.1,
      early_stopping: { metric: 'val_loss', patience: 3 },
    },
  };
  assert.deepEqual(withoutNoopDefaults(busy), busy, 'nothing off-default is dropped');
  assert.deepEqual(withNoopDefaults(withoutNoopDefaults(SPEC)), SPEC, 'withNoopDefaults restores them');
  assert.notEqual(runId(busy), runId(SPEC));
});

test('writing a no-op default out, or leaving it to the default, is the same run', () => {
  const body = (train: string) => `name: tiny
seed: 1
dataset: mnist
model: { layers: [{ linear: 32 }, relu, linear] }
train: ${train}
`;
  const plain = loadExperiment(fixture('plain.yaml', body('{ optimizer: { sgd: { lr: 0.05 } } }')));
  const explicit = loadExperiment(
    fixture(
      'explicit.yaml',
      body(
        '{ optimizer: { sgd: { lr: 0.05, momentum: 0, nesterov: false } }, clip_norm: null, warmup_epochs: 0, schedule: { constant: {} } }',
      ),
    ),
  );
  const ctx = { classesOf: () => 10, checksumOf: () => 'c0ffee' };
  assert.equal(expandRuns(plain, ctx)[0].id, expandRuns(explicit, ctx)[0].id);
});

// --- a new option, added to a copy of the schema --------------------------------------------------

function schemaWithNewOption(noop: boolean): SchemaNode {
  const copy = structuredClone(SCHEMA) as SchemaNode & { properties: Record<string, { properties: Record<string, Json> }> };
  copy.properties.train.properties.label_smoothing = {
    description: 'A new option, added by a test.',
    type: 'number',
    minimum: 0,
    default: 0,
    ...(noop ? { [NOOP_KEYWORD]: true } : {}),
  };
  return copy;
}

const RESULTS = fileURLToPath(new URL('../../../results/', import.meta.url));
const committed = readdirSync(RESULTS)
  .map((e) => join(RESULTS, e, 'runs'))
  .filter(existsSync)
  .flatMap((dir) => readdirSync(dir).map((n) => join(dir, n)));

test('a new option with a no-op default leaves every committed run id unchanged', () => {
  assert.ok(committed.length > 0);
  const schema = schemaWithNewOption(true);
  for (const path of committed) {
    const run = parseRunFile(readFileSync(path, 'utf8'), path.slice(path.lastIndexOf('/') + 1, -'.json'.length));
    // The spec as the next version fills it in (the option at its default), and as it reads an old file.
    const filled = { ...run.spec, train: { ...run.spec.train, label_smoothing: 0 } };
    assert.equal(runId(filled, schema), run.id, path);
    assert.deepEqual(withNoopDefaults(run.spec, schema), filled, path);
    const set = { ...filled, train: { ...filled.train, label_smoothing: 0.1 } };
    assert.notEqual(runId(set, schema), run.id, 'set, it is another run');
  }
});

test('an option whose default is not annotated as a no-op enters every id (the guard is the annotation)', () => {
  const schema = schemaWithNewOption(false);
  const filled = { ...SPEC, train: { ...SPEC.train, label_smoothing: 0 } };
  assert.notEqual(runId(filled as RunSpec, schema), runId(SPEC));
});
