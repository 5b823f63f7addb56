// `mlplab run` with search: halving, end to end in this process: the same run files whatever the
// worker count, a promoted run identical to one trained straight through, a stored grid that
// answers the search without training, and the config errors of a search.

import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, writeExperiment } from '../helpers/tiny.js';
import { comparable, comparableRuns, HALVING, storedRuns, writeHalvingData } from './fixture.js';

const run = (file: string, data: string, results: string, ...more: string[]) =>
  mlplabMain(['run', file, '--data-dir', data, '--allow-modified-data', '--results', results, ...more]);

test('halving with 1, 2 and 4 workers stores byte-identical run files and keeps the same runs', async (t) => {
  const dir = await tempDir(t, 'mlplab-halving-');
  const data = await writeHalvingData(dir);
  const file = await writeExperiment(dir, HALVING, 'h.yaml');
  for (const w of ['1', '2', '4']) {
    const r = await run(file, data, join(dir, `w${w}`), '--workers', w);
    assert.equal(r.code, 0, r.stderr);
    // Promoted runs go on from their rung's checkpoint, not from scratch.
    assert.equal((r.stderr.match(/resumed after epoch 1\b/g) ?? []).length, 3, r.stderr);
    assert.equal((r.stderr.match(/resumed after epoch 3\b/g) ?? []).length, 1, r.stderr);
  }
  const one = await comparableRuns(join(dir, 'w1'));
  assert.deepEqual(await comparableRuns(join(dir, 'w2')), one);
  assert.deepEqual(await comparableRuns(join(dir, 'w4')), one);
  const runs = await storedRuns(join(dir, 'w1'));
  const tally = (s: string) => runs.filter((r) => r.status === s).length;
  assert.deepEqual([tally('done'), tally('pruned'), tally('paused')], [1, 8, 0]);
  assert.deepEqual(
    runs
      .filter((r) => r.status === 'pruned')
      .map((r) => r.rung)
      .sort(),
    [1, 1, 1, 1, 1, 1, 3, 3],
  );
  assert.equal(
    runs.reduce((n, r) => n + r.epochs.length, 0),
    9 + 3 * 2 + 6,
    'epochs spent: 9 at 1, 3 on to 3, 1 on to 9',
  );
  assert.deepEqual(readdirSync(join(dir, 'w1', 'h', '.checkpoints')), [], 'no checkpoint is left once every rung is decided');
});

test('a promoted run is bit-identical to the same run trained straight to the end; pruned ones are its prefix', async (t) => {
  const dir = await tempDir(t, 'mlplab-halving-');
  const data = await writeHalvingData(dir);
  const file = await writeExperiment(dir, HALVING, 'h.yaml');
  assert.equal((await run(file, data, join(dir, 'halving'), '--workers', '2')).code, 0);
  assert.equal((await run(file, data, join(dir, 'grid'), '--workers', '2', '--set', 'search.method=grid')).code, 0);
  const grid = new Map((await storedRuns(join(dir, 'grid'))).map((r) => [r.id, r]));
  assert.equal(grid.size, 9);
  for (const r of await storedRuns(join(dir, 'halving'))) {
    const whole = grid.get(r.id)!;
    assert.equal(whole.status, 'done');
    if (r.status === 'done') assert.deepEqual(comparable(r), comparable(whole), `run ${r.id}`);
    else
      assert.deepEqual(
        (comparable(r) as { epochs: unknown[] }).epochs,
        (comparable(whole) as { epochs: unknown[] }).epochs.slice(0, r.rung),
      );
  }
});

test('halving over a stored grid trains nothing, and switching back to grid trains nothing', async (t) => {
  const dir = await tempDir(t, 'mlplab-halving-');
  const data = await writeHalvingData(dir);
  const file = await writeExperiment(dir, HALVING, 'h.yaml');
  const results = join(dir, 'results');
  assert.equal((await run(file, data, results, '--workers', '2', '--set', 'search.method=grid')).code, 0);
  const before = await comparableRuns(results);
  for (const method of ['halving', 'hyperband', 'grid']) {
    const r = await run(file, data, results, '--set', `search.method=${method}`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /9 run\(s\) planned, 9 already in .*, 0 to train/, method);
    assert.doesNotMatch(r.stderr, /training with/, method);
  }
  assert.deepEqual(await comparableRuns(results), before, 'the stored runs are untouched');
});

