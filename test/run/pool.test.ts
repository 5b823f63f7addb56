// RunPool with the real worker: a run's messages (resumed, notes, epochs) travel on a port of their
// own, its result on Piscina's, and a busy main thread may take the result first. The pool must
// still hand every message on before the result, or a promoted run's "resumed" line goes missing.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { newThreadGate } from '../../src/helper-thread/thread-gate.js';
import { RunPool } from '../../src/run/pool.js';
import { readCheckpoint } from '../../src/train/checkpoint-file.js';
import type { WorkerMessage } from '../../src/train/worker.js';
import { smallRun } from '../helpers/spec.js';
import { tempDir, tinySplit } from '../helpers/tiny.js';

test('every message of a run reaches the caller before its result, however late the main thread looks', async (t) => {
  const dir = await tempDir(t, 'mlplab-pool-');
  const spec = smallRun(3);
  const data = { train: tinySplit(200, 1), test: tinySplit(50, 2), classes: 10 };
  const checkpoint = join(dir, 'run.ckpt');
  const pool = new RunPool(1);
  t.after(() => pool.close());
  const messages: WorkerMessage['type'][] = [];
  const run = (stopAt?: number) =>
    pool.run(
      'run',
      spec,
      data,
      checkpoint,
      (m) => m.type !== 'batch' && messages.push(m.type),
      newThreadGate(),
      undefined,
      undefined,
      stopAt,
    );
  assert.equal((await run(1)).status, 'paused');
  messages.length = 0;
  const result = run();
  // The main thread is busy (as under load) until the worker has trained to the end and sent its
  // result: both the messages and the result then wait for it together.
  const end = Date.now() + 60_000;
  while (readCheckpoint(checkpoint, 'run', () => undefined)?.epoch !== 3)
    if (Date.now() > end) assert.fail('the worker did not reach epoch 3 within a minute');
  for (const until = Date.now() + 500; Date.now() < until; );
  assert.equal((await result).status, 'done');
  assert.deepEqual(messages, ['resumed', 'epoch', 'epoch'], 'batch progress aside, as it is throttled by time');
});
