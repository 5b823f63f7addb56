// The per-run results table of the README: one Markdown row per run, in the report's row order.
// When configs have replicates it is the detail under the per-config table (config-table.ts).
// Pure: the same runs give the same bytes.

import type { EpochMetrics, RunResult } from '../../types.js';
import { DASH, fixed, integer, isFiniteNumber, percent } from '../format.js';
import { inputWidth, layerSummary } from '../layers.js';
import { runLabels } from '../runs/configs.js';
import { shortId } from '../runs/labels.js';
import { datasetCell } from '../runs/modified-data.js';
import { sortRuns } from '../runs/order.js';
import { trainingSummary } from '../runs/train-options.js';
import { hasEarlyStopping, hasValidation } from '../runs/validation.js';
import type { Criterion } from '../runs/best-run.js';
import { markdownTable } from './markdown.js';
import { bold, constantsLine, criterion, rank, splitColumns, type SummaryColumn } from './summary.js';

export interface TableOptions {
  /** Input width for the layer summary when it cannot be known from the dataset (see inputWidth). */
  inputDims?: number;
  /**
   * The README's main table (summary.ts): shared fields stated above, rows ranked best first,
   * the best value bold. Without it, every column and the report's row order: the full record.
   */
  summary?: boolean;
}

/** What a row needs besides its run: the labels and choices made once for the whole table. */
export interface TableContext {
  labels: Map<string, string>;
  inputDims: number | undefined;
  /** Name each linear's initialisation: only when runs differ in it. */
  showInit: boolean;
  /** Spell out batchnorm's options: only when runs differ in them. */
  showDetails: boolean;
  /** Some run has validation metrics: a column for them. */
  validation: boolean;
  /** Some run used early stopping: a column for the epoch whose weights it kept. */
  earlyStopping: boolean;
  /** What rows are compared on, and the ids (run ids or config keys) whose value is bold. */
  by: Criterion;
  best: Set<string>;
}

/** A column that some tables leave out: shown when `when` holds for the table. */
export type TableColumn<R> = SummaryColumn<R> & { when?: (ctx: TableContext) => boolean };

type Row = { run: RunResult; ctx: TableContext };

const COLUMNS: readonly TableColumn<Row>[] = [
  { header: 'Run', align: 'left', cell: ({ run }) => `\`${shortId(run.id)}\`` },
  // The plots' legend names; links a row to its line and bar.
  { header: 'Label', align: 'left', cell: ({ run, ctx }) => ctx.labels.get(run.id) ?? DASH },
  { header: 'Dataset', align: 'left', describes: 'label', cell: ({ run }) => datasetCell(run.spec) },
  { header: 'Layers', align: 'left', describes: 'label', cell: ({ run, ctx }) => layersCell(run, ctx) },
  { header: 'Optimizer', align: 'left', describes: 'label', cell: ({ run }) => trainingSummary(run.spec.train) },
  { header: 'Batch', align: 'right', describes: 'label', cell: ({ run }) => String(run.spec.train.batch_size) },
  // A run that failed before building its model stores 0 parameters, which would be a lie.
  { header: 'Params', align: 'right', describes: 'own', cell: ({ run }) => (run.params > 0 ? integer(run.params) : DASH) },
  { header: 'Epochs', align: 'right', describes: 'own', cell: ({ run }) => epochsCell(run) },
  { header: 'Best epoch', align: 'right', cell: ({ run }) => bestEpochCell(run), when: (ctx) => ctx.earlyStopping },
  { header: 's/epoch', align: 'right', cell: ({ run }) => (run.epochs.length > 0 ? fixed(run.timing.seconds_per_epoch, 2) : DASH) },
  {
    header: 'Final val acc',
    align: 'right',
    cell: ({ run, ctx }) => bold(percent(run.final?.val_accuracy), ctx.by === 'val_accuracy' && ctx.best.has(run.id)),
    when: (ctx) => ctx.validation,
  },
  {
    header: 'Final test acc',
    align: 'right',
    cell: ({ run, ctx }) => bold(percent(run.final?.test_accuracy), ctx.by === 'test_accuracy' && ctx.best.has(run.id)),
  },
  // Picking an epoch by its test accuracy is choosing on the test set: left out once validation exists.
  { header: 'Best test acc', align: 'right', cell: ({ run }) => bestCell(run), when: (ctx) => !ctx.validation },
  { header: 'Final train loss', align: 'right', cell: ({ run }) => fixed(run.final?.train_loss, 4) },
  { header: 'Status', align: 'left', describes: 'own', cell: ({ run }) => statusCell(run) },
];

