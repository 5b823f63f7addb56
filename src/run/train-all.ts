// Train a list of planned runs in the pool. Each result is stored the moment it arrives (so an
// interruption loses nothing that finished) and its checkpoint is then dropped. A run whose
// worker fails outright is stored as `failed` and the others go on. Once so few runs are left
// that each can have two of the sweep's cores, their kernels may take a helper thread.

import { removeCheckpoint } from '../train/checkpoint-file.js';
import { newThreadGate, setThreadGate } from '../train/thread-gate.js';
import type { TrainData } from '../train/train.js';
import type { DatasetName, RunResult, RunSpec } from '../types.js';
import { machine } from '../version.js';
import type { RunPool } from './pool.js';
import { Progress } from './progress.js';
import { checkpointPath, writeRun } from './store.js';

export interface TrainAllOptions {
  dir: string;
  /** Threads the sweep may keep busy (min of --workers and the cores): while runs left × 2 fit in
   *  them, each run may hand half of its large products to a helper thread (train/threaded-kernels.ts). */
  cores: number;
  force: boolean;
  log: ConstructorParameters<typeof Progress>[0];
  signal?: AbortSignal;
}

/** Trains in `pool`, which is closed when this returns. */
export async function trainAll(todo: { id: string; spec: RunSpec }[], data: Map<DatasetName, TrainData>, pool: Pick<RunPool, 'run' | 'close'>,
  opts: TrainAllOptions): Promise<RunResult[]> {
  const { dir, signal } = opts;
  // --force means from scratch: a checkpoint would otherwise resume the old attempt.
  if (opts.force) for (const { id } of todo) removeCheckpoint(checkpointPath(dir, id));
  const progress = new Progress(opts.log);
  const labelWidth = Math.max(...todo.map((p) => p.spec.dataset.length));
  const trained: RunResult[] = [];
  let left = todo.length;
  const gate = newThreadGate(2 * left <= opts.cores);
  try {
    await Promise.all(todo.map(async ({ id, spec }) => {
      const label = `${id.slice(0, 8)} ${spec.dataset.padEnd(labelWidth)}`;
      let started = false;
      const start = (): void => {
        if (!started) progress.start(id, label, spec.train.epochs);
        started = true;
      };
      const checkpoint = checkpointPath(dir, id);
      const result = await pool.run(id, spec, data.get(spec.dataset)!, checkpoint, (m) => {
        start();
        progress.message(m);
      }, gate, signal).catch((err: unknown) => (signal?.aborted ? null : crashed(id, spec, err)));
      left--;
      setThreadGate(gate, 2 * left <= opts.cores);
      if (result === null) return; // interrupted: the checkpoint stays for the next run
      start();
      await writeRun(dir, result);
      removeCheckpoint(checkpoint);
      trained.push(result);
      progress.finish(result);
    }));
  } finally {
    progress.clear();
    await pool.close();
  }
  return trained;
}

/** The record of a run whose worker died (out of memory, a crash in the thread). */
function crashed(id: string, spec: RunSpec, err: unknown): RunResult {
  const now = new Date().toISOString();
  return {
    id, spec, status: 'failed', error: `worker failed: ${err instanceof Error ? err.message : String(err)}`,
    params: 0, epochs: [], final: null,
    timing: { started: now, finished: now, seconds_total: 0, seconds_per_epoch: 0 },
    env: machine(),
  };
}
