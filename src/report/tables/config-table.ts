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
import { bold, constantsLine, criterion, rank, splitColumns } from './summary.js';
import { bestEpoch, layersCell, shownColumns, tableContext, type TableColumn, type TableContext, type TableOptions } from './run-table.js';

type Row = { config: Config; ctx: TableContext };

// The summary of each config leads — how many seeds, and the mean ± std they reached — and what
// the config is follows.
const COLUMNS: readonly TableColumn<Row>[] = [
  // The plots' legend names; links a row to its line, band and bar.
  { header: 'Config', align: 'left', cell: ({ config }) => config.label },
  { header: 'Dataset', align: 'left', describes: 'label', cell: ({ config }) => datasetCell(config.spec) },
  { header: 'n', align: 'right', cell: ({ config }) => String(config.done.length) },
  {
    header: 'Final val acc',
    align: 'right',
    cell: ({ config, ctx }) =>
      bold(
        stat(config, (r) => r.final?.val_accuracy, 2, PERCENT),
        ctx.by === 'val_accuracy' && ctx.best.has(config.key),
      ),
    when: (ctx) => ctx.validation,
  },
  {
    header: 'Final test acc',
    align: 'right',
    cell: ({ config, ctx }) =>
      bold(
        stat(config, (r) => r.final?.test_accuracy, 2, PERCENT),
        ctx.by === 'test_accuracy' && ctx.best.has(config.key),
      ),
  },
  {
    header: 'Best test acc',
    align: 'right',
    cell: ({ config }) => stat(config, (r) => bestEpoch(r)?.test_accuracy, 2, PERCENT),
    when: (ctx) => !ctx.validation,
  },
  { header: 'Final train loss', align: 'right', cell: ({ config }) => stat(config, (r) => r.final?.train_loss, 4) },
  { header: 'Layers', align: 'left', describes: 'label', cell: ({ config, ctx }) => layersCell(representative(config), ctx) },
  { header: 'Optimizer', align: 'left', describes: 'label', cell: ({ config }) => trainingSummary(config.spec.train) },
  { header: 'Batch', align: 'right', describes: 'label', cell: ({ config }) => String(config.spec.train.batch_size) },
  { header: 'Params', align: 'right', describes: 'own', cell: ({ config }) => paramsCell(config) },
  { header: 'Epochs', align: 'right', describes: 'own', cell: ({ config }) => String(config.spec.train.epochs) },
  { header: 'Best epoch', align: 'right', cell: ({ config }) => bestEpochCell(config), when: (ctx) => ctx.earlyStopping },
  { header: 's/epoch', align: 'right', cell: ({ config }) => stat(config, (r) => r.timing.seconds_per_epoch, 2) },
  { header: 'Status', align: 'left', describes: 'own', cell: ({ config }) => statusCell(config) },
];

/** One row per config, in report order (best first with `summary`), ending in a newline. */
export function configTable(runs: readonly RunResult[], options: TableOptions = {}): string {
  const by = criterion(runs);
  const mean = (c: Config) => summarize(c.done.map((r) => r.final?.[by])).mean;
  const { ranked, best } = options.summary
    ? rank(groupConfigs(runs), (c) => c.spec.dataset, mean)
    : { ranked: groupConfigs(runs), best: new Set<Config>() };
  const labels = new Map(ranked.flatMap((c) => c.runs.map((r) => [r.id, c.label] as const)));
  const ctx = { ...tableContext(runs, labels, options), best: new Set([...best].map((c) => c.key)) };
  // When only datasets differ the labels are the dataset names; a second copy helps no one.
  const redundant = ranked.every((c) => c.label === c.spec.dataset);
  const all = shownColumns(COLUMNS, ctx).filter((c) => !(redundant && c.header === 'Config'));
  const items = ranked.map((config) => ({ config, ctx }));
  if (!options.summary) return markdownTable(all, items);
  const { columns, constants } = splitColumns(all, items, !redundant);
  const line = constantsLine(constants, 'config');
  return `${line === '' ? '' : `${line}\n\n`}${markdownTable(columns, items)}`;
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
