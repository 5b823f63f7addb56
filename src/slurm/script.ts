// The sbatch scripts of `mlplab slurm`: a job array whose task i trains shard i of the sweep, and a
// report job that Slurm starts once the array has ended (`--dependency=afterany:<array id>`, given
// at submission since the id is only known then). Pure text from plain data, commented line by line,
// because users read these scripts and adapt them to their cluster.

import { arraySpec } from '../run/shard.js';
import { MAX_ATTEMPTS } from './chain.js';
import { shellWord, slurmTime, timeLimit } from './notation.js';

export interface SweepJob {
  /** The experiment's name (results/<name>/) and its file, as an absolute path. */
  experiment: string;
  file: string;
  /** Runs in the plan, and the shards they are dealt into. */
  runs: number;
  shards: number;
  /** The shard indices this submission runs: all of them, or (with --missing) those with runs left. */
  tasks: readonly number[];
  /** --max-parallel: at most this many tasks at once (Slurm's `%K`). */
  maxParallel?: number;
  /** --workers: worker threads per task, one core each. */
  workers: number;
  /**
   * A search's follow-up: runs of the stage are still claimed by tasks that ended without releasing
   * them, so the array begins this many seconds from now, once those claims are stale.
   */
  beginSeconds?: number;
  /** The estimated training seconds of the costliest of these shards, on this machine. */
  taskSeconds: number;
  partition?: string;
  account?: string;
  /** --sbatch-line: more `#SBATCH` options, as written (without the `#SBATCH`). */
  extra: readonly string[];
  /** Where Slurm writes each task's output (a folder that must exist before submission). */
  logs: string;
  /** The folder the jobs start in: where mlplab was called. */
  cwd: string;
  /** The command that starts this mlplab: the node binary and the launcher, absolute paths. */
  mlplab: readonly [string, string];
  /** Options every task and the report pass on: --results, --data-dir, --set, --allow-modified-data. */
  passThrough: readonly string[];
  /**
   * A search (slurm/chain.ts): the array trains one stage (`run --one-stage`), and a follow-up job
   * runs `mlplab <next…>` after it instead of the report.
   */
  stage?: { text: string; attempt: number; next: readonly string[] };
}

/** The `#SBATCH` value of a path: quoted when it holds a space, as sbatch reads it. */
const sbatchPath = (path: string): string => (/\s/.test(path) ? `"${path}"` : path);

const words = (list: readonly string[]): string => list.map(shellWord).join(' ');

/** Lines common to both scripts: partition, account and the user's own lines, each with its reason. */
function passedOn(job: Pick<SweepJob, 'partition' | 'account' | 'extra'>): string[] {
  const lines: string[] = [];
  if (job.partition !== undefined) lines.push('# The partition (queue) named by --partition.', `#SBATCH --partition=${job.partition}`);
  if (job.account !== undefined) lines.push('# The account charged, named by --account.', `#SBATCH --account=${job.account}`);
  if (job.extra.length > 0) lines.push('# Given with --sbatch-line, as written.', ...job.extra.map((l) => `#SBATCH ${l}`));
  return lines;
}

