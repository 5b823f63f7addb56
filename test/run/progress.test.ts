// Progress lines: the first time left is not inflated by the worker's start-up. Plan's estimate
// gives it until an epoch was measured; without one, the rate since the first reported batch.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Progress } from '../../src/run/progress.js';

/** A terminal that keeps what was written, and a clock the test moves. */
function terminal() {
  let text = '';
  let t = 0;
  const out = {
    isTTY: true,
    write(s: string): boolean {
      text += s;
      return true;
    },
  };
  const at = (ms: number): void => {
    t = ms;
  };
  return { out, now: () => t, at, last: () => text.split('\n').filter(Boolean).at(-1) ?? '' };
}

function withTerm(body: () => void): void {
  const term = process.env.TERM;
  process.env.TERM = 'xterm';
  try {
    body();
  } finally {
    process.env.TERM = term;
  }
}

test("before an epoch is measured, time left is plan's estimate, not start-up time over a few batches", () =>
  withTerm(() => {
    const s = terminal();
    const progress = new Progress(s.out, s.now);
    progress.start('r1', 'lr 0.1', 3, 2);
    s.at(4000); // the worker took 4 s to start
    progress.message({ type: 'batch', id: 'r1', epoch: 1, batch: 1, batches: 100 });
    assert.match(s.last(), /lr 0\.1: epoch 1\/3 .* ~6s left$/);
  }));

test('without an estimate, time left is the rate since the first batch reported', () =>
  withTerm(() => {
    const s = terminal();
    const progress = new Progress(s.out, s.now);
    progress.start('r1', 'r1', 3);
    s.at(4000);
    progress.message({ type: 'batch', id: 'r1', epoch: 1, batch: 1, batches: 10 });
    assert.doesNotMatch(s.last(), /left/);
    s.at(4400); // 0.4 epochs in 0.4 s: 2.5 epochs left take 2.5 s
    progress.message({ type: 'batch', id: 'r1', epoch: 1, batch: 5, batches: 10 });
    assert.match(s.last(), /~3s left$/);
  }));
