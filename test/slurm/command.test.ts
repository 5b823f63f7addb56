// `mlplab slurm` without a cluster: the scripts it prints, its flags checked, and --submit against
// a stand-in sbatch (a shell script on PATH that records its arguments) — missing, refusing, or
// giving job ids. test/slurm/slurm.test.ts submits to a real Slurm.

import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { mlplabMain } from '../helpers/main.js';
import { TINY_EXPERIMENT, tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';

const SWEEP = `${TINY_EXPERIMENT.replace('epochs: 3', 'epochs: 1')}sweep:\n  train.optimizer.sgd.lr: [0.5, 0.1]\n`; // 4 runs

async function setup(t: Parameters<typeof tempDir>[0]) {
  const dir = await tempDir(t, 'mlplab-slurm-');
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, SWEEP);
  const results = join(dir, 'results');
  const common = [file, '--data-dir', data, '--allow-modified-data', '--results', results];
  return { dir, data, file, results, common };
}

/** A folder holding an `sbatch` that appends its arguments to calls.txt and runs `body`. */
async function fakeSbatch(dir: string, body: string): Promise<{ path: string; calls: () => Promise<string[]> }> {
  const bin = join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  const log = join(dir, 'calls.txt');
  await writeFile(join(bin, 'sbatch'), `#!/bin/bash\necho "$*" >> ${log}\n${body}\n`);
  await chmod(join(bin, 'sbatch'), 0o755);
  const calls = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
  return { path: `${bin}:/usr/bin:/bin`, calls };
}

test('without --submit it prints the array and report scripts, one run per task by default', async (t) => {
  const { common, data, results } = await setup(t);
  const r = await mlplabMain(['slurm', ...common, '--max-parallel', '2', '--set', 'train.batch_size=16']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^#SBATCH --array=0-3%2$/m);
  assert.match(r.stdout, /^#SBATCH --cpus-per-task=1$/m);
  assert.match(
    r.stdout,
    /--shard "\$SLURM_ARRAY_TASK_ID\/4" --workers 1 --yes --quiet --results \S+ --data-dir \S+ --set train\.batch_size=16 --allow-modified-data$/m,
  );
  assert.ok(r.stdout.includes(`--data-dir ${data}`));
  assert.match(r.stdout, /^exec \S+ \S+ report /m);
  assert.deepEqual(await readdir(results).catch(() => []), [], 'nothing written without --submit');
});

test('its flags are checked before anything is planned: exit 2, one line', async (t) => {
  const { common } = await setup(t);
  const cases: [string[], RegExp][] = [
    [['--shards', '0'], /--shards: the number of shards must be a whole number/],
    [['--shards', '9'], /--shards 9: the plan has 4 run\(s\).*give --shards 4 or fewer/],
    [['--max-parallel', 'two'], /--max-parallel: tasks at once, a whole number ≥ 1, got "two"/],
    [['--workers', '0'], /--workers: worker threads per task/],
    [['--partition', 'a b'], /--partition: a Slurm name/],
    [['--sbatch-line', 'mem=4G'], /--sbatch-line: one sbatch option on one line/],
    [['--sbatch-line', '--mem=4G'], /--sbatch-line --mem=4G: write it --sbatch-line=--mem=4G/],
    [['--partiton', 'x'], /unknown option --partiton — did you mean --partition\?/],
  ];
  for (const [flags, message] of cases) {
    const r = await mlplabMain(['slurm', ...common, ...flags]);
    assert.equal(r.code, 2, flags.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stderr.split('\n').length, 2, r.stderr);
  }
  assert.equal((await mlplabMain(['slurm'])).code, 2);
});

test('--submit writes both scripts and submits the report after the array', async (t) => {
  const { dir, common, results } = await setup(t);
  const sbatch = await fakeSbatch(dir, 'if [[ "$*" == *dependency* ]]; then echo 42; else echo "41;cluster"; fi');
  const r = await mlplabMain(['slurm', ...common, '--submit', '--sbatch-line=--mem=1G'], { env: { PATH: sbatch.path } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /submitted job array 41 \(4 task\(s\) of 4 shards, 4 runs\) and report job 42/);
  const slurm = join(results, 'tiny', 'slurm');
  assert.deepEqual(await sbatch.calls(), [
    `--parsable ${join(slurm, 'array.sbatch')}`,
    `--parsable --dependency=afterany:41 ${join(slurm, 'report.sbatch')}`,
  ]);
  assert.match(await readFile(join(slurm, 'array.sbatch'), 'utf8'), /^#SBATCH --mem=1G$/m);
  assert.deepEqual(await readdir(join(slurm, 'logs')), [], 'the log folder exists before the tasks start');
});

test('sbatch missing or refusing: exit 2 with what it said and what to do', async (t) => {
  const { dir, common } = await setup(t);
  const none = await mlplabMain(['slurm', ...common, '--submit'], { env: { PATH: join(dir, 'nowhere') } });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^mlplab: sbatch is not on PATH: run mlplab slurm --submit on a machine of the Slurm cluster/);
  const sbatch = await fakeSbatch(dir, 'echo "sbatch: error: invalid partition specified: gpu" >&2; exit 1');
  const refused = await mlplabMain(['slurm', ...common, '--submit', '--partition', 'gpu'], { env: { PATH: sbatch.path } });
  assert.equal(refused.code, 2);
  assert.match(
    refused.stderr,
    /^mlplab: sbatch \S+array\.sbatch failed \(exit 1\): sbatch: error: invalid partition specified: gpu; check --partition/,
  );
});

test('--missing submits only the shards with runs left, and nothing when none are', async (t) => {
  const { dir, common, results } = await setup(t);
  const sbatch = await fakeSbatch(dir, 'echo 7');
  const env = { PATH: sbatch.path };
  assert.equal((await mlplabMain(['run', ...common, '--workers', '1', '--quiet'])).code, 0);
  const none = await mlplabMain(['slurm', ...common, '--missing', '--submit'], { env });
  assert.equal(none.code, 0, none.stderr);
  assert.match(none.stdout, /^tiny: nothing missing, all 4 run\(s\) are stored in .*; nothing submitted$/m);
  assert.deepEqual(await sbatch.calls(), []);

  const runs = join(results, 'tiny', 'runs');
  const files = (await readdir(runs)).filter((n) => n.endsWith('.json')).sort();
  await rm(join(runs, files[0]!));
  const plan = await mlplabMain(['plan', ...common, '--missing', '--shards', '4']);
  const printed = await mlplabMain(['slurm', ...common, '--missing']);
  const task = /^#SBATCH --array=(\d+)$/m.exec(printed.stdout)?.[1];
  assert.ok(task !== undefined, printed.stdout);
  assert.equal(plan.stdout.split('\n')[0], task, `plan --missing names the same shard:\n${plan.stdout}`);
  const r = await mlplabMain(['slurm', ...common, '--missing', '--submit'], { env });
  assert.match(r.stdout, /submitted job array 7 \(1 task\(s\) of 4 shards, 4 runs\)/);
});
