// What `mlplab run` trains next, given what is stored: for a grid, every run not stored whole; for
// halving and Hyperband, the runs the first undecided rung of each bracket waits for, each to that
// rung's epoch (search/planner.ts). `mlplab run` trains a stage, reads the store again and asks for
// the next, until nothing is left: no state but the run files, so any interruption resumes here.

import type { SearchSpec } from '../config/experiment.js';
import type { PlannedRun } from '../config/index.js';
import { planSearch, type SearchPlan } from '../search/planner.js';
import { isStale } from '../train/numerics.js';
import type { RunResult } from '../types.js';
import { removeCheckpoint } from '../train/checkpoint-file.js';
import { checkpointPath, needsTraining, writeRun } from './store.js';

export interface Stage {
  todo: (PlannedRun & { stopAt?: number })[];
  /** Runs stored paused that no rung waits for any more (halving, hyperband). */
  prune: RunResult[];
  search?: SearchPlan;
}

/**
 * The stored runs a search decides with. `--force` and `--upgrade` leave out what they retrain
 * (except what this `mlplab run` trained itself); a failed run is left out too, so each
 * `mlplab run` tries it again, once (a failure may be transient), before a rung ranks it last.
 */
export function searchView(
  stored: ReadonlyMap<string, RunResult>,
  trainedNow: ReadonlySet<string>,
  opts: { force: boolean; upgrade?: boolean },
): Map<string, RunResult> {
  const out = new Map<string, RunResult>();
  for (const [id, run] of stored) {
    const retrain = opts.force || (opts.upgrade === true && isStale(run)) || run.status === 'failed';
    if (trainedNow.has(id) || !retrain) out.set(id, run);
  }
  return out;
}

export function nextStage(
  planned: readonly PlannedRun[],
  stored: ReadonlyMap<string, RunResult>,
  trainedNow: ReadonlySet<string>,
  search: SearchSpec,
  opts: { force: boolean; upgrade?: boolean },
): Stage {
  if (search.method === 'grid') {
    const todo = planned.filter((p) => !trainedNow.has(p.id) && needsTraining(stored.get(p.id), opts.force, opts.upgrade));
    return { todo, prune: [] };
  }
  const view = searchView(stored, trainedNow, opts);
  const plan = planSearch(planned, view, search);
  const byId = new Map(planned.map((p) => [p.id, p]));
  return {
    todo: plan.todo.map(({ id, stopAt }) => ({ ...byId.get(id)!, ...(stopAt < byId.get(id)!.spec.train.epochs ? { stopAt } : {}) })),
    prune: plan.prune.map((id) => view.get(id)!),
    search: plan,
  };
}

/**
 * Stores each run as pruned at the rung it waited at, and drops its checkpoint: a pruned run
 * needed again (another eta, or method: grid) trains from its first epoch, to the same bits, rather
 * than every experiment keeping a checkpoint per config it cut (docs/search.md).
 */
export async function storePruned(dir: string, runs: readonly RunResult[]): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for (const run of runs) {
    const pruned: RunResult = { ...run, status: 'pruned' };
    await writeRun(dir, pruned);
    removeCheckpoint(checkpointPath(dir, run.id));
    out.push(pruned);
  }
  return out;
}
