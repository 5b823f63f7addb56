// Seconds per MNIST epoch of 784-128-64-10 / batch 64 / SGD lr 0.1: mlplab's training loop in this
// process, and the same network and loop in NumPy (bench/numpy_mlp.py) when python3 has NumPy.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../src/data/load.js';
import { train, type TrainData } from '../src/train/train.js';
import type { BuiltinName as DatasetName } from '../src/data/datasets.js';
import type { RunSpec } from '../src/types.js';
import { defaultTrain } from '../src/config/defaults.js';

export const NUMPY_SCRIPT = fileURLToPath(new URL('../../bench/numpy_mlp.py', import.meta.url));

const MLP: RunSpec['model'] = {
  layers: [
    { linear: { units: 128, init: 'he' } },
    { relu: {} },
    { linear: { units: 64, init: 'he' } },
    { relu: {} },
    { linear: { units: 10, init: 'he' } },
  ],
  loss: 'softmax-cross-entropy',
};

/** The benchmarks' run: MLP on `dataset`, batch 64, plain SGD at lr 0.1 — what numpy_mlp.py trains. */
export function benchSpec(dataset: DatasetName, epochs: number): RunSpec {
  return {
    experiment: 'bench',
    dataset,
    dataset_sha256: 'bench',
    seed: 1,
    preprocess: 'scale',
    model: MLP,
    train: { ...defaultTrain(), epochs, batch_size: 64, optimizer: { sgd: { lr: 0.1, momentum: 0, nesterov: false, weight_decay: 0 } } },
  };
}

/** A dataset loaded as the trainer takes it (no shared memory: one process trains), and where it came from. */
export async function benchData(dataset: DatasetName): Promise<{ data: TrainData; source: string }> {
  const loaded = await loadDataset(dataset, { shared: false });
  return { data: { train: loaded.train, test: loaded.test, classes: loaded.classes.length }, source: loaded.source };
}

export interface EpochTiming {
  mlplab: number; // seconds per epoch
  numpy?: number;
  numpyMissing?: string;
}

export async function timeEpochs(epochs: number): Promise<EpochTiming> {
  const mnist = await benchData('mnist');
  const out = train(benchSpec('mnist', epochs), 'bench', mnist.data);
  // The first epoch includes the kernels' warm-up; report the mean of the others when there are any.
  const seconds = out.epochs.map((e) => e.seconds);
  const steady = seconds.length > 1 ? seconds.slice(1) : seconds;
  const timing: EpochTiming = { mlplab: steady.reduce((a, b) => a + b, 0) / steady.length };
  const np = numpyRuns(mnist.source, epochs, [0.1]);
  if (typeof np === 'string') timing.numpyMissing = np;
  else timing.numpy = np[0].seconds_per_epoch;
  return timing;
}

export interface NumpyRun {
  lr: number;
  seconds_per_epoch: number;
  test_accuracy: number;
}

/** Runs bench/numpy_mlp.py on one core; a string says why it could not run. */
export function numpyRuns(dataDir: string, epochs: number, lrs: number[]): NumpyRun[] | string {
  const r = spawnSync('python3', [NUMPY_SCRIPT, dataDir, String(epochs), ...lrs.map(String)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return `python3 ${NUMPY_SCRIPT} failed: ${r.stderr.trim().split('\n').pop() ?? ''}`;
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as NumpyRun);
}
