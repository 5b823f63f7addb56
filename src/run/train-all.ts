// Train a list of planned runs in the pool. Each result is stored the moment it arrives (so an
// interruption loses nothing that finished) and its checkpoint is then dropped (unless the run is
// paused at a search rung). A run whose
// worker fails outright is stored as `failed` and the others go on. A result that cannot be
// written (a full disk) keeps its run's checkpoint, so a rerun stores it without training again.
// Once so few runs are left that each can have two of the sweep's cores, their kernels may take a
// helper thread. With claims (run/claim.ts), a run is claimed just before it trains, so that
// processes sharing the results folder split the runs: one claimed by another live process is
// skipped, one stored meanwhile by another is not trained again, and the claim is dropped once the
// run is stored, failed or interrupted. Only the claimant writes the run's checkpoint.

import { readCheckpoint, removeCheckpoint } from '../train/checkpoint-file.js';
import { keeps } from '../train/checkpoint-keep.js';
import { newThreadGate, setThreadGate } from '../helper-thread/thread-gate.js';
import type { TrainData } from '../train/train.js';
import type { DatasetName, RunResult, RunSpec } from '../types.js';
import { anyUserFsError, writeFailure } from '../util/fs-errors.js';
import { machine } from '../version.js';
import type { Claims } from './claim.js';
import type { ClaimInfo } from './claim-file.js';
import type { GitState } from './git.js';
import type { RunPool } from './pool.js';
import { Progress } from './progress.js';
import { checkpointPath, runPath, stagedModelPath, writeRun } from './store.js';

/** Whether each of `runsLeft` runs can have two of `cores` threads: then they may take a helper each. */
export function helpersFit(runsLeft: number, cores: number): boolean {
  return 2 * runsLeft <= cores;
}

/** A run that trained but whose result could not be written, and what to tell the user. */
export interface Unstored {
  id: string;
  message: string;
}

export interface TrainAllOptions {
  dir: string;
  /** Threads the sweep may keep busy (min of --workers and the cores): while runs left × 2 fit in
   *  them, each run may hand half of its large products to a helper thread (helper-thread/threaded-kernels.ts). */
  cores: number;
  force: boolean;
  log: ConstructorParameters<typeof Progress>[0];
  signal?: AbortSignal;
  /** The experiment repository's commit, recorded in each run file (run/git.ts). */
  git?: GitState;
  /** Each run writes its trained network to stagedModelPath (experiment `save:` other than none). */
  saveModels?: boolean;
  /** Each run is claimed before it trains (omitted: this process is the only one, as in tests that train directly). */
  claims?: Pick<Claims, 'take' | 'release'>;
  /** Asked once a run is claimed: whether it still needs training (another process may have stored it since). */
  stillToTrain?: (id: string) => boolean;
  /** Called when a worker finds no run left to take (once per worker): its core idles until the others finish. */
  onCoreFree?: () => void;
}

/** A run left to the process that holds its claim. */
export interface Busy {
  id: string;
  holder: ClaimInfo;
}

/** A run to train; progress names it by `label` (default: short id and dataset) and, until an
 *  epoch is measured, counts its time left from `epochSeconds` (plan's estimate), when given. */
export interface TodoRun {
  id: string;
  spec: RunSpec;
  label?: string;
  epochSeconds?: number;
  /** A search rung to stop at (the run is stored paused, its checkpoint kept); default: train.epochs. */
  stopAt?: number;
}

/**
 * Trains in `pool`, which is closed when this returns, in the order of `todo`: runs are handed to
 * the pool one at a time as its workers free up, never queued inside it (Piscina's queue does not
 * keep the order of tasks submitted before its workers are up).
 */
