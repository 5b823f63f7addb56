// The command line end to end: exit codes, files written, determinism across worker counts. The
// first test runs the real binary; the others call main() in this process (test/helpers/main.ts).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BuiltinName } from '../../src/data/datasets.js';
import { pinnedChecksum } from '../../src/data/official.js';
import { layerShapes } from '../../src/nn/layers/index.js';
import type { RunResult } from '../../src/types.js';
import { mlplabMain } from '../helpers/main.js';
import { mlplab } from '../helpers/spawn.js';
import { TINY_EXPERIMENT, tempDir, tinySplit, writeExperiment, writeTinyData } from '../helpers/tiny.js';
import { writeDatasetFiles } from '../helpers/write-dataset.js';

async function storedRuns(dir: string): Promise<RunResult[]> {
  const runs = join(dir, 'runs');
  const names = (await readdir(runs)).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(runs, n), 'utf8')) as RunResult));
}

/** What must not depend on the machine or the worker count: everything but timings. */
const comparable = (r: RunResult) => ({
  id: r.id,
  spec: r.spec,
  status: r.status,
  params: r.params,
  final: r.final,
  epochs: r.epochs.map(({ seconds: _s, ...m }) => m),
});

test('mlplab run trains a tiny experiment and writes the results folder', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir);
  const r = mlplab(['run', file, '--data-dir', data, '--allow-modified-data', '--results', 'out', '--workers', '2'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /epoch 3\/3/); // plain progress lines when stderr is not a terminal
  const out = join(dir, 'out', 'tiny');
  const runs = await storedRuns(out);
  assert.deepEqual(runs.map((x) => x.spec.dataset).sort(), ['fashion-mnist', 'mnist']);
  for (const run of runs) {
    assert.equal(run.status, 'done');
    assert.equal(run.epochs.length, 3);
    assert.ok(run.final!.test_accuracy > 0.8, `${run.spec.dataset}: ${run.final!.test_accuracy}`);
    // Every layer's widths and parameters, as trained: what the report reads back.
    const recorded = layerShapes(run.spec.model.layers, 64).map(({ name, inputs, outputs, params }) => ({ name, inputs, outputs, params }));
    assert.deepEqual(run.layers, recorded);
    assert.equal(
      recorded.reduce((n, l) => n + l.params, 0),
      run.params,
    );
  }
  for (const f of [
    'README.md',
    'metrics.csv',
    'plots/learning-curves.vl.json',
    'plots/learning-curves.svg',
    'plots/final-accuracy.vl.json',
    'plots/final-accuracy.svg',
  ]) {
    assert.ok(existsSync(join(out, f)), `${f} written`);
  }
  const readme = await readFile(join(out, 'README.md'), 'utf8');
  for (const run of runs) assert.ok(readme.includes(run.id.slice(0, 8)), 'every run is in the table');
  // The fixture data is not the official MNIST: allowed, under its own checksum, and said so.
  for (const run of runs) assert.notEqual(run.spec.dataset_sha256, pinnedChecksum(run.spec.dataset as BuiltinName));
  assert.match(r.stderr, /^mnist: .* \(modified data: not the official files\)$/m);
  assert.match(readme, /\| mnist \(\*\*modified data\*\*\) \|/);
  assert.match(readme, /\*\*Modified data:\*\*/);

  // A second run trains nothing: the stored results are the cache.
  const again = mlplab(['run', file, '--data-dir', data, '--allow-modified-data', '--results', 'out'], dir);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /2 already in .*0 to train/);

  // `report` redraws from the stored runs alone, byte for byte the same.
  const before = await readFile(join(out, 'plots', 'final-accuracy.svg'), 'utf8');
  const rep = mlplab(['report', file, '--data-dir', data, '--allow-modified-data', '--results', 'out'], dir);
  assert.equal(rep.code, 0, rep.stderr);
  assert.equal(await readFile(join(out, 'plots', 'final-accuracy.svg'), 'utf8'), before);
});

