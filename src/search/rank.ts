// The order of runs at a rung: by the search metric at the rung epoch (accuracy high, loss low),
// ties by the lower validation loss, then by the smaller run id; a run with no metric there (it
// diverged or failed before the rung) ranks last. A total order on stored data alone, so which
// runs survive never depends on which finished first.

import type { SearchSpec } from '../config/experiment.js';
import type { RunResult } from '../types.js';

/** What a run shows at a rung: its metrics after `epoch` epochs, or null when it has none there. */
export interface AtRung {
  id: string;
  metric: number | null;
  valLoss: number | null;
}

const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/**
 * A run's metrics at `epoch`: those of that epoch when it trained that far (whatever happened
 * later: a stored grid run answers every rung); those of its final weights when it finished
 * sooner (early stopping); none when it diverged or failed first.
 */
export function atRung(run: RunResult | undefined, id: string, epoch: number, metric: SearchSpec['metric']): AtRung {
  const at =
    run === undefined ? undefined : run.epochs.length >= epoch ? run.epochs[epoch - 1] : run.status === 'done' ? run.final : undefined;
  return { id, metric: finite(at?.[metric] ?? undefined), valLoss: finite(at?.val_loss ?? undefined) };
}

/** Compares two runs at a rung: negative when `a` ranks higher. */
export function compareAtRung(metric: SearchSpec['metric']): (a: AtRung, b: AtRung) => number {
  const sign = metric === 'val_loss' ? 1 : -1;
  return (a, b) => {
    if ((a.metric === null) !== (b.metric === null)) return a.metric === null ? 1 : -1;
    if (a.metric !== null && b.metric !== null && a.metric !== b.metric) return sign * (a.metric - b.metric);
    if (a.valLoss !== b.valLoss) return a.valLoss === null ? 1 : b.valLoss === null ? -1 : a.valLoss - b.valLoss;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
