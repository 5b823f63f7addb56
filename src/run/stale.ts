// Stale runs: stored runs computed by another numerics version (train/numerics.ts). They are not
// reused as current results, never drawn in one table with current runs, and retrained only when
// asked (`run --upgrade`, `--force`). The one line that says so, for run, plan and report.

import { isStale, NUMERICS_VERSION, numericsOf } from '../train/numerics.js';
import type { RunResult } from '../types.js';

/** The stale ones of `runs` (missing runs are skipped). */
export function staleRuns(runs: readonly (RunResult | undefined)[]): RunResult[] {
  return runs.filter((r): r is RunResult => r !== undefined && isStale(r));
}

/** One line naming the stale runs among `runs`, or undefined when there are none. */
export function staleNote(runs: readonly (RunResult | undefined)[], what = 'mlplab run --upgrade retrains them'): string | undefined {
  const stale = staleRuns(runs);
  if (stale.length === 0) return undefined;
  const versions = [...new Set(stale.map(numericsOf))].sort((a, b) => a - b).join(', ');
  return (
    `note: ${stale.length} stored run(s) were computed by numerics version ${versions}, not this mlplab's ${NUMERICS_VERSION}: ` +
    `stale, shown apart in the report and not counted as current — ${what}`
  );
}
