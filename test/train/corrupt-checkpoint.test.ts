// The worker's side of a damaged checkpoint: each corruption the issue found (NaN weights, an
// impossible example index, huge weights, a truncated file, one flipped byte) and a checkpoint
// that is intact but impossible are set aside as <path>.corrupt, named in one note, and the run
// trains from scratch to the same result as an uninterrupted run. A good checkpoint still resumes.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { decodeState, encodeState } from '../../src/train/checkpoint.js';
import { newThreadGate } from '../../src/helper-thread/thread-gate.js';
import { train } from '../../src/train/train.js';
import runTask, { type WorkerMessage } from '../../src/train/worker.js';
import type { RunResult, RunSpec } from '../../src/types.js';
import { smallRun } from '../helpers/spec.js';
import { tempDir, tinySplit } from '../helpers/tiny.js';

const ID = 'c0ffee0c0ffe';
const spec: RunSpec = smallRun(4);
const data = { train: tinySplit(200, 1), test: tinySplit(50, 2), classes: 10 };
const comparable = (r: RunResult) => ({ status: r.status, final: r.final, epochs: r.epochs.map(({ seconds: _s, ...m }) => m) });

/** One run through the worker's entry point, with the messages it sent. */
async function work(checkpoint: string): Promise<{ result: RunResult; messages: WorkerMessage[] }> {
  const { port1, port2 } = new MessageChannel();
  const result = await runTask({ id: ID, spec, data, port: port2, checkpoint, gate: newThreadGate(false) });
  const messages: WorkerMessage[] = [];
  for (let m = receiveMessageOnPort(port1); m !== undefined; m = receiveMessageOnPort(port1)) messages.push(m.message as WorkerMessage);
  port1.close();
  return { result, messages };
}

// The bytes of the checkpoint after epoch 2, as the worker writes them.
const saved: Uint8Array[] = [];
train(spec, ID, data, { onCheckpoint: (s) => saved.push(encodeState(s)) });
const good = saved[1];

/** Where a state's parameter floats and example order sit in its file. */
function layout(bytes: Uint8Array): { params: number; order: number } {
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  const state = decodeState(bytes, ID);
  return { params: (12 + headerLength + 3) & ~3, order: bytes.length - 32 - 4 * state.order.length };
}

function patched(write: (view: DataView, at: { params: number; order: number }) => void): Uint8Array {
  const bytes = Uint8Array.from(good);
  write(new DataView(bytes.buffer), layout(good));
  return bytes;
}

async function setup(t: TestContext, bytes?: Uint8Array): Promise<string> {
  const path = join(await tempDir(t, 'mlplab-ckpt-'), `${ID}.ckpt`);
  if (bytes !== undefined) writeFileSync(path, bytes);
  return path;
}

const CORRUPTIONS: Record<string, Uint8Array> = {
  '200 weights set to NaN': patched((v, at) => {
    for (let i = 0; i < 200; i++) v.setFloat32(at.params + 4 * i, NaN, true);
  }),
  'an example-order entry set to 0xFFFFFFFF': patched((v, at) => v.setUint32(at.order + 4 * 7, 0xffffffff, true)),
  'weights set to 1e30': patched((v, at) => {
    for (let i = 0; i < 200; i++) v.setFloat32(at.params + 4 * i, 1e30, true);
  }),
  'a truncated file': good.subarray(0, Math.floor(good.length / 2)),
  'one flipped byte': patched((v) => v.setUint8(Math.floor(good.length * 0.6), v.getUint8(Math.floor(good.length * 0.6)) ^ 0x10)),
  'a flipped bit in the format tag (MLPCKPT3 → MLPCKPT2)': patched((v) => v.setUint8(7, v.getUint8(7) ^ 0x01)),
  // An intact file whose contents no run could have written: caught after the checksum.
  'an intact file with a duplicated example': encodeState({
    ...decodeState(good, ID),
    order: decodeState(good, ID).order.map((x, i, o) => (i === 0 ? o[1] : x)),
  }),
};

test('a good checkpoint resumes and ends bit-identical to an uninterrupted run', async (t) => {
  const clean = await work(await setup(t));
  const resumed = await work(await setup(t, good));
  assert.deepEqual(
    resumed.messages.filter((m) => m.type === 'resumed'),
    [{ type: 'resumed', id: ID, epoch: 2 }],
  );
  assert.equal(resumed.result.epochs.length, 4);
  assert.deepEqual(comparable(resumed.result), comparable(clean.result));
});

for (const [name, bytes] of Object.entries(CORRUPTIONS)) {
  test(`a checkpoint with ${name} is set aside, named, and the run restarts from scratch`, async (t) => {
    const clean = await work(await setup(t));
    const path = await setup(t, bytes);
    const { result, messages } = await work(path);
    assert.equal(
      messages.some((m) => m.type === 'resumed'),
      false,
      'not resumed',
    );
    const notes = messages.filter((m) => m.type === 'note').map((m) => (m as { text: string }).text);
    assert.equal(notes.length, 1, notes.join('\n'));
    assert.match(
      notes[0],
      new RegExp(`^checkpoint ${path} is corrupt \\(.+\\) — set aside as ${path}\\.corrupt; the run restarts from scratch$`),
    );
    assert.deepEqual(readFileSync(`${path}.corrupt`), Buffer.from(bytes), 'kept as it was');
    assert.deepEqual(comparable(result), comparable(clean.result));
  });
}

test('a second corrupt checkpoint of the same run does not replace the first one set aside', async (t) => {
  const path = await setup(t, CORRUPTIONS['a truncated file']);
  await work(path);
  writeFileSync(path, CORRUPTIONS['one flipped byte']);
  const { messages } = await work(path);
  assert.ok(messages.some((m) => m.type === 'note' && m.text.includes(`set aside as ${path}.2.corrupt`)));
  assert.deepEqual(readFileSync(`${path}.corrupt`), Buffer.from(CORRUPTIONS['a truncated file']));
  assert.deepEqual(readFileSync(`${path}.2.corrupt`), Buffer.from(CORRUPTIONS['one flipped byte']));
});

test('a checkpoint of the older format restarts the run with a note and is not set aside', async (t) => {
  const old = good.slice(0, -32); // MLPCKPT2 had this layout without the digest
  old.set(new TextEncoder().encode('MLPCKPT2'), 0);
  const path = await setup(t, old);
  const { result, messages } = await work(path);
  const notes = messages.filter((m) => m.type === 'note').map((m) => (m as { text: string }).text);
  assert.deepEqual(notes, [`checkpoint ${path} is an older checkpoint format (MLPCKPT2); the run restarts from scratch`]);
  assert.equal(existsSync(`${path}.corrupt`), false);
  assert.equal(result.status, 'done');
});
