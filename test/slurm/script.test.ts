// The sbatch scripts as text: each #SBATCH line from its option, and the task's command as bash
// reads it back (run here through bash with the mlplab command replaced by printf).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { shellWord, slurmTime, timeLimit } from '../../src/slurm/notation.js';
import { followArgs } from '../../src/commands/slurm-stage.js';
import { arrayScript, followScript, reportScript, type SweepJob } from '../../src/slurm/script.js';

const JOB: SweepJob = {
  experiment: 'tiny',
  file: '/work/x/tiny.yaml',
  runs: 8,
  shards: 8,
  tasks: [0, 1, 2, 3, 4, 5, 6, 7],
  workers: 1,
  taskSeconds: 61,
  extra: [],
  logs: '/work/x/results/tiny/slurm/logs',
  cwd: '/work/x',
  mlplab: ['/usr/bin/node', '/opt/mlplab/bin/mlplab.js'],
  passThrough: ['--results', '/work/x/results'],
};

const sbatch = (script: string): string[] => script.split('\n').filter((l) => l.startsWith('#SBATCH '));
/** The words the script's last command is given, with mlplab replaced by printf. */
function words(script: string, env: Record<string, string> = {}): string[] {
  const r = spawnSync('bash', ['-c', script.replace(/^exec \S+ \S+/m, "exec printf '%s\\n'")], {
    encoding: 'utf8',
    env: { ...env, PATH: process.env.PATH },
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trimEnd().split('\n');
}

test('a time limit is D-HH:MM:SS, rounded up to the minute, twice the estimate plus 5 min', () => {
  assert.equal(slurmTime(0), '0-00:01:00');
  assert.equal(slurmTime(61), '0-00:02:00');
  assert.equal(slurmTime(25 * 3600 + 1), '1-01:01:00');
  assert.equal(timeLimit(60), 7 * 60);
  assert.match(arrayScript(JOB), /^#SBATCH --time=0-00:08:00$/m); // 2 × 61 s + 5 min = 7 min 2 s
});

test('shell words come back unchanged', () => {
  for (const w of ['plain/path.yaml', 'a b', "it's", '$HOME', 'x;rm -rf /', '"q"', 'train.lr=[0.1, 0.2]']) {
    const r = spawnSync('bash', ['-c', `printf '%s' ${shellWord(w)}`], { encoding: 'utf8' });
    assert.equal(r.stdout, w);
  }
});

test('the array script: one task per shard, its limits, log and folder', () => {
  assert.deepEqual(sbatch(arrayScript({ ...JOB, maxParallel: 3, workers: 2 })), [
    '#SBATCH --job-name=mlplab-tiny',
    '#SBATCH --array=0-7%3',
    '#SBATCH --cpus-per-task=2',
    '#SBATCH --time=0-00:08:00',
    '#SBATCH --output=/work/x/results/tiny/slurm/logs/%A_%a.out',
    '#SBATCH --chdir=/work/x',
  ]);
  assert.match(sbatch(arrayScript({ ...JOB, tasks: [1, 4, 5, 6] }))[1]!, /^#SBATCH --array=1,4-6$/);
});

test('partition, account and --sbatch-line lines reach both scripts', () => {
  const job = { ...JOB, partition: 'gpu', account: 'lab-1', extra: ['--mem=4G', '--qos=short'] };
  for (const script of [arrayScript(job), reportScript(job)])
    assert.deepEqual(sbatch(script).slice(-4), [
      '#SBATCH --partition=gpu',
      '#SBATCH --account=lab-1',
      '#SBATCH --mem=4G',
      '#SBATCH --qos=short',
    ]);
});

test('a path with a space is quoted in #SBATCH lines', () => {
  assert.ok(sbatch(arrayScript({ ...JOB, logs: '/my data/logs' })).includes('#SBATCH --output="/my data/logs/%A_%a.out"'));
});

test("each task runs mlplab run on its shard, with the sweep's options, as bash reads it", () => {
  const job = { ...JOB, workers: 2, passThrough: ['--results', '/r s', '--set', 'train.lr=[0.1, 0.2]', '--allow-modified-data'] };
  assert.deepEqual(words(arrayScript(job), { SLURM_ARRAY_TASK_ID: '5' }), [
    'run',
    '/work/x/tiny.yaml',
    '--shard',
    '5/8',
    '--workers',
    '2',
    '--yes',
    '--quiet',
    '--results',
    '/r s',
    '--set',
    'train.lr=[0.1, 0.2]',
    '--allow-modified-data',
  ]);
  assert.match(arrayScript(job), /^exec \/usr\/bin\/node \/opt\/mlplab\/bin\/mlplab\.js run /m);
});

test('the report job draws the report with the same options, logged apart', () => {
  const script = reportScript({ ...JOB, passThrough: ['--results', '/r', '--data-dir', '/d'] });
  assert.deepEqual(words(script), ['report', '/work/x/tiny.yaml', '--results', '/r', '--data-dir', '/d']);
  assert.ok(sbatch(script).includes('#SBATCH --output=/work/x/results/tiny/slurm/logs/report-%j.out'));
  assert.ok(!script.includes('--array'));
});

/** A search's stage: the array trains rung 1 and a follow-up goes on after it (slurm/chain.ts). */
const STAGE: SweepJob = {
  ...JOB,
  tasks: [0, 2],
  partition: 'p',
  stage: {
    text: 'rung 1 of 3 (1 epoch)',
    attempt: 2,
    next: followArgs('/work/x/tiny.yaml', '0:2', {
      shards: 8,
      workers: 1,
      maxParallel: 4,
      partition: 'p',
      extra: ['--mem=1G'],
      passThrough: ['--results', '/r s'],
    }),
  },
};

test("a search's array trains its stage only (--one-stage), and says which array of the stage it is", () => {
  assert.deepEqual(words(arrayScript(STAGE), { SLURM_ARRAY_TASK_ID: '2' }).slice(0, 6), [
    'run',
    '/work/x/tiny.yaml',
    '--shard',
    '2/8',
    '--one-stage',
    '--workers',
  ]);
  assert.match(
    arrayScript(STAGE),
    /^# A search: this array trains one stage \(array 2 of at most 3 for it\):\n# {3}rung 1 of 3 \(1 epoch\)\.$/m,
  );
  assert.doesNotMatch(arrayScript(JOB), /--one-stage|--begin/);
  assert.deepEqual(sbatch(arrayScript({ ...STAGE, beginSeconds: 241 })).slice(4, 6), [
    '#SBATCH --begin=now+241',
    '#SBATCH --output=/work/x/results/tiny/slurm/logs/%A_%a.out',
  ]);
});

test('the follow-up job: one core, ten minutes, its own log, and mlplab slurm again with every option', () => {
  const script = followScript(STAGE);
  assert.deepEqual(sbatch(script), [
    '#SBATCH --job-name=mlplab-tiny-next',
    '#SBATCH --cpus-per-task=1',
    '#SBATCH --time=0-00:10:00',
    '#SBATCH --output=/work/x/results/tiny/slurm/logs/next-%j.out',
    '#SBATCH --chdir=/work/x',
    '#SBATCH --partition=p',
  ]);
  assert.deepEqual(words(script), [
    'slurm',
    '/work/x/tiny.yaml',
    '--submit',
    '--next',
    '0:2',
    '--shards',
    '8',
    '--workers',
    '1',
    '--max-parallel',
    '4',
    '--partition',
    'p',
    '--sbatch-line=--mem=1G',
    '--results',
    '/r s',
  ]);
  assert.throws(() => followScript(JOB), /only a search has a follow-up job/);
});

test('every line of both scripts before the commands is a comment or an #SBATCH line (sbatch stops at the first other)', () => {
  for (const script of [
    arrayScript({ ...JOB, partition: 'p', extra: ['--mem=1G'] }),
    reportScript(JOB),
    arrayScript({ ...STAGE, beginSeconds: 9 }),
    followScript(STAGE),
  ]) {
    const head = script.split('\n').slice(0, script.split('\n').indexOf(''));
    assert.deepEqual(
      head.filter((l) => !l.startsWith('#')),
      [],
    );
  }
});
