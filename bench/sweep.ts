// Wall time and peak memory of a sweep of 8 runs × 2 epochs (784-128-64-10 on MNIST or
// Fashion-MNIST, eight learning rates): mlplab with 1 worker and with all cores (wasm kernels),
// with all cores and --kernels blas (when a BLAS loads), and NumPy running the same 8 configs one
// after the other and split over as many processes as cores, all at once (bench/numpy.ts). Each of
// ROUNDS rounds runs each of them once, and each figure is the median of its rounds: one sweep
// takes seconds, and the shared VM's speed drifts by ±20 % over that long.
// `node dist/bench/sweep.js 6 fashion-mnist` times the same sweep with 6 epochs per run.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuiltinName as DatasetName, DATASETS } from '../src/data/datasets.js';
import { loadDataset } from '../src/data/load.js';
import { blasLabel } from '../src/blas/choose.js';
import { benchBlas } from './epoch.js';
import { numpyParallel, numpyRuns } from './numpy.js';
import { median } from './timing.js';

const LRS = [0.2, 0.15, 0.1, 0.07, 0.05, 0.03, 0.02, 0.01];
export const SWEEP_RUNS = LRS.length;
const CHILD = fileURLToPath(new URL('./sweep-child.js', import.meta.url));

const experiment = (epochs: number, dataset: DatasetName): string => `name: bench-sweep
seed: 1
dataset: ${dataset}
model:
  layers: [{ linear: 128 }, relu, { linear: 64 }, relu, linear]
train: { epochs: ${epochs}, batch_size: 64 }
sweep:
  train.optimizer.sgd.lr: [${LRS.join(', ')}]
`;

const ROUNDS = 5;

interface SweepRun {
  rounds: number[]; // each round's wall time, s
  maxRssMiB: number; // median peak RSS
}

export interface SweepTiming {
  dataset?: DatasetName; // absent: MNIST
  byWorkers: Map<number, SweepRun>; // wasm kernels
  /** With all cores and --kernels blas, and which BLAS; or why not. */
  blas?: SweepRun & { library: string };
  blasMissing?: string;
  numpyRounds?: number[]; // each round's wall time, s: the configs one after the other
  /** Each round's wall time, s, with the configs split over one NumPy process per core at once. */
  numpyParallelRounds?: number[];
  numpyCore?: string;
  numpyMissing?: string;
}

type Measured = { seconds: number; maxRssMiB: number };

