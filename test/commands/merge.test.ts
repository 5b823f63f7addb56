// `mlplab merge DIR… --into ROOT`: run files copied in from other results folders; same result
// skipped, different result refused naming both, invalid files named, nothing copied on a problem.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runId } from '../../src/config/id.js';
import type { RunResult } from '../../src/types.js';
import { mlplabMain } from '../helpers/main.js';
import { doneResult, linearRun } from '../helpers/spec.js';
import { tempDir } from '../helpers/tiny.js';

const result = (seed: number, over: Partial<RunResult> = {}): RunResult => {
  const spec = linearRun('exp', seed, 2);
  return { ...doneResult(runId(spec), spec), ...over };
};

function store(root: string, run: RunResult, experiment = 'exp'): string {
  const dir = join(root, experiment, 'runs');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${run.id}.json`);
  writeFileSync(path, `${JSON.stringify(run, null, 2)}\n`);
  return path;
}

const runFiles = (root: string, experiment = 'exp'): string[] =>
  existsSync(join(root, experiment, 'runs')) ? readdirSync(join(root, experiment, 'runs')).sort() : [];

test('copies the runs of several results folders; a run there already with the same result (timings aside) is skipped', async (t) => {
  const dir = await tempDir(t);
  const [a, b, c] = [1, 2, 3].map((seed) => result(seed));
  store(join(dir, 'shard0'), a!);
  store(join(dir, 'shard0'), b!);
  // The same run trained again elsewhere: other timings and machine.
  store(join(dir, 'shard1'), {
    ...b!,
    timing: { ...b!.timing, seconds_total: 9, started: '2020-01-01T00:00:00.000Z' },
    env: { ...b!.env, cpu: 'other' },
  });
  store(join(dir, 'shard1'), c!);
  const into = join(dir, 'results');
  const r = await mlplabMain(['merge', join(dir, 'shard0'), join(dir, 'shard1'), '--into', into]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(runFiles(into), [a!.id, b!.id, c!.id].map((id) => `${id}.json`).sort());
  assert.match(r.stdout, /^skipped 1 run file\(s\) whose run is there already with the same result \(timings aside\)$/m);
  assert.match(r.stdout, new RegExp(`^copied 3 run file\\(s\\) into ${join(into, 'exp', 'runs')}$`, 'm'));
  assert.equal(
    readFileSync(join(into, 'exp', 'runs', `${a!.id}.json`), 'utf8'),
    readFileSync(join(dir, 'shard0', 'exp', 'runs', `${a!.id}.json`), 'utf8'),
  );

  const again = await mlplabMain(['merge', join(dir, 'shard1', 'exp'), '--into', into]); // an experiment folder works too
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /skipped 2 run file\(s\)[^\n]*\nnothing to copy: every run is in/);
});

test('the same run with another result is refused naming both files, and nothing is copied', async (t) => {
  const dir = await tempDir(t);
  const a = result(1);
  const other = { ...a, final: { ...a.final!, test_accuracy: 0.9 } };
  const mine = store(join(dir, 'results'), a);
  const theirs = store(join(dir, 'shard'), other);
  store(join(dir, 'shard'), result(2));
  const r = await mlplabMain(['merge', join(dir, 'shard'), '--into', join(dir, 'results')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^mlplab: merge: nothing copied — 1 problem\(s\):\n/);
  assert.ok(r.stderr.includes(`${theirs} and ${mine} hold different results for run ${a.id}`), r.stderr);
  assert.deepEqual(runFiles(join(dir, 'results')), [`${a.id}.json`]);
  assert.deepEqual(JSON.parse(readFileSync(mine, 'utf8')), a);
});

test('a file that is not a valid run is named and nothing is copied; a failed run gives way to a finished one', async (t) => {
  const dir = await tempDir(t);
  const bad = join(dir, 'shard', 'exp', 'runs', 'abc.json');
  store(join(dir, 'shard'), result(1));
  writeFileSync(bad, '{"id": "abc"}');
  const r = await mlplabMain(['merge', join(dir, 'shard'), '--into', join(dir, 'results')]);
  assert.equal(r.code, 2);
  assert.ok(r.stderr.includes(`${bad} is not a valid run file`), r.stderr);
  assert.equal(existsSync(join(dir, 'results')), false);

  const done = result(5);
  store(join(dir, 'results'), { ...done, status: 'failed', error: 'worker failed: out of memory', final: null, epochs: [] });
  store(join(dir, 'other'), done);
  const m = await mlplabMain(['merge', join(dir, 'other'), '--into', join(dir, 'results')]);
  assert.equal(m.code, 0, m.stderr);
  assert.match(m.stdout, /^skipped .*: failed; .* finished$/m);
  assert.equal((JSON.parse(readFileSync(join(dir, 'results', 'exp', 'runs', `${done.id}.json`), 'utf8')) as RunResult).status, 'done');
});

test('usage mistakes exit 2 with one line', async (t) => {
  const dir = await tempDir(t);
  for (const [args, message] of [
    [['merge', dir], /^mlplab: merge: give the results folder to merge into/],
    [['merge', '--into', dir], /^mlplab: merge: give the folders to merge from/],
    [['merge', join(dir, 'nope'), '--into', dir], /^mlplab: merge: .*nope: no such folder/],
    [['merge', dir, '--into', join(dir, 'r')], /^mlplab: merge: .* holds no runs\/ folder: give a results folder/],
  ] as const) {
    const r = await mlplabMain([...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});