export async function trainAll(
  todo: TodoRun[],
  data: Map<DatasetName, TrainData>,
  pool: Pick<RunPool, 'run' | 'close' | 'workers'>,
  opts: TrainAllOptions,
): Promise<{ trained: RunResult[]; unstored: Unstored[]; busy: Busy[]; storedElsewhere: string[] }> {
  const { dir, signal, claims } = opts;
  const progress = new Progress(opts.log);
  // Abort listeners run inside abort(), so the live lines are gone before the CLI says why it stops.
  const stopProgress = (): void => progress.stop();
  if (signal?.aborted) stopProgress();
  signal?.addEventListener('abort', stopProgress, { once: true });
  const labelWidth = Math.max(...todo.map((p) => p.spec.dataset.length));
  const trained: RunResult[] = [];
  const unstored: Unstored[] = [];
  const busy: Busy[] = [];
  const storedElsewhere: string[] = [];
  let left = todo.length;
  const gate = newThreadGate(helpersFit(left, opts.cores));
  const queue = [...todo];
  const stores: Promise<void>[] = [];
  let storeFailed: { error: unknown } | undefined;

  const train = async ({
    id,
    spec,
    label = `${id.slice(0, 8)} ${spec.dataset.padEnd(labelWidth)}`,
    epochSeconds,
    stopAt,
  }: TodoRun): Promise<RunResult | null> => {
    let started = false;
    const start = (): void => {
      if (!started) progress.start(id, label, stopAt ?? spec.train.epochs, epochSeconds);
      started = true;
    };
    const result = await pool
      .run(
        id,
        spec,
        data.get(spec.dataset)!,
        checkpointPath(dir, id),
        (m) => {
          start();
          progress.message(m);
        },
        gate,
        signal,
        opts.saveModels === true ? stagedModelPath(dir, id) : undefined,
        stopAt,
      )
      .catch((err: unknown) => (signal?.aborted ? null : crashed(id, spec, err)));
    left--;
    setThreadGate(gate, helpersFit(left, opts.cores));
    if (result !== null) start();
    return result; // null: interrupted, and the checkpoint stays for the next run
  };
  // Stored while the worker already trains the next run.
  const store = async (trainedResult: RunResult): Promise<void> => {
    const result = opts.git === undefined ? trainedResult : { ...trainedResult, env: { ...trainedResult.env, git: opts.git } };
    const checkpoint = checkpointPath(dir, result.id);
    try {
      await writeRun(dir, result);
    } catch (err) {
      if (anyUserFsError(err) === undefined) throw err; // a bug, not the disk: stop the sweep
      const onDisk = readCheckpoint(checkpoint, result.id, () => undefined)?.epoch ?? 0;
      const message = writeFailure(err, runPath(dir, result.id), keeps(result.id, onDisk), ', then run the same command again to store it');
      unstored.push({ id: result.id, message });
      progress.finish(result);
      return;
    }
    // A run paused at a search rung goes on from this checkpoint if the rung keeps it.
    if (result.status !== 'paused') removeCheckpoint(checkpoint);
    trained.push(result);
    progress.finish(result);
  };
  /** Whether this process is to train `id` now: claimed, and not stored by another process meanwhile. */
  const mine = (id: string): boolean => {
    let holder: ClaimInfo | undefined;
    try {
      holder = claims?.take(id);
    } catch (err) {
      if (anyUserFsError(err) === undefined) throw err;
      // A claim that cannot be written (a full disk): the run is not started, and the message says why.
      unstored.push({
        id,
        message: writeFailure(err, (err as NodeJS.ErrnoException).path ?? dir, `run ${id.slice(0, 8)} was not started`),
      });
      holder = undefined;
      left--;
      return false;
    }
    if (holder !== undefined) busy.push({ id, holder });
    else if (opts.stillToTrain?.(id) === false) {
      claims?.release(id);
      storedElsewhere.push(id);
    } else return true;
    left--;
    setThreadGate(gate, helpersFit(left, opts.cores));
    return false;
  };
  // One lane per worker: it takes the next run as soon as its last one is done.
  const lane = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (signal?.aborted || storeFailed !== undefined) return;
      const { id } = next;
      if (!mine(id)) continue;
      // --force means from scratch: a checkpoint would otherwise resume the old attempt.
      if (opts.force) removeCheckpoint(checkpointPath(dir, id));
      const result = await train(next);
      if (result === null) claims?.release(id);
      else
        stores.push(
          store(result)
            .catch((error: unknown) => {
              storeFailed ??= { error };
            })
            .finally(() => claims?.release(id)),
        );
    }
  };
  const laneThenFree = async (): Promise<void> => {
    await lane();
    opts.onCoreFree?.();
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(pool.workers, todo.length)) }, laneThenFree));
    await Promise.all(stores);
    if (storeFailed !== undefined) throw storeFailed.error;
  } finally {
    signal?.removeEventListener('abort', stopProgress);
    progress.clear();
    await pool.close();
  }
  return { trained, unstored, busy, storedElsewhere };
}

/** The record of a run whose worker died (out of memory, a crash in the thread). */
function crashed(id: string, spec: RunSpec, err: unknown): RunResult {
  const now = new Date().toISOString();
  return {
    id,
    spec,
    status: 'failed',
    error: `worker failed: ${err instanceof Error ? err.message : String(err)}`,
    params: 0,
    epochs: [],
    final: null,
    timing: { started: now, finished: now, seconds_total: 0, seconds_per_epoch: 0 },
    env: machine(),
  };
}
