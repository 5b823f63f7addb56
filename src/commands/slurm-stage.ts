// What `mlplab slurm` submits for a search (halving, Hyperband): the current stage's runs, planned
// from the stored run files as `mlplab run --one-stage` plans them (run/search-stage.ts), and the
// chain's next step (slurm/chain.ts). Failed runs count as tried: they rank last instead of
// holding a rung open, so a run that always fails cannot keep a chain going.

import type { SearchSpec } from '../config/experiment.js';
import type { PlannedRun } from '../config/index.js';
import { nextStage, storePruned } from '../run/search-stage.js';
import { nextStep, stageKey, stageText, type ChainStep, type Followed } from '../slurm/chain.js';
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
