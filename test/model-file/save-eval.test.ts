// `save:` end to end: a sweep keeps the best run's network per dataset (or every run's), and
// `mlplab eval` on the kept file gives the stored final test metrics exactly; a run found stored
// has no weights and says so.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { bestRuns } from '../../src/report/runs/best-run.js';
import type { RunResult } from '../../src/types.js';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';

/** BatchNorm (running statistics), standardize (statistics), a validation split and early stopping: everything a file must carry. */
export const SAVING = (save: string) => `name: keep
seed: 5
dataset: [mnist, fashion-mnist]
preprocess: standardize
save: ${save}
model:
  layers:
    - linear: 16
    - batchnorm
    - relu
    - dropout: 0.1
    - linear
train:
  epochs: 4
  batch_size: 32
  validation: 0.2
  early_stopping: { metric: val_accuracy, patience: 2 }
  optimizer:
    sgd: { lr: 0.1 }
sweep:
  train.optimizer.sgd.lr: [0.05, 0.3]
`;

async function stored(out: string): Promise<RunResult[]> {
  const names = (await readdir(join(out, 'runs'))).filter((n) => n.endsWith('.json'));
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(out, 'runs', n), 'utf8')) as RunResult));
}

/** A trained tiny experiment: its folder, data folder, results folder and the run's output. */
export async function trainSaving(t: Parameters<typeof tempDir>[0], save: string) {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, SAVING(save), 'keep.yaml');
  const results = join(dir, 'results');
  const r = await mlplabMain(['run', file, '--data-dir', data, '--allow-modified-data', '--results', results, '--workers', '2']);
  assert.equal(r.code, 0, r.stderr);
  return { dir, data, file, results, out: join(results, 'keep'), stderr: r.stderr };
}

test('save: best keeps the best run of each dataset, and eval reproduces its stored test accuracy and loss exactly', async (t) => {
  const { data, out } = await trainSaving(t, 'best');
  const runs = await stored(out);
  assert.equal(runs.length, 4);
  const best = bestRuns(runs);
  assert.deepEqual(
    best.map((b) => b.by),
    ['val_accuracy', 'val_accuracy'],
  );
  assert.deepEqual((await readdir(join(out, 'models'))).sort(), best.map((b) => `${b.run.id}.safetensors`).sort());
  assert.deepEqual(await readdir(join(out, '.models')), []); // the others' staged weights are gone
  for (const { run } of best) {
    const r = await mlplabMain(['eval', join(out, 'models', `${run.id}.safetensors`), '--data-dir', data]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^data: ${run.spec.dataset} test set from .* \\(the run's own data\\), \\d+ examples$`, 'm'));
    assert.equal(Number(/^accuracy: (\S+)/m.exec(r.stdout)?.[1]), run.final!.test_accuracy, r.stdout);
    assert.equal(Number(/^loss: (\S+)/m.exec(r.stdout)?.[1]), run.final!.test_loss, r.stdout);
    const rows = r.stdout.split('confusion matrix')[1].trim().split('\n').slice(2);
    assert.deepEqual(
      rows.map((row) => row.trim().split(/\s+/).slice(-10).map(Number)),
      run.confusion,
    );
  }
});

test('save: all keeps every run; a run found stored has no weights and says so; weights left staged are kept later', async (t) => {
  const { data, file, out, results } = await trainSaving(t, 'none');
  assert.equal(existsSync(join(out, 'models')), false);
  assert.equal(existsSync(join(out, '.models')), false);
  const again = await mlplabMain(['run', file, '--data-dir', data, '--allow-modified-data', '--results', results, '--set', 'save=all']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(
    (again.stderr.match(/stored without its weights: no model to keep — retrain it with --force to save its model/g) ?? []).length,
    4,
  );
  const forced = await mlplabMain([
    'run',
    file,
    '--data-dir',
    data,
    '--allow-modified-data',
    '--results',
    results,
    '--set',
    'save=all',
    '--force',
  ]);
  assert.equal(forced.code, 0, forced.stderr);
  const ids = (await stored(out)).map((r) => `${r.id}.safetensors`);
  assert.deepEqual((await readdir(join(out, 'models'))).sort(), ids.sort());
  // Weights staged by a sweep that stopped before keeping them are kept by the next run, which trains nothing.
  await rename(join(out, 'models', ids[0]), join(out, '.models', ids[0]));
  const resumed = await mlplabMain(['run', file, '--data-dir', data, '--allow-modified-data', '--results', results, '--set', 'save=all']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /0 to train/);
  assert.match(resumed.stderr, /kept 4 model\(s\) \(save: all\)/);
  assert.deepEqual((await readdir(join(out, 'models'))).sort(), ids.sort());
});

test("eval on another dataset's test set says it is not the run's data", async (t) => {
  const { data, out } = await trainSaving(t, 'best');
  const mnist = bestRuns(await stored(out)).find((b) => b.dataset === 'mnist')!.run;
  const r = await mlplabMain(['eval', join(out, 'models', `${mnist.id}.safetensors`), '--dataset', 'fashion-mnist', '--data-dir', data]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^data: fashion-mnist test set from .* \(not the data the run was trained on\), 90 examples$/m);
});

test('a model trained with the reference kernels is evaluated with them, and matches exactly too', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, SAVING('best').replace('dataset: [mnist, fashion-mnist]', 'dataset: mnist'), 'keep.yaml');
  const out = join(dir, 'results', 'keep');
  const args = ['run', file, '--data-dir', data, '--allow-modified-data', '--results', join(dir, 'results'), '--workers', '2'];
  const r = await mlplabMain(args, { env: { MLPLAB_KERNELS: 'reference' } });
  assert.equal(r.code, 0, r.stderr);
  const [{ run }] = bestRuns(await stored(out));
  assert.equal(run.env.kernels, 'reference');
  const e = await mlplabMain(['eval', join(out, 'models', `${run.id}.safetensors`), '--data-dir', data]);
  assert.equal(e.code, 0, e.stderr);
  assert.equal(Number(/^accuracy: (\S+)/m.exec(e.stdout)?.[1]), run.final!.test_accuracy, e.stdout);
  assert.equal(Number(/^loss: (\S+)/m.exec(e.stdout)?.[1]), run.final!.test_loss, e.stdout);
});
