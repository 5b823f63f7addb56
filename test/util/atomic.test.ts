import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSync } from 'node:fs';
import { decodeState, type TrainState } from '../../src/train/checkpoint.js';
import { writeCheckpoint } from '../../src/train/checkpoint-file.js';
import { writeFileAtomic, writeFileAtomicSync, type Writer } from '../../src/util/atomic.js';
import { tempDir } from '../helpers/tiny.js';
import { fillLeaving, mountTmpfs, PAGE } from '../helpers/tmpfs.js';

test('writeFileAtomic replaces the file and leaves no temp file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mlplab-atomic-'));
  try {
    const path = join(dir, 'x.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new');
    assert.equal(await readFile(path, 'utf8'), 'new');
    await writeFileAtomic(path, new Uint8Array([104, 105]));
    assert.equal(await readFile(path, 'utf8'), 'hi');
    assert.deepEqual(await readdir(dir), ['x.json']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic fails cleanly when the directory is missing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mlplab-atomic-'));
  try {
    await assert.rejects(writeFileAtomic(join(dir, 'nope', 'x.json'), 'data'), { code: 'ENOENT' });
    assert.deepEqual(await readdir(dir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// A nearly full disk stores fewer bytes than asked before it says ENOSPC: the write must go on
// until every byte is written or the error comes, and never put a short file in place.
test('stageFile loops over short writes until every byte is written', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'x.bin');
  const data = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
  const short: Writer = (fd, bytes, offset, length) => writeSync(fd, bytes, offset, Math.min(length, 7));
  writeFileAtomicSync(path, data, short);
  assert.deepEqual(new Uint8Array(await readFile(path)), data);
  assert.deepEqual(await readdir(dir), ['x.bin']);
});

test('a write that stops short fails and leaves the previous file and no temp file', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'x.bin');
  await writeFile(path, 'previous');
  let calls = 0;
  const fills: Writer = (fd, bytes, offset, length) => {
    if (calls++ === 0) return writeSync(fd, bytes, offset, Math.min(length, 5)); // a short write, then the disk is full
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  };
  assert.throws(() => writeFileAtomicSync(path, 'a much longer new content', fills), { code: 'ENOSPC' });
  const stalls: Writer = () => 0;
  assert.throws(() => writeFileAtomicSync(path, 'new content', stalls), { code: 'ENOSPC' });
  assert.equal(await readFile(path, 'utf8'), 'previous');
  assert.deepEqual(await readdir(dir), ['x.bin']);
});

test('on a really full disk a checkpoint write fails and the previous checkpoint stays intact', async (t) => {
  const fs = mountTmpfs(t, 16 * PAGE);
  if (fs === undefined) return;
  const state = (epoch: number, n: number): TrainState => ({
    id: 'run',
    epoch,
    history: Array.from({ length: epoch }, (_, i) => ({
      epoch: i + 1,
      lr: 0.1,
      train_loss: 1,
      train_accuracy: 0.5,
      test_loss: 1,
      test_accuracy: 0.5,
      seconds: 0.01,
    })),
    shuffle: [1, 2, 3, 4],
    noise: [5, 6, 7, 8],
    params: [new Float32Array(n).fill(epoch)],
    optimizer: [],
    layers: [],
    best: [],
    order: Uint32Array.of(0),
  });
  const path = join(fs, '.checkpoints', 'run.ckpt');
  writeCheckpoint(path, state(1, 2 * PAGE)); // 2 pages of floats and a header: 3 pages
  const before = await readFile(path);
  fillLeaving(fs, 2); // the next checkpoint needs 3 pages
  assert.throws(() => writeCheckpoint(path, state(2, 2 * PAGE)), { code: 'ENOSPC' });
  assert.deepEqual(await readFile(path), before);
  assert.equal(decodeState(await readFile(path), 'run').epoch, 1);
  assert.deepEqual(await readdir(join(fs, '.checkpoints')), ['run.ckpt']);
});
