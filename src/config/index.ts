// The config stage's front door: experiment file → validated experiment → planned runs.
//   loadExperiment  read + parse (load.ts), follow `extends` (compose.ts), apply `--set`
//                   (overrides.ts), validate (validate.ts, sweep-check.ts), desugar, fill
//                   defaults, and expand the sweep into one checked experiment per run (variants.ts)
//   expandRuns      each run's RunSpec (expand.ts) with its id (id.ts)
// Every user mistake surfaces as a ConfigError naming file:line:col (or the --set argument) and
// the field, before anything is trained or written.

import type { DatasetName, RunSpec } from '../types.js';
import type { Mapping } from './access.js';
import type { DatasetDeclaration } from '../data/declared.js';
import { compose } from './compose.js';
import { declaredDatasets, unknownDatasets } from './declared.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { runSpec, type PlanContext } from './expand.js';
import type { Experiment } from './experiment.js';
import { runId } from './id.js';
import { loadYaml, parseYaml, type ParsedYaml } from './load.js';
import { applyOverrides, parseOverride, type Override } from './overrides.js';
import { startsWith } from './path.js';
import { makePlace, type Place } from './place.js';
import { checkSweep } from './sweep-check.js';
import { placeIssues, raise, schemaIssues } from './validate.js';
import { makeVariants, placeInRun, type Change, type Variant } from './variants.js';

export { ConfigError } from './errors.js';
export type { PlanContext } from './expand.js';
export { runSpec } from './expand.js';
export { canonicalJson, runId } from './id.js';
export type { RunExperiment } from './variants.js';

export interface LoadOptions {
  /** `path=value` overrides, as given to `--set`, applied in order. */
  set?: readonly string[];
}

export interface LoadedExperiment {
  /** The experiment file as the user named it (messages show it). */
  file: string;
  /** The file's YAML text, kept to copy into the results README. */
  source: string;
  /** Every file the experiment is made of: the user's file first, then what it extends, in turn. */
  sources: { file: string; source: string }[];
  /** The --set arguments applied. */
  set: string[];
  /** The experiment before the sweep: merged, overridden, validated, shorthands spelled out, defaults filled. */
  experiment: Experiment;
  /** One per run: datasets × grid × zip groups × random samples × repeats, in that order. */
  variants: Variant[];
  /** The datasets the runs use, each once, in order of first use. */
  datasets: DatasetName[];
  /** Those of them the experiment declares, their paths resolved (config/declared.ts). */
  declared: Map<DatasetName, DatasetDeclaration>;
  /** Where each field was written, for problems found later (expandRuns). */
  place: Place;
}

export interface PlannedRun {
  spec: RunSpec;
  id: string;
  /** How this run differs from the base experiment (swept fields, and the seed of replicates). */
  changes: Change[];
}

function parseOverrides(set: readonly string[]): Override[] {
  const problems: ConfigProblem[] = [];
  const overrides: Override[] = [];
  for (const arg of set) {
    try {
      overrides.push(parseOverride(arg));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  raise(problems);
  return overrides;
}

function toExperiment(parsed: ParsedYaml, opts: LoadOptions): LoadedExperiment {
  const set = [...(opts.set ?? [])];
  const overrides = parseOverrides(set);
  const composed = compose(parsed);
  const { data, problems } = applyOverrides(composed.data, overrides);
  const place = makePlace(composed.files, overrides);
  const sweep = checkSweep(data);
  // A key that names no field was reported as such; what the schema says of its value is noise.
  const issues = schemaIssues(data).filter((issue) => !sweep.unknown.some((key) => startsWith(issue.path, key)));
  raise([...problems, ...placeIssues([...issues, ...sweep.issues], place), ...unknownDatasets(data, place)]);
  // Validated: the data is a mapping of the shape the schema describes.
  const { experiment, variants } = makeVariants(data as Mapping, place);
  const { declared, problems: undeclared } = declaredDatasets(experiment, variants, place);
  raise(undeclared);
  return {
    file: parsed.file,
    source: parsed.source,
    sources: composed.sources,
    set,
    experiment,
    variants,
    datasets: [...new Set(variants.map((v) => v.experiment.dataset))],
    declared,
    place,
  };
}

/** Read, compose, override and validate an experiment file. Throws ConfigError on any user mistake. */
export function loadExperiment(file: string, opts: LoadOptions = {}): LoadedExperiment {
  return toExperiment(loadYaml(file), opts);
}

/** As loadExperiment, from YAML text already in hand (`file` names it in messages and anchors `extends`). */
export function parseExperiment(source: string, file: string, opts: LoadOptions = {}): LoadedExperiment {
  return toExperiment(parseYaml(source, file), opts);
}

/**
 * Every run the experiment asks for, with its id, in the order of `variants`. Runs that come out
 * identical (a random search drawing the same point twice, say) are planned once.
 * Throws ConfigError if a run cannot be built.
 */
export function expandRuns(loaded: LoadedExperiment, ctx: PlanContext): PlannedRun[] {
  const problems: ConfigProblem[] = [];
  const runs = new Map<string, PlannedRun>();
  for (const variant of loaded.variants) {
    const spec = runSpec(variant.experiment, ctx);
    const found = Array.isArray(spec) ? spec : (ctx.check?.(spec) ?? []);
    if (Array.isArray(spec) || found.length > 0) {
      // runSpec and check are pure and name fields only; the sweep or the file tells where they were written.
      for (const p of found) problems.push({ ...p, ...placeInRun(p.path, 'value', variant.assignments, loaded.place) });
      continue;
    }
    const id = runId(spec);
    if (!runs.has(id)) runs.set(id, { spec, id, changes: variant.changes });
  }
  raise(problems);
  return [...runs.values()];
}
