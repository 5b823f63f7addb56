// The one row order used by the table, the CSV and the plot legends, so a run sits in the same
// place everywhere: grouped by dataset (code-point order, not locale order, so it is the same on
// every machine), then in the order the caller gave, which should be the sweep's expansion order.

import type { RunResult } from '../../types.js';

export function sortRuns(runs: readonly RunResult[]): RunResult[] {
  // Array.prototype.sort is stable (ES2019), so equal datasets keep the given order.
  return [...runs].sort((a, b) => compare(a.spec.dataset, b.spec.dataset));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
