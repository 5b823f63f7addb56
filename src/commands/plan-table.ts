// The text `mlplab plan` prints: one row per run, then what training the rest would take. Pure:
// every number arrives computed (plan.ts), this file only lays it out.

import { duration } from '../estimate/wall-time.js';

export interface PlanRow {
  /** The run's position in the plan, from 0: what `mlplab run --index` takes. */
  index: number;
  id: string;
  dataset: string;
  /** `path=value` for each field that differs from the base experiment. */
  changes: string[];
  params: number;
  flopsPerEpoch: number;
  seconds: number;
  /** Already stored (and not failed): `mlplab run` would skip it — also when stale, unless --upgrade. */
  stored: 'stored' | 'stale' | 'failed' | 'paused' | 'pruned' | '';
  /** `host:pid` of the process training it now (run/claim.ts), when one is. */
  claimedBy?: string;
}

/** A search's rungs as planned (search/describe.ts rungRows): the run counts never depend on results. */
export interface PlanSearch {
  method: string;
  rungs: { dataset: string; s: number; rung: number; epoch: number; runs: number; epochs: number }[];
  /** Epochs the search trains in all, and the full grid's. */
  epochs: { search: number; grid: number };
}

export interface PlanSummary {
  experiment: string;
  /** With --shard / --index: which part of the plan the rows are, and how many runs the whole plan has. */
  of?: { name: string; planned: number };
  rows: PlanRow[];
  workers: number;
  /** Wall time to train the runs not stored, spread over the workers. */
  wallSeconds: number;
  gflops: number;
  /** Lines on how the plan was made, e.g. a dataset planned with its stored runs' checksum. */
  notes: string[];
  /** Stored runs of the experiment that are not in this plan (`mlplab prune` lists them). */
  notInPlan: number;
  /** The experiment file as the user named it, for the commands suggested. */
  file: string;
  /** Halving or Hyperband: the rungs, runs and epochs per rung. */
  search?: PlanSearch;
}

/** 4 significant digits with an SI prefix: 29.45 G, 812.3 k. */
export function si(x: number): string {
  const prefixes = ['', ' k', ' M', ' G', ' T', ' P'];
  let i = 0;
  while (Math.abs(x) >= 1000 && i < prefixes.length - 1) [x, i] = [x / 1000, i + 1];
  return `${Number(x.toPrecision(4))}${prefixes[i]}`;
}

function searchLines(search: PlanSearch): string[] {
  const several = new Set(search.rungs.map((r) => `${r.dataset} ${r.s}`)).size > 1;
  const { epochs } = search;
  return [
    `${search.method}: ${epochs.search.toLocaleString('en-US')} epochs in all, ${((100 * epochs.search) / epochs.grid).toFixed(1)}% of the full grid's ${epochs.grid.toLocaleString('en-US')} ` +
      '(each rung decided once all its runs are stored; the times above are those of every run to train.epochs, an upper bound)',
    ...table(
      [...(several ? ['bracket'] : []), 'rung', 'epoch', 'runs', 'epochs'],
      search.rungs.map((r) => [
        ...(several ? [`${r.dataset} s=${r.s}`] : []),
        String(r.rung),
        String(r.epoch),
        String(r.runs),
        r.epochs.toLocaleString('en-US'),
      ]),
      new Set(several ? [1, 2, 3, 4] : [0, 1, 2, 3]),
    ),
  ];
}

/** A swept value as compact YAML flow text: 0.03, relu, [{linear: 64}, relu, linear]. */
export function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${flow(v)}`)
      .join(', ')}}`;
  }
  return typeof value === 'string' && /^[\w.-]+$/.test(value) ? value : JSON.stringify(value);
}

const STORED_WORDS: Readonly<Record<PlanRow['stored'], string>> = {
  stored: 'yes (skipped)',
  stale: 'stale (skipped; --upgrade)',
  failed: 'failed (retried)',
  paused: 'to a rung (resumed)',
  pruned: 'pruned',
  '': 'no',
};

/** Whether `mlplab run` trains the row's run: not stored, failed, or waiting at a search rung. */
export function toTrain(row: PlanRow): boolean {
  return row.stored !== 'stored' && row.stored !== 'stale' && row.stored !== 'pruned';
}

function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function formatPlan(plan: PlanSummary): string {
  const { rows } = plan;
  const todo = rows.filter(toTrain);
  const datasets = new Set(rows.map((r) => r.dataset)).size;
  const lines = [
    `${plan.experiment}: ${plan.of === undefined ? '' : `${plan.of.name}, `}${rows.length} run${rows.length === 1 ? '' : 's'}${plan.of === undefined ? '' : ` of ${plan.of.planned}`} on ${datasets} dataset${datasets === 1 ? '' : 's'}, ` +
      `${rows.length - todo.length} stored, ${todo.length} to train`,
    ...plan.notes,
    '',
    ...table(
      ['#', 'id', 'dataset', 'changes', 'params', 'FLOPs/epoch', 'time (est.)', 'stored'],
      rows.map((r) => [
        String(r.index),
        r.id,
        r.dataset,
        r.changes.length > 0 ? r.changes.join(' · ') : '–',
        r.params.toLocaleString('en-US'),
        si(r.flopsPerEpoch),
        duration(r.seconds),
        r.claimedBy === undefined ? STORED_WORDS[r.stored] : `${STORED_WORDS[r.stored]} (training on ${r.claimedBy})`,
      ]),
      new Set([0, 4, 5, 6]),
    ),
    '',
  ];
  if (plan.search !== undefined) lines.push(...searchLines(plan.search), '');
  const compute = todo.reduce((sum, r) => sum + r.seconds, 0);
  if (todo.length === 0) lines.push('Nothing to train: every run is stored.');
  else {
    lines.push(
      `To train: ${todo.length} run${todo.length === 1 ? '' : 's'}, ${duration(compute)} of compute, ` +
        `about ${duration(plan.wallSeconds)} with ${plan.workers} worker${plan.workers === 1 ? '' : 's'}.`,
    );
  }
  if (plan.notInPlan > 0)
    lines.push(
      `${plan.notInPlan} stored run${plan.notInPlan === 1 ? ' is' : 's are'} not in this plan (the report still draws them): mlplab prune ${plan.file} lists them.`,
    );
  lines.push(
    `(Matrix products timed here at ${plan.gflops.toFixed(2)} GFLOP/s, with the other kernels; the loss, shuffling and JavaScript glue come on top.)`,
  );
  return `${lines.join('\n')}\n`;
}
