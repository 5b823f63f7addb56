// Validated experiment → the flat list of runs it asks for. Pure: no files, no positions (index.ts
// adds those to any error). Each step turns one experiment into several; the dataset list is the
// first axis, and a sweep step will slot in beside it.

import type { DatasetName, LayerSpec, RunSpec } from '../types.js';
import { ConfigError, fieldProblem, type ConfigProblem } from './errors.js';
import type { Experiment, ExperimentLayer } from './experiment.js';

export type ClassesOf = (dataset: DatasetName) => number;

/** An experiment narrowed to one dataset: the unit a RunSpec is made from. */
type Variant = Omit<Experiment, 'dataset'> & { dataset: DatasetName };

/** One variant per listed dataset, in the order written. */
function datasetAxis(experiment: Experiment): Variant[] {
  const datasets = Array.isArray(experiment.dataset) ? experiment.dataset : [experiment.dataset];
  return datasets.map((dataset) => ({ ...experiment, dataset }));
}

function layerSpec(layer: ExperimentLayer, classes: number): LayerSpec {
  if ('linear' in layer) return { linear: { units: layer.linear.units ?? classes, init: layer.linear.init } };
  return { relu: {} };
}

/** The spec of one variant, or the problems that stop it from being trained. */
function toRunSpec(variant: Variant, classesOf: ClassesOf): RunSpec | ConfigProblem[] {
  const classes = classesOf(variant.dataset);
  // A unit-less linear takes the class count: the natural width of the layer feeding the loss.
  const layers = variant.model.layers.map((layer) => layerSpec(layer, classes));
  const last = layers.length - 1;
  const at = ['model', 'layers', last];
  const final = layers[last];
  // The loss reads logits, one per class, so the stack must end in a linear layer of that width.
  if (!('linear' in final)) {
    const name = Object.keys(final)[0];
    const why = `${variant.model.loss} takes one logit per class`;
    return [fieldProblem(at, `the last layer must be linear (${why}), got ${name}`)];
  }
  if (final.linear.units !== classes) {
    return [
      fieldProblem(at, `the last layer has ${final.linear.units} units but ${variant.dataset} has ${classes} classes ` +
        '(leave units out to use the class count)'),
    ];
  }
  return {
    experiment: variant.name,
    dataset: variant.dataset,
    seed: variant.seed,
    model: { layers, loss: variant.model.loss },
    train: {
      epochs: variant.train.epochs,
      batch_size: variant.train.batch_size,
      optimizer: structuredClone(variant.train.optimizer),
    },
  };
}

/** Every run of the experiment, in order. Throws a ConfigError (fields named, no positions) if a run is impossible. */
export function expand(experiment: Experiment, classesOf: ClassesOf): RunSpec[] {
  const results = datasetAxis(experiment).map((variant) => toRunSpec(variant, classesOf));
  const problems = results.filter((r): r is ConfigProblem[] => Array.isArray(r)).flat();
  if (problems.length > 0) {
    // Several datasets may trip over the same layer; say it once per distinct message.
    const seen = new Set<string>();
    throw new ConfigError(problems.filter((p) => !seen.has(p.message) && seen.add(p.message) !== undefined));
  }
  return results as RunSpec[];
}
