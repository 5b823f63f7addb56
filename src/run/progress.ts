// Progress on stderr: per run, the epoch, last loss and accuracy, and an estimate of time left.
// On a terminal each active run has one line that is redrawn in place; otherwise (CI, a pipe,
// a log file) one plain line is printed per finished epoch, so logs stay readable.

import type { WorkerMessage } from '../train/worker.js';
import type { EpochMetrics, RunResult } from '../types.js';

interface RunState {
  label: string;
  epochs: number;
  started: number;
  epoch: number; // the epoch in progress (1-based)
  fraction: number; // of the current epoch done
  last?: EpochMetrics;
  done?: string;
  resumedAt?: number; // epochs already done when this process took the run over
  epochSeconds?: number; // plan's estimate of an epoch, when the sweep was timed
  mark?: { t: number; done: number }; // when the first progress came: the rate is measured from here
}

export class Progress {
  private readonly runs = new Map<string, RunState>();
  private drawn = 0; // lines drawn by the last redraw (TTY mode)
  private lastDraw = 0;
  private stopped = false; // no more live lines: see stop()

  constructor(
    private readonly out: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean },
    private readonly now: () => number = () => Date.now(),
  ) {}

  private get tty(): boolean {
    return this.out.isTTY === true && process.env.TERM !== 'dumb';
  }

  start(id: string, label: string, epochs: number, epochSeconds?: number): void {
    this.runs.set(id, { label, epochs, started: this.now(), epoch: 1, fraction: 0, epochSeconds });
    if (!this.tty) this.out.write(`${label}: started (${epochs} epochs)\n`);
    this.redraw(true);
  }

  message(m: WorkerMessage): void {
    const run = this.runs.get(m.id);
    if (!run) return;
    if (m.type === 'note') {
      this.say(`${run.label}: ${m.text}`);
      return;
    }
    if (m.type === 'warning') {
      this.say(`mlplab: ${m.text}`);
      return;
    }
    if (m.type === 'resumed') {
      run.epoch = m.epoch + 1;
      run.resumedAt = m.epoch;
      this.say(`${run.label}: resumed after epoch ${m.epoch} from its checkpoint`);
      return;
    }
    if (m.type === 'batch') {
      run.epoch = m.epoch;
      run.fraction = m.batch / m.batches;
      run.mark ??= { t: this.now(), done: run.epoch - 1 + run.fraction };
    } else {
      run.last = m.metrics;
      run.epoch = m.metrics.epoch + 1;
      run.fraction = 0;
      if (!this.tty) this.out.write(`${this.line(run)}\n`);
    }
    this.redraw(m.type === 'epoch');
  }

  finish(result: RunResult): void {
    const run = this.runs.get(result.id);
    if (!run) return;
    // RunPool delivers a run's messages before its result (run/pool.ts); from a caller that
    // does not, the epochs the log has not shown yet are replayed from the result itself.
    for (const metrics of result.epochs) {
      if (run.last === undefined || metrics.epoch > run.last.epoch) this.message({ type: 'epoch', id: result.id, metrics });
    }
    const elapsed = ((this.now() - run.started) / 1000).toFixed(1);
    const val = result.final?.val_accuracy === undefined ? '' : `, val accuracy ${(result.final.val_accuracy * 100).toFixed(2)}%`;
    const best = result.stopped_early ? ` (stopped early; weights of epoch ${result.best_epoch})` : '';
    const acc = result.final ? `${val}, test accuracy ${(result.final.test_accuracy * 100).toFixed(2)}%${best}` : '';
    run.done =
      result.status === 'done'
        ? `done in ${elapsed}s${acc}`
        : result.status === 'paused'
          ? `at rung ${result.rung} in ${elapsed}s${acc}`
          : `${result.status}: ${result.error ?? ''}`;
    if (this.tty) {
      this.redraw(true);
      // A finished run's line scrolls up and stays; only active runs are redrawn.
      this.clear();
      this.out.write(`${run.label}: ${run.done}\n`);
      this.runs.delete(result.id);
      this.redraw(true);
    } else {
      this.out.write(`${run.label}: ${run.done}\n`);
      this.runs.delete(result.id);
    }
  }

  /** A line that stays, printed above the live lines. */
  private say(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
    this.redraw(true);
  }

  /**
   * Erase the live lines and draw no more: from now on only lines that stay are printed. For an
   * interruption, whose message is printed next and would otherwise be erased by the next redraw
   * (each redraw moves the cursor up over the lines it drew last, whatever was printed since).
   */
  stop(): void {
    this.clear();
    this.stopped = true;
  }

  /** Erase the live lines (before other output, and at the end). */
  clear(): void {
    if (!this.tty || this.drawn === 0) return;
    this.out.write(`\x1b[${this.drawn}A\x1b[0J`);
    this.drawn = 0;
  }

  private line(run: RunState): string {
    const done = Math.min(run.epoch - 1 + run.fraction, run.epochs);
    const left = timeLeft(run, done, this.now());
    const parts = [`${run.label}: epoch ${Math.min(run.epoch, run.epochs)}/${run.epochs}`];
    if (this.tty) parts[0] += ` ${bar(run.fraction)}`;
    if (run.last) {
      parts.push(`loss ${run.last.train_loss.toFixed(4)}`);
      if (run.last.val_accuracy !== undefined) parts.push(`val acc ${(run.last.val_accuracy * 100).toFixed(2)}%`);
      parts.push(`test acc ${(run.last.test_accuracy * 100).toFixed(2)}%`);
      if (!this.tty) parts[0] = `${run.label}: epoch ${run.last.epoch}/${run.epochs}`;
    }
    if (Number.isFinite(left)) parts.push(`~${formatSeconds(left)} left`);
    return parts.join(' · ');
  }

  private redraw(force: boolean): void {
    if (!this.tty || this.stopped) return;
    const t = this.now();
    if (!force && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.clear();
    const lines = [...this.runs.values()].map((r) => this.line(r));
    if (lines.length > 0) this.out.write(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }
}

/**
 * Seconds left: from plan's estimate until this process has measured a whole epoch, else from the
 * rate since the first batch was reported. Not from the run's start: that includes the worker's
 * start-up, which at the first batch made a run of seconds read as minutes left. NaN: not known yet.
 */
function timeLeft(run: RunState, done: number, now: number): number {
  const measured = run.last !== undefined && run.last.epoch > (run.resumedAt ?? 0);
  if (!measured && run.epochSeconds !== undefined) return run.epochSeconds * (run.epochs - done);
  // Without a batch reported first, the run's start is the only mark there is.
  const mark = run.mark ?? { t: run.started, done: run.resumedAt ?? 0 };
  if (done <= mark.done) return NaN;
  return ((now - mark.t) / 1000 / (done - mark.done)) * (run.epochs - done);
}

function bar(fraction: number): string {
  const width = 12,
    full = Math.round(fraction * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

function formatSeconds(seconds: number): string {
  const s = Math.ceil(seconds); // whole seconds first, so 539.6 s reads 9m00s, not 8m60s
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
