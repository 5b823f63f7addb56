// The rows of `mlplab compare`: the stored runs of several experiments, one row per config (an
// experiment's runs that differ only in seed), grouped by dataset so that rows on the same data sit
// together, best first. What differs among all the specs becomes columns (report/params.ts), each
// cell written as the report's labels write it (`784-256-10`, `adam lr 0.001`).

import { groupConfigs } from '../report/runs/configs.js';
import { configLabels } from '../report/runs/labels.js';
import { summarize, type Summary } from '../report/runs/stats.js';
import { varyingParams } from '../report/params.js';
import type { RunResult } from '../types.js';

export interface ExperimentRuns {
  experiment: string;
  runs: readonly RunResult[];
}

export interface CompareRow {
  dataset: string;
  experiment: string;
  /** This config's value of each varying column, in `columns` order. */
  values: string[];
  /** What tells the config apart within its experiment (`adam lr 0.001`; `` when nothing does), for the plot. */
  label: string;
  runs: number;
  done: number;
  test: Summary;
  val: Summary;
  params: number;
}

export interface CompareTable {
  /** Short names of what differs among the configs besides dataset and experiment (`lr`, `layers`). */
  columns: string[];
  rows: CompareRow[];
}

export function compareRows(experiments: readonly ExperimentRuns[]): CompareTable {
  const configs = experiments.flatMap(({ experiment, runs }) => groupConfigs(runs).map((c) => ({ experiment, config: c })));
  const specs = configs.map((c) => c.config.spec);
  // Dataset and experiment have columns of their own.
  const params = varyingParams(specs).filter((p) => p.path !== 'dataset');
  const others = (keep: string) => [...params.map((p) => p.path).filter((p) => p !== keep), 'dataset', 'dataset_sha256'];
  const cells = params.map((p) => {
    const texts = configLabels(specs, others(p.path));
    // The header names the parameter: `0.03` under lr, `40` under epochs.
    return texts.map((t) =>
      t.startsWith(`${p.name} `) ? t.slice(p.name.length + 1) : t.endsWith(` ${p.name}`) ? t.slice(0, -p.name.length - 1) : t,
    );
  });
  const labels = experiments.flatMap(({ runs }) => {
    const own = groupConfigs(runs).map((c) => c.spec);
    // What tells this experiment's configs apart (its report's labels); the panel names the dataset.
    return configLabels(own, ['dataset']);
  });
  const rows = configs.map(
    ({ experiment, config }, i): CompareRow => ({
      dataset: config.spec.dataset,
      experiment,
      values: cells.map((column) => column[i]!),
      label: labels[i]!,
      runs: config.runs.length,
      done: config.done.length,
      test: summarize(config.done.map((r) => r.final?.test_accuracy)),
      val: summarize(config.done.map((r) => r.final?.val_accuracy)),
      params: config.runs[0]!.params,
    }),
  );
  const mean = (r: CompareRow) => r.test.mean ?? -1;
  rows.sort((a, b) => (a.dataset < b.dataset ? -1 : a.dataset > b.dataset ? 1 : mean(b) - mean(a)));
  return { columns: params.map((p) => p.name), rows };
}
