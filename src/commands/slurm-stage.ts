// What `mlplab slurm` submits for a search (halving, Hyperband): the current stage's runs, planned
// from the stored run files as `mlplab run --one-stage` plans them (run/search-stage.ts), and the
// chain's next step (slurm/chain.ts). Failed runs count as tried: they rank last instead of
// holding a rung open, so a run that always fails cannot keep a chain going. Also what a follow-up
// job reads besides the run files (claims dead tasks left) and says when it cannot go on.

import type { SearchSpec } from '../config/experiment.js';
import type { PlannedRun } from '../config/index.js';
import { nextStage, storePruned } from '../run/search-stage.js';
import { UsageError } from '../errors.js';
import { claimTiming, liveClaims } from '../run/claim-file.js';
import { claimWait, nextStep, stageKey, stageText, type ChainStep, type Followed } from '../slurm/chain.js';
import type { RunResult } from '../types.js';

export interface SlurmStage {
  /** The runs this stage trains, each to the epoch it stops at. */
  stopAt: Map<string, number>;
  key: string;
  text: string;
  step: ChainStep;
}

/** The stage the store is at. With `store`, the runs it prunes are stored so (as run does). */
export async function slurmStage(
  planned: readonly PlannedRun[],
  stored: Map<string, RunResult>,
  search: SearchSpec,
  followed: Followed | undefined,
  store: string | undefined,
): Promise<SlurmStage> {
  const failed = new Set([...stored.values()].filter((r) => r.status === 'failed').map((r) => r.id));
  const stage = nextStage(planned, stored, failed, search, { force: false });
  // Once a rung is decided the runs it cut are pruned: stored so here too, or the last rung's cut
  // would stay paused (no task runs after it).
  if (store !== undefined) for (const run of await storePruned(store, stage.prune)) stored.set(run.id, run);
  const plan = stage.search!;
  const stopAt = new Map(stage.todo.map((p) => [p.id, p.stopAt ?? p.spec.train.epochs]));
  const key = stageKey(plan);
  return { stopAt, key, text: stageText(plan), step: nextStep(key, stopAt.size, followed) };
}

/** Why a chain ends here: every rung decided, or runs still missing after the last array allowed. */
export function chainEnd(stage: SlurmStage, logs: string, fileArg: string): string {
  if (stage.step.kind !== 'give-up') return 'every rung of the search is decided';
  return `${stage.text} still has ${stage.stopAt.size} run(s) not stored after ${stage.step.attempts} job arrays (see the logs in ${logs}); go on with: mlplab slurm ${fileArg} --submit`;
}

/** The follow-up job's `mlplab` arguments: this command again, after `next` (STAGE:ATTEMPT), with every option given. */
export function followArgs(
  file: string,
  next: string,
  o: {
    shards: number;
    workers: number;
    maxParallel?: number;
    partition?: string;
    account?: string;
    extra: readonly string[];
    passThrough: readonly string[];
  },
): string[] {
  return [
    'slurm',
    file,
    '--submit',
    '--next',
    next,
    '--shards',
    String(o.shards),
    '--workers',
    String(o.workers),
    ...(o.maxParallel === undefined ? [] : ['--max-parallel', String(o.maxParallel)]),
    ...(o.partition === undefined ? [] : ['--partition', o.partition]),
    ...(o.account === undefined ? [] : ['--account', o.account]),
    ...o.extra.map((l) => `--sbatch-line=${l}`),
    ...o.passThrough,
  ];
}

/**
 * Submits; in a follow-up job, a refusal also says where the chain stopped and how to go on, since
 * its log is all the user sees of it (a compute node without sbatch, a queue limit).
 */
export function fromChain<T>(followed: Followed | undefined, fileArg: string, submitting: () => T): T {
  try {
    return submitting();
  } catch (err) {
    if (followed === undefined || !(err instanceof UsageError)) throw err;
    throw new UsageError(
      `the search's chain stops here: ${err.message.replace(/^mlplab: /, '')}; go on from a machine where sbatch works: mlplab slurm ${fileArg} --submit`,
    );
  }
}

/** How long the array waits for claims on `stopAt`'s runs to go stale, and how many runs they hold. */
export function claimedWait(
  dir: string,
  stopAt: ReadonlyMap<string, number>,
  env: NodeJS.ProcessEnv,
): { seconds: number; runs: number } | undefined {
  const now = Date.now();
  const { staleMs } = claimTiming(env);
  const held = new Map(
    [...liveClaims(dir, now, staleMs)].map(([id, c]) => [id, Date.parse(c.heartbeat)] as const).filter(([id]) => stopAt.has(id)),
  );
  const seconds = claimWait(stopAt, held, now, staleMs);
  return seconds === undefined ? undefined : { seconds, runs: held.size };
}
