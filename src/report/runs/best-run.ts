// The best run of each dataset: the one whose confusion matrix and per-class accuracies the
// report shows. Runs that held out a validation split are compared on it, so the test set is only
// ever reported, never chosen by; only when no run of the dataset has validation metrics (none
// held out, or results stored before they were recorded) is final test accuracy the measure.

import type { DatasetName, RunResult } from '../../types.js';
import { isFiniteNumber } from '../format.js';
import { sortRuns } from './order.js';

export type Criterion = 'val_accuracy' | 'test_accuracy';

export interface BestRun {
  dataset: DatasetName;
  run: RunResult;
  /** What it was chosen by. */
  by: Criterion;
  /** How many runs it was chosen among: finished, with a confusion matrix and a value of `by`. */
  among: number;
}

/**
 * Per dataset in report order, the finished run with a confusion matrix and the highest final
 * validation accuracy, or test accuracy when none has validation; the first on ties. Datasets
 * without such a run are left out.
 */
export function bestRuns(runs: readonly RunResult[]): BestRun[] {
  const sorted = sortRuns(runs);
  const datasets = [...new Set(sorted.map((r) => r.spec.dataset))];
  return datasets.flatMap((dataset) => {
    const candidates = sorted.filter((r) => r.spec.dataset === dataset && r.status === 'done' && r.confusion !== undefined);
    const by: Criterion = candidates.some((r) => isFiniteNumber(r.final?.val_accuracy)) ? 'val_accuracy' : 'test_accuracy';
    const scored = candidates.filter((r) => isFiniteNumber(r.final?.[by]));
    const run = scored.reduce<RunResult | undefined>(
      (best, r) => (best === undefined || r.final![by]! > best.final![by]! ? r : best),
      undefined,
    );
    return run === undefined ? [] : [{ dataset, run, by, among: scored.length }];
  });
}

/** `by final validation accuracy`, for titles and captions. */
export function criterionText(by: Criterion): string {
  return by === 'val_accuracy' ? 'final validation accuracy' : 'final test accuracy';
}
