// trainAll against a pool that only records: in which order do runs reach the pool, and when may
// a run take a helper thread? Each run gets one shared gate, opened once the runs left can have
// two of the sweep's cores each.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainAll } from '../../src/run/train-all.js';
import { threadGateOpen, type ThreadGate } from '../../src/helper-thread/thread-gate.js';
import type { TrainData } from '../../src/train/train.js';
import type { DatasetName, RunResult, RunSpec } from '../../src/types.js';
import { tempDir, tinySplit } from '../helpers/tiny.js';
import { doneResult, linearRun } from '../helpers/spec.js';

const spec = (seed: number): RunSpec => linearRun('gate', seed, 1);

const result = doneResult;

/** A pool whose runs finish when the test says so; it notes the gate each run was handed. */
class RecordingPool {
  gate: ThreadGate | undefined;
  readonly pending = new Map<string, () => void>();
  readonly received: string[] = [];

  constructor(readonly workers: number) {}

  run(id: string, s: RunSpec, _data: TrainData, _checkpoint: string, _onMessage: unknown, gate: ThreadGate): Promise<RunResult> {
    if (this.gate !== undefined) assert.equal(gate, this.gate, 'one gate for the whole sweep');
    this.gate = gate;
    this.received.push(id);
    assert.ok(this.pending.size < this.workers, 'never more runs at once than workers');
    return new Promise((resolve) => this.pending.set(id, () => resolve(result(id, s))));
  }

  async finish(id: string): Promise<void> {
    this.pending.get(id)!();
    this.pending.delete(id);
    await new Promise((r) => setTimeout(r, 20)); // let trainAll store the result
  }

  async close(): Promise<void> {
    /* nothing to stop */
  }
}

async function sweep(
  t: Parameters<typeof tempDir>[0],
  runs: number,
  cores: number,
  workers = runs,
): Promise<{ pool: RecordingPool; done: Promise<RunResult[]>; open: () => boolean }> {
  const dir = await tempDir(t);
  const data = new Map<DatasetName, TrainData>([['mnist', { train: tinySplit(8, 1), test: tinySplit(4, 2), classes: 10 }]]);
  const pool = new RecordingPool(workers);
  const todo = Array.from({ length: runs }, (_, i) => ({ id: `run${i}`, spec: spec(i) }));
  const done = trainAll(todo, data, pool, { dir, cores, force: false, log: { write: () => true } }).then((r) => r.trained);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(pool.pending.size, Math.min(runs, workers));
  return { pool, done, open: () => threadGateOpen(pool.gate!) };
}

test('runs reach the pool in the order given, one as each worker frees up', async (t) => {
  const { pool, done } = await sweep(t, 5, 2, 2);
  assert.deepEqual(pool.received, ['run0', 'run1']);
  await pool.finish('run1');
  assert.deepEqual(pool.received, ['run0', 'run1', 'run2']);
  await pool.finish('run0');
  assert.deepEqual(pool.received, ['run0', 'run1', 'run2', 'run3']);
  await pool.finish('run3');
  await pool.finish('run2');
  await pool.finish('run4');
  const stored = await done;
  assert.deepEqual(
    stored.map((r) => r.id),
    ['run1', 'run0', 'run3', 'run2', 'run4'],
  );
  assert.deepEqual(pool.received, ['run0', 'run1', 'run2', 'run3', 'run4']);
});

test('4 runs on 4 cores: the gate opens once 2 runs are left, and stays open', async (t) => {
  const { pool, done, open } = await sweep(t, 4, 4);
  const seen = [open()];
  for (const id of ['run2', 'run0', 'run3']) {
    await pool.finish(id);
    seen.push(open());
  }
  assert.deepEqual(seen, [false, false, true, true]);
  await pool.finish('run1');
  assert.equal((await done).length, 4);
});

test('the last run of a sweep on 2 cores may take the idle one', async (t) => {
  const { pool, done, open } = await sweep(t, 3, 2, 2);
  const seen = [open()];
  for (const id of ['run0', 'run1']) {
    await pool.finish(id);
    seen.push(open());
  }
  assert.deepEqual(seen, [false, false, true]);
  await pool.finish('run2');
  await done;
});

test('a lone run on 2 cores has the gate open from the start; on 1 core never', async (t) => {
  const two = await sweep(t, 1, 2);
  assert.equal(two.open(), true);
  await two.pool.finish('run0');
  await two.done;
  const one = await sweep(t, 2, 1, 1);
  await one.pool.finish('run0');
  assert.equal(one.open(), false);
  await one.pool.finish('run1');
  await one.done;
});
