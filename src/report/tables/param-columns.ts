// The varying parameters of an experiment as table columns, for runs.csv and metrics.csv: one
// column per parameter, named by its dotted `--set` path (`train.optimizer.sgd.lr`), so a
// heatmap or a regression can be rebuilt from the CSV alone. A union-typed field whose shape
// differs among runs (whole layer stacks, different optimizers) is one column of its summary,
// written as the README writes it.

import type { RunResult, RunSpec } from '../../types.js';
import { knownInputWidth, layerSummary } from '../layers.js';
import { varyingParams, type Param } from '../params.js';
import { earlyStoppingSummary, optimizerSummary, scheduleSummary } from '../runs/train-options.js';

export interface ParamColumn {
  header: string;
  cell(spec: RunSpec): string;
}

/** One column per parameter that varies among `runs`, the dataset aside (always a column of its own). */
export function paramColumns(runs: readonly RunResult[]): ParamColumn[] {
  return varyingParams(runs.map((r) => r.spec))
    .filter((p) => p.path !== 'dataset')
    .map((p) => ({ header: p.path, cell: (spec) => cellOf(p, spec) }));
}

function cellOf(param: Param, spec: RunSpec): string {
  switch (param.path) {
    case 'model.layers':
      return layerSummary(spec.model.layers, knownInputWidth(spec.dataset), { init: true, details: true });
    case 'train.optimizer':
      return optimizerSummary(spec.train.optimizer);
    case 'train.schedule':
      return scheduleSummary(spec.train.schedule);
    case 'train.early_stopping':
      return earlyStoppingSummary(spec.train.early_stopping);
    default:
      // A null option is one switched off (`clip_norm: null`): an empty field, as a missing value.
      return param.value(spec) === 'null' ? '' : String(param.value(spec));
  }
}
