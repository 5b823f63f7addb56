// The config stage's front door: experiment file → validated experiment → planned runs.
//   loadExperiment  read + parse (load.ts), validate (validate.ts), desugar + fill defaults
//   planRuns        expand into RunSpecs (expand.ts), each with its id (id.ts)
// Every user mistake surfaces as a ConfigError naming file:line:col and the field.

import type { DatasetName, RunSpec } from '../types.js';
import { fillDefaults } from './defaults.js';
import { ConfigError } from './errors.js';
import { expand } from './expand.js';
import type { Experiment } from './experiment.js';
import { runId } from './id.js';
import { loadYaml, parseYaml, type ParsedYaml } from './load.js';
import { desugarLayers } from './shorthand.js';
import { validateExperiment } from './validate.js';

export { ConfigError, formatProblem, type ConfigProblem } from './errors.js';
export type { Experiment, ExperimentLayer } from './experiment.js';
export type { ClassesOf } from './expand.js';
export { expand } from './expand.js';
export { canonicalJson, runId } from './id.js';
export { formatPath, type FieldPath } from './path.js';

export interface LoadedExperiment {
  /** The file as the user named it (messages show it). */
  file: string;
  /** The YAML text, kept to point later errors at lines and to copy into the results README. */
  source: string;
  experiment: Experiment;
}

export interface PlannedRun {
  spec: RunSpec;
  id: string;
}

function toExperiment(parsed: ParsedYaml): LoadedExperiment {
  validateExperiment(parsed.data, parsed.file, parsed.locate);
  // Validated, then brought to the shape Experiment describes: the one unchecked cast in config.
  const experiment = fillDefaults(desugarLayers(parsed.data)) as Experiment;
  return { file: parsed.file, source: parsed.source, experiment };
}

/** Read, parse and validate an experiment file. Throws ConfigError on any user mistake. */
export function loadExperiment(file: string): LoadedExperiment {
  return toExperiment(loadYaml(file));
}

/** As loadExperiment, from YAML text already in hand (`file` only names it in messages). */
export function parseExperiment(source: string, file: string): LoadedExperiment {
  return toExperiment(parseYaml(source, file));
}

/** Every run the experiment asks for, with its id. Throws ConfigError if a run cannot be built. */
export function planRuns(loaded: LoadedExperiment, classesOf: (dataset: DatasetName) => number): PlannedRun[] {
  let specs: RunSpec[];
  try {
    specs = expand(loaded.experiment, classesOf);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // expand is pure and names fields only; the source tells where those fields were written.
    const { locate } = parseYaml(loaded.source, loaded.file);
    throw new ConfigError(
      err.problems
        .map((p) => ({ ...p, file: loaded.file, ...locate(p.path) }))
        .sort((a, b) => a.line - b.line || a.col - b.col),
    );
  }
  return specs.map((spec) => ({ spec, id: runId(spec) }));
}
