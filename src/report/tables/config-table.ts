// The results table when configs have replicates: one row per config, each number the mean ±
// sample standard deviation over its finished runs (n of them). Runs that failed or diverged are
// counted in the status and left out of the means; the per-run table (run-table.ts) still lists them.

import type { RunResult } from '../../types.js';
import { DASH, integer } from '../format.js';
import { groupConfigs, statusTally, type Config } from '../runs/configs.js';
import { datasetCell } from '../runs/modified-data.js';
import { formatSummary, PERCENT, PLAIN, summarize } from '../runs/stats.js';
import { trainingSummary } from '../runs/train-options.js';
import { markdownTable } from './markdown.js';
import { bestEpoch, layersCell, shownColumns, tableContext, type TableColumn, type TableContext, type TableOptions } from './run-table.js';

type Row = { config: Config; ctx: TableContext };

// The summary of each config leads — how many seeds, and the mean ± std they reached — and what
// the config is follows.
const COLUMNS: readonly TableColumn<Row>[] = [
  // The plots' legend names; links a row to its line, band and bar.
  { header: 'Config', align: 'left', cell: ({ config }) => config.label },
  { header: 'Dataset', align: 'left', cell: ({ config }) => datasetCell(config.spec) },
  { header: 'n', align: 'right', cell: ({ config }) => String(config.done.length) },
  {
    header: 'Final val acc',
    align: 'right',
    cell: ({ config }) => stat(config, (r) => r.final?.val_accuracy, 2, PERCENT),
    when: (ctx) => ctx.validation,
  },
  { header: 'Final test acc', align: 'right', cell: ({ config }) => stat(config, (r) => r.final?.test_accuracy, 2, PERCENT) },
  {
    header: 'Best test acc',
    align: 'right',
    cell: ({ config }) => stat(config, (r) => bestEpoch(r)?.test_accuracy, 2, PERCENT),
    when: (ctx) => !ctx.validation,
  },
  { header: 'Final train loss', align: 'right', cell: ({ config }) => stat(config, (r) => r.final?.train_loss, 4) },
  { header: 'Layers', align: 'left', cell: ({ config, ctx }) => layersCell(representative(config), ctx) },
  { header: 'Optimizer', align: 'left', cell: ({ config }) => trainingSummary(config.spec.train) },
  { header: 'Batch', align: 'right', cell: ({ config }) => String(config.spec.train.batch_size) },
  { header: 'Params', align: 'right', cell: ({ config }) => paramsCell(config) },
  { header: 'Epochs', align: 'right', cell: ({ config }) => String(config.spec.train.epochs) },
  { header: 'Best epoch', align: 'right', cell: ({ config }) => bestEpochCell(config), when: (ctx) => ctx.earlyStopping },
  { header: 's/epoch', align: 'right', cell: ({ config }) => stat(config, (r) => r.timing.seconds_per_epoch, 2) },
  { header: 'Status', align: 'left', cell: ({ config }) => statusCell(config) },
];

/** One row per config, in report order, ending in a newline. */
export function configTable(runs: readonly RunResult[], options: TableOptions = {}): string {
  const configs = groupConfigs(runs);
  const labels = new Map(configs.flatMap((c) => c.runs.map((r) => [r.id, c.label] as const)));
  const ctx = tableContext(runs, labels, options);
  // When only datasets differ the labels are the dataset names; a second copy helps no one.
  const redundant = configs.every((c) => c.label === c.spec.dataset);
  const columns = shownColumns(COLUMNS, ctx).filter((c) => !(redundant && c.header === 'Config'));
  return markdownTable(
    columns,
    configs.map((config) => ({ config, ctx })),
  );
}

function stat(config: Config, metric: (run: RunResult) => number | null | undefined, digits: number, unit = PLAIN): string {
  return formatSummary(summarize(config.done.map(metric)), digits, unit);
}

/** The run whose stored parameter count is known (failed runs store 0), for the layer summary. */
function representative(config: Config): RunResult {
  return config.runs.find((r) => r.params > 0) ?? config.runs[0]!;
}

function paramsCell(config: Config): string {
  const params = representative(config).params;
  return params > 0 ? integer(params) : DASH;
}

/** The mean epoch whose weights were kept, and how many runs early stopping ended: `6.3 ± 1.5 (2 stopped early)`. */
function bestEpochCell(config: Config): string {
  const mean = stat(config, (r) => r.best_epoch, 1);
  const stopped = config.done.filter((r) => r.stopped_early).length;
  return stopped > 0 ? `${mean} (${stopped} stopped early)` : mean;
}

/** `3 done`, or `2 done, **1 diverged**`: what did not finish stands out as in the per-run table. */
function statusCell(config: Config): string {
  return statusTally(config.runs)
    .map(({ status, n }) => (status === 'done' ? `${n} done` : `**${n} ${status}**`))
    .join(', ');
}