test('--workers 1 and --workers 2 give identical metrics', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir);
  for (const w of ['1', '2'])
    assert.equal(
      (
        await mlplabMain([
          'run',
          file,
          '--data-dir',
          data,
          '--allow-modified-data',
          '--results',
          join(dir, `w${w}`),
          '--workers',
          w,
          '--quiet',
        ])
      ).code,
      0,
    );
  const one = (await storedRuns(join(dir, 'w1', 'tiny'))).map(comparable);
  const two = (await storedRuns(join(dir, 'w2', 'tiny'))).map(comparable);
  assert.equal(one.length, 2);
  assert.deepEqual(two, one);
});

test('a lone run on a free core takes a helper thread for its products, with identical results', async (t) => {
  if (availableParallelism() < 2) return t.skip('needs 2 cores');
  const dir = await tempDir(t);
  // 64 inputs × 512 units at batch 64: products of 2M multiply-adds, large enough to be split;
  // 4000 images × 20 epochs (~1 s), so that the run outlasts the helper's start (~0.1 s) by far.
  const data = join(dir, 'data');
  await writeDatasetFiles(join(data, 'mnist'), { train: tinySplit(4000, 1), test: tinySplit(100, 2) });
  const one = TINY_EXPERIMENT.replace('dataset: [mnist, fashion-mnist]', 'dataset: mnist')
    .replace('linear: 16', 'linear: 512')
    .replace('batch_size: 32', 'batch_size: 64')
    .replace('epochs: 3', 'epochs: 20');
  const file = await writeExperiment(dir, one);
  const runs: RunResult[] = [];
  for (const w of ['1', '2']) {
    const r = await mlplabMain(['run', file, '--data-dir', data, '--allow-modified-data', '--results', join(dir, `w${w}`), '--workers', w]);
    assert.equal(r.code, 0, r.stderr);
    if (w === '2') assert.match(r.stderr, /1 worker\(s\), 2 threads each/);
    runs.push(...(await storedRuns(join(dir, `w${w}`, 'tiny'))));
  }
  assert.deepEqual(
    runs.map((r) => r.env.kernels),
    ['wasm', 'wasm, 2 threads'],
  );
  assert.deepEqual(comparable(runs[1]), comparable(runs[0]));
});

test('a config mistake exits 2 with file:line:col and field, no stack trace, nothing written', async (t) => {
  const dir = await tempDir(t);
  const file = await writeExperiment(dir, TINY_EXPERIMENT.replace('batch_size: 32', 'batch_size: 0'), 'bad.yaml');
  const r = await mlplabMain(['run', file, '--results', join(dir, 'out')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.yaml:12:15: train\.batch_size: must be ≥ 1, got 0/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(existsSync(join(dir, 'out')), false);
});

test('a corrupt dataset file exits 2 naming the file, no stack trace', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const labels = join(data, 'mnist', 't10k-labels-idx1-ubyte');
  await writeFile(labels, (await readFile(labels)).subarray(0, 50)); // truncated
  const file = await writeExperiment(dir);
  const r = await mlplabMain(['run', file, '--data-dir', data, '--allow-modified-data', '--results', join(dir, 'out')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /t10k-labels-idx1-ubyte: truncated/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(existsSync(join(dir, 'out', 'tiny', 'runs')), false);
});

test('usage mistakes exit 2 with a message', async (t) => {
  const dir = await tempDir(t);
  const x = join(dir, 'x.yaml');
  assert.equal((await mlplabMain(['run'])).code, 2);
  assert.equal((await mlplabMain(['fly', x])).code, 2);
  assert.equal((await mlplabMain(['run', x, '--workers', '0'])).code, 2);
  const missing = await mlplabMain(['run', join(dir, 'nope.yaml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.yaml/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
  assert.equal((await mlplabMain(['--version'])).code, 0);
  const kernels = await mlplabMain(['run', x], { env: { MLPLAB_KERNELS: 'gpu' } });
  assert.equal(kernels.code, 2);
  assert.match(kernels.stderr, /MLPLAB_KERNELS must be one of wasm, blas, auto, reference, got "gpu"/);
});
