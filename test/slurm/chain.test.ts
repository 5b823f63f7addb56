// A search on Slurm without a cluster (slurm/chain.ts): `run --one-stage` trains one rung and
// stops; `mlplab slurm` submits the current stage's array and a follow-up job against a stand-in
// sbatch; the follow-up (`--next STAGE:ATTEMPT`) resubmits what is missing at most MAX_ATTEMPTS
// times, moves on to the next rung, and ends with the report. test/slurm/search-slurm.test.ts runs
// the chain on a real Slurm.

import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Bracket, Rung, SearchPlan } from '../../src/search/planner.js';
import { claimWait, MAX_ATTEMPTS, nextStep, stageKey, stageText } from '../../src/slurm/chain.js';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, writeExperiment } from '../helpers/tiny.js';
import { HALVING, storedRuns, writeHalvingData } from '../search/fixture.js';

/** 9 configs, rungs at 1 and 3 epochs. */
const SEARCH = HALVING.replace('epochs: 9', 'epochs: 3');

async function setup(t: Parameters<typeof tempDir>[0]) {
  const dir = await tempDir(t, 'mlplab-chain-');
  const data = await writeHalvingData(dir, 200);
  const file = await writeExperiment(dir, SEARCH, 'h.yaml');
  const results = join(dir, 'results');
  const common = [file, '--data-dir', data, '--allow-modified-data', '--results', results];
  const bin = join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  const log = join(dir, 'calls.txt');
  await writeFile(join(bin, 'sbatch'), `#!/bin/bash\necho "$*" >> ${log}\necho $((RANDOM + 100))\n`);
  await chmod(join(bin, 'sbatch'), 0o755);
  const calls = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
  return { common, results, env: { PATH: `${bin}:/usr/bin:/bin` }, calls };
}

const statuses = async (results: string) => (await storedRuns(results)).map((r) => `${r.status}@${r.epochs.length}`).sort();

test('the chain steps: resubmit the same stage up to MAX_ATTEMPTS arrays, a new stage from 1, the report when done', () => {
  assert.deepEqual(nextStep('0', 9, undefined), { kind: 'array', attempt: 1 });
  assert.deepEqual(nextStep('0', 2, { stage: '0', attempt: 1 }), { kind: 'array', attempt: 2 });
  assert.deepEqual(nextStep('1', 3, { stage: '0', attempt: 2 }), { kind: 'array', attempt: 1 });
  assert.deepEqual(nextStep('0', 1, { stage: '0', attempt: MAX_ATTEMPTS }), { kind: 'give-up', attempts: MAX_ATTEMPTS });
  assert.deepEqual(nextStep('-1', 0, { stage: '1', attempt: 1 }), { kind: 'report' });
});

/** A Hyperband plan's brackets, each given as its rung epochs and how many of its rungs are decided. */
function hyperband(brackets: { s: number; epochs: number[]; decided: number }[]): SearchPlan {
  const rung = (epoch: number, complete: boolean): Rung => ({
    epoch,
    entered: [],
    reached: [],
    complete,
    ranked: [],
    kept: [],
    cutoff: null,
  });
  const made: Bracket[] = brackets.map((b) => ({
    dataset: 'mnist',
    s: b.s,
    runs: [],
    rungs: b.epochs.map((e, k) => rung(e, k < b.decided)),
  }));
  return { brackets: made, todo: [], prune: [], waiting: [], epochs: { search: 0, grid: 0 } };
}

test('a Hyperband stage: each bracket at its first undecided rung; any bracket moving on is a new stage', () => {
  const plan = hyperband([
    { s: 2, epochs: [1, 3, 9], decided: 1 },
    { s: 1, epochs: [3, 9], decided: 0 },
    { s: 0, epochs: [9], decided: 1 },
  ]);
  assert.equal(stageKey(plan), '1.0.-1');
  assert.equal(stageText(plan), 'rung 2 of 3 (3 epochs) of bracket s=2, rung 1 of 2 (3 epochs) of bracket s=1');
  const moved = hyperband([
    { s: 2, epochs: [1, 3, 9], decided: 2 },
    { s: 1, epochs: [3, 9], decided: 0 },
    { s: 0, epochs: [9], decided: 1 },
  ]);
  // Bracket s=1 still misses runs after 3 arrays, but s=2 moved on: a new stage, its own 3 arrays.
  // Stages only move forward (a decided rung stays decided): at most MAX_ATTEMPTS arrays per stage.
  assert.deepEqual(nextStep(stageKey(moved), 4, { stage: stageKey(plan), attempt: MAX_ATTEMPTS }), { kind: 'array', attempt: 1 });
  assert.equal(stageKey(hyperband([{ s: 0, epochs: [9], decided: 1 }])), '-1');
});

