// Short human labels for runs, for legends and the table: the dataset plus whatever else differs
// among the runs of this report (`mnist · 128-64`, `mnist · lr 0.03`). When only datasets differ
// the label is the dataset name. Labels are always unique within a report.

import type { OptimizerSpec, RunResult } from '../types.js';
import { hiddenSummary, layerSummary } from './layers.js';

/** A field of a RunSpec that may vary across runs, named by its dotted `--set` path. */
interface Facet {
  path: string;
  /** Equal keys mean "no difference" for this field. Specs are canonical JSON, so stringify works. */
  key(run: RunResult): string;
  /** The label fragment; gets all runs because some fragments must stay unambiguous among them. */
  text(run: RunResult, all: readonly RunResult[]): string;
}

const FACETS: readonly Facet[] = [
  { path: 'dataset', key: (r) => r.spec.dataset, text: (r) => r.spec.dataset },
  { path: 'model.layers', key: (r) => JSON.stringify(r.spec.model.layers), text: layersText },
  { path: 'model.loss', key: (r) => r.spec.model.loss, text: (r) => `loss ${r.spec.model.loss}` },
  { path: 'train.optimizer', key: (r) => JSON.stringify(r.spec.train.optimizer), text: optimizerText },
  { path: 'train.batch_size', key: (r) => String(r.spec.train.batch_size), text: (r) => `batch ${r.spec.train.batch_size}` },
  { path: 'train.epochs', key: (r) => String(r.spec.train.epochs), text: (r) => `${r.spec.train.epochs} epochs` },
  { path: 'seed', key: (r) => String(r.spec.seed), text: (r) => `seed ${r.spec.seed}` },
];

/** The dotted paths of the spec fields that take more than one value among `runs`. */
export function whatDiffers(runs: readonly RunResult[]): string[] {
  return FACETS.filter((f) => new Set(runs.map(f.key)).size > 1).map((f) => f.path);
}

/** Run id → label. The dataset is always named; other fields only where they differ. */
export function runLabels(runs: readonly RunResult[]): Map<string, string> {
  const differs = new Set(whatDiffers(runs));
  const shown = FACETS.filter((f) => f.path === 'dataset' || differs.has(f.path));
  const labels = runs.map((r) => shown.map((f) => f.text(r, runs)).join(' · '));
  // Runs whose specs differ only in fields we do not label (or duplicated results) would share a
  // label and so a legend colour; the short id keeps them apart.
  const count = new Map<string, number>();
  for (const label of labels) count.set(label, (count.get(label) ?? 0) + 1);
  return new Map(
    runs.map((r, i) => {
      const label = labels[i]!;
      return [r.id, count.get(label)! > 1 ? `${label} · ${shortId(r.id)}` : label];
    }),
  );
}

/** The first 8 characters of a run id: enough to tell runs apart, short enough for a table. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** `sgd lr=0.1`: the optimizer name and its options, for the table. */
export function optimizerSummary(optimizer: OptimizerSpec): string {
  const [name, options] = Object.entries(optimizer)[0] ?? ['?', {}];
  const args = Object.entries(options).map(([k, v]) => `${k}=${String(v)}`);
  return [name, ...args].join(' ');
}

function optimizerText(run: RunResult, all: readonly RunResult[]): string {
  const [name, options] = Object.entries(run.spec.train.optimizer)[0] ?? ['?', {}];
  const args = Object.entries(options).map(([k, v]) => `${k} ${String(v)}`);
  // Name the optimizer only when runs use different ones; `lr 0.1` alone is the usual case.
  const names = new Set(all.map((r) => Object.keys(r.spec.train.optimizer)[0]));
  return (names.size > 1 ? [name, ...args] : args).join(' ');
}

function layersText(run: RunResult, all: readonly RunResult[]): string {
  // Hidden widths (`128-64`) are enough unless two different stacks share them (say, the same
  // widths with different activations); then spell the stacks out.
  const byHidden = new Map<string, Set<string>>();
  for (const r of all) {
    const hidden = hiddenSummary(r.spec.model.layers);
    const stacks = byHidden.get(hidden) ?? new Set<string>();
    stacks.add(JSON.stringify(r.spec.model.layers));
    byHidden.set(hidden, stacks);
  }
  const hidden = hiddenSummary(run.spec.model.layers);
  if (byHidden.get(hidden)!.size === 1) return hidden;
  const inits = new Set(all.flatMap((r) => r.spec.model.layers.flatMap((l) => ('linear' in l ? [l.linear.init] : []))));
  return layerSummary(run.spec.model.layers, undefined, { init: inits.size > 1 });
}
