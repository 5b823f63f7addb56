// A validated experiment and its sweep → one experiment per run, each checked as if written out in
// full. Sweeps apply to the canonical form (shorthands spelled out, defaults filled), so a path
// like model.layers[0].linear.units exists however the file wrote that layer; the swept values
// themselves are then validated, desugared and filled like anything written in a file.

import type { DatasetName } from '../types.js';
import { setAt, type Mapping } from './access.js';
import { fillDefaults } from './defaults.js';
import type { ConfigProblem } from './errors.js';
import type { Experiment } from './experiment.js';
import { formatPath, startsWith, type FieldPath } from './path.js';
import type { Place, Where } from './place.js';
import { MAX_RUNS, pointCount, sweepPoints, type Assignment, type Point } from './points.js';
import { desugarLayers } from './shorthand.js';
import { readSweep } from './sweep.js';
import { raise, schemaIssues } from './validate.js';

/** An experiment narrowed to one run: one dataset, every swept field set. */
export type RunExperiment = Omit<Experiment, 'dataset'> & { dataset: DatasetName };

/** A field that differs from the base experiment in this run, e.g. `train.optimizer.sgd.lr` = 0.03. */
export interface Change {
  path: string;
  value: unknown;
}

export interface Variant {
  experiment: RunExperiment;
  changes: Change[];
  /** What the sweep set, with where each value was written, so later errors can point there. */
  assignments: Assignment[];
}

/** Validated data → the canonical experiment: layer shorthands spelled out, defaults filled. */
export function canonical(data: unknown): unknown {
  return fillDefaults(desugarLayers(data));
}

/**
 * Where to point for a problem at `path` of a run: inside the swept value that put it there (the
 * last one to write an ancestor of `path`), else at the sweep entry that wrote below it, else
 * where the experiment itself wrote it.
 */
export function placeInRun(path: FieldPath, at: 'key' | 'value', assignments: readonly Assignment[], place: Place): Where {
  const latest = [...assignments].reverse();
  const holder = latest.find((a) => startsWith(path, a.path));
  if (holder !== undefined) return place([...holder.at, ...path.slice(holder.path.length)], at);
  const below = latest.find((a) => startsWith(a.path, path));
  return below !== undefined ? place(below.at) : place(path, at);
}

/** One run's experiment data, or the problems of making it. */
function build(base: Experiment, dataset: DatasetName, point: Point, place: Place): Mapping | ConfigProblem[] {
  const data = { ...structuredClone(base), dataset } as Mapping;
  const assignments = [...point.assignments];
  const problems: ConfigProblem[] = [];
  for (const { path, value, at } of assignments) {
    const blocked = setAt(data, path, structuredClone(value));
    if (blocked !== undefined) problems.push({ ...place(at), path, message: `cannot be swept: ${blocked}` });
  }
  if (point.repeat > 0) {
    data.seed = (data.seed as number) + point.repeat;
    assignments.push({ path: ['seed'], value: data.seed, at: ['sweep', 'repeats'] });
  }
  if (problems.length > 0) return problems;
  const issues = schemaIssues(data).map((issue) => ({
    ...placeInRun(issue.node, issue.at, assignments, place),
    path: issue.path,
    message: issue.message,
  }));
  return issues.length > 0 ? issues : data;
}

/** The base experiment and every run it asks for: datasets × sweep points, datasets outermost. */
export function makeVariants(data: Mapping, place: Place): { experiment: Experiment; variants: Variant[] } {
  const { sweep: written, ...rest } = data;
  const experiment = canonical(rest) as Experiment;
  const sweep = readSweep(written);
  const datasets = Array.isArray(experiment.dataset) ? experiment.dataset : [experiment.dataset];
  const runs = datasets.length * pointCount(sweep);
  if (runs > MAX_RUNS) {
    raise([
      {
        ...place(['sweep'], 'key'),
        path: ['sweep'],
        message:
          `expands to ${runs.toLocaleString('en-US')} runs, more than the ` +
          `${MAX_RUNS.toLocaleString('en-US')} one experiment may plan: narrow the sweep, or split it into several experiments`,
      },
    ]);
  }
  const points = sweepPoints(sweep, experiment.seed);
  const problems: ConfigProblem[] = [];
  const variants: Variant[] = [];
  for (const dataset of datasets) {
    for (const point of points) {
      const built = build(experiment, dataset, point, place);
      if (Array.isArray(built)) {
        problems.push(...built);
        continue;
      }
      const run = canonical(built) as RunExperiment;
      const changes = point.assignments
        .filter((a) => sweep.repeats === 1 || a.path.join('.') !== 'seed')
        .map((a) => ({ path: formatPath(a.path), value: a.value }));
      if (sweep.repeats > 1) changes.push({ path: 'seed', value: run.seed });
      variants.push({ experiment: run, changes, assignments: point.assignments });
    }
  }
  raise(problems);
  return { experiment, variants };
}
