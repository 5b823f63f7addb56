// `mlplab run --shard` / `--index` and `plan --missing` through main(): shards write only their
// runs (no report), and a sweep trained in shards is the sweep trained at once, timings aside.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { claimPath, claimsDir } from '../../src/run/claim-file.js';
import { runContent } from '../../src/run/run-content.js';
import { parseRunFile } from '../../src/run/run-file.js';
import { mlplabMain } from '../helpers/main.js';
import { TINY_EXPERIMENT, tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';

// 2 datasets × 3 learning rates = 6 runs of one epoch.
const SWEPT = `${TINY_EXPERIMENT.replace('epochs: 3', 'epochs: 1')}sweep:
  train.optimizer.sgd.lr: [0.5, 0.2, 0.1]
`;

/** Every stored run of `results`, by id, timings aside. */
function stored(results: string): Map<string, string> {
  const runs = join(results, 'tiny', 'runs');
  const names = existsSync(runs) ? readdirSync(runs).filter((n) => n.endsWith('.json')) : [];
  return new Map(names.map((n) => [n.slice(0, -5), runContent(parseRunFile(readFileSync(join(runs, n), 'utf8'), n.slice(0, -5)))]));
}

test('shards 0/2 and 1/2 into one folder store what one plain run stores, and write no report until a plain run', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, SWEPT);
  const common = (results: string) => [
    '--data-dir',
    data,
    '--allow-modified-data',
    '--results',
    join(dir, results),
    '--workers',
    '1',
    '--quiet',
  ];

  const plain = await mlplabMain(['run', file, ...common('plain')]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.ok(existsSync(join(dir, 'plain', 'tiny', 'README.md')));

  const first = await mlplabMain(['run', file, '--shard', '0/2', ...common('sharded')]);
  assert.equal(first.code, 0, first.stderr);
  const afterFirst = stored(join(dir, 'sharded')).size;
  assert.ok(afterFirst > 0 && afterFirst < 6, `shard 0/2 stored ${afterFirst} runs`);
  const missing = await mlplabMain(['plan', file, '--missing', '--shards', '2', ...common('sharded').slice(0, -3)]);
  assert.equal(missing.code, 0, missing.stderr);
  assert.match(missing.stdout, /^1\ntiny: \d of 6 run\(s\) missing, in 1 task\(s\), as shards of 2/);

  const second = await mlplabMain(['run', file, '--shard', '1/2', ...common('sharded')]);
  assert.equal(second.code, 0, second.stderr);
  const written = readdirSync(join(dir, 'sharded', 'tiny')).filter((n) => !n.startsWith('.')); // .checkpoints/ and .claims/ are caches
  assert.deepEqual(written, ['runs'], 'shards write only their run files');
  assert.deepEqual(stored(join(dir, 'sharded')), stored(join(dir, 'plain')));
  const none = await mlplabMain(['plan', file, '--missing', '--shards', '2', ...common('sharded').slice(0, -3)]);
  assert.equal(none.stdout, 'nothing missing: all 6 run(s) of tiny are stored\n');

  const report = await mlplabMain(['run', file, ...common('sharded')]);
  assert.equal(report.code, 0, report.stderr);
  assert.ok(existsSync(join(dir, 'sharded', 'tiny', 'README.md')), 'a plain run writes the report');
});

test('--index k trains only run k of the plan; an index past the plan exits 2', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, SWEPT);
  const common = ['--data-dir', data, '--allow-modified-data', '--results', join(dir, 'out')];
  const plan = await mlplabMain(['plan', file, ...common]);
  const third = /^2 +([0-9a-f]{12}) /m.exec(plan.stdout)?.[1];
  assert.ok(third !== undefined, plan.stdout);
  const r = await mlplabMain(['run', file, '--index', '2', '--workers', '1', '--quiet', ...common]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([...stored(join(dir, 'out')).keys()], [third]);
  // A shard reads only its own runs' files: 100 tasks each reading the whole folder would load a shared filesystem.
  writeFileSync(join(dir, 'out', 'tiny', 'runs', 'bogus.json'), '{');
  const fourth = await mlplabMain(['run', file, '--index', '3', '--workers', '1', ...common]);
  assert.equal(fourth.code, 0, fourth.stderr);
  assert.doesNotMatch(fourth.stderr, /bogus/);
  assert.match(fourth.stderr, /tiny: 6 run\(s\) planned \(--index 3: 1 of them\), 0 already in .*, 1 to train/);
  const past = await mlplabMain(['run', file, '--index', '6', ...common]);
  assert.equal(past.code, 2);
  assert.equal(past.stderr, 'mlplab: --index 6: the plan has 6 run(s), numbered 0 to 5 (mlplab plan lists them)\n');
  const missing = await mlplabMain(['plan', file, '--missing', ...common]);
  assert.match(missing.stdout, /^0-1,4-5\n/);
  const shard = await mlplabMain(['plan', file, '--shard', '1/2', ...common]);
  assert.match(shard.stdout, /^tiny: shard 1\/2, 3 runs of 6 on/);
});

