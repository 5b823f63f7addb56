// The results table of the README: one Markdown row per run, in the report's row order.
// Pure: the same runs give the same bytes.

import type { EpochMetrics, RunResult } from '../types.js';
import { DASH, fixed, integer, isFiniteNumber, percent } from './format.js';
import { inputWidth, layerSummary } from './layers.js';
import { optimizerSummary, runLabels, shortId } from './labels.js';
import { sortRuns } from './order.js';

export interface TableOptions {
  /** Input width for the layer summary when it cannot be known from the dataset (see inputWidth). */
  inputDims?: number;
}

interface Column {
  header: string;
  align: 'left' | 'right';
  cell(run: RunResult, ctx: Context): string;
}

interface Context {
  labels: Map<string, string>;
  inputDims: number | undefined;
  showInit: boolean;
}

const COLUMNS: readonly Column[] = [
  { header: 'Run', align: 'left', cell: (r) => `\`${shortId(r.id)}\`` },
  // The plots' legend names; links a row to its line and bar.
  { header: 'Label', align: 'left', cell: (r, c) => c.labels.get(r.id) ?? DASH },
  { header: 'Dataset', align: 'left', cell: (r) => r.spec.dataset },
  {
    header: 'Layers',
    align: 'left',
    cell: (r, c) => layerSummary(r.spec.model.layers, inputWidth(r, c.inputDims), { init: c.showInit }),
  },
  { header: 'Optimizer', align: 'left', cell: (r) => optimizerSummary(r.spec.train.optimizer) },
  { header: 'Batch', align: 'right', cell: (r) => String(r.spec.train.batch_size) },
  // A run that failed before building its model stores 0 parameters, which would be a lie.
  { header: 'Params', align: 'right', cell: (r) => (r.params > 0 ? integer(r.params) : DASH) },
  { header: 'Epochs', align: 'right', cell: epochsCell },
  { header: 's/epoch', align: 'right', cell: (r) => (r.epochs.length > 0 ? fixed(r.timing.seconds_per_epoch, 2) : DASH) },
  { header: 'Final test acc', align: 'right', cell: (r) => percent(r.final?.test_accuracy) },
  { header: 'Best test acc', align: 'right', cell: bestCell },
  { header: 'Final train loss', align: 'right', cell: (r) => fixed(r.final?.train_loss, 4) },
  { header: 'Status', align: 'left', cell: statusCell },
];

/** The Markdown table, header and alignment row included, ending in a newline. */
export function resultsTable(runs: readonly RunResult[], options: TableOptions = {}): string {
  const sorted = sortRuns(runs);
  const inits = new Set(runs.flatMap((r) => r.spec.model.layers.flatMap((l) => ('linear' in l ? [l.linear.init] : []))));
  const ctx: Context = { labels: runLabels(sorted), inputDims: options.inputDims, showInit: inits.size > 1 };
  // When only datasets differ the labels are the dataset names; a second copy helps no one.
  const redundant = sorted.every((r) => ctx.labels.get(r.id) === r.spec.dataset);
  const columns = COLUMNS.filter((c) => !(redundant && c.header === 'Label'));
  const lines = [
    row(columns.map((c) => c.header)),
    row(columns.map((c) => (c.align === 'right' ? '---:' : ':---'))),
    ...sorted.map((r) => row(columns.map((c) => escapeCell(c.cell(r, ctx))))),
  ];
  return lines.join('\n') + '\n';
}

/** The epoch with the highest test accuracy; the earliest one on ties. Undefined if none is finite. */
export function bestEpoch(run: RunResult): EpochMetrics | undefined {
  let best: EpochMetrics | undefined;
  for (const e of run.epochs) {
    if (isFiniteNumber(e.test_accuracy) && (best === undefined || e.test_accuracy > best.test_accuracy)) best = e;
  }
  return best;
}

/** The first line of a run's error, shortened for a table cell (the README lists it in full). */
export function errorSummary(error: string | undefined, max = 120): string {
  const first = (error ?? '').trim().split('\n')[0]!.trim();
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

function epochsCell(run: RunResult): string {
  const planned = run.spec.train.epochs;
  // A run that stopped early shows how far it got: `3/10`.
  return run.epochs.length === planned ? String(planned) : `${run.epochs.length}/${planned}`;
}

function bestCell(run: RunResult): string {
  const best = bestEpoch(run);
  return best ? `${percent(best.test_accuracy)} (ep. ${best.epoch})` : DASH;
}

function statusCell(run: RunResult): string {
  if (run.status === 'done') return 'done';
  const error = errorSummary(run.error);
  return error ? `**${run.status}**: ${error}` : `**${run.status}**`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Pipes would end the cell and newlines the row; backslash-escape the one, flatten the other. */
function escapeCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}
