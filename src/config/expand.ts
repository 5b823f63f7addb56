// One run's experiment → its RunSpec, the fully explicit unit that is trained and hashed. Pure: no
// files, no positions (index.ts places any problem). The dataset decides what the file may leave
// open (a unit-less linear layer's width) and identifies the data (its checksum).

import type { DatasetName, DeclaredSpec, LayerSpec, RunSpec } from '../types.js';
import { fieldProblem, type ConfigProblem } from './errors.js';
import type { ExperimentLayer } from './experiment.js';
import type { RunExperiment } from './variants.js';

export type ClassesOf = (dataset: DatasetName) => number;

/** What planning needs to know of each dataset. */
export interface PlanContext {
  classesOf: ClassesOf;
  /** The dataset's checksum (data/checksum.ts), part of every run id. */
  checksumOf(dataset: DatasetName): string;
  /** A declared dataset's format, classes and shape, as its data gave them; undefined for a built-in one. */
  declaredOf?(dataset: DatasetName): DeclaredSpec | undefined;
  /** What stops a run that is well-formed from being trained (it does not fit in memory, say); [] if nothing. */
  check?(spec: RunSpec): ConfigProblem[];
}

function layerSpec(layer: ExperimentLayer, classes: number): LayerSpec {
  if ('linear' in layer) return { linear: { units: layer.linear.units ?? classes, init: layer.linear.init } };
  return structuredClone(layer); // every other layer's options are complete once defaults are filled
}

/** The spec of one run, or the problems that stop it from being trained. */
export function runSpec(run: RunExperiment, ctx: PlanContext): RunSpec | ConfigProblem[] {
  const classes = ctx.classesOf(run.dataset);
  // A unit-less linear takes the class count: the natural width of the layer feeding the loss.
  const layers = run.model.layers.map((layer) => layerSpec(layer, classes));
  const last = layers.length - 1;
  const at = ['model', 'layers', last];
  const final = layers[last];
  // The loss reads logits, one per class, so the stack must end in a linear layer of that width.
  if (!('linear' in final)) {
    const name = Object.keys(final)[0];
    const why = `${run.model.loss} takes one logit per class`;
    return [fieldProblem(at, `the last layer must be linear (${why}), got ${name}`)];
  }
  if (final.linear.units !== classes) {
    return [
      fieldProblem(
        at,
        `the last layer has ${final.linear.units} units but ${run.dataset} has ${classes} classes ` +
          '(leave units out to use the class count)',
      ),
    ];
  }
  // Early stopping watches a validation metric: without a validation split there is none.
  if (run.train.early_stopping !== null && run.train.validation === 0) {
    return [fieldProblem(['train', 'early_stopping'], 'needs a validation split: set train.validation (e.g. 0.1)')];
  }
  // Halving ranks runs at each rung by a validation metric, never by a test one.
  if (run.search.method !== 'grid' && run.train.validation === 0) {
    return [fieldProblem(['search', 'method'], `${run.search.method} ranks runs by a validation metric: set train.validation (e.g. 0.1)`)];
  }
  if (run.search.method !== 'grid' && run.search.min_epochs > run.train.epochs) {
    return [fieldProblem(['search', 'min_epochs'], `the first rung is past train.epochs (${run.train.epochs})`)];
  }
  const { epochs, batch_size, optimizer, schedule, warmup_epochs, clip_norm, validation, early_stopping } = run.train;
  if (warmup_epochs >= epochs) {
    return [fieldProblem(['train', 'warmup_epochs'], `must be fewer than train.epochs (${epochs})`)];
  }
  const declared = ctx.declaredOf?.(run.dataset);
  // A declared dataset's own preprocess wins; the per-dataset mapping names built-in datasets only.
  const preprocess =
    run.datasets?.[run.dataset]?.preprocess ?? (typeof run.preprocess === 'string' ? run.preprocess : run.preprocess[run.dataset]);
  return {
    experiment: run.name,
    dataset: run.dataset,
    dataset_sha256: ctx.checksumOf(run.dataset),
    ...(declared === undefined ? {} : { dataset_spec: structuredClone(declared) }),
    seed: run.seed,
    preprocess: preprocess ?? 'scale',
    model: { layers, loss: run.model.loss },
    // Spelled out field by field: the spec is what gets hashed, so nothing stray may ride along.
    train: {
      epochs,
      batch_size,
      optimizer: structuredClone(optimizer),
      schedule: structuredClone(schedule),
      warmup_epochs,
      clip_norm,
      validation,
      early_stopping: structuredClone(early_stopping),
    },
  };
}
