// One-line and tabular words for a search plan, shared by `mlplab run` (what the next stage
// trains) and `mlplab plan` (every bracket's rungs).

import type { SearchSpec } from '../config/experiment.js';
import type { SearchPlan } from './planner.js';
import { kept } from './rungs.js';

/** "halving by val_accuracy (eta 3): 12 run(s) to train to epoch 3 (rung 2 of 3)". */
export function searchLine(search: SearchSpec, plan: SearchPlan): string {
  const head = `${search.method} by ${search.metric} (eta ${search.eta})`;
  const open = plan.brackets.flatMap((b) => {
    const k = b.rungs.findIndex((r) => !r.complete);
    return k < 0 ? [] : [{ b, k, rung: b.rungs[k]! }];
  });
  if (open.length === 0) return `${head}: every rung decided`;
  const parts = open.map(
    ({ b, k, rung }) =>
      `${rung.entered.length - rung.reached.length} run(s) to epoch ${rung.epoch} (rung ${k + 1} of ${b.rungs.length}${plan.brackets.length > 1 ? `, ${b.dataset} bracket s=${b.s}` : ''})`,
  );
  return `${head}: ${parts.join('; ')}`;
}

/** Per bracket and rung: its epoch, how many runs enter it (as planned: the counts never depend on results). */
export function rungRows(
  plan: SearchPlan,
  eta: number,
): { dataset: string; s: number; rung: number; epoch: number; runs: number; epochs: number }[] {
  return plan.brackets.flatMap((b) => {
    let n = b.runs.length;
    let before = 0;
    return b.rungs.map((r, k) => {
      const row = { dataset: b.dataset, s: b.s, rung: k + 1, epoch: r.epoch, runs: n, epochs: n * (r.epoch - before) };
      before = r.epoch;
      n = kept(n, eta);
      return row;
    });
  });
}