test('a follow-up waits for claims left on its stage by ended tasks to go stale, and only those', () => {
  const stopAt = new Map([
    ['a', 1],
    ['b', 1],
  ]);
  assert.equal(claimWait(stopAt, new Map(), 0, 600_000), undefined);
  assert.equal(claimWait(stopAt, new Map([['z', 0]]), 0, 600_000), undefined, 'a run of another stage');
  // The newest heartbeat sets the wait: 600 s after it, plus a second.
  assert.equal(
    claimWait(
      stopAt,
      new Map([
        ['a', 1_000],
        ['b', 30_000],
      ]),
      40_000,
      600_000,
    ),
    591,
  );
  assert.equal(claimWait(stopAt, new Map([['a', 0]]), 599_999, 600_000), 2);
});

test('run --one-stage trains the current rung only; a plain run goes on to the end', async (t) => {
  const { common, results } = await setup(t);
  const one = await mlplabMain(['run', ...common, '--one-stage', '--workers', '1', '--quiet']);
  assert.equal(one.code, 0, one.stderr);
  assert.deepEqual(await statuses(results), Array(9).fill('paused@1'));
  assert.equal((await mlplabMain(['run', ...common, '--one-stage', '--workers', '1', '--quiet'])).code, 0);
  assert.deepEqual(await statuses(results), [...Array(3).fill('done@3'), ...Array(6).fill('pruned@1')]);
  assert.equal((await mlplabMain(['report', ...common, '--one-stage'])).code, 2, '--one-stage is for run only');
});

