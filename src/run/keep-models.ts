// The main thread's side of `save:`. Every run of a sweep that saves writes its network to a
// staging file (store.ts stagedModelPath) as it finishes; which ones to keep is decided here, once
// the sweep is over, because the best run of a dataset is only known when all its runs are done.
// Staging on disk rather than sending the weights back keeps the main thread's memory flat over a
// large sweep, and an interrupted sweep loses no weights: the next `run` finds them.

import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SaveName } from '../config/experiment.js';
import { bestRuns } from '../report/runs/best-run.js';
import type { RunResult } from '../types.js';
import { anyUserFsError } from '../util/fs-errors.js';
import { modelPath, stagedModelPath } from './store.js';

/**
 * Moves the networks `save` keeps (every finished run, or the best of each dataset) from staging
 * to models/, drops the other staged ones of the plan, and names the kept runs that have no
 * weights (stored before they were saved: only retraining makes them).
 */
export function keepModels(
  save: SaveName,
  planned: readonly { id: string }[],
  runs: ReadonlyMap<string, RunResult>,
  dir: string,
  say: (s: string) => void,
): void {
  if (save === 'none') return;
  const ofPlan = planned.flatMap(({ id }) => runs.get(id) ?? []);
  const keep = save === 'all' ? ofPlan.filter((r) => r.status === 'done') : bestRuns(ofPlan).map((b) => b.run);
  const kept: string[] = [];
  const missing: RunResult[] = [];
  for (const run of keep) {
    const staged = stagedModelPath(dir, run.id);
    const target = modelPath(dir, run.id);
    if (existsSync(staged)) {
      // A folder that cannot take the file costs the model, not the sweep: its runs are stored, the report follows.
      try {
        mkdirSync(dirname(target), { recursive: true });
        renameSync(staged, target);
        kept.push(target);
      } catch (err) {
        const fsError = anyUserFsError(err);
        if (fsError === undefined) throw err;
        say(`mlplab: the model of run ${run.id} stays in ${staged}: ${fsError.message}`);
      }
    } else if (existsSync(target)) kept.push(target);
    else missing.push(run);
  }
  // Only runs known stored are decided: one another process trains or stores meanwhile (run/claim.ts)
  // keeps its staged network for the next decision.
  const keptIds = new Set(keep.map((r) => r.id));
  for (const { id } of planned) if (!keptIds.has(id) && runs.has(id)) rmSync(stagedModelPath(dir, id), { force: true });
  if (kept.length > 0) say(`kept ${kept.length} model(s) (save: ${save}): ${kept.join(', ')}`);
  for (const run of missing)
    say(`run ${run.id} (${run.spec.dataset}) was stored without its weights: no model to keep — retrain it with --force to save its model`);
}
