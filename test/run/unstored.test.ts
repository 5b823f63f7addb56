// A result that cannot be written does not stop the sweep: that run keeps its checkpoint and is
// reported, the others are stored. (A folder where the run file belongs makes the write fail.)

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { trainAll } from '../../src/run/train-all.js';
import { checkpointPath, runPath } from '../../src/run/store.js';
import { writeCheckpoint } from '../../src/train/checkpoint-file.js';
import type { TrainData } from '../../src/train/train.js';
import type { DatasetName, RunSpec } from '../../src/types.js';
import { doneResult, linearRun } from '../helpers/spec.js';
import { tempDir, tinySplit } from '../helpers/tiny.js';

const spec = (seed: number): RunSpec => linearRun('unstored', seed, 2);

const result = doneResult;

test('a run whose result cannot be written keeps its checkpoint and the other runs are stored', async (t) => {
  const dir = await tempDir(t);
  const todo = ['run0', 'run1', 'run2'].map((id, i) => ({ id, spec: spec(i) }));
  mkdirSync(runPath(dir, 'run0'), { recursive: true }); // a folder in the way of run0's result
  writeCheckpoint(checkpointPath(dir, 'run0'), {
    id: 'run0',
    epoch: 2,
    history: result('run0', spec(0)).epochs,
    shuffle: [1, 2, 3, 4],
    noise: [5, 6, 7, 8],
    params: [new Float32Array(10)],
    optimizer: [],
    layers: [],
    best: [],
    order: new Uint32Array(8),
  });
  const pool = { workers: 1, run: async (id: string, s: RunSpec) => result(id, s), close: async () => undefined };
  const data = new Map<DatasetName, TrainData>([['mnist', { train: tinySplit(8, 1), test: tinySplit(4, 2), classes: 10 }]]);

  const { trained, unstored } = await trainAll(todo, data, pool, { dir, cores: 1, force: false, log: { write: () => true } });
  assert.deepEqual(trained.map((r) => r.id).sort(), ['run1', 'run2']);
  assert.deepEqual(readdirSync(join(dir, 'runs')).sort(), ['run0.json', 'run1.json', 'run2.json']); // run0.json: still the folder
  assert.equal(unstored.length, 1);
  assert.equal(unstored[0].id, 'run0');
  assert.match(
    unstored[0].message,
    /run0\.json is a folder, not a file — run run0 keeps its epoch-2 checkpoint; move it away, then run the same command again to store it/,
  );
  assert.ok(existsSync(checkpointPath(dir, 'run0')), 'run0 keeps its checkpoint');
});
