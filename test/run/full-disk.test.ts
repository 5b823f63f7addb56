// A full disk, for real: a small tmpfs filled so that a checkpoint, a result or a report no longer
// fits. Each write either completes or leaves the previous file as it was, the user is told once in
// one line, and a rerun after freeing space finishes from what was kept. Sizes come from a first
// unconstrained run of the same experiment (in process), not from numbers written here.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../../src/data/load.js';
import { resolveRuns } from '../../src/run/resolve.js';
import { decodeState, encodeState } from '../../src/train/checkpoint.js';
import { train, type TrainOutcome } from '../../src/train/train.js';
import type { RunResult } from '../../src/types.js';
import { tempDir, tinySplit, writeExperiment } from '../helpers/tiny.js';
import { fillLeaving, mountTmpfs, pages, PAGE } from '../helpers/tmpfs.js';
import { writeDatasetFiles } from '../helpers/write-dataset.js';

const BIN = fileURLToPath(new URL('../../../bin/mlplab.js', import.meta.url));

// One run; wide enough (with momentum's state) that a checkpoint takes tens of pages.
const EXPERIMENT = `name: tiny
seed: 3
dataset: mnist
model:
  layers: [{ linear: 256 }, relu, linear]
train: { epochs: 3, batch_size: 32, optimizer: { sgd: { lr: 0.1, momentum: 0.9 } } }
`;

interface Setup {
  dir: string;
  data: string;
  file: string;
  id: string;
  checkpoints: Uint8Array[];
  outcome: TrainOutcome;
}

/** The experiment, its data, and what an unconstrained run of it writes: each epoch's checkpoint bytes, the outcome. */
async function setup(t: TestContext): Promise<Setup> {
  const dir = await tempDir(t, 'mlplab-full-disk-');
  const data = join(dir, 'data');
  await writeDatasetFiles(join(data, 'mnist'), { train: tinySplit(300, 1), test: tinySplit(100, 2) });
  const file = await writeExperiment(dir, EXPERIMENT);
  const { planned } = await resolveRuns(file, { dataDir: data, allowModifiedData: true });
  const { id, spec } = planned[0];
  const d = await loadDataset('mnist', { dataDir: data });
  const checkpoints: Uint8Array[] = [];
  const outcome = train(
    spec,
    id,
    { train: d.train, test: d.test, classes: d.classes.length },
    { onCheckpoint: (s) => checkpoints.push(encodeState(s)) },
  );
  return { dir, data, file, id, checkpoints, outcome };
}

function mlplab(s: Setup, command: string, results: string, ...extra: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(
    process.execPath,
    [BIN, command, s.file, '--data-dir', s.data, '--results', results, '--workers', '1', '--allow-modified-data', ...extra],
    { cwd: s.dir, encoding: 'utf8', env: { ...process.env, MLPLAB_DATA: '' } },
  );
  return { code: r.status, stderr: r.stderr };
}

const stored = (results: string, id: string): RunResult =>
  JSON.parse(readFileSync(join(results, 'tiny', 'runs', `${id}.json`), 'utf8')) as RunResult;
const metrics = (epochs: RunResult['epochs']) => epochs.map(({ seconds: _s, ...m }) => m);
const count = (text: string, re: RegExp): number => text.split('\n').filter((l) => re.test(l)).length;

test('a disk that fills at epoch 2 keeps the epoch-1 checkpoint, says so once, and the rerun resumes from it', async (t) => {
  const s = await setup(t);
  // Once the filler is gone, room for the run and its report (index.html inlines vega: ~1 MB).
  const fs = mountTmpfs(t, 4 * s.checkpoints[0].length + 2 * 1024 * 1024);
  if (fs === undefined) return;
  // Room for the lock file and the epoch-1 checkpoint; nothing more.
  const filler = fillLeaving(fs, 1 + pages(s.checkpoints[0].length));
  const id8 = s.id.slice(0, 8);

  const full = mlplab(s, 'run', fs);
  assert.equal(full.code, 1, full.stderr);
  assert.doesNotMatch(full.stderr, /internal error|\n\s+at /);
  // Epochs 2 and 3 both failed to save: one line.
  assert.equal(
    count(full.stderr, /^mlplab: no space left on .*\.checkpoints — run \w{8} keeps its epoch-1 checkpoint and training goes on/),
    1,
    full.stderr,
  );
  // Then the result did not fit either: it keeps the checkpoint, and says what to do.
  assert.match(
    full.stderr,
    new RegExp(
      `mlplab: no space left on \\S+runs — run ${id8} keeps its epoch-1 checkpoint; free some space, then run the same command again to store it`,
    ),
  );
  // The epoch-1 checkpoint, intact: the same state as the unconstrained run's (timings aside).
  const kept = decodeState(readFileSync(join(fs, 'tiny', '.checkpoints', `${s.id}.ckpt`)), s.id);
  const first = decodeState(s.checkpoints[0], s.id);
  assert.equal(kept.epoch, 1);
  assert.deepEqual(kept.params, first.params);
  assert.deepEqual(kept.optimizer, first.optimizer);
  assert.equal(existsSync(join(fs, 'tiny', 'runs', `${s.id}.json`)), false);

  rmSync(filler);
  const rerun = mlplab(s, 'run', fs);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stderr, /resumed after epoch 1 from its checkpoint/);
  const run = stored(fs, s.id);
  assert.equal(run.status, 'done');
  assert.deepEqual(metrics(run.epochs), metrics(s.outcome.epochs), 'as if the disk had never filled');
  assert.deepEqual(readdirSync(join(fs, 'tiny', '.checkpoints')), []);
});

