// runs.csv: tidy data, one row per run, for pandas or R: the run's id, dataset and seed, every
// parameter that varies in the experiment as its own column (param-columns.ts), its status, its
// final metrics, the best epoch's, its parameter count and time. Missing values are empty.

import type { RunResult } from '../../types.js';
import { isFiniteNumber } from '../format.js';
import { sortRuns } from '../runs/order.js';
import { csvField, csvNumber } from './csv.js';
import { paramColumns } from './param-columns.js';
import { bestEpoch } from './run-table.js';

const FINAL = ['train_loss', 'train_accuracy', 'val_loss', 'val_accuracy', 'test_loss', 'test_accuracy'] as const;

/** The whole CSV, header first, `\n` line ends, ending in a newline. Pure. */
export function runsCsv(runs: readonly RunResult[]): string {
  const params = paramColumns(runs);
  const header = [
    'run_id',
    'dataset',
    'seed',
    ...params.map((p) => p.header),
    'status',
    'epochs',
    ...FINAL.map((m) => `final_${m}`),
    // The epoch whose weights are final (early stopping's pick, else the last) and the epoch of
    // highest test accuracy, which is for looking at, not for choosing.
    'best_epoch',
    'best_test_accuracy',
    'best_test_accuracy_epoch',
    'params',
    'seconds_total',
    'seconds_per_epoch',
  ];
  const lines = [header.map(csvField).join(',')];
  for (const run of sortRuns(runs)) {
    const best = bestEpoch(run);
    const finished = run.epochs.length > 0;
    lines.push(
      [
        csvField(run.id),
        csvField(run.spec.dataset),
        String(run.spec.seed),
        ...params.map((p) => csvField(p.cell(run.spec))),
        run.status,
        String(run.epochs.length),
        ...FINAL.map((m) => csvNumber(run.final?.[m])),
        csvNumber(run.best_epoch ?? (finished ? Math.max(...run.epochs.map((e) => e.epoch)) : null)),
        csvNumber(best?.test_accuracy),
        csvNumber(best?.epoch),
        // A run that failed before building its model stores 0 parameters: not a count.
        run.params > 0 ? String(run.params) : '',
        csvNumber(run.timing.seconds_total),
        csvNumber(finished && isFiniteNumber(run.timing.seconds_per_epoch) ? run.timing.seconds_per_epoch : null),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
