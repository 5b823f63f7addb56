// The worker pool: Piscina with a fixed number of threads, each task one whole run.
// (A task's round trip is tiny next to a run, which takes seconds to minutes: the pool costs nothing.)

import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ThreadGate } from '../helper-thread/thread-gate.js';
import type { EndOfMessages, WorkerMessage, WorkerTask } from '../train/worker.js';
import type { TrainData } from '../train/train.js';
import type { RunResult, RunSpec } from '../types.js';

export class RunPool {
  private readonly piscina: Piscina;
  /** One controller per task in flight, aborted together when the sweep's signal fires. */
  private readonly inFlight = new Set<AbortController>();
  private watched?: { signal: AbortSignal; stop: () => void };

  /** workers: how many runs train at once (trainAll hands out no more than that); env: theirs. */
  constructor(
    readonly workers: number,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.piscina = new Piscina({
      filename: new URL('../train/worker.js', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: Infinity,
      env,
    });
  }

  run(
    id: string,
    spec: RunSpec,
    data: TrainData,
    checkpoint: string,
    onMessage: (m: WorkerMessage) => void,
    gate: ThreadGate,
    signal?: AbortSignal,
    model?: string,
    stopAt?: number,
  ): Promise<RunResult> {
    const { port1, port2 } = new MessageChannel();
    // The result comes back on Piscina's port, the messages on this one, and nothing orders the
    // two: a busy main thread may take the result first, and closing this port then would drop
    // the messages still in it (a "resumed", a note). So the result waits for the task's last
    // message, which arrives behind all the others. (Not for the port's close: between tasks a
    // Piscina worker blocks in Atomics.wait, and its side of the close may wait with it.)
    let ended = (): void => {};
    const drained = new Promise<void>((resolve) => {
      ended = resolve;
    });
    port1.on('message', (m: WorkerMessage | EndOfMessages) => (m.type === 'end' ? ended() : onMessage(m)));
    const task: WorkerTask = {
      id,
      spec,
      data,
      port: port2,
      checkpoint,
      gate,
      ...(model === undefined ? {} : { model }),
      ...(stopAt === undefined ? {} : { stopAt }),
    };
    const abort = new AbortController();
    if (signal !== undefined) this.watch(signal);
    if (signal?.aborted) abort.abort(signal.reason);
    this.inFlight.add(abort);
    return (this.piscina.run(task, { transferList: [port2], signal: abort.signal }) as Promise<RunResult>)
      .then(async (result) => {
        await drained;
        return result;
      })
      .finally(() => {
        this.inFlight.delete(abort);
        port1.close();
      });
  }

  /**
   * Piscina listens to a task's signal while the task runs. Handed the sweep's one signal, it
   * would pile one listener per running task onto it (and Node warns past ten), so each task has
   * a signal of its own and the sweep's signal has a single listener, this pool's.
   */
  private watch(signal: AbortSignal): void {
    if (this.watched?.signal === signal) return;
    this.watched?.stop();
    const onAbort = (): void => {
      for (const abort of this.inFlight) abort.abort(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    this.watched = { signal, stop: () => signal.removeEventListener('abort', onAbort) };
  }

  async close(): Promise<void> {
    this.watched?.stop();
    await this.piscina.close({ force: true });
  }
}
