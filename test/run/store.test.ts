// Whether a run trains: one rule, asked by `mlplab run` (what it trains) and `mlplab plan` (what it
// says); and the store's reading of run files written by mlplab 0.1.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { legacyRunId, runId } from '../../src/config/id.js';
import { needsTraining, readRuns, runPath, runsDir, writeRun } from '../../src/run/store.js';
import { isStale, NUMERICS_VERSION } from '../../src/train/numerics.js';
import type { RunResult, RunStatus } from '../../src/types.js';
import { machine } from '../../src/version.js';
import { doneResult, smallRun } from '../helpers/spec.js';
import { tempDir } from '../helpers/tiny.js';

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

test('a stale run (another numerics version) is kept, and trained again with --upgrade', () => {
  const stale = { status: 'done', env: { numerics: NUMERICS_VERSION - 1 } } as RunResult;
  const current = { status: 'done', env: { numerics: NUMERICS_VERSION } } as RunResult;
  assert.equal(needsTraining(stale, false), false);
  assert.equal(needsTraining(stale, false, true), true);
  assert.equal(needsTraining(current, false, true), false);
});

// mlplab 0.1 named a run after the hash of its whole spec (legacyRunId) and recorded no numerics version.
test('a run file of mlplab 0.1 reads as the same run under its new id, stale, and is replaced when retrained', async (t) => {
  const dir = await tempDir(t);
  const spec = smallRun(2);
  const id = runId(spec);
  const old = legacyRunId(spec);
  assert.notEqual(old, id);
  const { numerics: _, ...env } = machine();
  const legacy: RunResult = { ...doneResult(old, spec), env };
  await mkdir(runsDir(dir), { recursive: true });
  await writeFile(runPath(dir, old), JSON.stringify(legacy));
  const notes: string[] = [];
  const read = await readRuns(dir, (s) => notes.push(s));
  assert.equal(notes.length, 0);
  assert.deepEqual([...read.keys()], [id]);
  assert.equal(isStale(read.get(id)!), true);
  // The old id is accepted only from a file without a numerics version: otherwise the spec was edited.
  await writeFile(runPath(dir, old), JSON.stringify({ ...legacy, env: machine() }));
  assert.equal((await readRuns(dir, (s) => notes.push(s))).size, 0);
  assert.match(notes[0], /the spec was edited/);
  await writeFile(runPath(dir, old), JSON.stringify(legacy));
  await writeRun(dir, doneResult(id, spec));
  assert.deepEqual(await readdir(runsDir(dir)), [`${id}.json`], 'one file per run');
  assert.equal(isStale((await readRuns(dir, () => undefined)).get(id)!), false);
});
