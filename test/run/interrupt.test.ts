// Ctrl-C during a sweep on a terminal: the progress display redraws its live lines in place, by
// moving the cursor up over them. The interruption's message, printed below them, must survive
// every redraw and the final clear, so that the user reads how to resume.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INTERRUPTED, interruptHandler } from '../../src/run/interrupt.js';
import { Progress } from '../../src/run/progress.js';
import { trainAll } from '../../src/run/train-all.js';
import type { TrainData } from '../../src/train/train.js';
import type { WorkerMessage } from '../../src/train/worker.js';
import type { DatasetName, RunResult, RunSpec } from '../../src/types.js';
import { sgd, trainWith } from '../helpers/spec.js';
import { tempDir, tinySplit } from '../helpers/tiny.js';

/** The screen a terminal shows for what is written: text, \n (with the tty's CR), cursor up (CSI n A), erase below (CSI J). */
class Screen {
  readonly isTTY = true;
  private readonly lines: string[] = [''];
  private row = 0;
  private col = 0;

  write(text: string): boolean {
    for (const [, up, erase, char] of text.matchAll(/\x1b\[(\d+)A|\x1b\[(0?)J|([\s\S])/g)) {
      if (up !== undefined) {
        this.row = Math.max(0, this.row - Number(up));
      } else if (erase !== undefined) {
        this.lines[this.row] = this.lines[this.row].slice(0, this.col);
        this.lines.splice(this.row + 1);
      } else if (char === '\n') {
        this.row++;
        this.col = 0;
        this.lines[this.row] ??= '';
      } else {
        const line = this.lines[this.row].padEnd(this.col);
        this.lines[this.row] = line.slice(0, this.col) + char + line.slice(this.col + 1);
        this.col++;
      }
    }
    return true;
  }

  /** The lines on screen that hold something. */
  shown(): string[] {
    return this.lines.filter((l) => l !== '');
  }
}

const spec: RunSpec = {
  experiment: 'ctrl-c',
  dataset: 'mnist',
  dataset_sha256: 'x',
  seed: 1,
  preprocess: 'scale',
  model: { layers: [{ linear: { units: 10, init: 'he' } }], loss: 'softmax-cross-entropy' },
  train: trainWith({ epochs: 5, optimizer: sgd(0.1) }),
};

/** Runs that report one batch of progress, then wait until the sweep is aborted. */
const stalledPool = {
  workers: 2,
  run(
    id: string,
    _s: RunSpec,
    _d: TrainData,
    _c: string,
    onMessage: (m: WorkerMessage) => void,
    _g: unknown,
    signal?: AbortSignal,
  ): Promise<RunResult> {
    onMessage({ type: 'batch', id, epoch: 2, batch: 3, batches: 10 });
    return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
  },
  async close(): Promise<void> {
    /* nothing runs */
  },
};

test('on a terminal, the interruption message stays on screen below the progress', async (t) => {
  const term = process.env.TERM;
  process.env.TERM = 'xterm'; // Progress draws live lines only on a terminal that is not dumb
  t.after(() => {
    process.env.TERM = term;
  });
  const screen = new Screen();
  const abort = new AbortController();
  const data = new Map<DatasetName, TrainData>([['mnist', { train: tinySplit(8, 1), test: tinySplit(4, 2), classes: 10 }]]);
  const todo = [
    { id: 'aaaaaaaa1', spec },
    { id: 'bbbbbbbb2', spec: { ...spec, seed: 2 } },
  ];
  const done = trainAll(todo, data, stalledPool, { dir: await tempDir(t), cores: 2, force: false, log: screen, signal: abort.signal });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(
    screen.shown().map((l) => /^\w+ mnist: epoch \d\/5 \[/.test(l)),
    [true, true],
    'two live lines',
  );

  interruptHandler(
    abort,
    (s) => screen.write(s),
    () => assert.fail('one Ctrl-C does not exit'),
  )();
  assert.deepEqual(await done, { trained: [], unstored: [], busy: [], storedElsewhere: [] });
  assert.deepEqual(screen.shown(), [INTERRUPTED]);
});

test('after stop, progress prints lines that stay and redraws nothing', () => {
  const term = process.env.TERM;
  process.env.TERM = 'xterm';
  try {
    const screen = new Screen();
    const progress = new Progress(screen);
    progress.start('r1', 'r1', 3);
    progress.stop();
    screen.write('kept\n');
    progress.message({ type: 'batch', id: 'r1', epoch: 1, batch: 5, batches: 10 });
    progress.message({ type: 'note', id: 'r1', text: 'a note' });
    progress.clear();
    assert.deepEqual(screen.shown(), ['kept', 'r1: a note']);
  } finally {
    process.env.TERM = term;
  }
});