test('flag mistakes exit 2 naming the flag', async () => {
  for (const [args, message] of [
    [['run', 'x.yaml', '--shard', '2/2'], /^mlplab: --shard 2\/2: i must be/],
    [['run', 'x.yaml', '--shard', '0/2', '--index', '1'], /^mlplab: --shard and --index/],
    [['plan', 'x.yaml', '--shards', '4'], /^mlplab: --shards: goes with --missing/],
    [['report', 'x.yaml', '--index', '1'], /^mlplab: report: --index is for run and plan/],
  ] as const) {
    const r = await mlplabMain([...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});

/**
 * The swept experiment planned, and its run 0 claimed by this process with `claim`'s times: the
 * file, the options every command here takes, and that run's id.
 */
async function firstRunClaimed(
  t: TestContext,
  claim: { started: string; heartbeat: string; nonce: string },
): Promise<{ file: string; common: string[]; first: string }> {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, SWEPT);
  const common = ['--data-dir', data, '--allow-modified-data', '--results', join(dir, 'out')];
  const first = /^0 +([0-9a-f]{12}) /m.exec((await mlplabMain(['plan', file, ...common])).stdout)![1]!;
  mkdirSync(claimsDir(join(dir, 'out', 'tiny')), { recursive: true });
  writeFileSync(claimPath(join(dir, 'out', 'tiny'), first), JSON.stringify({ host: hostname(), pid: process.pid, ...claim }));
  return { file, common, first };
}

test('plan and plan --missing name the process training a run (a live claim)', async (t) => {
  const { file, common, first } = await firstRunClaimed(t, { started: '', heartbeat: new Date().toISOString(), nonce: 'x' });
  const plan = await mlplabMain(['plan', file, ...common]);
  assert.match(plan.stdout, new RegExp(`^0 +${first} .* no \\(training on ${hostname()}:${process.pid}\\)$`, 'm'));
  const missing = await mlplabMain(['plan', file, '--missing', ...common]);
  assert.match(
    missing.stdout,
    new RegExp(
      `^1 of them are being trained now \\(claimed\\): ${first} by ${hostname()}:${process.pid}; a task resubmitted now skips them$`,
      'm',
    ),
  );
});

test('plan and plan --missing judge a claim stale by MLPLAB_CLAIM_TIMEOUT, as run does', async (t) => {
  // A live process's claim whose last heartbeat is 2 minutes old: live under the default 10 min.
  const old = new Date(Date.now() - 120_000).toISOString();
  const { file, common, first } = await firstRunClaimed(t, { started: old, heartbeat: old, nonce: 'y' });
  const training = new RegExp(`^0 +${first} .*\\(training on `, 'm');
  assert.match((await mlplabMain(['plan', file, ...common])).stdout, training);
  const env = { MLPLAB_CLAIM_TIMEOUT: '60' };
  assert.doesNotMatch((await mlplabMain(['plan', file, ...common], { env })).stdout, training);
  assert.match((await mlplabMain(['plan', file, '--missing', ...common])).stdout, /being trained now/);
  assert.doesNotMatch((await mlplabMain(['plan', file, '--missing', ...common], { env })).stdout, /being trained now/);
});

test('shards in folders of their own, merged, are the plain run; then report draws them', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, SWEPT);
  const common = (results: string) => [
    '--data-dir',
    data,
    '--allow-modified-data',
    '--results',
    join(dir, results),
    '--workers',
    '1',
    '--quiet',
  ];
  for (const shard of ['0/3', '1/3', '2/3']) {
    const r = await mlplabMain(['run', file, '--shard', shard, ...common(`node${shard[0]}`)]);
    assert.equal(r.code, 0, r.stderr);
  }
  const plain = await mlplabMain(['run', file, ...common('plain')]);
  assert.equal(plain.code, 0, plain.stderr);
  const merged = await mlplabMain([
    'merge',
    join(dir, 'node0'),
    join(dir, 'node1'),
    join(dir, 'node2', 'tiny'),
    '--into',
    join(dir, 'merged'),
  ]);
  assert.equal(merged.code, 0, merged.stderr);
  assert.deepEqual(stored(join(dir, 'merged')), stored(join(dir, 'plain')));
  const report = await mlplabMain(['report', file, ...common('merged').slice(0, -3)]);
  assert.equal(report.code, 0, report.stderr);
  assert.ok(existsSync(join(dir, 'merged', 'tiny', 'README.md')));
});
