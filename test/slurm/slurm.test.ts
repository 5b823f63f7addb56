// A sweep through a real Slurm: `mlplab slurm --submit` on a one-node cluster (.ci/slurm-up starts
// slurmctld, slurmd and munged), waited on until squeue no longer lists the jobs. The run files
// must equal, bit for bit (timings aside), those of a local `mlplab run` of the same file; and a
// task cancelled mid-run (scancel) must be named by `plan --missing`, resubmitted by
// `slurm --missing --submit`, and resume to the same results. Skipped where sbatch is absent or no
// node is idle, except in CI (CI=true), where .ci/run starts Slurm and the test must run.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveRuns } from '../../src/run/resolve.js';
import { shardOf } from '../../src/run/shard.js';
import { logsOf, runFiles, SLURM_MISSING, slurmSkip, slurmUp } from '../helpers/slurm.js';
import { mlplab } from '../helpers/spawn.js';
import { tempDir, tinySplit, TINY_EXPERIMENT, writeExperiment, writeTinyData } from '../helpers/tiny.js';
import { writeDatasetFiles } from '../helpers/write-dataset.js';

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

test('a sweep through Slurm stores the runs a local run stores, and a cancelled task resumes', {
  skip: slurmSkip,
  timeout: 300_000,
}, async (t) => {
  assert.ok(slurmUp, SLURM_MISSING);
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
    assert.deepEqual(runFiles(join(results, 'sweep')), runFiles(join(dir, 'local', 'sweep')), logsOf(results, 'sweep'));
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
    assert.deepEqual(runFiles(join(results, 'slow')), runFiles(join(dir, 'slow-local', 'slow')), logsOf(results, 'slow'));
  });
});
