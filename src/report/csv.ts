// metrics.csv: tidy data, one row per run × epoch, for pandas or a spreadsheet.
// Column names are the RunResult field names, so they read the same here as in runs/*.json.

import type { EpochMetrics, RunResult } from '../types.js';
import { sortRuns } from './order.js';

export const CSV_COLUMNS = [
  'run_id',
  'dataset',
  'epoch',
  'train_loss',
  'train_accuracy',
  'test_loss',
  'test_accuracy',
  'seconds',
] as const;

const METRICS = ['epoch', 'train_loss', 'train_accuracy', 'test_loss', 'test_accuracy', 'seconds'] as const satisfies
  readonly (keyof EpochMetrics)[];

/** The whole CSV, header first, `\n` line ends, ending in a newline. Pure. */
export function metricsCsv(runs: readonly RunResult[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const run of sortRuns(runs)) {
    for (const e of [...run.epochs].sort((a, b) => a.epoch - b.epoch)) {
      lines.push([csvField(run.id), csvField(run.spec.dataset), ...METRICS.map((m) => csvNumber(e[m]))].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Shortest round-trip form (String(x)), so nothing is lost. Non-finite values use the spellings
 * pandas reads as floats; a null (how JSON stores NaN) is an empty field, pandas' missing value.
 */
export function csvNumber(x: number | null): string {
  if (x === null) return '';
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x);
}