test('grid after halving trains the pruned runs on to the end, to the bits of a grid trained first', async (t) => {
  const dir = await tempDir(t, 'mlplab-halving-');
  const data = await writeHalvingData(dir);
  const file = await writeExperiment(dir, HALVING, 'h.yaml');
  assert.equal((await run(file, data, join(dir, 'a'), '--workers', '2')).code, 0);
  const r = await run(file, data, join(dir, 'a'), '--workers', '2', '--set', 'search.method=grid');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /9 run\(s\) planned, 1 already in .*, 8 to train/);
  assert.equal((await run(file, data, join(dir, 'b'), '--workers', '2', '--set', 'search.method=grid')).code, 0);
  assert.deepEqual(await comparableRuns(join(dir, 'a')), await comparableRuns(join(dir, 'b')));
  assert.ok(!existsSync(join(dir, 'a', 'h', '.checkpoints')) || readdirSync(join(dir, 'a', 'h', '.checkpoints')).length === 0);
});

test('halving without a validation split, or with train.epochs swept, is a config error at the field', async (t) => {
  const dir = await tempDir(t, 'mlplab-halving-');
  const data = await writeHalvingData(dir);
  const noValidation = await writeExperiment(dir, HALVING.replace('  validation: 0.2\n', ''), 'nv.yaml');
  const a = await run(noValidation, data, join(dir, 'r'));
  assert.equal(a.code, 2);
  assert.match(a.stderr, /nv\.yaml:10:\d+.*search\.method.*validation/);
  const swept = await writeExperiment(dir, `${HALVING}  train.epochs: [3, 9]\n`, 'se.yaml');
  const b = await run(swept, data, join(dir, 'r'));
  assert.equal(b.code, 2);
  assert.match(b.stderr, /se\.yaml:\d+:\d+.*train\.epochs cannot be swept with search\.method halving/);
  const sweptSearch = await writeExperiment(dir, `${HALVING}  search.eta: [2, 3]\n`, 'ss.yaml');
  const c = await run(sweptSearch, data, join(dir, 'r'));
  assert.equal(c.code, 2);
  assert.match(c.stderr, /search cannot be swept/);
  const late = await run(await writeExperiment(dir, HALVING.replace('eta: 3', 'eta: 3, min_epochs: 10'), 'me.yaml'), data, join(dir, 'r'));
  assert.equal(late.code, 2);
  assert.match(late.stderr, /me\.yaml:\d+:\d+: search\.min_epochs: the first rung is past train\.epochs \(9\)/);
});

test('hyperband over random samples with repeats: every run is a config of the search, the result the same with 1 and 3 workers', async (t) => {
  const dir = await tempDir(t, 'mlplab-halving-');
  const data = await writeHalvingData(dir);
  const random = HALVING.replace(
    /sweep:\n[\s\S]*$/,
    'sweep:\n  samples: 5\n  repeats: 2\n  random:\n    train.optimizer.sgd.lr: { log_uniform: [0.01, 1] }\n',
  );
  const file = await writeExperiment(dir, random.replace('method: halving', 'method: hyperband'), 'r.yaml');
  for (const w of ['1', '3']) assert.equal((await run(file, data, join(dir, `w${w}`), '--workers', w)).code, 0);
  const runs = await storedRuns(join(dir, 'w1'));
  assert.equal(runs.length, 10);
  assert.equal(new Set(runs.map((r) => r.spec.seed)).size, 2, 'the repeats are runs of their own');
  assert.ok(runs.some((r) => r.status === 'pruned') && runs.some((r) => r.status === 'done'));
  assert.deepEqual(await comparableRuns(join(dir, 'w3')), runs.map(comparable));
});
