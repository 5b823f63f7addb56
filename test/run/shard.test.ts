// Static shards (run/shard.ts): a partition of the plan, balanced by cost, the same on every node;
// and the flags that choose one (shard-options.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/nn/rng.js';
import { arraySpec, dealByCost, missingShards, shardOf } from '../../src/run/shard.js';
import { selectionOption, shardCountOption } from '../../src/shard-options.js';
import { UsageError } from '../../src/errors.js';
import { sgd, trainWith } from '../helpers/spec.js';
import type { RunSpec } from '../../src/types.js';

/** `count` runs with ids r0000… and costs drawn from a mix of sizes (as a width × epochs sweep gives). */
function sweep(count: number, seed = 1): { id: string; cost: number }[] {
  const rng = Rng.from(seed, 'shard-test');
  const sizes = [1, 2, 4, 8, 32];
  return Array.from({ length: count }, (_, i) => ({
    id: `r${String(i).padStart(4, '0')}`,
    cost: sizes[rng.int(sizes.length)]! * (1 + rng.int(5)),
  }));
}

const SIZES = [1, 2, 3, 5, 17, 63, 64, 65, 200, 1000, 5000];

/** max/mean of the shards' total cost. */
function balance(runs: { cost: number }[], shards: number[][]): { max: number; mean: number } {
  const loads = shards.map((s) => s.reduce((sum, i) => sum + runs[i]!.cost, 0));
  return { max: Math.max(...loads), mean: loads.reduce((a, b) => a + b, 0) / loads.length };
}

/** The other deal the partition could use: costliest first, round-robin. */
function roundRobin(runs: { id: string; cost: number }[], n: number): number[][] {
  const order = runs.map((r, i) => ({ ...r, i })).sort((a, b) => b.cost - a.cost || (a.id < b.id ? -1 : 1));
  const shards: number[][] = Array.from({ length: n }, () => []);
  order.forEach(({ i }, k) => shards[k % n]!.push(i));
  return shards;
}

test('shards are a partition of the plan for n = 1…64 over sweeps of 1…5,000 runs, each in plan order', () => {
  for (const count of SIZES) {
    const runs = sweep(count);
    for (let n = 1; n <= 64; n++) {
      const shards = dealByCost(runs, n);
      assert.equal(shards.length, n);
      const all = shards.flat().sort((a, b) => a - b);
      assert.deepEqual(
        all,
        Array.from({ length: count }, (_, i) => i),
        `${count} runs, ${n} shards`,
      );
      for (const s of shards)
        assert.deepEqual(
          s,
          [...s].sort((a, b) => a - b),
        );
      // No shard is empty while another holds two runs.
      if (count >= n)
        assert.ok(
          shards.every((s) => s.length > 0),
          `${count} runs, ${n} shards: an empty shard`,
        );
    }
  }
});

test('balanced by cost: within one run of the mean (greedy bound), and never worse than round-robin', () => {
  const worst = { lpt: 0, rr: 0 };
  for (const count of SIZES) {
    const runs = sweep(count, 7);
    const top = Math.max(...runs.map((r) => r.cost));
    for (let n = 1; n <= 64; n++) {
      const lpt = balance(runs, dealByCost(runs, n));
      const rr = balance(runs, roundRobin(runs, n));
      assert.ok(lpt.max <= lpt.mean + top, `${count}/${n}: max ${lpt.max} > mean ${lpt.mean} + largest ${top}`);
      assert.ok(lpt.max <= rr.max, `${count}/${n}: greedy ${lpt.max} worse than round-robin ${rr.max}`);
      if (count >= 50 * n) {
        worst.lpt = Math.max(worst.lpt, lpt.max / lpt.mean);
        worst.rr = Math.max(worst.rr, rr.max / rr.mean);
      }
    }
  }
  // With 50 runs or more a shard, the greedy deal is within 1% of perfect here; round-robin is not.
  assert.ok(worst.lpt < 1.01, `greedy max/mean ${worst.lpt}`);
  assert.ok(worst.rr > worst.lpt, `round-robin ${worst.rr} vs greedy ${worst.lpt}`);
});

test('5,000 runs over 100 shards: max/mean cost per shard', () => {
  const runs = sweep(5000, 3);
  const { max, mean } = balance(runs, dealByCost(runs, 100));
  assert.ok(max / mean < 1.001, `max/mean ${max / mean}`);
});

test('deterministic, and independent of the order the runs come in', () => {
  const runs = sweep(1000, 5);
  const shuffled = [...runs].reverse();
  for (const n of [1, 7, 64]) {
    assert.deepEqual(dealByCost(runs, n), dealByCost(runs, n));
    const ids = (rs: typeof runs, shards: number[][]) => shards.map((s) => s.map((i) => rs[i]!.id).sort());
    assert.deepEqual(ids(runs, dealByCost(runs, n)), ids(shuffled, dealByCost(shuffled, n)));
  }
});

