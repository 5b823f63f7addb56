// One run of `npm run bench` as data: bench/results/<YYYY-MM-DD>-<commit>.json. The figures are
// kept as measured (every round, not only medians) so that later questions can be asked of them;
// headline() derives the five figures the benchmark is judged by.

import type { EpochTiming } from './epoch.js';
import type { KernelBench } from './kernels.js';
import type { Machine, Revision } from './machine.js';
import type { SparseBench } from './sparse.js';
import type { SweepTiming } from './sweep.js';
import type { ThreadTiming } from './threads.js';
import { median } from './timing.js';

export interface SweepRecord {
  epochs: number;
  runs: number;
  /** One entry per worker count: each round's wall time, s, and the median peak RSS, MiB. */
  byWorkers: { workers: number; rounds: number[]; maxRssMiB: number }[];
  numpyRounds?: number[];
  numpyMissing?: string;
}

export interface BenchRecord extends Revision {
  date: string; // ISO 8601, when the run finished
  machine: Machine;
  kernels: KernelBench;
  sparse: SparseBench;
  epoch: EpochTiming;
  threads: ThreadTiming;
  sweep: SweepRecord;
}

export function sweepRecord(t: SweepTiming, epochs: number, runs: number): SweepRecord {
  const byWorkers = [...t.byWorkers].map(([workers, r]) => ({ workers, rounds: r.rounds, maxRssMiB: r.maxRssMiB }));
  return { epochs, runs, byWorkers, ...(t.numpyRounds !== undefined ? { numpyRounds: t.numpyRounds } : { numpyMissing: t.numpyMissing }) };
}

/** The file a record is stored in, relative to bench/results/. */
export function recordFileName(r: Pick<BenchRecord, 'date' | 'commit'>): string {
  return `${r.date.slice(0, 10)}-${r.commit}.json`;
}

export interface Headline {
  /** Median GFLOP/s of the wasm kernels on 784→128 at batch 64: XW, XᵀΔ, ΔWᵀ. */
  dense: number[];
  /** One MNIST epoch, one thread, s: mlplab and NumPy. */
  epoch: { mlplab: number; numpy?: number };
  /** The sweep: median wall time with 1 and with the most workers, s; NumPy's; peak MiB of each. */
  sweep: { workers: number; one: number; all: number; numpy?: number; rssOne: number; rssAll: number };
}

export function headline(r: BenchRecord): Headline {
  const dense = (['XW', 'XᵀΔ', 'ΔWᵀ'] as const).map(
    (product) =>
      r.kernels.timings.find((t) => t.kernels === 'wasm' && t.batch === 64 && t.layer === '784→128' && t.product === product)?.gflops ??
      NaN,
  );
  const sorted = [...r.sweep.byWorkers].sort((a, b) => a.workers - b.workers);
  const one = sorted[0],
    all = sorted[sorted.length - 1];
  return {
    dense,
    epoch: { mlplab: r.epoch.mlplab, ...(r.epoch.numpy !== undefined ? { numpy: r.epoch.numpy } : {}) },
    sweep: {
      workers: all.workers,
      one: median(one.rounds),
      all: median(all.rounds),
      rssOne: one.maxRssMiB,
      rssAll: all.maxRssMiB,
      ...(r.sweep.numpyRounds !== undefined ? { numpy: median(r.sweep.numpyRounds) } : {}),
    },
  };
}
