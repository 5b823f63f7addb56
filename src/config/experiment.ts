// The validated experiment: the YAML as written, checked against the schema, layer shorthands
// desugared (shorthand.ts) and defaults filled (defaults.ts). It mirrors schema/experiment.schema.json
// less `extends` (followed by compose.ts) and `sweep` (expanded into one experiment per run by variants.ts).

import type { DatasetDeclaration } from '../data/declared.js';
import type { DatasetName, InitName, LayerSpec, LossName, PreprocessName, TrainSpec } from '../types.js';

/** A layer with its options spelled out, except a linear layer's units, which may wait for the dataset. */
export type ExperimentLayer = { linear: { units?: number; init: InitName } } | Exclude<LayerSpec, { linear: unknown }>;

/** Which trained networks `mlplab run` keeps (schema: save); not part of any RunSpec, as it changes no result. */
export type SaveName = 'none' | 'best' | 'all';

/** How the sweep's runs are searched (schema: search); not part of any RunSpec: a rung only stops a run early. */
export interface SearchSpec {
  method: 'grid' | 'halving' | 'hyperband';
  metric: 'val_accuracy' | 'val_loss';
  min_epochs: number;
  eta: number;
}

export interface Experiment {
  name: string;
  description: string;
  seed: number;
  /** Datasets of the user's own, by name (paths as written, relative to the file that wrote them). */
  datasets?: Record<string, DatasetDeclaration>;
  /** One dataset, or one run per dataset in this order. */
  dataset: DatasetName | DatasetName[];
  /** One preprocessing for every dataset, or one per dataset (defaults filled: every dataset named). */
  preprocess: PreprocessName | Record<DatasetName, PreprocessName>;
  model: { layers: ExperimentLayer[]; loss: LossName };
  train: TrainSpec;
  save: SaveName;
  search: SearchSpec;
}
