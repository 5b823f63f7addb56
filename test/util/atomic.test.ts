import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/util/atomic.js';

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