test('a result that cannot be written keeps the final checkpoint, exits 1, and the rerun stores it without training', async (t) => {
  const s = await setup(t);
  // Outside the test's temp folder, so that it is removed only after the unmount.
  const out = mkdtempSync(join(tmpdir(), 'mlplab-results-'));
  const runs = join(out, 'tiny', 'runs');
  mkdirSync(runs, { recursive: true });
  const fs = mountTmpfs(t, 4 * PAGE, runs); // the checkpoints go to the ordinary disk, the results to a full one
  t.after(() => rmSync(out, { recursive: true, force: true }));
  if (fs === undefined) return;
  const filler = fillLeaving(fs, 0);

  const full = mlplab(s, 'run', out);
  assert.equal(full.code, 1, full.stderr);
  assert.doesNotMatch(full.stderr, /internal error|\n\s+at /);
  assert.match(
    full.stderr,
    new RegExp(
      `\nmlplab: no space left on \\S+runs — run ${s.id.slice(0, 8)} keeps its epoch-3 checkpoint; free some space, then run the same command again to store it\n`,
    ),
  );
  const ckpt = join(out, 'tiny', '.checkpoints', `${s.id}.ckpt`);
  assert.equal(decodeState(readFileSync(ckpt), s.id).epoch, 3);

  rmSync(filler);
  const rerun = mlplab(s, 'run', out);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stderr, /resumed after epoch 3 from its checkpoint/);
  const run = stored(out, s.id);
  assert.equal(run.status, 'done');
  assert.deepEqual(metrics(run.epochs), metrics(s.outcome.epochs));
  assert.deepEqual(run.final, s.outcome.final);
  assert.equal(existsSync(ckpt), false);
});

/** Every report file under `dir` (not the runs, not the checkpoints), by path. */
function reportFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (/^(runs|\.checkpoints|\.claims)/.test(name) || !statSync(path).isFile()) continue;
    files.set(name, readFileSync(path));
  }
  return files;
}

test('a report that does not fit leaves the previous report byte for byte, in one line, exit 2', async (t) => {
  const s = await setup(t);
  const fs = mountTmpfs(t, 64 * s.checkpoints[0].length);
  if (fs === undefined) return;
  assert.equal(mlplab(s, 'run', fs).code, 0);
  const out = join(fs, 'tiny');
  // The stored result changes, so that every report file would change with it.
  const run = stored(fs, s.id);
  run.final!.test_accuracy = 0.5;
  for (const e of run.epochs) e.test_accuracy = 0.5;
  writeFileSync(join(out, 'runs', `${s.id}.json`), JSON.stringify(run));
  const before = reportFiles(out);
  const csv = pages(before.get('metrics.csv')!.length);
  assert.ok(
    [...before.values()].some((b) => pages(b.length) > csv),
    'some report file is larger than metrics.csv',
  );
  // Room for the new metrics.csv, not for the rest.
  fillLeaving(fs, csv);

  const report = mlplab(s, 'report', fs);
  assert.equal(report.code, 2, report.stderr);
  assert.match(
    report.stderr,
    /^mlplab: no space left on \S+tiny — the report is not written \(the previous one is unchanged\); free some space, then: mlplab report tiny\.yaml\n$/,
  );
  assert.deepEqual(reportFiles(out), before);

  const rerun = mlplab(s, 'run', fs);
  assert.equal(rerun.code, 2, rerun.stderr);
  assert.match(
    rerun.stderr,
    /\nmlplab: no space left on \S+tiny — the report is not written \(the previous one is unchanged\), the runs are stored in \S+runs; free some space/,
  );
  assert.doesNotMatch(rerun.stderr, /internal error|\n\s+at /);
  assert.deepEqual(reportFiles(out), before);
});
