// `mlplab run --kernels …` end to end on a tiny dataset: a BLAS that does not load is one line and
// exit 2 before anything trains; auto says what it picked; a BLAS run is the same run as a wasm
// one (same id, reused from the store) whose numbers agree to float32 rounding; a checkpoint of
// other kernels is not resumed. The tests that train with BLAS are skipped where none loads, and
// required in CI (helpers/blas.ts).

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDataset } from '../../src/data/load.js';
import { checkpointPath, experimentDir } from '../../src/run/store.js';
import { resolveRuns } from '../../src/run/resolve.js';
import { writeCheckpoint } from '../../src/train/checkpoint-file.js';
import { train } from '../../src/train/train.js';
import type { RunResult } from '../../src/types.js';
import { blasSkip as skip } from '../helpers/blas.js';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';

const TINY = `name: tiny
seed: 3
dataset: mnist
model:
  layers: [{ linear: 16 }, relu, { linear: 12 }, relu, linear]
train: { epochs: 3, batch_size: 32, optimizer: { sgd: { lr: 0.3 } } }
`;

async function setup(t: Parameters<typeof tempDir>[0]) {
  const dir = await tempDir(t, 'mlplab-blas-');
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, TINY);
  const results = join(dir, 'results');
  const run = (extra: string[], env: Record<string, string> = {}) =>
    mlplabMain(['run', file, '--data-dir', data, '--allow-modified-data', '--results', results, '--workers', '1', ...extra], { env });
  const stored = (): RunResult[] => {
    const runs = join(results, 'tiny', 'runs');
    return existsSync(runs) ? readdirSync(runs).map((n) => JSON.parse(readFileSync(join(runs, n), 'utf8')) as RunResult) : [];
  };
  return { dir, data, file, results, run, stored };
}

test('--kernels blas without a loadable BLAS: exit 2, one line naming it, nothing trained', async (t) => {
  const { run, stored } = await setup(t);
  const r = await run(['--kernels', 'blas'], { MLPLAB_BLAS: '/nonexistent/libblas.so' });
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^mlplab: --kernels blas: cannot load MLPLAB_BLAS=\/nonexistent\/libblas\.so \(.*\): set it to a CBLAS library file/,
  );
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.deepEqual(stored(), []);
});

