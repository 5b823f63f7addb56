// A sweep through a real Slurm: `mlplab slurm --submit` on a one-node cluster (.ci/slurm-up starts
// slurmctld, slurmd and munged), waited on until squeue no longer lists the jobs. The run files
// must equal, bit for bit (timings aside), those of a local `mlplab run` of the same file; and a
// task cancelled mid-run (scancel) must be named by `plan --missing`, resubmitted by
// `slurm --missing --submit`, and resume to the same results. Skipped where sbatch is absent or no
// node is idle, except in CI (CI=true), where .ci/run starts Slurm and the test must run.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveRuns } from '../../src/run/resolve.js';
import { runContent } from '../../src/run/run-content.js';
import { shardOf } from '../../src/run/shard.js';
import type { RunResult } from '../../src/types.js';
import { mlplab } from '../helpers/spawn.js';
import { tempDir, tinySplit, TINY_EXPERIMENT, writeExperiment, writeTinyData } from '../helpers/tiny.js';
import { writeDatasetFiles } from '../helpers/write-dataset.js';

const sbatchThere = spawnSync('sbatch', ['--version']).status === 0;
const idle = sbatchThere && /\bidle\b/.test(spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' }).stdout ?? '');
const skip =
  process.env.CI === 'true' || idle
    ? false
    : `${sbatchThere ? 'sinfo shows no idle node' : 'sbatch is not on PATH'} (.ci/slurm-up starts a one-node Slurm; .ci/run does)`;

/** 8 runs of 2 epochs: 2 widths × 2 learning rates × 2 datasets. */
const SWEEP = `${TINY_EXPERIMENT.replace('name: tiny', 'name: sweep').replace('epochs: 3', 'epochs: 2')}sweep:
  model.layers[0].linear: [4, 8]
  train.optimizer.sgd.lr: [0.5, 0.1]
`;

/** 4 runs of a few seconds each, so one can be cancelled between two epochs. */
const SLOW = `name: slow
seed: 5
dataset: mnist
model:
  layers: [{ linear: 256 }, relu, linear]
train: { epochs: 10, batch_size: 16, optimizer: { sgd: { lr: 0.02 } } }
sweep:
  train.optimizer.sgd.lr: [0.02, 0.01]
  repeats: 2
`;

/** Each run file of an experiment's folder by name, as run-content.ts compares them (timings and machine aside). */
async function runFiles(experimentDir: string): Promise<Record<string, string>> {
  const runs = join(experimentDir, 'runs');
  const names = (await readdir(runs)).filter((n) => n.endsWith('.json')).sort();
  const contents = await Promise.all(names.map(async (n) => runContent(JSON.parse(await readFile(join(runs, n), 'utf8')) as RunResult)));
  return Object.fromEntries(names.map((n, i) => [n, contents[i]!]));
}

/** Each step's output, for a failure message: what the tasks logged tells why a run is missing. */
function logsOf(results: string, experiment: string): string {
  const dir = join(results, experiment, 'slurm', 'logs');
  if (!existsSync(dir)) return '(no logs folder)';
  return readdirSync(dir)
    .map((f) => `--- ${f}\n${spawnSync('cat', [join(dir, f)], { encoding: 'utf8' }).stdout}`)
    .join('\n');
}

/** Waits until squeue lists none of `jobs` (gone, or never known: squeue then fails). */
async function waitForJobs(jobs: string[], ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const r = spawnSync('squeue', ['-h', '-j', jobs.join(','), '-o', '%i %T'], { encoding: 'utf8' });
    if (r.status !== 0 || r.stdout.trim() === '') return;
    if (Date.now() > end) {
      spawnSync('scancel', jobs);
      throw new Error(`jobs ${jobs.join(', ')} still queued after ${ms / 1000} s:\n${r.stdout}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The job ids `mlplab slurm --submit` printed: the array's, then the report's. */
function submitted(stdout: string): [string, string] {
  const m = /submitted job array (\d+) .* and report job (\d+)/.exec(stdout);
  assert.ok(m !== null, stdout);
  return [m[1]!, m[2]!];
}

test('a sweep through Slurm stores the runs a local run stores, and a cancelled task resumes', { skip, timeout: 300_000 }, async (t) => {
  assert.ok(sbatchThere && idle, 'CI=true: a one-node Slurm must be up (.ci/slurm-up) — sbatch on PATH, a node idle in sinfo');
  const dir = await tempDir(t, 'mlplab-slurm-'); // under /tmp: on one node the jobs read it as the test wrote it
  const data = await writeTinyData(dir);

  await t.test('8 runs as an array of 8 tasks, then the report', async () => {
    const file = await writeExperiment(dir, SWEEP, 'sweep.yaml');
    const common = [file, '--data-dir', data, '--allow-modified-data'];
    const started = Date.now();
    const local = mlplab(['run', ...common, '--results', join(dir, 'local'), '--workers', '2', '--quiet'], dir);
    assert.equal(local.code, 0, local.stderr);
    const localSeconds = (Date.now() - started) / 1000;

    const results = join(dir, 'slurm');
    const submittedAt = Date.now();
    const r = mlplab(['slurm', ...common, '--results', results, '--submit'], dir);
    assert.equal(r.code, 0, r.stderr);
    await waitForJobs(submitted(r.stdout));
    const slurmSeconds = (Date.now() - submittedAt) / 1000;
    t.diagnostic(
      `8 runs: local mlplab run --workers 2 ${localSeconds.toFixed(1)} s; mlplab slurm --submit to the report ${slurmSeconds.toFixed(1)} s`,
    );

    assert.ok(existsSync(join(results, 'sweep', 'README.md')), `the report job wrote the report\n${logsOf(results, 'sweep')}`);
    assert.equal((await readdir(join(results, 'sweep', 'slurm', 'logs'))).length, 9, 'a log per task and one of the report');
    assert.deepEqual(await runFiles(join(results, 'sweep')), await runFiles(join(dir, 'local', 'sweep')), logsOf(results, 'sweep'));
  });

  await t.test('a task cancelled mid-run is named by plan --missing and resumes when resubmitted', async () => {
    await writeDatasetFiles(join(dir, 'big', 'mnist'), { train: tinySplit(3000, 1), test: tinySplit(200, 2) });
    const file = await writeExperiment(dir, SLOW, 'slow.yaml');
    const common = [file, '--data-dir', join(dir, 'big'), '--allow-modified-data'];
    const results = join(dir, 'slow-slurm');
    const { planned } = await resolveRuns(file, { dataDir: join(dir, 'big'), allowModifiedData: true });
    const shardOfRun = new Map(shardOf(planned, 4).flatMap((indices, shard) => indices.map((i) => [planned[i]!.id, shard] as const)));
    const r = mlplab(['slurm', ...common, '--results', results, '--submit'], dir);
    assert.equal(r.code, 0, r.stderr);
    const [array, report] = submitted(r.stdout);

    // The first run with a checkpoint (an epoch done) and no result yet: its task is cancelled.
    const runs = join(results, 'slow', 'runs');
    const checkpoints = join(results, 'slow', '.checkpoints');
    let victim: string | undefined;
    for (const end = Date.now() + 60_000; victim === undefined && Date.now() < end; ) {
      const ckpts = existsSync(checkpoints) ? readdirSync(checkpoints).filter((n) => n.endsWith('.ckpt')) : [];
      victim = ckpts.map((n) => n.replace(/\.ckpt$/, '')).find((id) => !existsSync(join(runs, `${id}.json`)));
      if (victim === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(victim !== undefined, `no run reached its first checkpoint\n${logsOf(results, 'slow')}`);
    const shard = shardOfRun.get(victim)!;
    assert.equal(spawnSync('scancel', [`${array}_${shard}`]).status, 0);
    await waitForJobs([array, report]);
    assert.ok(
      !existsSync(join(runs, `${victim}.json`)),
      'the cancelled run has no result (else it finished before scancel: make SLOW longer)',
    );

    const plan = mlplab(['plan', ...common, '--results', results, '--missing', '--shards', '4'], dir);
    assert.equal(plan.code, 0, plan.stderr);
    assert.equal(plan.stdout.split('\n')[0], String(shard), plan.stdout); // the --array= list
    assert.ok(plan.stdout.includes(victim.slice(0, 12)), plan.stdout);

    const again = mlplab(['slurm', ...common, '--results', results, '--missing', '--submit'], dir);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /\(1 task\(s\) of 4 shards, 4 runs\)/);
    await waitForJobs(submitted(again.stdout));

    const local = mlplab(['run', ...common, '--results', join(dir, 'slow-local'), '--workers', '2', '--quiet'], dir);
    assert.equal(local.code, 0, local.stderr);
    assert.deepEqual(await runFiles(join(results, 'slow')), await runFiles(join(dir, 'slow-local', 'slow')), logsOf(results, 'slow'));
  });
});
