// Runs that cannot fit in memory are refused before anything starts, at the field to change, with
// how much they need: by validate, plan and run, and through the real binary without a stack.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { estimatePlan } from '../../src/commands/plan.js';
import { runExperiment } from '../../src/commands/run.js';
import { validateCommand } from '../../src/commands/validate.js';
import { ConfigError } from '../../src/config/index.js';
import { DATA_SHAPES } from '../../src/estimate/estimate.js';
import { ARENA_LIMIT, bytes, datasetBytes, memoryProblems, workersThatFit } from '../../src/run/memory-limit.js';
import type { LayerSpec, RunSpec } from '../../src/types.js';
import { mlplabMain } from '../helpers/main.js';
import { sgd, trainWith } from '../helpers/spec.js';
import { tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';

process.env.XDG_CACHE_HOME = join(tmpdir(), 'mlplab-test-cache');

const GiB = 2 ** 30;
const linear = (units: number): LayerSpec => ({ linear: { units, init: 'he' } });
const spec = (hidden: number, batch_size: number): RunSpec => ({
  experiment: 'm',
  dataset: 'mnist',
  dataset_sha256: '',
  seed: 0,
  preprocess: 'scale',
  model: { layers: [linear(hidden), { relu: {} }, linear(10)], loss: 'softmax-cross-entropy' },
  train: trainWith({ batch_size, optimizer: sgd(0.1) }),
});
const problemOf = (s: RunSpec, machine = 64 * GiB): string[] =>
  memoryProblems(s, DATA_SHAPES.mnist, machine).map((p) => `${p.path.join('.')}: ${p.message}`);

test('a run that fits has no problem; the limit is the arena maximum, 2 GiB', () => {
  assert.equal(ARENA_LIMIT, 2 * GiB);
  assert.equal(bytes(ARENA_LIMIT), '2 GiB');
  assert.deepEqual(problemOf(spec(128, 64)), []);
  assert.deepEqual(problemOf(spec(4096, 1000)), []);
});

test('too many units: the widest layer is named, with what it needs and the limit', () => {
  const [problem, ...rest] = problemOf(spec(1e9, 64));
  assert.equal(rest.length, 0);
  assert.match(
    problem,
    /^model\.layers\.0\.linear\.units: this run needs about [\d.]+ TiB of WebAssembly memory \(parameters .*\), more than the 2 GiB a run may use: use fewer units$/,
  );
});

test('too large a batch: batch_size is named, with the largest one that fits', () => {
  const [problem] = problemOf(spec(128, 1e9));
  const fits = Number(/at most (\d+) fits/.exec(problem)?.[1]);
  assert.match(problem, /^train\.batch_size: this run needs about [\d.]+ TiB/);
  assert.deepEqual(problemOf(spec(128, fits)), []);
  assert.equal(problemOf(spec(128, fits + 1)).length, 1);
});

test('a run that fits its arena but not the machine names the machine', () => {
  const [problem] = problemOf(spec(128, 200000), GiB);
  assert.match(
    problem,
    /^train\.batch_size: this run needs about [\d.]+ GiB of memory and its dataset 52\.4 MiB, more than this machine's 1 GiB: a batch_size of at most \d+ fits$/,
  );
  assert.equal(workersThatFit(GiB, 0, 8 * GiB), 8);
  assert.equal(workersThatFit(3 * GiB, GiB, 8 * GiB), 2);
  assert.equal(workersThatFit(9 * GiB, 0, 8 * GiB), 1);
});

const UNITS = `name: huge
dataset: mnist
model:
  layers:
    - linear: 1000000000
    - relu
    - linear
`;
const BATCH = `name: huge
dataset: mnist
model:
  layers: [{ linear: 64 }, relu, linear]
train:
  epochs: 1
  batch_size: 1000000000
`;

test("validate, plan and run refuse them at the field's line, before training or writing anything", async (t) => {
  const dir = await tempDir(t);
  const dataDir = await writeTinyData(dir);
  const units = await writeExperiment(dir, UNITS, 'units.yaml');
  const batch = await writeExperiment(dir, BATCH, 'batch.yaml');
  const err: string[] = [];
  assert.equal(
    await validateCommand(
      [units, batch],
      [],
      () => undefined,
      (s) => err.push(s),
    ),
    2,
  );
  assert.match(err[0], new RegExp(`^${units}:5:15: model\\.layers\\[0\\]\\.linear\\.units: this run needs about [\\d.]+ TiB .*2 GiB`));
  assert.match(err[1], new RegExp(`^${batch}:7:15: train\\.batch_size: this run needs about [\\d.]+ TiB .*2 GiB`));
  const results = join(dir, 'results');
  await assert.rejects(
    estimatePlan({ file: units, dataDir, allowModifiedData: true, resultsRoot: results, workers: 1 }),
    (e: unknown) => e instanceof ConfigError && e.line === 5 && e.path === 'model.layers[0].linear.units',
  );
  await assert.rejects(
    runExperiment({
      file: batch,
      dataDir,
      allowModifiedData: true,
      resultsRoot: results,
      workers: 1,
      force: false,
      log: { write: () => true },
    }),
    (e: unknown) => e instanceof ConfigError && e.line === 7 && e.path === 'train.batch_size',
  );
  assert.equal(existsSync(results), false);
});

test('mlplab validate and plan: exit 2 with file:line, field and figures, no stack trace', async (t) => {
  const dir = await tempDir(t);
  await writeExperiment(dir, UNITS, 'units.yaml');
  await writeExperiment(dir, BATCH, 'batch.yaml');
  for (const [args, expected] of [
    [
      ['validate', join(dir, 'units.yaml')],
      /^units\.yaml:5:15: model\.layers\[0\]\.linear\.units: this run needs about [\d.]+ TiB of WebAssembly memory .* 2 GiB a run may use: use fewer units\n$/,
    ],
    [
      ['plan', join(dir, 'batch.yaml')],
      /^mlplab: batch\.yaml:7:15: train\.batch_size: this run needs about [\d.]+ TiB of WebAssembly memory .* 2 GiB a run may use: a batch_size of at most \d+ fits\n$/,
    ],
  ] as const) {
    const r = await mlplabMain([...args]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr.replaceAll(`${dir}/`, ''), expected); // the files as named from dir
  }
});

test('a dataset held as float32 features counts 4 bytes per value, its labels 1', () => {
  assert.equal(datasetBytes({ train: 8, test: 2, inputs: 4 }), 10 * 5);
  assert.equal(datasetBytes({ train: 8, test: 2, inputs: 4, valueBytes: 4 }), 10 * 17);
});