test('MLPLAB_KERNELS=blas fails alike, and --kernels wins over it', async (t) => {
  const { run, stored } = await setup(t);
  const env = { MLPLAB_BLAS: '/nonexistent/libblas.so', MLPLAB_KERNELS: 'blas' };
  assert.equal((await run([], env)).code, 2);
  const r = await run(['--kernels', 'wasm', '--quiet'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    stored().map((x) => x.env.kernels),
    ['wasm'],
  );
});

test('an unknown --kernels is a usage error naming the choices', async (t) => {
  const { run } = await setup(t);
  const r = await run(['--kernels', 'cuda']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'mlplab: --kernels must be one of wasm, blas, auto, reference, got "cuda"\n');
});

test('--kernels auto without a BLAS trains with wasm and says so in one line (not with --quiet)', async (t) => {
  const { run, stored } = await setup(t);
  const env = { MLPLAB_BLAS: '/nonexistent/libblas.so' };
  const r = await run(['--kernels', 'auto'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^kernels: wasm, as no BLAS loads \(cannot load MLPLAB_BLAS=\/nonexistent\/libblas\.so .*\) \(--kernels auto\)$/m);
  assert.equal(stored()[0].env.kernels, 'wasm');
  const quiet = await run(['--kernels', 'auto', '--quiet', '--force'], env);
  assert.equal(quiet.stderr, '');
});

test('--kernels auto with a BLAS trains with it and says which', { skip }, async (t) => {
  const { run, stored } = await setup(t);
  const r = await run(['--kernels', 'auto']);
  assert.equal(r.code, 0, r.stderr);
  const [one] = stored();
  assert.equal(one.env.kernels, 'blas');
  assert.match(r.stderr, /^training with 1 worker\(s\), blas kernels$/m);
  assert.match(
    r.stderr,
    new RegExp(`^kernels: blas, .*\\(${one.env.blas!.library.replace(/[.]/g, '\\.')}.*\\) \\(--kernels auto\\)$`, 'm'),
  );
});

test('a blas run is the same run as a wasm one: same id, stored once, numbers equal to float32 rounding', { skip }, async (t) => {
  const { run, stored } = await setup(t);
  assert.equal((await run(['--kernels', 'wasm', '--quiet'])).code, 0);
  const [wasm] = stored();
  // Stored already: blas does not train it again.
  const again = await run(['--kernels', 'blas']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /1 run\(s\) planned, 1 already in .*, 0 to train/);
  assert.equal((await run(['--kernels', 'blas', '--force', '--quiet'])).code, 0);
  const [blas] = stored();
  assert.equal(blas.id, wasm.id);
  assert.equal(blas.env.kernels, 'blas');
  assert.ok(blas.env.blas !== undefined && blas.env.blas.library.length > 0, JSON.stringify(blas.env));
  assert.equal(blas.epochs.length, wasm.epochs.length);
  // Its run file is valid (the store reads it as this run, stored), and reused by wasm in turn.
  assert.match((await run(['--kernels', 'wasm'])).stderr, /1 already in .*, 0 to train/);
  blas.epochs.forEach((e, i) => {
    const w = wasm.epochs[i];
    assert.ok(Math.abs(e.train_loss! - w.train_loss!) < 1e-4 * (1 + w.train_loss!), `epoch ${i + 1}: ${e.train_loss} vs ${w.train_loss}`);
    assert.ok(Math.abs(e.test_loss! - w.test_loss!) < 1e-4 * (1 + w.test_loss!), `epoch ${i + 1}: ${e.test_loss} vs ${w.test_loss}`);
    assert.ok(Math.abs(e.test_accuracy - w.test_accuracy) <= 0.02, `epoch ${i + 1}: ${e.test_accuracy} vs ${w.test_accuracy}`);
  });
});

/** Writes the checkpoint after epoch 1 of the experiment's one run, as `kernels` would have. */
async function checkpointAfterOneEpoch(s: Awaited<ReturnType<typeof setup>>, kernels: 'wasm' | 'reference'): Promise<void> {
  const { planned } = await resolveRuns(s.file, { dataDir: s.data, allowModifiedData: true });
  const [{ id, spec }] = planned;
  const d = await loadDataset('mnist', { dataDir: s.data, shared: false });
  const path = checkpointPath(experimentDir(s.results, 'tiny'), id);
  train(
    spec,
    id,
    { train: d.train, test: d.test, classes: d.classes.length },
    { onCheckpoint: (state) => state.epoch === 1 && writeCheckpoint(path, state) },
    undefined,
    kernels,
  );
}

test('a checkpoint computed by other kernels is not resumed: the run restarts, and says why', async (t) => {
  const s = await setup(t);
  await checkpointAfterOneEpoch(s, 'reference');
  const r = await s.run([]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /is computed by the reference kernels \(this run trains with wasm; resuming would mix the two\); the run restarts from scratch/,
  );
  assert.doesNotMatch(r.stderr, /resumed after epoch/);
  // The same checkpoint with the same kernels is resumed.
  const same = await setup(t);
  await checkpointAfterOneEpoch(same, 'wasm');
  const resumed = await same.run([]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /resumed after epoch 1 from its checkpoint/);
});

test('a wasm checkpoint is not resumed by --kernels blas', { skip }, async (t) => {
  const s = await setup(t);
  await checkpointAfterOneEpoch(s, 'wasm');
  const r = await s.run(['--kernels', 'blas']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /is computed by the wasm kernels \(this run trains with blas; resuming would mix the two\); the run restarts from scratch/,
  );
  assert.equal(s.stored()[0].epochs.length, 3);
});
