// The worker pool: Piscina with a fixed number of threads, each task one whole run.
// (A task round trip costs ~50 µs; a run takes seconds to minutes, so the pool's cost is nil.)

import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ThreadGate } from '../train/thread-gate.js';
import type { WorkerMessage, WorkerTask } from '../train/worker.js';
import type { TrainData } from '../train/train.js';
import type { RunResult, RunSpec } from '../types.js';

export class RunPool {
  private readonly piscina: Piscina;

  /** workers: how many runs train at once (trainAll hands out no more than that). */
  constructor(readonly workers: number) {
    this.piscina = new Piscina({
      filename: new URL('../train/worker.js', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: Infinity,
    });
  }

  run(id: string, spec: RunSpec, data: TrainData, checkpoint: string, onMessage: (m: WorkerMessage) => void,
    gate: ThreadGate, signal?: AbortSignal): Promise<RunResult> {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', onMessage);
    const task: WorkerTask = { id, spec, data, port: port2, checkpoint, gate };
    return this.piscina.run(task, { transferList: [port2], signal }).finally(() => port1.close()) as Promise<RunResult>;
  }

  async close(): Promise<void> {
    await this.piscina.close({ force: true });
  }
}
