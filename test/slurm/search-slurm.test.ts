// A halving search through a real Slurm: `mlplab slurm --submit` submits the first rung's array and
// a follow-up job; each follow-up plans again from the stored run files and submits the next rung,
// and at the end the report. One task of the first array is cancelled: the follow-up resubmits it. Waited on until squeue lists no job of the experiment; the run files
// (statuses, rungs, survivors included) must equal those of a local `mlplab run`, timings aside.
// Skipped where sbatch is absent or no node is idle, except in CI (CI=true).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { logsOf, runFiles, SLURM_MISSING, slurmSkip, slurmUp } from '../helpers/slurm.js';
import { mlplab } from '../helpers/spawn.js';
import { tempDir, writeExperiment } from '../helpers/tiny.js';
import { HALVING, writeHalvingData } from '../search/fixture.js';

/** 9 configs, 3 epochs, eta 3: rung 1 (1 epoch) takes 9 runs and keeps 3, rung 2 (3 epochs) keeps 1. */
const SEARCH = HALVING.replace('name: h', 'name: hslurm').replace('epochs: 9', 'epochs: 3');
const NAMES = ['mlplab-hslurm', 'mlplab-hslurm-next', 'mlplab-hslurm-report'];

/** Waits until squeue lists no job of the chain's names: the chain has ended. */
async function waitForChain(ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const r = spawnSync('squeue', ['-h', '-n', NAMES.join(','), '-o', '%i %j %T'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() === '') return;
    if (Date.now() > end) {
      spawnSync('scancel', ['-n', NAMES.join(',')]);
      throw new Error(`the chain still has jobs after ${ms / 1000} s:\n${r.stdout}${r.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('a halving search through Slurm, one array per rung: the run files and survivors of a local run', {
  skip: slurmSkip,
  timeout: 200_000,
}, async (t) => {
  assert.ok(slurmUp, SLURM_MISSING);
  const dir = await tempDir(t, 'mlplab-search-slurm-'); // under /tmp: on one node the jobs read it as the test wrote it
  const data = await writeHalvingData(dir, 300);
  const file = await writeExperiment(dir, SEARCH, 'hslurm.yaml');
  const common = [file, '--data-dir', data, '--allow-modified-data'];
  const localStart = Date.now();
  const local = mlplab(['run', ...common, '--results', join(dir, 'local'), '--workers', '2', '--quiet'], dir);
  assert.equal(local.code, 0, local.stderr);
  const localSeconds = (Date.now() - localStart) / 1000;

  const results = join(dir, 'slurm');
  const started = Date.now();
  const r = mlplab(['slurm', ...common, '--results', results, '--shards', '3', '--submit'], dir);
  assert.equal(r.code, 0, r.stderr);
  const array =
    /rung 1 of 2 \(1 epoch\): submitted job array (\d+) \(3 task\(s\) of 3 shards, 9 run\(s\) to train to their rung\) and follow-up job \d+/.exec(
      r.stdout,
    );
  assert.ok(array !== null, r.stdout);
  // Task 2 cancelled (pending, or killed while it trains): its 3 runs miss from rung 1, and the
  // follow-up must resubmit them before it decides the rung.
  const cancel = spawnSync('scancel', [`${array[1]}_2`], { encoding: 'utf8' });
  assert.equal(cancel.status, 0, cancel.stderr);
  await waitForChain(150_000);
  t.diagnostic(
    `9-config halving (rungs at 1 and 3 epochs) through Slurm, one task cancelled, submit to report: ${((Date.now() - started) / 1000).toFixed(1)} s; local run --workers 2: ${localSeconds.toFixed(1)} s`,
  );

  const logs = readdirSync(join(results, 'hslurm', 'slurm', 'logs'));
  const next = logs.filter((f) => f.startsWith('next-')).map((f) => readFileSync(join(results, 'hslurm', 'slurm', 'logs', f), 'utf8'));
  assert.equal(next.length, 3, `a follow-up after each of the three arrays (rung 1, its retry, rung 2)\n${logsOf(results, 'hslurm')}`);
  assert.equal(
    next.filter((l) =>
      /rung 1 of 2 \(1 epoch\): 3 run\(s\) not stored after 1 job array\(s\) for this stage .*array 2 of at most 3: submitted job array \d+ \(1 task\(s\) of 3 shards/.test(
        l,
      ),
    ).length,
    1,
    `the cancelled task's runs resubmitted once\n${logsOf(results, 'hslurm')}`,
  );
  assert.ok(existsSync(join(results, 'hslurm', 'README.md')), `the report job wrote the report\n${logsOf(results, 'hslurm')}`);
  const viaSlurm = runFiles(join(results, 'hslurm'));
  assert.deepEqual(viaSlurm, runFiles(join(dir, 'local', 'hslurm')), logsOf(results, 'hslurm'));
  const statuses = Object.values(viaSlurm)
    .map((c) => (JSON.parse(c) as { status: string }).status)
    .sort();
  // Rung 1 keeps 3 of 9; they train to the full 3 epochs (the last rung), the 6 others are pruned.
  assert.deepEqual(statuses, [...Array(3).fill('done'), ...Array(6).fill('pruned')], 'rung 1 cut 6 runs');
});
