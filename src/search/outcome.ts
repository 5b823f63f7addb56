// What a search came to, per dataset: the run it chose, the epochs it spent against the grid's,
// and, when every run is stored whole (the grid was trained too), how the choice ranks in the
// grid. Pure, from the plan and the stored runs: the report and bench/halving.ts both use it.

import type { SearchSpec } from '../config/experiment.js';
import type { RunResult } from '../types.js';
import type { SearchPlan } from './planner.js';
import { atRung, compareAtRung } from './rank.js';

export interface GridComparison {
  /** The grid's best run by the search metric at train.epochs (ties as at a rung). */
  best: string;
  /** The chosen run's place in that ranking, 1 = the grid's best. */
  rank: number;
  runs: number;
  /** Grid best minus chosen: final validation and test accuracy (≥ 0 for validation when ranked by it). */
  valGap: number | null;
  testGap: number | null;
}

export interface SearchOutcome {
  dataset: string;
  /** The best run of the last rungs, once every rung is decided. */
  chosen: string | null;
  /** Each run's epochs up to the last rung it entered (fewer when it stopped early or diverged). */
  epochsUsed: number;
  /** Every run to train.epochs. */
  epochsGrid: number;
  /** Whether every rung of every bracket is decided. */
  complete: boolean;
  grid?: GridComparison;
}

export function searchOutcomes(plan: SearchPlan, stored: ReadonlyMap<string, RunResult>, search: SearchSpec): SearchOutcome[] {
  const datasets = [...new Set(plan.brackets.map((b) => b.dataset))];
  const compare = compareAtRung(search.metric);
  return datasets.map((dataset) => {
    const brackets = plan.brackets.filter((b) => b.dataset === dataset);
    const ids = brackets.flatMap((b) => b.runs);
    const R = brackets[0]!.rungs.at(-1)!.epoch;
    let epochsUsed = 0;
    for (const b of brackets) {
      for (const id of b.runs) {
        const last = b.rungs.filter((r) => r.entered.includes(id)).at(-1)?.epoch ?? 0;
        epochsUsed += Math.min(last, stored.get(id)?.epochs.length ?? 0);
      }
    }
    const complete = brackets.every((b) => b.rungs.every((r) => r.complete));
    const finalists = complete ? brackets.map((b) => b.rungs.at(-1)!.ranked[0]!).sort(compare) : [];
    const chosen = finalists[0]?.id ?? null;
    const whole = ids.every((id) => {
      const run = stored.get(id);
      return run !== undefined && run.status !== 'paused' && run.status !== 'pruned';
    });
    const out: SearchOutcome = { dataset, chosen, epochsUsed, epochsGrid: ids.length * R, complete };
    if (chosen === null || !whole) return out;
    const ranked = ids.map((id) => atRung(stored.get(id), id, R, search.metric)).sort(compare);
    const best = ranked[0]!.id;
    const gap = (m: 'val_accuracy' | 'test_accuracy'): number | null => {
      const a = stored.get(best)?.final?.[m],
        b = stored.get(chosen)?.final?.[m];
      return a === undefined || b === undefined ? null : a - b;
    };
    return {
      ...out,
      grid: {
        best,
        rank: ranked.findIndex((r) => r.id === chosen) + 1,
        runs: ids.length,
        valGap: gap('val_accuracy'),
        testGap: gap('test_accuracy'),
      },
    };
  });
}
