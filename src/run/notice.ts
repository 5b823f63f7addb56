// Before a large sweep starts: more than 1,000 runs to train, or more than an hour by plan's
// estimate, and `mlplab run` says so first. On a terminal it asks; with --yes, or when stdin is not
// a terminal (a script, CI), it prints the line and goes on, since nobody is there to answer.

import { createInterface } from 'node:readline/promises';
import { flopsPerEpoch, kernelShapes, runSeconds } from '../estimate/estimate.js';
import { duration, wallTime } from '../estimate/wall-time.js';
import type { RunSpec } from '../types.js';

const NOTICE_RUNS = 1000;
const NOTICE_SECONDS = 3600;
/**
 * Slower than any kernel set trains (in floating-point operations per second; the plain TypeScript
 * reference kernels are the slowest, `npm run bench` prints their speed): a sweep whose FLOPs at
 * this speed take under an hour cannot take an hour, and is not timed. Timing the kernels costs
 * the main thread a fraction of a second before the first run starts, which an ordinary run —
 * the quick start's, a sweep of a few minutes — should not pay.
 */
const SLOWEST_FLOPS = 1e9;

/**
 * The line to show before training `runs` runs estimated at `wallSeconds` on `workers` workers
 * (undefined: not timed, and certainly under an hour), or undefined when they are few and short.
 */
export function sweepNotice(runs: number, wallSeconds: number | undefined, workers: number): string | undefined {
  if (runs <= NOTICE_RUNS && (wallSeconds ?? 0) <= NOTICE_SECONDS) return undefined;
  const time = wallSeconds === undefined ? 'under an hour' : `about ${duration(wallSeconds)}`;
  return (
    `${runs.toLocaleString('en-US')} run${runs === 1 ? '' : 's'} to train, ${time} with ` +
    `${workers} worker${workers === 1 ? '' : 's'} (mlplab plan lists them)`
  );
}

/** What `run` does with a notice: ask on a terminal, else go on (printing it). */
export function decide(opts: { yes: boolean; tty: boolean }): 'ask' | 'proceed' {
  return opts.yes || !opts.tty ? 'proceed' : 'ask';
}

/**
 * The estimated wall time of training `specs` on `workers` workers, as `mlplab plan` computes it;
 * undefined when their FLOPs could not take an hour even at SLOWEST_FLOPS.
 */
export async function wallSeconds(specs: readonly RunSpec[], workers: number): Promise<number | undefined> {
  const seconds = await timedRuns(specs);
  // In the order run trains them (costliest first), which is the order specs come in.
  return seconds === undefined ? undefined : wallTime(seconds, workers);
}

/**
 * Each run's estimated seconds, as `mlplab plan` computes them, when the sweep is worth timing
 * (see SLOWEST_FLOPS); undefined otherwise. Progress also starts each run's time left from these.
 */
export async function timedRuns(specs: readonly RunSpec[]): Promise<number[] | undefined> {
  const flops = specs.reduce((sum, s) => sum + s.train.epochs * flopsPerEpoch(s), 0);
  if (flops / SLOWEST_FLOPS <= NOTICE_SECONDS) return undefined;
  const { KernelSpeed } = await import('../estimate/kernel-speed.js');
  const speed = new KernelSpeed(specs.flatMap(kernelShapes));
  return specs.map((s) => runSeconds(s, speed.timeOf));
}

export interface Terminal {
  yes: boolean;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** Where the line goes when nobody is asked (silent with --quiet). */
  log: { write(s: string): unknown };
  signal?: AbortSignal;
}

/** Shows `line`; whether to start. A terminal is asked (y/yes starts; anything else, or Ctrl-C, does not). */
export async function confirm(line: string, t: Terminal): Promise<boolean> {
  if (decide({ yes: t.yes, tty: t.stdin.isTTY === true }) === 'proceed') {
    t.log.write(`mlplab: ${line}; starting (${t.yes ? '--yes' : 'stdin is not a terminal'})\n`);
    return true;
  }
  const rl = createInterface({ input: t.stdin, output: t.stderr });
  try {
    const answer = await rl.question(`mlplab: ${line}. Start? [y/N] `, { signal: t.signal });
    if (/^y(es)?$/i.test(answer.trim())) return true;
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
  } finally {
    rl.close();
  }
  t.stderr.write('mlplab: not started (--yes starts without asking)\n');
  return false;
}
