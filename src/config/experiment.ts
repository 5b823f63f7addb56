// The validated experiment: the YAML as written, checked against the schema, layer shorthands
// desugared (shorthand.ts) and defaults filled (defaults.ts). It mirrors schema/experiment.schema.json
// less `extends` (followed by compose.ts) and `sweep` (expanded into one experiment per run by variants.ts).

import type { DatasetName, InitName, LossName, OptimizerSpec } from '../types.js';

/** A layer with its options spelled out, except a linear layer's units, which may wait for the dataset. */
export type ExperimentLayer = { linear: { units?: number; init: InitName } } | { relu: Record<string, never> };

export interface Experiment {
  name: string;
  description: string;
  seed: number;
  /** One dataset, or one run per dataset in this order. */
  dataset: DatasetName | DatasetName[];
  model: { layers: ExperimentLayer[]; loss: LossName };
  train: { epochs: number; batch_size: number; optimizer: OptimizerSpec };
}
