// Wall time and peak memory of a sweep of 8 runs × 2 epochs (784-128-64-10 on MNIST, eight
// learning rates), with 1 worker and with all cores, and NumPy running the same 8 configs one
// after the other. Each of ROUNDS rounds runs mlplab with 1 worker, with all cores, and NumPy, and
// each figure is the median of its rounds: one sweep takes seconds, and the shared VM's speed
// drifts by ±20 % over that long. `node dist/bench/sweep.js 6` times the same sweep with 6 epochs
// per run (how the speed-up grows as the serial part of a sweep weighs less).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../src/data/load.js';
import { numpyRuns } from './epoch.js';
import { median } from './timing.js';

const LRS = [0.2, 0.15, 0.1, 0.07, 0.05, 0.03, 0.02, 0.01];
export const SWEEP_RUNS = LRS.length;
const CHILD = fileURLToPath(new URL('./sweep-child.js', import.meta.url));

const experiment = (epochs: number): string => `name: bench-sweep
seed: 1
dataset: mnist
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
  byWorkers: Map<number, SweepRun>;
  numpyRounds?: number[]; // each round's wall time, s
  numpyMissing?: string;
}

export async function timeSweep(epochs = 2): Promise<SweepTiming> {
  const dir = mkdtempSync(join(tmpdir(), 'mlplab-bench-'));
  try {
    const file = join(dir, 'sweep.yaml');
    writeFileSync(file, experiment(epochs));
    const counts = [...new Set([1, availableParallelism()])];
    const measured = new Map<number, { seconds: number; maxRssMiB: number }[]>(counts.map((w) => [w, []]));
    const source = (await loadDataset('mnist', { shared: false })).source;
    const numpy: number[] = [];
    let numpyMissing: string | undefined;
    // Each round: mlplab with 1 worker and with all cores, then NumPy, so that every figure of a
    // ratio comes from the same spells of the machine. The two mlplab sweeps swap places every
    // other round, so that a drift within rounds does not always favour the same one.
    for (let round = 0; round < ROUNDS; round++) {
      for (const workers of round % 2 === 0 ? counts : [...counts].reverse()) {
        const r = spawnSync(process.execPath, [CHILD, file, join(dir, `w${workers}`), String(workers)], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`sweep with ${workers} worker(s) failed: ${r.stderr}`);
        measured.get(workers)!.push(JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number; maxRssMiB: number });
      }
      if (numpyMissing !== undefined) continue;
      const start = performance.now();
      const np = numpyRuns(source, epochs, LRS);
      if (typeof np === 'string') numpyMissing = np;
      else numpy.push((performance.now() - start) / 1000);
    }
    const byWorkers = new Map<number, SweepRun>(
      [...measured].map(([w, runs]) => [
        w,
        {
          rounds: runs.map((r) => r.seconds),
          maxRssMiB: median(runs.map((r) => r.maxRssMiB)),
        },
      ]),
    );
    return numpyMissing !== undefined ? { byWorkers, numpyMissing } : { byWorkers, numpyRounds: numpy };
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
  if (sweep.numpyRounds !== undefined) {
    const numpy = median(sweep.numpyRounds);
    lines.push(
      `NumPy, the same ${LRS.length} configs one after the other: ${f(numpy, 1)} s wall (median of ${sweep.numpyRounds.map((x) => f(x, 1)).join(', ')})`,
    );
    if (all !== undefined) lines.push(`ratio mlplab (${cores} workers) / NumPy: ${f(median(all.rounds) / numpy)}`);
  } else lines.push(`NumPy: not measured — ${sweep.numpyMissing}`);
  return lines.join('\n');
}

export function sweepTitle(epochs: number): string {
  return `## A sweep of ${LRS.length} runs × ${epochs} epochs (784-128-64-10 on MNIST, ${LRS.length} learning rates; wall time incl. data loading; ${ROUNDS} rounds of mlplab with 1 worker, with all, and NumPy)`;
}

if (process.argv[1]?.endsWith('sweep.js')) {
  const epochs = Number(process.argv[2] ?? 2);
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`epochs must be an integer ≥ 1, got '${process.argv[2]}'`);
  console.log(`${sweepTitle(epochs)}\n\n${sweepReport(await timeSweep(epochs))}`);
}