/** The Markdown table, header and alignment row included, ending in a newline. */
export function resultsTable(runs: readonly RunResult[], options: TableOptions = {}): string {
  const by = criterion(runs);
  const { ranked, best } = options.summary
    ? rank(
        sortRuns(runs),
        (r) => r.spec.dataset,
        (r) => (r.status === 'done' ? r.final?.[by] : null),
      )
    : { ranked: sortRuns(runs), best: new Set<RunResult>() };
  const ctx = { ...tableContext(ranked, runLabels(ranked), options), best: new Set([...best].map((r) => r.id)) };
  // When only datasets differ the labels are the dataset names; a second copy helps no one.
  const redundant = ranked.every((r) => ctx.labels.get(r.id) === r.spec.dataset);
  const all = shownColumns(COLUMNS, ctx).filter((c) => !(redundant && c.header === 'Label'));
  const items = ranked.map((run) => ({ run, ctx }));
  if (!options.summary) return markdownTable(all, items);
  const { columns, constants } = splitColumns(all, items, !redundant);
  const line = constantsLine(constants, 'run');
  return `${line === '' ? '' : `${line}\n\n`}${markdownTable(columns, items)}`;
}

export function shownColumns<R>(columns: readonly TableColumn<R>[], ctx: TableContext): TableColumn<R>[] {
  return columns.filter((c) => c.when?.(ctx) ?? true);
}

export function tableContext(runs: readonly RunResult[], labels: Map<string, string>, options: TableOptions): TableContext {
  const layers = runs.flatMap((r) => r.spec.model.layers);
  const inits = new Set(layers.flatMap((l) => ('linear' in l ? [l.linear.init] : [])));
  const batchnorms = new Set(layers.flatMap((l) => ('batchnorm' in l ? [JSON.stringify(l.batchnorm)] : [])));
  return {
    labels,
    inputDims: options.inputDims,
    showInit: inits.size > 1,
    showDetails: batchnorms.size > 1,
    validation: hasValidation(runs),
    earlyStopping: hasEarlyStopping(runs),
    by: criterion(runs),
    best: new Set(),
  };
}

export function layersCell(run: RunResult, ctx: TableContext): string {
  return layerSummary(run.spec.model.layers, inputWidth(run, ctx.inputDims), { init: ctx.showInit, details: ctx.showDetails });
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

/** The epoch whose weights are final, marked when early stopping ended the run there. */
function bestEpochCell(run: RunResult): string {
  if (run.best_epoch === undefined) return DASH;
  return run.stopped_early ? `${run.best_epoch} (stopped early)` : String(run.best_epoch);
}

function bestCell(run: RunResult): string {
  const best = bestEpoch(run);
  return best ? `${percent(best.test_accuracy)} (ep. ${best.epoch})` : DASH;
}

function statusCell(run: RunResult): string {
  if (run.status === 'done') return 'done';
  // Not bold: a search's decision, not something that went wrong.
  if (run.status === 'pruned') return `pruned at epoch ${run.rung}`;
  if (run.status === 'paused') return `waiting at epoch ${run.rung}`;
  const error = errorSummary(run.error);
  return error ? `**${run.status}**: ${error}` : `**${run.status}**`;
}
