// What the report shows of a search (experiment `search:` other than grid): the plan as the stored
// runs decide it, and what it came to. Made by the report command from the planner's pure
// functions, so the report never decides anything the run did not.

import type { SearchSpec } from '../../config/experiment.js';
import { searchOutcomes, type SearchOutcome } from '../../search/outcome.js';
import { planSearch, type Planned, type SearchPlan } from '../../search/planner.js';
import type { RunResult } from '../../types.js';

export interface SearchReport {
  spec: SearchSpec;
  plan: SearchPlan;
  outcomes: SearchOutcome[];
}

/** The search over `planned` (the plan's runs, or when it is not known the stored runs by id). */
export function searchReport(spec: SearchSpec, planned: readonly Planned[], runs: readonly RunResult[]): SearchReport | undefined {
  if (spec.method === 'grid' || planned.length === 0) return undefined;
  // Stored runs of another budget (an earlier train.epochs) are no runs of this search: without the
  // plan to pick the right ones, no rungs are drawn rather than wrong ones.
  const budgets = new Set(planned.map((p) => `${p.spec.dataset} ${p.spec.train.epochs}`));
  if (budgets.size > new Set(planned.map((p) => p.spec.dataset)).size) return undefined;
  const stored = new Map(runs.map((r) => [r.id, r]));
  const plan = planSearch(planned, stored, spec);
  return { spec, plan, outcomes: searchOutcomes(plan, stored, spec) };
}

/** How each run left the search: at which rung it was cut, or that it finished (and was chosen). */
export function fateOf(report: SearchReport): Map<string, { stoppedAt: number; kind: 'pruned' | 'finished' | 'chosen' | 'waiting' }> {
  const chosen = new Set(report.outcomes.map((o) => o.chosen));
  const out = new Map<string, { stoppedAt: number; kind: 'pruned' | 'finished' | 'chosen' | 'waiting' }>();
  for (const b of report.plan.brackets) {
    for (const id of b.runs) {
      const last = b.rungs.filter((r) => r.entered.includes(id)).at(-1)!;
      const isLast = last === b.rungs.at(-1);
      const kind = !last.complete ? 'waiting' : !isLast ? 'pruned' : chosen.has(id) ? 'chosen' : 'finished';
      out.set(id, { stoppedAt: last.epoch, kind });
    }
  }
  return out;
}
