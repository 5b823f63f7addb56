// A search split over shards (`run --shard i/n`): each shard trains its own runs of the current
// rung and stops when the rung waits for another shard's runs; the rung is decided by whichever
// process finds it complete, from the stored files alone. Shards 0/2 and 1/2, run in turns or at
// once, store the run files of one plain run (timings aside) and keep the same runs.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runContent } from '../../src/run/run-content.js';
import { parseRunFile } from '../../src/run/run-file.js';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, writeExperiment } from '../helpers/tiny.js';
import { HALVING, writeHalvingData } from './fixture.js';

const BIN = fileURLToPath(new URL('../../../bin/mlplab.js', import.meta.url));

/** Every stored run of `results`, by id, as its content (timings aside), and its status. */
function stored(results: string): Map<string, string> {
  const runs = join(results, 'h', 'runs');
  const names = existsSync(runs) ? readdirSync(runs).filter((n) => n.endsWith('.json')) : [];
  return new Map(names.sort().map((n) => [n.slice(0, -5), runContent(parseRunFile(readFileSync(join(runs, n), 'utf8'), n.slice(0, -5)))]));
}

const statuses = (results: string): string[] =>
  [...stored(results).values()].map((c) => (JSON.parse(c) as { status: string }).status).sort();

const checkpoints = (results: string): string[] => {
  const dir = join(results, 'h', '.checkpoints');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => n.endsWith('.ckpt'))
        .sort()
    : [];
};

test('halving in shards 0/2 and 1/2, in turns: the run files and survivors of one plain run', async (t) => {
  const dir = await tempDir(t, 'mlplab-halving-shards-');
  const data = await writeHalvingData(dir);
  const file = await writeExperiment(dir, HALVING, 'h.yaml');
  const common = (results: string) => ['--data-dir', data, '--allow-modified-data', '--results', join(dir, results), '--workers', '2'];
  assert.equal((await mlplabMain(['run', file, ...common('plain'), '--quiet'])).code, 0);

  const first = await mlplabMain(['run', file, '--shard', '0/2', ...common('sharded')]);
  assert.equal(first.code, 0, first.stderr);
  const paused = statuses(join(dir, 'sharded'));
  assert.ok(paused.length > 0 && paused.length < 9 && paused.every((s) => s === 'paused'), `shard 0/2 alone: ${paused}`);
  assert.equal(checkpoints(join(dir, 'sharded')).length, paused.length, 'runs waiting at the rung keep their checkpoints');
  const again = await mlplabMain(['run', file, '--shard', '0/2', ...common('sharded')]);
  assert.match(again.stderr, /0 to train/);
  assert.equal(checkpoints(join(dir, 'sharded')).length, paused.length, 'still kept: the rung waits for shard 1/2');

  for (let round = 0; round < 6; round++) {
    const trained = [];
    for (const shard of ['1/2', '0/2']) {
      const r = await mlplabMain(['run', file, '--shard', shard, ...common('sharded')]);
      assert.equal(r.code, 0, r.stderr);
      trained.push(!/, 0 to train/.test(r.stderr));
    }
    if (!trained.includes(true)) break;
  }
  assert.deepEqual(stored(join(dir, 'sharded')), stored(join(dir, 'plain')));
  assert.deepEqual(checkpoints(join(dir, 'sharded')), []);
  const report = await mlplabMain(['run', file, ...common('sharded')]);
  assert.match(report.stderr, /every rung decided/);
  assert.doesNotMatch(report.stderr, /training with/);
});

test('halving in shards 0/2 and 1/2 at once, until neither has anything to train: the same run files', async (t) => {
  const dir = await tempDir(t, 'mlplab-halving-shards-');
  const data = await writeHalvingData(dir);
  const file = await writeExperiment(dir, HALVING, 'h.yaml');
  const common = (results: string) => ['--data-dir', data, '--allow-modified-data', '--results', join(dir, results), '--workers', '1'];
  assert.equal((await mlplabMain(['run', file, ...common('plain'), '--quiet'])).code, 0);
  const shard = (which: string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'run', file, '--shard', which, ...common('sharded')], { cwd: dir });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
      });
      child.on('exit', (code) => resolve({ code, stderr }));
    });
  for (let round = 0; round < 8; round++) {
    const both = await Promise.all([shard('0/2'), shard('1/2')]);
    for (const r of both) assert.equal(r.code, 0, r.stderr);
    if (both.every((r) => /, 0 to train/.test(r.stderr))) break;
  }
  assert.deepEqual(stored(join(dir, 'sharded')), stored(join(dir, 'plain')));
  assert.deepEqual(statuses(join(dir, 'sharded')), statuses(join(dir, 'plain')));
});