/** One `mlplab run` of the sweep in a process of its own (its own peak memory). */
function mlplabSweep(file: string, results: string, workers: number, kernels: 'wasm' | 'blas'): Measured {
  const r = spawnSync(process.execPath, [CHILD, file, results, String(workers)], {
    encoding: 'utf8',
    env: { ...process.env, MLPLAB_KERNELS: kernels },
  });
  if (r.status !== 0) throw new Error(`sweep with ${workers} worker(s), ${kernels} kernels, failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measured;
}

const summary = (runs: Measured[]): SweepRun => ({ rounds: runs.map((r) => r.seconds), maxRssMiB: median(runs.map((r) => r.maxRssMiB)) });

export async function timeSweep(epochs = 2, dataset: DatasetName = 'mnist'): Promise<SweepTiming> {
  const dir = mkdtempSync(join(tmpdir(), 'mlplab-bench-'));
  try {
    const file = join(dir, 'sweep.yaml');
    writeFileSync(file, experiment(epochs, dataset));
    const cores = availableParallelism();
    const counts = [...new Set([1, cores])];
    const measured = new Map<number, Measured[]>(counts.map((w) => [w, []]));
    const blas = benchBlas();
    const withBlas: Measured[] = [];
    const source = (await loadDataset(dataset, { shared: false })).source;
    const numpy: number[] = [],
      numpyParallelRounds: number[] = [];
    let numpyMissing: string | undefined, numpyCore: string | undefined;
    // Each round: mlplab with 1 worker and with all cores, with BLAS, then NumPy both ways, so that
    // every figure of a ratio comes from the same spells of the machine. The two wasm sweeps swap
    // places every other round, so that a drift within rounds does not always favour the same one.
    for (let round = 0; round < ROUNDS; round++) {
      for (const workers of round % 2 === 0 ? counts : [...counts].reverse())
        measured.get(workers)!.push(mlplabSweep(file, join(dir, `w${workers}`), workers, 'wasm'));
      if (typeof blas !== 'string') withBlas.push(mlplabSweep(file, join(dir, 'blas'), cores, 'blas'));
      if (numpyMissing !== undefined) continue;
      const start = performance.now();
      const np = numpyRuns(source, epochs, LRS);
      if (typeof np === 'string') {
        numpyMissing = np;
        continue;
      }
      numpy.push((performance.now() - start) / 1000);
      numpyCore = np.core;
      const parallel = await numpyParallel(source, epochs, LRS, cores);
      if (typeof parallel === 'string') numpyMissing = parallel;
      else numpyParallelRounds.push(parallel);
    }
    const byWorkers = new Map<number, SweepRun>([...measured].map(([w, runs]) => [w, summary(runs)]));
    return {
      dataset,
      byWorkers,
      ...(typeof blas === 'string' ? { blasMissing: blas } : { blas: { ...summary(withBlas), library: blasLabel(blas) } }),
      ...(numpyMissing !== undefined
        ? { numpyMissing }
        : { numpyRounds: numpy, numpyParallelRounds, ...(numpyCore === undefined ? {} : { numpyCore }) }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (x: number, d = 2): string => x.toFixed(d);

/** The sweep section of the benchmark's output: medians of the rounds, and their ratios. */
export function sweepReport(sweep: SweepTiming): string {
  const cores = availableParallelism();
  const lines: string[] = [];
  const one = sweep.byWorkers.get(1)!;
  for (const [workers, r] of sweep.byWorkers) {
    lines.push(
      `mlplab, ${workers} worker(s): ${f(median(r.rounds), 1)} s wall (median of ${r.rounds.map((x) => f(x, 1)).join(', ')}), peak memory ${f(r.maxRssMiB, 0)} MiB`,
    );
  }
  const all = sweep.byWorkers.get(cores);
  if (all !== undefined && cores > 1) {
    lines.push(
      `speed-up ${cores} workers / 1: ${f(median(one.rounds) / median(all.rounds))}×; peak memory ${cores} workers / 1: ${f(all.maxRssMiB / one.maxRssMiB)}×`,
    );
    // The two sweeps of a round run back to back, within seconds: their ratio cancels the VM's
    // slower drifts, which the ratio of medians mixes in from different rounds.
    const paired = one.rounds.map((t, i) => t / all.rounds[i]);
    lines.push(
      `speed-up round by round (1 worker and ${cores} back to back, in turns first): ${paired.map((x) => f(x)).join(', ')} (median ${f(median(paired))}×)`,
    );
  }
  if (sweep.blas !== undefined) {
    const b = sweep.blas;
    lines.push(
      `mlplab, ${cores} worker(s), --kernels blas (${b.library}): ${f(median(b.rounds), 1)} s wall (median of ${b.rounds.map((x) => f(x, 1)).join(', ')}), peak memory ${f(b.maxRssMiB, 0)} MiB`,
    );
    if (all !== undefined) lines.push(`peak memory blas / wasm, ${cores} workers: ${f(b.maxRssMiB / all.maxRssMiB)}×`);
  } else lines.push(`mlplab --kernels blas: not measured — ${sweep.blasMissing}`);
  if (sweep.numpyRounds !== undefined && sweep.numpyParallelRounds !== undefined) {
    const seq = median(sweep.numpyRounds),
      par = median(sweep.numpyParallelRounds);
    const core = sweep.numpyCore === undefined ? '' : `, OpenBLAS core ${sweep.numpyCore}`;
    lines.push(
      `NumPy${core}, the same ${LRS.length} configs one after the other: ${f(seq, 1)} s wall (median of ${sweep.numpyRounds.map((x) => f(x, 1)).join(', ')})`,
      `NumPy${core}, the same configs in ${cores} processes at once: ${f(par, 1)} s wall (median of ${sweep.numpyParallelRounds.map((x) => f(x, 1)).join(', ')})`,
    );
    const best = Math.min(seq, par);
    for (const [label, r] of [
      [`wasm, ${cores} workers`, all],
      [`blas, ${cores} workers`, sweep.blas],
    ] as const) {
      if (r === undefined) continue;
      const t = median(r.rounds);
      lines.push(
        `ratio mlplab (${label}) / NumPy: ${f(t / seq)} against one after the other, ${f(t / par)} against ${cores} at once (best peer: ${f(t / best)})`,
      );
    }
  } else lines.push(`NumPy: not measured — ${sweep.numpyMissing}`);
  return lines.join('\n');
}

export function sweepTitle(epochs: number, dataset: DatasetName = 'mnist'): string {
  return `## A sweep of ${LRS.length} runs × ${epochs} epochs (784-128-64-10 on ${dataset}, ${LRS.length} learning rates; wall time incl. data loading; ${ROUNDS} rounds of mlplab wasm with 1 worker and with all, blas with all, NumPy one after the other and one process per core)`;
}

if (process.argv[1]?.endsWith('sweep.js')) {
  const epochs = Number(process.argv[2] ?? 2);
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`epochs must be an integer ≥ 1, got '${process.argv[2]}'`);
  const dataset = process.argv[3] ?? 'mnist';
  if (!Object.hasOwn(DATASETS, dataset)) throw new Error(`unknown dataset '${dataset}'; one of ${Object.keys(DATASETS).join(', ')}`);
  console.log(`${sweepTitle(epochs, dataset as DatasetName)}\n\n${sweepReport(await timeSweep(epochs, dataset as DatasetName))}`);
}
