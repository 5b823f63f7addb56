// `mlplab plan`: every expanded run with its id, changes, cost and stored state, without training;
// and through the real binary, its exit codes.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatPlan } from '../../src/commands/plan-table.js';
import { estimatePlan } from '../../src/commands/plan.js';
import { wallTime } from '../../src/estimate/wall-time.js';
import { resolveRuns } from '../../src/run/resolve.js';
import type { RunResult, RunSpec } from '../../src/types.js';
import { mlplabMain } from '../helpers/main.js';
import { TINY_EXPERIMENT, tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';
import { NUMERICS_VERSION } from '../../src/train/numerics.js';

process.env.XDG_CACHE_HOME = join(tmpdir(), 'mlplab-test-cache'); // checksums.json goes there, not to the user's cache

const SWEPT = `${TINY_EXPERIMENT}sweep:
  train.optimizer.sgd.lr: [0.5, 0.1]
  repeats: 2
`;

test('lists every run with its id, changes, parameters, FLOPs and a time estimate', async (t) => {
  const dir = await tempDir(t);
  const dataDir = await writeTinyData(dir);
  const file = await writeExperiment(dir, SWEPT);
  const plan = await estimatePlan({ file, allowModifiedData: true, dataDir, resultsRoot: join(dir, 'results'), workers: 2 });
  assert.equal(plan.rows.length, 2 * 2 * 2);
  assert.deepEqual(
    plan.rows.slice(0, 3).map((r) => [r.dataset, r.changes.join(' ')]),
    [
      ['mnist', 'train.optimizer.sgd.lr=0.5 seed=3'],
      ['mnist', 'train.optimizer.sgd.lr=0.5 seed=4'],
      ['mnist', 'train.optimizer.sgd.lr=0.1 seed=3'],
    ],
  );
  const first = plan.rows[0];
  assert.match(first.id, /^[0-9a-f]{12}$/);
  assert.equal(first.params, 785 * 16 + 17 * 10);
  assert.equal(first.flopsPerEpoch, 2 * 784 * 16 * (2 * 60000 + 10000) + 2 * 16 * 10 * (3 * 60000 + 10000));
  assert.ok(first.seconds > 0);
  assert.ok(plan.rows.every((r) => r.stored === ''));
  assert.ok(plan.wallSeconds >= Math.max(...plan.rows.map((r) => r.seconds)));

  const text = formatPlan(plan);
  for (const row of plan.rows) assert.ok(text.includes(row.id), row.id);
  assert.match(text, /^tiny: 8 runs on 2 datasets, 0 stored, 8 to train$/m);
  assert.match(text, /train\.optimizer\.sgd\.lr=0\.5 · seed=3/);
  assert.match(text, /3\.322 G/);
  assert.match(text, /To train: 8 runs, .* of compute, about .* with 2 workers\./);
});

test('the wall time follows the order mlplab run trains in: costliest first', async (t) => {
  const dir = await tempDir(t);
  const dataDir = await writeTinyData(dir);
  const file = await writeExperiment(
    dir,
    `${TINY_EXPERIMENT.replace('dataset: [mnist, fashion-mnist]', 'dataset: mnist')}sweep:
  model.layers:
    - [{ linear: 8 }, relu, linear]
    - [{ linear: 64 }, relu, linear]
    - [{ linear: 16 }, relu, linear]
    - [{ linear: 256 }, relu, linear]
    - [{ linear: 32 }, relu, linear]
`,
  );
  const plan = await estimatePlan({ file, allowModifiedData: true, dataDir, resultsRoot: join(dir, 'results'), workers: 2 });
  const byCost = [...plan.rows].sort((a, b) => b.flopsPerEpoch - a.flopsPerEpoch).map((r) => r.seconds);
  assert.equal(plan.wallSeconds, wallTime(byCost, 2));
  assert.ok(
    plan.wallSeconds <=
      wallTime(
        plan.rows.map((r) => r.seconds),
        2,
      ),
  );
});

/** A stored run file as `mlplab run` would write it (the store checks them against schema/run.schema.json). */
function storedRun({ id, spec }: { id: string; spec: RunSpec }, status: 'done' | 'failed'): RunResult {
  const epoch = { epoch: 1, lr: 0.5, train_loss: 1, train_accuracy: 0.5, test_loss: 1, test_accuracy: 0.5, seconds: 0.1 };
  return {
    id,
    spec,
    status,
    params: 100,
    ...(status === 'done'
      ? { epochs: [epoch], final: { train_loss: 1, train_accuracy: 0.5, test_loss: 1, test_accuracy: 0.5 }, best_epoch: 1 }
      : { epochs: [], final: null, error: 'boom' }),
    timing: { started: '2026-01-01T00:00:00.000Z', finished: '2026-01-01T00:00:01.000Z', seconds_total: 1, seconds_per_epoch: 0.1 },
    env: { mlplab: '0', numerics: NUMERICS_VERSION, node: 'v20', cpu: 'x', platform: 'linux' },
  };
}

test('marks stored runs (skipped) and failed ones (retried), and counts only the rest', async (t) => {
  const dir = await tempDir(t);
  const dataDir = await writeTinyData(dir);
  const file = await writeExperiment(dir);
  const resultsRoot = join(dir, 'results');
  const { planned } = await resolveRuns(file, { dataDir, allowModifiedData: true });
  const runs = join(resultsRoot, 'tiny', 'runs');
  await mkdir(runs, { recursive: true });
  await writeFile(join(runs, `${planned[0].id}.json`), JSON.stringify(storedRun(planned[0], 'done')));
  await writeFile(join(runs, `${planned[1].id}.json`), JSON.stringify(storedRun(planned[1], 'failed')));
  const after = await estimatePlan({ file, allowModifiedData: true, dataDir, resultsRoot, workers: 1 });
  assert.deepEqual(
    after.rows.map((r) => r.stored),
    ['stored', 'failed'],
  );
  assert.match(formatPlan(after), /yes \(skipped\)/);
  assert.match(formatPlan(after), /1 stored, 1 to train/);
  assert.equal(after.wallSeconds, after.rows[1].seconds);
  const forced = await estimatePlan({ file, allowModifiedData: true, dataDir, resultsRoot, workers: 1, force: true });
  assert.deepEqual(
    forced.rows.map((r) => r.stored),
    ['', ''],
  );
});

test('marks stale runs (another numerics version): skipped, and to train only with --upgrade', async (t) => {
  const dir = await tempDir(t);
  const dataDir = await writeTinyData(dir);
  const file = await writeExperiment(dir);
  const resultsRoot = join(dir, 'results');
  const { planned } = await resolveRuns(file, { dataDir, allowModifiedData: true });
  const runs = join(resultsRoot, 'tiny', 'runs');
  await mkdir(runs, { recursive: true });
  for (const p of planned) {
    const old = storedRun(p, 'done');
    await writeFile(join(runs, `${p.id}.json`), JSON.stringify({ ...old, env: { ...old.env, numerics: NUMERICS_VERSION + 1 } }));
  }
  const notes: string[] = [];
  const plan = await estimatePlan({ file, allowModifiedData: true, dataDir, resultsRoot, workers: 1, warn: (s) => notes.push(s) });
  assert.deepEqual(
    plan.rows.map((r) => r.stored),
    ['stale', 'stale'],
  );
  assert.equal(plan.wallSeconds, 0);
  assert.match(formatPlan(plan), /stale \(skipped; --upgrade\)/);
  assert.match(
    notes.join('\n'),
    new RegExp(`2 stored run\\(s\\) were computed by numerics version ${NUMERICS_VERSION + 1}, not this mlplab's ${NUMERICS_VERSION}`),
  );
  const upgrade = await estimatePlan({ file, allowModifiedData: true, dataDir, resultsRoot, workers: 1, upgrade: true });
  assert.deepEqual(
    upgrade.rows.map((r) => r.stored),
    ['', ''],
  );
});

test('the data decides the ids: other bytes under --data-dir, other runs', async (t) => {
  const dir = await tempDir(t);
  const file = await writeExperiment(dir);
  const a = await estimatePlan({
    file,
    allowModifiedData: true,
    dataDir: await writeTinyData(join(dir, 'a')),
    resultsRoot: dir,
    workers: 1,
  });
  const b = await estimatePlan({
    file,
    allowModifiedData: true,
    dataDir: await writeTinyData(join(dir, 'a')),
    resultsRoot: dir,
    workers: 1,
  });
  assert.deepEqual(
    b.rows.map((r) => r.id),
    a.rows.map((r) => r.id),
  );
  await mkdir(join(dir, 'c'));
  const other = await writeTinyData(join(dir, 'c'));
  await writeFile(join(other, 'mnist', 't10k-labels-idx1-ubyte'), Buffer.from([0, 0, 8, 1, 0, 0, 0, 1, 3]));
  const c = await estimatePlan({ file, allowModifiedData: true, dataDir: other, resultsRoot: dir, workers: 1 });
  assert.notEqual(c.rows[0].id, a.rows[0].id);
  assert.equal(c.rows[1].id, a.rows[1].id);
});

test('mlplab plan: exit 0 with the table; a config mistake exits 2 and writes nothing', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, SWEPT);
  const planArgs = (set: string): string[] => [
    'plan',
    file,
    '--data-dir',
    data,
    '--allow-modified-data',
    '--results',
    join(dir, 'out'),
    '--set',
    set,
  ];
  const ok = await mlplabMain(planArgs('sweep.repeats=1'));
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^tiny: 4 runs on 2 datasets/);
  assert.equal(ok.stdout.match(/^\d+ +[0-9a-f]{12} /gm)?.length, 4);

  const bad = await mlplabMain(planArgs('train.epochs=ten'));
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'mlplab: --set train.epochs=ten: train.epochs: must be an integer, got "ten"\n');
  const typo = await writeExperiment(dir, SWEPT.replace('  repeats: 2', '  repeat: 2'), 'typo.yaml');
  const r = await mlplabMain(['plan', typo, '--results', join(dir, 'out')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /typo\.yaml:17:3: sweep\.repeat: the experiment has no field "repeat" \(did you mean "repeats"\?\)/);
  assert.equal(existsSync(join(dir, 'out')), false);
});
