// Datasets of the user's own (`datasets:`), end to end through `mlplab run`: a CSV, an NPY and an
// IDX dataset each train from a YAML file, and the run id follows the data's bytes and
// declaration, not where the files are.

import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunResult } from '../../src/types.js';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, writeExperiment } from '../helpers/tiny.js';
import { csvText, experimentOn, SPECIES, writeIdxPair, writeNpyPair } from '../helpers/user-data.js';

/** Runs the experiment file; its stored runs. */
async function run(file: string, results: string, ...extra: string[]): Promise<RunResult[]> {
  const r = await mlplabMain(['run', file, '--results', results, '--quiet', '--workers', '1', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  const dir = join(results, 'mine', 'runs');
  return Promise.all((await readdir(dir)).map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as RunResult));
}

const CSV = `format: csv
train: data/mine.csv
test: 0.2
label: species
preprocess: standardize`;

test('a CSV dataset trains from a YAML file; its spec holds the declaration, not the path', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'data'));
  await writeFile(join(dir, 'data', 'mine.csv'), csvText(150, 4, 1));
  const [result] = await run(await writeExperiment(dir, experimentOn(CSV)), join(dir, 'results'));
  assert.equal(result.status, 'done');
  assert.ok(result.final!.test_accuracy >= 0.9, `test accuracy ${result.final!.test_accuracy}`);
  assert.deepEqual(result.spec.dataset_spec, {
    format: 'csv',
    label: 'species',
    test: 0.2,
    classes: SPECIES,
    values: 'float32',
    shape: { train: 120, test: 30, rows: 1, cols: 4 },
  });
  assert.equal(result.spec.preprocess, 'standardize');
  assert.ok(!JSON.stringify(result.spec).includes('mine.csv'), 'no path in the spec');
  assert.equal(result.layers?.[0]?.inputs, 4);
  const readme = await readFile(join(dir, 'results', 'mine', 'README.md'), 'utf8');
  assert.match(
    readme,
    new RegExp(`\\*\\*Dataset mine\\*\\* \\(declared\\): csv \`data/mine.csv\`.*SHA-256 \`${result.spec.dataset_sha256}\``),
  );
});

test('moving the files keeps the run id; other bytes or another declaration change it', async (t) => {
  const dir = await tempDir(t);
  const ids = async (where: string, declaration: string, text = csvText(60, 3, 2)): Promise<string> => {
    await mkdir(join(dir, where, 'data'), { recursive: true });
    await writeFile(join(dir, where, 'data', 'mine.csv'), text);
    const file = await writeExperiment(join(dir, where), experimentOn(declaration, 1));
    const r = await mlplabMain(['plan', file, '--results', join(dir, where, 'results')]);
    assert.equal(r.code, 0, r.stderr);
    return /^\d+ +([0-9a-f]{12}) /m.exec(r.stdout)![1];
  };
  const base = await ids('a', CSV);
  assert.equal(await ids('b/c', CSV), base);
  assert.notEqual(await ids('d', CSV, csvText(60, 3, 3)), base);
  assert.notEqual(await ids('e', CSV.replace('0.2', '0.3')), base);
  assert.notEqual(await ids('f', CSV.replace('standardize', 'scale')), base);
});

test('an NPY dataset (float32 features, int64 labels, a test split of its own) trains from a YAML file', async (t) => {
  const dir = await tempDir(t);
  await writeNpyPair(dir, 'train', 120, 5, 4);
  await writeNpyPair(dir, 'test', 30, 5, 5);
  const yaml = experimentOn(`format: npy
train: { features: train-x.npy, labels: train-y.npy }
test: { features: test-x.npy, labels: test-y.npy }
classes: [alpha, beta, gamma]`);
  const [result] = await run(await writeExperiment(dir, yaml), join(dir, 'results'));
  assert.ok(result.final!.test_accuracy >= 0.9, `test accuracy ${result.final!.test_accuracy}`);
  assert.equal(result.spec.dataset_spec?.test, 'file');
  assert.deepEqual(result.spec.dataset_spec?.shape, { train: 120, test: 30, rows: 1, cols: 5 });
});

test('an IDX dataset (4×4 byte images) trains from a YAML file, on the byte path', async (t) => {
  const dir = await tempDir(t);
  await writeIdxPair(dir, 'train', 150, 6);
  const yaml = experimentOn(
    `format: idx
train: { features: train-images.idx, labels: train-labels.idx }
test: 0.2`,
    15,
  );
  const [result] = await run(await writeExperiment(dir, yaml), join(dir, 'results'));
  assert.ok(result.final!.test_accuracy >= 0.9, `test accuracy ${result.final!.test_accuracy}`);
  assert.deepEqual(result.spec.dataset_spec?.classes, ['0', '1', '2']);
  assert.equal(result.spec.dataset_spec?.values, 'uint8');
  assert.deepEqual(result.spec.dataset_spec?.shape, { train: 120, test: 30, rows: 4, cols: 4 });
});

test('a base file declares the dataset, its paths relative to the base', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'shared', 'data'), { recursive: true });
  await writeFile(join(dir, 'shared', 'data', 'mine.csv'), csvText(60, 3, 7));
  await writeFile(
    join(dir, 'shared', 'base.yaml'),
    `datasets:\n  mine:\n${CSV.split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}\n`,
  );
  const yaml = `extends: shared/base.yaml\n${experimentOn(CSV, 1).replace(/datasets:\n(?: {2,}.*\n)+/, '')}`;
  const [result] = await run(await writeExperiment(dir, yaml), join(dir, 'results'));
  assert.equal(result.spec.dataset_spec?.shape.train, 48);
});
