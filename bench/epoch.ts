// Seconds per epoch of 784-128-64-10 / batch 64 / SGD lr 0.1 on MNIST or Fashion-MNIST: mlplab's
// training loop in this process with the wasm kernels and with the BLAS ones (when a BLAS loads),
// and the same network and loop in NumPy (bench/numpy.ts) when python3 has NumPy.
// Alone: `node dist/bench/epoch.js fashion-mnist 3` (dataset, epochs).

import { blasLabel } from '../src/blas/choose.js';
import { BlasUnavailable, loadBlas } from '../src/blas/load.js';
import { loadDataset } from '../src/data/load.js';
import { type Blas, BlasKernels } from '../src/nn/kernels/blas-kernels.js';
import { WasmKernels } from '../src/nn/kernels/wasm-kernels.js';
import { train, type TrainData } from '../src/train/train.js';
import { type BuiltinName as DatasetName, DATASETS } from '../src/data/datasets.js';
import type { RunSpec } from '../src/types.js';
import { defaultTrain } from '../src/config/defaults.js';
import { numpyRuns } from './numpy.js';
import { median } from './timing.js';

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
  /** The dataset (absent in records from before Fashion-MNIST was measured: MNIST). */
  dataset?: DatasetName;
  mlplab: number; // seconds per epoch, wasm kernels (the default)
  /** Seconds per epoch with --kernels blas, and which BLAS; or why it was not measured. */
  blas?: number;
  blasLibrary?: string;
  blasMissing?: string;
  /**
   * Of a blas epoch, the seconds inside cblas_sgemm (a pass of its own with each call timed, after
   * the rounds, so the timing does not slow the figure above): what no change outside the BLAS can
   * take off. Absent in records from before it was measured.
   */
  blasGemm?: number;
  numpy?: number;
  /** The CPU kernel NumPy's OpenBLAS picked. */
  numpyCore?: string;
  numpyMissing?: string;
  /** Each round's seconds per epoch (absent in records from before rounds): the figures above are their medians. */
  rounds?: { mlplab: number[]; blas?: number[]; numpy?: number[] };
}

const f = (x: number, d = 2): string => x.toFixed(d);

/** Mean of the epochs after the first (which includes warm-up: kernels, caches), or the one. */
function steadyOf(seconds: readonly number[]): number {
  const rest = seconds.length > 1 ? seconds.slice(1) : seconds;
  return rest.reduce((a, b) => a + b, 0) / rest.length;
}

const steady = (out: ReturnType<typeof train>): number => steadyOf(out.epochs.map((e) => e.seconds));

/** The BLAS the benchmark trains with, or why there is none. */
export function benchBlas(): Blas | string {
  try {
    return loadBlas(process.env);
  } catch (err) {
    if (err instanceof BlasUnavailable) return err.message;
    throw err;
  }
}

/** Rounds of the epoch measurement: wasm, BLAS and NumPy take turns, and each figure is the median. */
export const EPOCH_ROUNDS = 3;

/**
 * Seconds per epoch on `dataset` (one thread): wasm, BLAS, NumPy, each the median of EPOCH_ROUNDS
 * rounds in which the three take turns, so a slow spell of a shared machine hits one round of each
 * rather than all of one; every round is kept in `rounds`.
 */
