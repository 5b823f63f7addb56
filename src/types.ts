// The plain data that flows one way between stages:
// YAML → validated Experiment → RunSpec[] → worker → RunResult → report.
// Every field keeps one spelling end to end (YAML, types, --set paths, CSV columns, report).

/** Names are the keys of the registries (nn/layers, nn/losses, nn/optim, data/datasets). */
export type DatasetName = 'mnist' | 'fashion-mnist';
export type InitName = 'he' | 'xavier';

/** A layer in canonical form: exactly one key, the layer type, holding its filled-in options. */
export type LayerSpec =
  | { linear: { units: number; init: InitName } }
  | { relu: Record<string, never> };

export type LossName = 'softmax-cross-entropy';
export type OptimizerSpec = { sgd: { lr: number } };

/** One fully explicit, JSON-serialisable training run. Its id is a hash of its canonical JSON. */
export interface RunSpec {
  experiment: string;
  dataset: DatasetName;
  /** Identifies the data itself (see data/checksum.ts): a run on other bytes is another run. */
  dataset_sha256: string;
  seed: number;
  model: { layers: LayerSpec[]; loss: LossName };
  train: { epochs: number; batch_size: number; optimizer: OptimizerSpec };
}

export interface EpochMetrics {
  epoch: number; // 1-based
  train_loss: number; // mean loss over the epoch's minibatches
  train_accuracy: number; // accuracy over the epoch's minibatches (in [0, 1])
  test_loss: number;
  test_accuracy: number; // in [0, 1]
  seconds: number; // wall time of the epoch's training (not evaluation)
}

export type RunStatus = 'done' | 'failed' | 'diverged';

export interface RunResult {
  id: string;
  spec: RunSpec;
  status: RunStatus;
  error?: string; // for failed / diverged
  params: number; // trainable parameter count
  epochs: EpochMetrics[];
  final: { train_loss: number; train_accuracy: number; test_loss: number; test_accuracy: number } | null;
  timing: { started: string; finished: string; seconds_total: number; seconds_per_epoch: number };
  /** kernels: which kernel set trained the run ('wasm', 'wasm, 2 threads', 'reference'). */
  env: { mlplab: string; node: string; cpu: string; platform: string; kernels?: string };
}

/** A split of an image-classification dataset, images as bytes (0–255), row-major, one image after another. */
export interface Split {
  images: Uint8Array;
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
