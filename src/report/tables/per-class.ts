// A confusion matrix read per class: confusion[c][k] counts the test images of class c that the
// network predicted as k, so row c sums to the class's test images and its diagonal cell to the
// ones it got right. For the README's per-class table beside the confusion plot.

import { DATASETS, isBuiltin } from '../../data/datasets.js';
import { DASH, integer, percent } from '../format.js';
import { markdownTable, type Column } from './markdown.js';

export type Confusion = readonly (readonly number[])[];

export interface ClassRow {
  name: string;
  /** Test images of the class: the row sum. */
  total: number;
  /** Of them, predicted as the class: the diagonal cell. */
  correct: number;
  /** correct / total; null when the class has no test images. */
  accuracy: number | null;
  /** The wrong class predicted most often for this one (the first on ties); none if never wrong. */
  mistake: { name: string; count: number } | null;
}

/**
 * The class names: a declared dataset's (`declared`, from its run spec), the registry's, or the
 * class indices for a dataset (or a matrix size) neither knows.
 */
export function classNames(dataset: string, n: number, declared?: readonly string[]): string[] {
  const known = declared ?? (isBuiltin(dataset) ? DATASETS[dataset].classes : []);
  return Array.from({ length: n }, (_, i) => (known.length === n ? known[i]! : String(i)));
}

/** One row per class, in class order. */
export function perClass(confusion: Confusion, names: readonly string[]): ClassRow[] {
  return confusion.map((row, c) => {
    const total = row.reduce((s, x) => s + x, 0);
    const correct = row[c] ?? 0;
    let mistake: ClassRow['mistake'] = null;
    row.forEach((count, k) => {
      if (k !== c && count > 0 && (mistake === null || count > mistake.count)) mistake = { name: names[k]!, count };
    });
    return { name: names[c]!, total, correct, accuracy: total > 0 ? correct / total : null, mistake };
  });
}

const COLUMNS: readonly Column<ClassRow>[] = [
  { header: 'Class', align: 'left', cell: (r) => r.name },
  { header: 'Accuracy', align: 'right', cell: (r) => percent(r.accuracy) },
  { header: 'Correct', align: 'right', cell: (r) => `${integer(r.correct)} / ${integer(r.total)}` },
  {
    header: 'Most common wrong prediction',
    align: 'left',
    cell: (r) => (r.mistake ? `${r.mistake.name} (${integer(r.mistake.count)})` : DASH),
  },
];

/** The per-class Markdown table of perClass's rows, ending in a newline. */
export function perClassTable(rows: readonly ClassRow[]): string {
  return markdownTable(COLUMNS, rows);
}
