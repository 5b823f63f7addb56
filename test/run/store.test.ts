// Whether a run trains: one rule, asked by `mlplab run` (what it trains) and `mlplab plan` (what it says).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needsTraining } from '../../src/run/store.js';
import type { RunResult, RunStatus } from '../../src/types.js';

// The rule reads only the status; the rest of a stored result does not matter to it.
const stored = (status: RunStatus): RunResult => ({ status }) as RunResult;

test('a run trains when nothing is stored, or it failed; a done or diverged run is kept', () => {
  assert.equal(needsTraining(undefined, false), true);
  assert.equal(needsTraining(stored('failed'), false), true);
  assert.equal(needsTraining(stored('done'), false), false);
  assert.equal(needsTraining(stored('diverged'), false), false);
});

test('--force trains every run, stored or not', () => {
  for (const run of [undefined, stored('failed'), stored('done'), stored('diverged')]) assert.equal(needsTraining(run, true), true);
});
