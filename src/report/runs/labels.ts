// Short human labels for configs, for legends and the table, made of what differs among them:
// `lr 0.03 · batch 128`, `mnist · layers 784-256-10`. A field that never varies is left out (the
// table and the README say it once); when nothing varies the label is the dataset. The seed is
// never part of a config label: replicates share theirs (see configs.ts).

import type { RunSpec } from '../../types.js';
import { knownInputWidth, layerSummary } from '../layers.js';
import { varyingParams, within, type Param } from '../params.js';
import { earlyStoppingSummary, optimizerSummary, scheduleSummary } from './train-options.js';

/**
 * The dotted paths of the fields that vary among `specs` (seeds aside). `dataset_sha256` is not a
 * hyperparameter and is named only when it is what tells two configs apart.
 */
export function whatDiffers(specs: readonly RunSpec[]): string[] {
  const params = varyingParams(specs);
  const paths = params.map((p) => p.path);
  return dataTellsApart(specs, params) ? [...paths, 'dataset_sha256'] : paths;
}

/**
 * One label per spec (replicates get the same one). Fields under `omit` are left out, for labels
 * of "everything but" one parameter (plot series); those may be empty strings.
 */
export function configLabels(specs: readonly RunSpec[], omit: readonly string[] = []): string[] {
  const params = varyingParams(specs);
  const shown = params.filter((p) => !omit.some((o) => within(p.path, o)));
  const data = dataTellsApart(specs, params) && !omit.includes('dataset_sha256');
  const fragment = fragments(shown, specs);
  return specs.map((spec) => {
    const parts = [...new Set(shown.map((p) => fragment(p, spec)))];
    if (data) parts.push(`data ${spec.dataset_sha256.slice(0, 8)}`);
    if (parts.length === 0 && omit.length === 0) parts.push(spec.dataset);
    return parts.join(' · ');
  });
}

/** The first 8 characters of a run id: enough to tell runs apart, short enough for a table. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/**
 * A number as short as it can be while every distinct value of its parameter stays distinct:
 * a random search's lr 0.0123456789 reads `0.0123`, a grid's 0.03 stays `0.03`. Integers
 * (batch sizes, units) are always written out in full.
 */
export function shortNumber(x: number, among: readonly number[]): string {
  if (Number.isInteger(x)) return String(x);
  const distinct = new Set(among);
  for (let digits = 3; digits < 17; digits++) {
    const round = (v: number) => Number(v.toPrecision(digits));
    if (new Set([...distinct].map(round)).size === distinct.size) return String(round(x));
  }
  return String(x);
}

/** True when two specs would share a label although they were trained on different data. */
function dataTellsApart(specs: readonly RunSpec[], params: readonly Param[]): boolean {
  const shas = new Map<string, Set<string>>();
  for (const spec of specs) {
    const key = JSON.stringify(params.map((p) => p.value(spec)));
    shas.set(key, (shas.get(key) ?? new Set()).add(spec.dataset_sha256));
  }
  return [...shas.values()].some((s) => s.size > 1);
}

/** Label text per spec and parameter; what depends on all specs is worked out once per report. */
function fragments(params: readonly Param[], all: readonly RunSpec[]): (param: Param, spec: RunSpec) => string {
  const layers = layersTexts(all);
  const numbers = new Map(params.map((p) => [p, all.map((s) => p.value(s)).filter((v) => typeof v === 'number')]));
  return (param, spec) => {
    // Stacks of different shapes read as the stacks; a field within stacks of one shape (a
    // dropout rate, a width) reads as that field alone, the shortest thing that tells them apart.
    if (param.path === 'model.layers') return `layers ${layers(spec)}`;
    if (param.path === 'dataset') return spec.dataset;
    // Union-typed options read as the table writes them, `=` turned into a space: `adam lr 0.001`.
    if (param.path === 'train.optimizer') return optimizerSummary(spec.train.optimizer).replace(/=/g, ' ');
    if (param.path === 'train.schedule') return `schedule ${scheduleSummary(spec.train.schedule).replace(/=/g, ' ')}`;
    if (param.path === 'train.early_stopping')
      return `early_stopping ${earlyStoppingSummary(spec.train.early_stopping).replace(/=/g, ' ')}`;
    if (param.path === 'train.epochs') return `${spec.train.epochs} epochs`;
    const value = param.value(spec);
    // A null option is one switched off (`clip_norm: null`).
    if (value === 'null') return `${param.name} off`;
    return `${param.name} ${typeof value === 'string' ? value : shortNumber(value, numbers.get(param)!)}`;
  };
}

/**
 * `784-256-10` while that tells the stacks apart; else with the block after each hidden linear
 * (`relu`), then also the initialisation, then batchnorm's options: the shortest of these that
 * keeps distinct stacks distinct. (A stack that is not
 * a plain MLP is spelled out at every level.)
 */
function layersTexts(all: readonly RunSpec[]): (spec: RunSpec) => string {
  const levels = [
    (s: RunSpec) => layerSummary(s.model.layers, knownInputWidth(s.dataset, s.dataset_spec), { activation: false }),
    (s: RunSpec) => layerSummary(s.model.layers, knownInputWidth(s.dataset, s.dataset_spec)),
    (s: RunSpec) => layerSummary(s.model.layers, knownInputWidth(s.dataset, s.dataset_spec), { init: true }),
    (s: RunSpec) => layerSummary(s.model.layers, knownInputWidth(s.dataset, s.dataset_spec), { init: true, details: true }),
  ];
  const distinct = (text: (s: RunSpec) => string) => {
    const stacksOf = new Map<string, Set<string>>();
    for (const s of all) stacksOf.set(text(s), (stacksOf.get(text(s)) ?? new Set()).add(JSON.stringify(s.model.layers)));
    return [...stacksOf.values()].every((stacks) => stacks.size === 1);
  };
  // Differences no summary shows fall through to the fullest summary there is.
  return levels.find(distinct) ?? levels[3]!;
}