export async function timeEpochs(epochs: number, dataset: DatasetName = 'mnist'): Promise<EpochTiming> {
  const { data, source } = await benchData(dataset);
  const spec = benchSpec(dataset, epochs);
  const blas = benchBlas();
  const rounds: { mlplab: number[]; blas: number[]; numpy: number[] } = { mlplab: [], blas: [], numpy: [] };
  let numpyMissing: string | undefined;
  let numpyCore: string | undefined;
  for (let round = 0; round < EPOCH_ROUNDS; round++) {
    rounds.mlplab.push(steady(train(spec, 'bench', data, {}, undefined, () => new WasmKernels())));
    if (typeof blas !== 'string') rounds.blas.push(steady(train(spec, 'bench', data, {}, undefined, () => new BlasKernels(blas))));
    if (numpyMissing !== undefined) continue;
    const np = numpyRuns(source, epochs, [0.1]);
    if (typeof np === 'string') numpyMissing = np;
    else {
      const run = np.runs[0]!;
      rounds.numpy.push(run.seconds === undefined ? run.seconds_per_epoch : steadyOf(run.seconds));
      numpyCore ??= np.core;
    }
  }
  const timing: EpochTiming = {
    dataset,
    mlplab: median(rounds.mlplab),
    rounds: {
      mlplab: rounds.mlplab,
      ...(rounds.blas.length > 0 ? { blas: rounds.blas } : {}),
      ...(rounds.numpy.length > 0 ? { numpy: rounds.numpy } : {}),
    },
  };
  if (typeof blas === 'string') timing.blasMissing = blas;
  else {
    timing.blas = median(rounds.blas);
    timing.blasLibrary = blasLabel(blas);
    timing.blasGemm = gemmSecondsPerEpoch(spec, data, blas);
  }
  if (numpyMissing !== undefined) timing.numpyMissing = numpyMissing;
  else {
    timing.numpy = median(rounds.numpy);
    if (numpyCore !== undefined) timing.numpyCore = numpyCore;
  }
  return timing;
}

/**
 * Seconds per epoch spent inside the BLAS's sgemm: one more blas training, each call timed, the
 * epochs after the first (warm-up) averaged. The run is the same as the timed ones (same spec,
 * same products on the same paths), so this is the sgemm share of their epochs.
 */
function gemmSecondsPerEpoch(spec: RunSpec, data: TrainData, blas: Blas): number {
  let inGemm = 0,
    counting = true;
  const timed: Blas = {
    ...blas,
    gemmOn: (memory) => {
      const gemm = blas.gemmOn(memory);
      return (...args) => {
        const start = performance.now();
        gemm(...args);
        if (counting) inGemm += performance.now() - start;
      };
    },
  };
  const perEpoch: number[] = [];
  // Each epoch's batches are counted; the evaluation after them is not.
  const hooks = {
    onBatch: (_epoch: number, batch: number, batches: number): void => {
      if (batch < batches) return;
      perEpoch.push(inGemm / 1000);
      counting = false;
    },
    onEpoch: (): void => {
      inGemm = 0;
      counting = true;
    },
  };
  train(spec, 'bench', data, hooks, undefined, () => new BlasKernels(timed));
  return steadyOf(perEpoch);
}

export function epochReport(e: EpochTiming): string {
  const each = (xs: number[] | undefined): string => (xs === undefined ? '' : ` (median of ${xs.map((x) => f(x, 3)).join(', ')})`);
  const lines = [`mlplab, wasm: ${f(e.mlplab, 3)} s per epoch${each(e.rounds?.mlplab)}; each round the mean of the epochs after the first`];
  if (e.blas !== undefined) {
    lines.push(`mlplab, --kernels blas (${e.blasLibrary}): ${f(e.blas, 3)} s per epoch${each(e.rounds?.blas)}`);
    if (e.blasGemm !== undefined) lines.push(`  of which in sgemm (timed in a pass of its own): ${f(e.blasGemm, 3)} s per epoch`);
  } else lines.push(`mlplab, --kernels blas: not measured — ${e.blasMissing}`);
  if (e.numpy === undefined) return [...lines, `NumPy: not measured — ${e.numpyMissing}`].join('\n');
  lines.push(
    `NumPy (bench/numpy_mlp.py, one thread, OpenBLAS core ${e.numpyCore ?? 'not said'}): ${f(e.numpy, 3)} s per epoch${each(e.rounds?.numpy)}`,
  );
  lines.push(`ratio mlplab / NumPy: wasm ${f(e.mlplab / e.numpy)}${e.blas === undefined ? '' : `, blas ${f(e.blas / e.numpy)}`}`);
  if (e.blasGemm !== undefined) lines.push(`sgemm alone / NumPy's whole epoch: ${f(e.blasGemm / e.numpy)}`);
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('epoch.js')) {
  const dataset = process.argv[2] ?? 'mnist';
  if (!Object.hasOwn(DATASETS, dataset)) throw new Error(`unknown dataset '${dataset}'; one of ${Object.keys(DATASETS).join(', ')}`);
  console.log(`${dataset}:\n${epochReport(await timeEpochs(Number(process.argv[3] ?? 3), dataset as DatasetName))}`);
}
