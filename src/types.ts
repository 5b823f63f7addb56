// The plain data that flows one way between stages:
// YAML → validated Experiment → RunSpec[] → worker → RunResult → report.
// Every field keeps one spelling end to end (YAML, types, --set paths, CSV columns, report).

// The names and spec unions derive from the registries (nn/layers, nn/losses, nn/optim,
// nn/schedule.ts, data/datasets.ts), so a new layer, optimizer or dataset needs no line here.
import type { DatasetName } from './data/datasets.js';
import type { DeclaredSpec } from './data/declared-spec.js';
import type { InitName } from './nn/layers/linear.js';
import type { LayerSpec } from './nn/layers/index.js';
import type { LossName } from './nn/losses/index.js';
import type { OptimizerSpec } from './nn/optim/index.js';
import type { ScheduleSpec } from './nn/schedule.js';

export type { DatasetName, DeclaredSpec, InitName, LayerSpec, LossName, OptimizerSpec, ScheduleSpec };

export type PreprocessName = 'scale' | 'standardize';
export type StopMetric = 'val_loss' | 'val_accuracy';

export interface TrainSpec {
  epochs: number;
  batch_size: number;
  optimizer: OptimizerSpec;
  schedule: ScheduleSpec;
  /** Epochs of linear warm-up in front of the schedule (0: none). */
  warmup_epochs: number;
  /** Largest global L2 norm of the gradients; larger ones are scaled down to it (null: off). */
  clip_norm: number | null;
  /** Fraction of the training set held out (stratified, seeded) for validation; 0: none. */
  validation: number;
  /** Stop when the metric has not improved for `patience` epochs, keeping the best weights. */
  early_stopping: { metric: StopMetric; patience: number } | null;
}

/** One fully explicit, JSON-serialisable training run. Its id is a hash of its canonical JSON. */
export interface RunSpec {
  experiment: string;
  dataset: DatasetName;
  /** Identifies the data itself (see data/checksum.ts): a run on other bytes is another run. */
  dataset_sha256: string;
  /** A declared dataset's format, labels and split (data/declared-spec.ts); absent for the built-in ones. */
  dataset_spec?: DeclaredSpec;
  seed: number;
  /** How pixel bytes become inputs: b/255, or (b/255 − mean)/std with training-set statistics. */
  preprocess: PreprocessName;
  model: { layers: LayerSpec[]; loss: LossName };
  train: TrainSpec;
}

export interface EpochMetrics {
  epoch: number; // 1-based
  train_loss: number; // mean loss over the epoch's minibatches
  train_accuracy: number; // accuracy over the epoch's minibatches (in [0, 1])
  test_loss: number;
  test_accuracy: number; // in [0, 1]
  /** On the held-out validation split, when train.validation > 0. */
  val_loss?: number;
  val_accuracy?: number;
  lr: number; // the learning rate used in this epoch
  seconds: number; // wall time of the epoch's training (not evaluation)
}

/** paused: stopped at a search rung (its `rung`) that is not decided yet, its checkpoint kept;
 *  pruned: stopped at a rung that did not keep it (docs/search.md). */
export type RunStatus = 'done' | 'failed' | 'diverged' | 'paused' | 'pruned';

export interface RunResult {
  id: string;
  spec: RunSpec;
  status: RunStatus;
  error?: string; // for failed / diverged
  params: number; // trainable parameter count
  /** Every layer's input and output width and parameters, as trained (runs stored before it was recorded lack it). */
  layers?: { name: string; inputs: number; outputs: number; params: number }[];
  epochs: EpochMetrics[];
  /** Metrics of the final weights: the last epoch's, or with early stopping the best epoch's. */
  final: {
    train_loss: number;
    train_accuracy: number;
    test_loss: number;
    test_accuracy: number;
    val_loss?: number;
    val_accuracy?: number;
  } | null;
  /** The epoch whose weights are final (differs from the last with early stopping). */
  best_epoch?: number;
  /** For a paused or pruned run: the epoch of the search rung it stopped at. */
  rung?: number;
  /** Set when early stopping ended the run before train.epochs. */
  stopped_early?: boolean;
  /** Test-set confusion counts of the final weights: confusion[true][predicted]. */
  confusion?: number[][];
  timing: { started: string; finished: string; seconds_total: number; seconds_per_epoch: number };
  /** kernels: which kernel set trained the run ('wasm', 'wasm, 2 threads' when a helper thread took part, 'blas', 'reference').
   *  blas: the BLAS library of a 'blas' run, its version and the CPU kernel it picked, when the library says.
   *  numerics: the arithmetic's version (train/numerics.ts; absent in mlplab 0.1's files, which are version 1).
   *  git: the commit of the repository holding the experiment file, when there is one (run/git.ts). */
  env: {
    mlplab: string;
    numerics?: number;
    node: string;
    cpu: string;
    platform: string;
    kernels?: string;
    blas?: { library: string; version?: string; core?: string };
    git?: { commit: string; dirty: boolean };
  };
}

/**
 * A split of a classification dataset: images as bytes (0–255), row-major, one image after another;
 * or, for a dataset of real-valued features (CSV, float .npy), `features` (count × cols, rows 1)
 * and no image bytes.
 */
export interface Split {
  images: Uint8Array;
  features?: Float32Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

export interface Dataset {
  name: DatasetName;
  classes: readonly string[];
  train: Split;
  test: Split;
  /** Where the files were found (a directory or URL), for logs and the report. */
  source: string;
}
