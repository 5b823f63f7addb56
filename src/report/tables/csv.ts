// metrics.csv: tidy data, one row per run × epoch, for pandas or a spreadsheet, with the run's
// varying parameters beside its dataset (param-columns.ts), so a sweep plot can be rebuilt from
// this file alone. Column names are the RunResult field names and `--set` paths, so they read
// the same here as in runs/*.json and the experiment file.
// Fields a run does not have (val_* without a validation split, lr in results stored before it
// was recorded) are empty, as missing values are.

import type { EpochMetrics, RunResult } from '../../types.js';
import { sortRuns } from '../runs/order.js';
import { paramColumns } from './param-columns.js';

/** The per-epoch fields, in column order: lr beside the epoch, validation before test. */
const METRICS = [
  'epoch',
  'lr',
  'train_loss',
  'train_accuracy',
  'val_loss',
  'val_accuracy',
  'test_loss',
  'test_accuracy',
  'seconds',
] as const satisfies readonly (keyof EpochMetrics)[];

/** The whole CSV, header first, `\n` line ends, ending in a newline. Pure. */
export function metricsCsv(runs: readonly RunResult[]): string {
  const params = paramColumns(runs);
  const lines = [['run_id', 'dataset', ...params.map((p) => csvField(p.header)), ...METRICS].join(',')];
  for (const run of sortRuns(runs)) {
    const fixed = [csvField(run.id), csvField(run.spec.dataset), ...params.map((p) => csvField(p.cell(run.spec)))];
    for (const e of [...run.epochs].sort((a, b) => a.epoch - b.epoch)) {
      lines.push([...fixed, ...METRICS.map((m) => csvNumber(e[m]))].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Shortest round-trip form (String(x)), so nothing is lost. Non-finite values use the spellings
 * pandas reads as floats; a null (how JSON stores NaN) or absent value is an empty field, pandas' missing value.
 */
export function csvNumber(x: number | null | undefined): string {
  if (x === null || x === undefined) return '';
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x);
}