test('more shards than runs: the extra shards are empty; 100,000 shards is the limit', () => {
  assert.deepEqual(
    dealByCost(sweep(2), 4)
      .map((s) => s.length)
      .sort(),
    [0, 0, 1, 1],
  );
  assert.equal(dealByCost(sweep(3), 100_000).filter((s) => s.length > 0).length, 3);
  assert.throws(() => dealByCost(sweep(3), 100_001), RangeError);
  assert.throws(() => dealByCost(sweep(3), 0), RangeError);
});

const spec = (units: number, epochs: number): RunSpec => ({
  experiment: 's',
  dataset: 'mnist',
  dataset_sha256: 'x',
  seed: 1,
  preprocess: 'scale',
  model: {
    layers: [{ linear: { units, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }],
    loss: 'softmax-cross-entropy',
  },
  train: trainWith({ epochs, optimizer: sgd(0.1) }),
});

test('shardOf costs a run as FLOPs per epoch × epochs: one long run balances several short ones', () => {
  const planned = [
    { id: 'a', spec: spec(64, 1) },
    { id: 'b', spec: spec(64, 1) },
    { id: 'c', spec: spec(64, 2) },
  ];
  assert.deepEqual(shardOf(planned, 2), [[2], [0, 1]]);
});

test('missingShards: the shards (or plan indices) holding a run not stored, with their ids', () => {
  const planned = [1, 1, 1, 1].map((e, i) => ({ id: `r${i}`, spec: spec(64, e) }));
  const missing = (id: string) => id === 'r1' || id === 'r3';
  assert.deepEqual(missingShards(planned, missing), [
    { task: 1, ids: ['r1'] },
    { task: 3, ids: ['r3'] },
  ]);
  const shards = shardOf(planned, 2);
  const byShard = missingShards(planned, missing, 2);
  for (const t of byShard) for (const id of t.ids) assert.ok(shards[t.task]!.includes(Number(id.slice(1))));
  assert.deepEqual(
    missingShards(planned, () => false, 2),
    [],
  );
});

test('arraySpec writes Slurm --array= ranges', () => {
  assert.equal(arraySpec([0, 3, 5, 6, 7]), '0,3,5-7');
  assert.equal(arraySpec([7, 5, 6, 6]), '5-7');
  assert.equal(arraySpec([4]), '4');
  assert.equal(arraySpec([]), '');
});

test('--shard i/n and --index k, and each mistake named by its flag', () => {
  assert.deepEqual(selectionOption('1/4', undefined, {}), { shard: 1, of: 4 });
  assert.deepEqual(selectionOption(undefined, '7', {}), { index: 7 });
  assert.equal(selectionOption(undefined, undefined, {}), undefined);
  assert.deepEqual(selectionOption('auto/4', undefined, { SLURM_ARRAY_TASK_ID: '3', JOB_COMPLETION_INDEX: '0' }), { shard: 3, of: 4 });
  assert.deepEqual(selectionOption('auto/4', undefined, { SLURM_ARRAY_TASK_ID: '', JOB_COMPLETION_INDEX: '2' }), { shard: 2, of: 4 });
  const bad: [string | undefined, string | undefined, Record<string, string>, RegExp][] = [
    ['4/4', undefined, {}, /^--shard 4\/4: i must be a whole number from 0 to 3/],
    ['0/0', undefined, {}, /^--shard: the number of shards must be a whole number from 1 to 100,000, got "0"/],
    ['0/100001', undefined, {}, /^--shard: .*got "100001"/],
    ['1.5/4', undefined, {}, /^--shard 1\.5\/4: i must be/],
    ['-1/4', undefined, {}, /^--shard -1\/4: i must be/],
    ['1/2.0', undefined, {}, /^--shard: .*got "2\.0"/],
    ['3', undefined, {}, /^--shard: expected i\/n/],
    ['auto/4', undefined, {}, /^--shard auto\/4: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set/],
    ['auto/4', undefined, { SLURM_ARRAY_TASK_ID: '4' }, /^--shard auto\/4: SLURM_ARRAY_TASK_ID=4 is not a shard of 4/],
    [undefined, '1e3', {}, /^--index: a run's position/],
    [undefined, '-2', {}, /^--index: /],
    ['0/2', '1', {}, /^--shard and --index: give one of them/],
  ];
  for (const [shard, index, env, message] of bad)
    assert.throws(
      () => selectionOption(shard, index, env),
      (err: Error) => err instanceof UsageError && message.test(err.message),
      `${shard} ${index}`,
    );
  assert.equal(shardCountOption('64'), 64);
  assert.throws(() => shardCountOption('x'), /^UsageError: --shards: /);
});
