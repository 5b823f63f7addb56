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
  /** Absent in records from before Fashion-MNIST was measured: MNIST. */
  dataset?: string;
  epochs: number;
  runs: number;
  /** One entry per worker count, wasm kernels: each round's wall time, s, and the median peak RSS, MiB. */
  byWorkers: { workers: number; rounds: number[]; maxRssMiB: number }[];
  /** The same with all cores and --kernels blas, and which BLAS (records since issue 18). */
  blas?: { workers: number; rounds: number[]; maxRssMiB: number; library: string };
  blasMissing?: string;
  numpyRounds?: number[];
  /** NumPy with the configs split over one process per core, all at once. */
  numpyParallelRounds?: number[];
  /** The CPU kernel NumPy's OpenBLAS picked (records since issue 18: before, the environment's). */
  numpyCore?: string;
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
  /** The epoch and sweep on Fashion-MNIST (records since issue 18). */
  fashion?: { epoch: EpochTiming; sweep: SweepRecord };
}

export function sweepRecord(t: SweepTiming, epochs: number, runs: number): SweepRecord {
  const byWorkers = [...t.byWorkers].map(([workers, r]) => ({ workers, rounds: r.rounds, maxRssMiB: r.maxRssMiB }));
  const workers = Math.max(...t.byWorkers.keys());
  return {
    ...(t.dataset === undefined ? {} : { dataset: t.dataset }),
    epochs,
    runs,
    byWorkers,
    ...(t.blas !== undefined ? { blas: { workers, ...t.blas } } : {}),
    ...(t.blasMissing !== undefined ? { blasMissing: t.blasMissing } : {}),
    ...(t.numpyRounds !== undefined ? { numpyRounds: t.numpyRounds } : { numpyMissing: t.numpyMissing }),
    ...(t.numpyParallelRounds !== undefined ? { numpyParallelRounds: t.numpyParallelRounds } : {}),
    ...(t.numpyCore !== undefined ? { numpyCore: t.numpyCore } : {}),
  };
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

/** The BLAS figures of one dataset against NumPy (own kernels) — the targets of issue 18. */
export interface PeerHeadline {
  dataset: string;
  /** One run, one thread, s per epoch: wasm, blas, NumPy, and NumPy's OpenBLAS core. */
  epoch: { wasm: number; blas?: number; numpy?: number; numpyCore?: string; blasLibrary?: string; blasGemm?: number };
  /** The sweep with all cores, median wall s: wasm, blas; NumPy one after the other, and one process per core. */
  sweep: { workers: number; wasm: number; blas?: number; numpy?: number; numpyParallel?: number; rssWasm: number; rssBlas?: number };
}

/** The peer figures of each dataset measured, MNIST first; none for records from before issue 18. */
export function peerHeadlines(r: BenchRecord): PeerHeadline[] {
  const pairs: [EpochTiming, SweepRecord][] = [[r.epoch, r.sweep]];
  if (r.fashion !== undefined) pairs.push([r.fashion.epoch, r.fashion.sweep]);
  if (r.sweep.numpyParallelRounds === undefined && r.sweep.blas === undefined) return [];
  return pairs.map(([e, s]) => {
    const all = [...s.byWorkers].sort((a, b) => b.workers - a.workers)[0];
    const opt = <T>(x: T | undefined, make: (x: T) => number): number | undefined => (x === undefined ? undefined : make(x));
    return {
      dataset: s.dataset ?? 'mnist',
      epoch: {
        wasm: e.mlplab,
        ...(e.blas !== undefined ? { blas: e.blas } : {}),
        ...(e.numpy !== undefined ? { numpy: e.numpy } : {}),
        ...(e.numpyCore !== undefined ? { numpyCore: e.numpyCore } : {}),
        ...(e.blasLibrary !== undefined ? { blasLibrary: e.blasLibrary } : {}),
        ...(e.blasGemm !== undefined ? { blasGemm: e.blasGemm } : {}),
      },
      sweep: {
        workers: all.workers,
        wasm: median(all.rounds),
        blas: opt(s.blas, (b) => median(b.rounds)),
        numpy: opt(s.numpyRounds, median),
        numpyParallel: opt(s.numpyParallelRounds, median),
        rssWasm: all.maxRssMiB,
        rssBlas: s.blas?.maxRssMiB,
      },
    };
  });
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