export function arrayScript(job: SweepJob): string {
  const list = arraySpec(job.tasks);
  const limit = job.maxParallel === undefined ? '' : `%${job.maxParallel}`;
  const all = job.tasks.length === job.shards;
  const shardText = all ? `all ${job.shards} shards` : `${job.tasks.length} of the ${job.shards} shards (those with runs left)`;
  const stage = job.stage;
  return `${[
    '#!/bin/bash',
    `# mlplab: experiment "${job.experiment}" (${job.file}), ${job.runs} runs dealt into ${job.shards} shards`,
    `# by cost; this job array trains ${shardText}, one shard per task. Written by mlplab slurm.`,
    '#',
    ...(stage === undefined
      ? []
      : [
          `# A search: this array trains one stage (array ${stage.attempt} of at most ${MAX_ATTEMPTS} for it):`,
          `#   ${stage.text}.`,
          '# Each task trains its runs up to the rung epoch and stops (--one-stage), so the rung is',
          '# decided only once every task has ended. The follow-up job (follow.sbatch) then submits the',
          '# next stage, or resubmits what is missing, or at the end the report.',
          '#',
        ]),
    '# Each task trains the runs of its shard that are not stored yet, writes one file per run under',
    '# the results folder and a checkpoint after each epoch, so a task that is killed or times out',
    '# resumes where it stopped once resubmitted, with the shards that are missing:',
    `#   ${words(['mlplab', 'slurm', job.file, '--shards', String(job.shards), ...job.passThrough])} --missing --submit`,
    '#',
    '# The name squeue shows for the tasks.',
    `#SBATCH --job-name=mlplab-${job.experiment}`,
    `# Task i trains shard i${job.maxParallel === undefined ? '' : `; %${job.maxParallel}: at most ${job.maxParallel} tasks run at once`}.`,
    `#SBATCH --array=${list}${limit}`,
    `# One core per worker thread (--workers ${job.workers}).`,
    `#SBATCH --cpus-per-task=${job.workers}`,
    `# Twice the costliest shard's estimate on the machine that wrote this (${Math.ceil(job.taskSeconds)} s), plus 5 min.`,
    `#SBATCH --time=${slurmTime(timeLimit(job.taskSeconds))}`,
    ...(job.beginSeconds === undefined
      ? []
      : [
          '# Runs of this stage are still claimed by tasks of the last array, which has ended: tasks that',
          '# died without releasing them (a node lost?), on hosts where no pid can tell. Begin once those',
          '# claims are stale (their heartbeat older than MLPLAB_CLAIM_TIMEOUT), or the tasks would skip',
          '# the runs as busy.',
          `#SBATCH --begin=now+${job.beginSeconds}`,
        ]),
    '# One log per task: %A is the array job id, %a the task (shard) index.',
    `#SBATCH --output=${sbatchPath(`${job.logs}/%A_%a.out`)}`,
    '# Start where mlplab slurm was called, so the paths mean what they meant there.',
    `#SBATCH --chdir=${sbatchPath(job.cwd)}`,
    ...passedOn(job),
    '',
    'set -euo pipefail',
    `# Shard $SLURM_ARRAY_TASK_ID of ${job.shards}, with the node and mlplab that wrote this script; --yes:`,
    '# no question to answer, --quiet: no progress bars in the log.',
    `exec ${words([...job.mlplab, 'run', job.file])} --shard "$SLURM_ARRAY_TASK_ID/${job.shards}" ${words([
      ...(stage === undefined ? [] : ['--one-stage']),
      '--workers',
      String(job.workers),
      '--yes',
      '--quiet',
      ...job.passThrough,
    ])}`,
  ].join('\n')}\n`;
}

export function reportScript(
  job: Pick<SweepJob, 'experiment' | 'file' | 'logs' | 'cwd' | 'mlplab' | 'passThrough' | 'partition' | 'account' | 'extra'>,
): string {
  return `${[
    '#!/bin/bash',
    `# mlplab: the report of experiment "${job.experiment}" (${job.file}), drawn from every stored run.`,
    '# Submitted with --dependency=afterany:<array job id>: it starts once every task of the array',
    '# has ended, whether it succeeded or not, so a failed task still leaves a report of the rest.',
    '#',
    '# The name squeue shows for the job.',
    `#SBATCH --job-name=mlplab-${job.experiment}-report`,
    '# The report reads run files and draws plots: one core.',
    '#SBATCH --cpus-per-task=1',
    '#SBATCH --time=0-00:30:00',
    '# Its log: %j is the job id.',
    `#SBATCH --output=${sbatchPath(`${job.logs}/report-%j.out`)}`,
    `#SBATCH --chdir=${sbatchPath(job.cwd)}`,
    ...passedOn(job),
    '',
    'set -euo pipefail',
    `exec ${words([...job.mlplab, 'report', job.file, ...job.passThrough])}`,
  ].join('\n')}\n`;
}

/** The small job after a search's array: it plans again from the stored files and submits what comes next. */
export function followScript(job: SweepJob): string {
  if (job.stage === undefined) throw new Error('followScript: only a search has a follow-up job');
  return `${[
    '#!/bin/bash',
    `# mlplab: what comes after ${job.stage.text} of experiment "${job.experiment}" (${job.file}).`,
    '# Submitted with --dependency=afterany:<array job id>: it starts once every task of the array has',
    '# ended, succeeded or not, plans again from the stored run files alone and submits either the',
    `# same stage's runs still missing (at most ${MAX_ATTEMPTS} arrays per stage), or the next stage's array`,
    '# with a follow-up like this one, or, once every rung is decided, the report job. It needs',
    '# sbatch on the compute nodes.',
    '#',
    '# The name squeue shows for the job.',
    `#SBATCH --job-name=mlplab-${job.experiment}-next`,
    '# It reads run files and calls sbatch: one core, a few seconds.',
    '#SBATCH --cpus-per-task=1',
    '#SBATCH --time=0-00:10:00',
    '# Its log: %j is the job id.',
    `#SBATCH --output=${sbatchPath(`${job.logs}/next-%j.out`)}`,
    `#SBATCH --chdir=${sbatchPath(job.cwd)}`,
    ...passedOn(job),
    '',
    'set -euo pipefail',
    `exec ${words([...job.mlplab, ...job.stage.next])}`,
  ].join('\n')}\n`;
}
