// The README's main table, fit for GitHub's width: what every row shares is said once above it
// (`Every run: layers 784-128-64-10 relu · optimizer sgd lr=0.1 · batch 64`), what varies is in
// it (a field the rows' labels already name is left to the label), rows are ranked best first
// within each dataset by the metric the report compares on, and the best row's value is bold.

import type { RunResult } from '../../types.js';
import { isFiniteNumber } from '../format.js';
import type { Criterion } from '../runs/best-run.js';
import { groupConfigs } from '../runs/configs.js';
import { hasValidation } from '../runs/validation.js';
import type { Column } from './markdown.js';

/**
 * What a column shows about the spec: `label` a field the label names when it varies (layers,
 * optimizer, batch, dataset), `own` one it does not (parameter count, epochs run, status).
 * Either is stated once above the table when all rows agree on it. Metrics have neither.
 */
export type Describes = 'label' | 'own';

export type SummaryColumn<R> = Column<R> & { describes?: Describes };

/** The columns a summary table keeps, and the `header value` pairs it states above instead. */
export function splitColumns<R>(
  columns: readonly SummaryColumn<R>[],
  items: readonly R[],
  labelShown: boolean,
): { columns: SummaryColumn<R>[]; constants: string[] } {
  const constants: string[] = [];
  const kept = columns.filter((c) => {
    if (c.describes === undefined || items.length === 0) return true;
    const values = new Set(items.map((i) => c.cell(i)));
    if (values.size === 1) {
      constants.push(`${c.header.toLowerCase()} ${[...values][0]!}`);
      return false;
    }
    return !(c.describes === 'label' && labelShown);
  });
  return { columns: kept, constants };
}

/** `Every run: a · b · c.` above the table, or nothing. */
export function constantsLine(constants: readonly string[], what: 'run' | 'config'): string {
  return constants.length === 0 ? '' : `Every ${what}: ${constants.join(' · ')}.`;
}

/** What the README compares runs on: validation accuracy when some run held a split out. */
export function criterion(runs: readonly RunResult[]): Criterion {
  return hasValidation(runs) ? 'val_accuracy' : 'test_accuracy';
}

/**
 * `items` best first within each dataset (datasets keep their report order), by `score`; items
 * without a score last, in their given order. Also the best item of each dataset that has a choice.
 */
export function rank<T>(
  items: readonly T[],
  dataset: (t: T) => string,
  score: (t: T) => number | null | undefined,
): { ranked: T[]; best: Set<T> } {
  const datasets = [...new Set(items.map(dataset))];
  const value = (t: T) => {
    const s = score(t);
    return isFiniteNumber(s) ? s : -Infinity;
  };
  const ranked = [...items].sort((a, b) => datasets.indexOf(dataset(a)) - datasets.indexOf(dataset(b)) || value(b) - value(a) || 0);
  const best = new Set<T>();
  for (const d of datasets) {
    const own = ranked.filter((t) => dataset(t) === d);
    // One row of a dataset is not a choice: nothing to mark.
    if (own.length > 1 && value(own[0]!) > -Infinity) best.add(own[0]!);
  }
  return { ranked, best };
}

/** `**97.65%**`: the best value of its dataset, bold. */
export function bold(text: string, on: boolean): string {
  return on ? `**${text}**` : text;
}

/** Some dataset has two configs or more to choose between: ranking and "best" mean something. */
export function hasChoice(runs: readonly RunResult[]): boolean {
  const datasets = groupConfigs(runs).map((c) => c.spec.dataset);
  return new Set(datasets).size < datasets.length;
}
