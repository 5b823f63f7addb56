// The Piscina worker: one task is one whole run. The dataset arrives as views on
// SharedArrayBuffers (shared, not copied); progress goes back over the task's MessagePort.

import type { MessagePort } from 'node:worker_threads';
import { KERNELS, type Kernels } from '../nn/kernels/index.js';
import { type Blas, BlasKernels } from '../nn/kernels/blas-kernels.js';
import { kernelsChoice, type TrainKernels } from '../blas/choose.js';
import { BlasUnavailable, loadBlas } from '../blas/load.js';
import type { EpochMetrics, RunResult, RunSpec } from '../types.js';
import { layerShapes } from '../nn/layers/index.js';
import { machine } from '../version.js';
import { saveCheckpoints } from './checkpoint-keep.js';
import { readCheckpoint, setAsideCheckpoint } from './checkpoint-file.js';
import { SPLIT_MIN_MACS, ThreadedWasmKernels } from '../helper-thread/threaded-kernels.js';
import type { ThreadGate } from '../helper-thread/thread-gate.js';
import { train, type TrainData } from './train.js';
import { saveModel } from './save-model.js';

export interface WorkerTask {
  id: string;
  spec: RunSpec;
  data: TrainData;
  port: MessagePort;
  /** Where this run's state is saved after every epoch, and resumed from if present. */
  checkpoint: string;
  /** Open while this run may hand half of each large product to a helper thread (the sweep leaves
   *  a core idle for it); the main thread opens it as runs finish. Results are bit-identical either way. */
  gate: ThreadGate;
  /** Where to write the trained network (experiment `save`), for `mlplab run` to keep or drop once the sweep is done. */
  model?: string;
  /** The search rung to stop at (status paused), when before train.epochs. */
  stopAt?: number;
}

export type WorkerMessage =
  | { type: 'batch'; id: string; epoch: number; batch: number; batches: number }
  | { type: 'resumed'; id: string; epoch: number }
  | { type: 'note'; id: string; text: string }
  /** A line the user must see as it stands (not prefixed with the run's label). */
  | { type: 'warning'; id: string; text: string }
  | { type: 'epoch'; id: string; metrics: EpochMetrics };

/** A task's last message: its result, which comes back on another port, waits for it (run/pool.ts). */
export interface EndOfMessages {
  type: 'end';
}

/** Batch progress is throttled: the main thread redraws a few times a second, not per batch. */
const BATCH_REPORT_MS = 250;

export default async function runTask(task: WorkerTask): Promise<RunResult> {
  const { id, spec, data, port, checkpoint } = task;
  const post = (m: WorkerMessage): void => port.postMessage(m);
  const started = new Date();
  let lastReport = 0;
  let threaded: ThreadedWasmKernels | undefined;
  let blasKernels: BlasKernels | undefined;
  try {
    const name = kernelsFromEnv();
    const blas = name === 'blas' ? loadBlas(process.env) : undefined;
    const kernels = (): Kernels => {
      if (blas !== undefined) {
        blasKernels = new BlasKernels(blas);
        return blasKernels;
      }
      if (name === 'reference') return KERNELS.reference();
      // Its helper thread starts at the first product worth splitting while the gate is open.
      threaded = new ThreadedWasmKernels(SPLIT_MIN_MACS, undefined, task.gate);
      return threaded;
    };
    const note = (text: string): void => post({ type: 'note', id, text });
    const resume = readCheckpoint(checkpoint, id, note, name);
    const onDisk = { epoch: resume?.epoch ?? 0 };
    const outcome = train(
      spec,
      id,
      data,
      {
        onResumed: (epoch) => post({ type: 'resumed', id, epoch }),
        onResumeRefused: (why) => {
          onDisk.epoch = 0;
          setAsideCheckpoint(checkpoint, why, note);
        },
        onEpoch: (metrics) => post({ type: 'epoch', id, metrics }),
        ...(task.model === undefined
          ? {}
          : {
              onTrained: saveModel(task.model, id, spec, inputWidth(data), name, (text) => post({ type: 'warning', id, text })),
            }),
        onCheckpoint: saveCheckpoints(checkpoint, id, onDisk, (text) => post({ type: 'warning', id, text })),
        onBatch: (epoch, batch, batches) => {
          const now = performance.now();
          if (now - lastReport < BATCH_REPORT_MS) return;
          lastReport = now;
          post({ type: 'batch', id, epoch, batch, batches });
        },
      },
      resume,
      kernels,
      task.stopAt,
    );
    const env = {
      kernels: (threaded?.splits ?? 0) > 0 ? `${name}, 2 threads` : name,
      ...(blas === undefined ? {} : { blas: blasEnv(blas) }),
    };
    return finish(id, spec, started, outcome, env, inputWidth(data));
  } catch (err) {
    // A failure inside one run is recorded with the run; the sweep goes on.
    const error = err instanceof Error ? err.message : String(err);
    return finish(
      id,
      spec,
      started,
      { status: 'failed', error, params: 0, epochs: [], final: null },
      { kernels: 'none' },
      inputWidth(data),
    );
  } finally {
    // Last on the port: the pool hands the result on once this arrives, behind every message above.
    port.postMessage({ type: 'end' } satisfies EndOfMessages);
    port.close();
    await threaded?.close();
    // The worker's next run trains in this run's memory, with the same module instance.
    threaded?.recycle();
    blasKernels?.recycle();
  }
}

/**
 * The kernels `mlplab run` settled on (MLPLAB_KERNELS, in this worker's environment): wasm, blas,
 * or reference (the plain TypeScript kernels, to compare or to debug). auto only reaches here from
 * callers that did not settle it (benchmarks): BLAS when it loads.
 */
function kernelsFromEnv(): TrainKernels {
  const choice = kernelsChoice(undefined, process.env.MLPLAB_KERNELS);
  if (choice !== 'auto') return choice;
  try {
    loadBlas(process.env);
    return 'blas';
  } catch (err) {
    if (err instanceof BlasUnavailable) return 'wasm';
    throw err;
  }
}

/** What a run file records of the BLAS that trained it (schema: env.blas). */
function blasEnv(blas: Blas): NonNullable<RunResult['env']['blas']> {
  return {
    library: blas.library,
    ...(blas.version === undefined ? {} : { version: blas.version }),
    ...(blas.core === undefined ? {} : { core: blas.core }),
  };
}

function finish(
  id: string,
  spec: RunSpec,
  started: Date,
  outcome: Pick<RunResult, 'status' | 'error' | 'params' | 'epochs' | 'final' | 'rung'>,
  env: Pick<RunResult['env'], 'kernels' | 'blas'>,
  inputs: number,
): RunResult {
  const finished = new Date();
  const trained = outcome.epochs.reduce((s, e) => s + e.seconds, 0);
  return {
    id,
    spec,
    ...outcome,
    // Recorded so that the report reads the stack's widths rather than working them out again
    // (a run that failed built no model: it has none).
    ...(outcome.status === 'failed'
      ? {}
      : { layers: layerShapes(spec.model.layers, inputs).map(({ name, inputs, outputs, params }) => ({ name, inputs, outputs, params })) }),
    timing: {
      started: started.toISOString(),
      finished: finished.toISOString(),
      seconds_total: (finished.getTime() - started.getTime()) / 1000,
      seconds_per_epoch: outcome.epochs.length > 0 ? trained / outcome.epochs.length : 0,
    },
    env: { ...machine(), ...env },
  };
}

/** The width of one input example: the pixels of an image. */
function inputWidth(data: TrainData): number {
  return data.train.rows * data.train.cols;
}