test('mlplab slurm on a search: the current rung as an array of --one-stage shards, and a follow-up after it', async (t) => {
  const { common, results, env, calls } = await setup(t);
  const printed = await mlplabMain(['slurm', ...common, '--shards', '3', '--max-parallel', '2']);
  assert.equal(printed.code, 0, printed.stderr);
  assert.match(printed.stdout, /^# A search runs as a chain: this array trains rung 1 of 2 \(1 epoch\); follow\.sbatch/m);
  assert.match(printed.stdout, /^#SBATCH --array=0-2%2$/m);
  assert.match(printed.stdout, /--shard "\$SLURM_ARRAY_TASK_ID\/3" --one-stage --workers 1 /);
  assert.match(printed.stdout, /^#SBATCH --job-name=mlplab-h-next$/m);
  assert.match(printed.stdout, / slurm \S+h\.yaml --submit --next 0:1 --shards 3 --workers 1 --max-parallel 2 --results /);
  assert.deepEqual(await readdir(results).catch(() => []), [], 'nothing written without --submit');

  const r = await mlplabMain(['slurm', ...common, '--shards', '3', '--submit'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /^h: rung 1 of 2 \(1 epoch\): submitted job array (\d+) \(3 task\(s\) of 3 shards, 9 run\(s\) to train to their rung\) and follow-up job \d+/,
  );
  const [arrayCall, followCall] = await calls();
  assert.match(arrayCall!, /^--parsable \S+\/slurm\/array\.sbatch$/);
  assert.match(followCall!, /^--parsable --dependency=afterany:\d+ \S+\/slurm\/follow\.sbatch$/);
});

test('the follow-up resubmits a rung still missing runs, at most MAX_ATTEMPTS arrays, then submits only the report', async (t) => {
  const { common, env, calls } = await setup(t);
  // Nothing trained: as if every task of the first array was killed before storing anything.
  const again = await mlplabMain(['slurm', ...common, '--submit', '--next', '0:1'], { env });
  assert.equal(again.code, 0, again.stderr);
  assert.match(
    again.stdout,
    /^h: rung 1 of 2 \(1 epoch\): 9 run\(s\) not stored after 1 job array\(s\) for this stage \(tasks cancelled, killed or out of time: sacct and the tasks' logs say which\); resubmitted, array 2 of at most 3: submitted job array \d+ \(\d task\(s\) of 9 shards, 9 run\(s\) to train to their rung\) and follow-up job \d+/m,
  );
  assert.match(await readFile(/\S+follow\.sbatch/.exec((await calls())[1]!)![0], 'utf8'), / --next 0:2 /);

  const last = await mlplabMain(['slurm', ...common, '--submit', '--next', `0:${MAX_ATTEMPTS}`], { env });
  assert.equal(last.code, 1, last.stderr);
  assert.match(
    last.stdout,
    /^h: rung 1 of 2 \(1 epoch\) still has 9 run\(s\) not stored after 3 job arrays .*; go on with: mlplab slurm \S+ --submit; submitted report job \d+$/m,
  );
  assert.match((await calls()).at(-1)!, /^--parsable \S+\/report\.sbatch$/, 'the report alone, after nothing');
  assert.equal((await mlplabMain(['slurm', ...common, '--next', 'x'])).code, 2);
  assert.match(
    (await mlplabMain(['slurm', '--help'])).stdout,
    /^ {2}--next S:A {6}slurm: given by a search's follow-up job/m,
    '--help names it',
  );
  // A compute node without sbatch: the follow-up's log says where the chain stopped and how to go on.
  const stuck = await mlplabMain(['slurm', ...common, '--submit', '--next', '0:1'], { env: { PATH: '/nonexistent' } });
  assert.equal(stuck.code, 2);
  assert.match(
    stuck.stderr,
    /^mlplab: the search's chain stops here: sbatch is not on PATH: .*; go on from a machine where sbatch works: mlplab slurm \S+h\.yaml --submit\n$/,
  );
});

test('a failed run counts as tried: the chain goes on to the next rung, the report once all are decided', async (t) => {
  const { common, results, env, calls } = await setup(t);
  assert.equal((await mlplabMain(['run', ...common, '--one-stage', '--workers', '1', '--quiet'])).code, 0);
  // One run of rung 1 stored as failed (a task that failed for good): the rung ranks it last.
  const runs = join(results, 'h', 'runs');
  const victim = (await readdir(runs)).filter((n) => n.endsWith('.json')).sort()[0]!;
  const run = JSON.parse(await readFile(join(runs, victim), 'utf8'));
  await writeFile(
    join(runs, victim),
    JSON.stringify({ ...run, status: 'failed', error: 'worker failed: out of memory', final: null, epochs: [] }),
  );

  const r = await mlplabMain(['slurm', ...common, '--submit', '--next', '0:1'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^h: rung 2 of 2 \(3 epochs\): submitted job array \d+ \(\d task\(s\) of 9 shards, 3 run\(s\) to train/m);
  assert.match(await readFile(join(results, 'h', 'slurm', 'follow.sbatch'), 'utf8'), / --next 1:1 /);
  // The array's tasks train rung 2 (not the failed run again): then every rung is decided.
  assert.equal((await mlplabMain(['run', ...common, '--one-stage', '--workers', '1', '--quiet'])).code, 0);
  assert.deepEqual(
    (await statuses(results)).filter((s) => s.startsWith('failed')),
    ['failed@0'],
  );
  const done = await mlplabMain(['slurm', ...common, '--submit', '--next', '1:1'], { env });
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /^h: every rung of the search is decided; submitted report job \d+$/m);
  assert.match((await calls()).at(-1)!, /report\.sbatch$/);
});

test('a retry array begins once the claims that ended tasks left on other hosts are stale', async (t) => {
  const { common, results, env } = await setup(t);
  // As if the task training this run had died on another node (no pid to check) a minute ago.
  const plan = await mlplabMain(['plan', ...common]);
  assert.equal(plan.code, 0, plan.stderr);
  const ids = [...plan.stdout.matchAll(/^\d+\s+([0-9a-f]{12})\s/gm)].map((m) => m[1]!);
  assert.equal(ids.length, 9, plan.stdout);
  const claims = join(results, 'h', '.claims');
  await mkdir(claims, { recursive: true });
  const heartbeat = new Date(Date.now() - 60_000).toISOString();
  const claim = { host: 'node-that-died', pid: 4242, started: heartbeat, heartbeat, nonce: 'n' };
  await writeFile(join(claims, `${ids[4]}.claim`), JSON.stringify(claim));

  const r = await mlplabMain(['slurm', ...common, '--submit', '--next', '0:1'], { env: { ...env, MLPLAB_CLAIM_TIMEOUT: '300' } });
  assert.equal(r.code, 0, r.stderr);
  const begin = /; it begins in (\d+) s, once the claims of 1 run\(s\) left by ended tasks are stale/.exec(r.stdout);
  assert.ok(begin !== null, r.stdout);
  const seconds = Number(begin[1]);
  assert.ok(seconds > 230 && seconds <= 241, `300 s after a heartbeat a minute old: ${seconds}`);
  assert.match(await readFile(join(results, 'h', 'slurm', 'array.sbatch'), 'utf8'), new RegExp(`^#SBATCH --begin=now\\+${seconds}$`, 'm'));

  // The first array of a chain (no follow-up yet): a live claim may be a process at work, no wait.
  const first = await mlplabMain(['slurm', ...common, '--shards', '3'], { env });
  assert.doesNotMatch(first.stdout, /--begin/);
});
