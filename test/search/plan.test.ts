// `mlplab plan` of a search: the rungs with their runs and epochs, before and after it ran.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, writeExperiment } from '../helpers/tiny.js';
import { HALVING, writeHalvingData } from './fixture.js';

test('plan shows the rungs, runs and epochs per rung; after the search, pruned runs are not to train', async (t) => {
  const dir = await tempDir(t, 'mlplab-halving-plan-');
  const data = await writeHalvingData(dir);
  const file = await writeExperiment(dir, HALVING, 'h.yaml');
  const common = ['--data-dir', data, '--allow-modified-data', '--results', join(dir, 'r')];
  const before = await mlplabMain(['plan', file, ...common]);
  assert.equal(before.code, 0, before.stderr);
  assert.match(before.stdout, /9 runs on 1 dataset, 0 stored, 9 to train/);
  assert.match(before.stdout, /halving: 21 epochs in all, 25\.9% of the full grid's 81/);
  assert.match(before.stdout, /rung {2}epoch {2}runs {2}epochs\n {3}1 {6}1 {5}9 {7}9\n {3}2 {6}3 {5}3 {7}6\n {3}3 {6}9 {5}1 {7}6\n/);
  const hyperband = await mlplabMain(['plan', file, ...common, '--set', 'search.method=hyperband']);
  assert.match(hyperband.stdout, /bracket +rung +epoch +runs +epochs\nmnist s=2 +1 +1 +5 +5\n/);
  assert.match(hyperband.stdout, /mnist s=0 +1 +9 +1 +9\n/);
  assert.equal((await mlplabMain(['run', file, ...common, '--workers', '2'])).code, 0);
  const after = await mlplabMain(['plan', file, ...common]);
  assert.match(after.stdout, /9 runs on 1 dataset, 9 stored, 0 to train/);
  assert.equal((after.stdout.match(/ pruned\n/g) ?? []).length, 8);
  const grid = await mlplabMain(['plan', file, ...common, '--set', 'search.method=grid']);
  assert.match(grid.stdout, /9 runs on 1 dataset, 1 stored, 8 to train/, 'a grid trains the pruned runs on');
});
