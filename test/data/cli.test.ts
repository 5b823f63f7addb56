// Dataset problems through main(): exit 2, the file named, no stack trace.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { DATASETS } from '../../src/data/datasets.js';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';
import { sha256 } from './fixtures.js';

const noStack = (stderr: string): void => {
  assert.doesNotMatch(stderr, /internal error|\n\s+at /);
  assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
};

test('local MNIST files that are not the official ones exit 2 naming the file and both hashes', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir);
  for (const command of [['plan'], ['run'], ['report', '--plan-only']]) {
    const r = await mlplabMain([...command, file, '--data-dir', data, '--results', join(dir, 'out')]);
    assert.equal(r.code, 2, r.stderr);
    const path = join(data, 'mnist', 'train-images-idx3-ubyte');
    const expected = DATASETS.mnist.sha256['train-images-idx3-ubyte'];
    assert.ok(
      r.stderr.startsWith(
        `mlplab: not the official mnist files:\n  ${path}: SHA-256 (decompressed) expected ${expected}, got ${sha256(await readFile(path))}\n`,
      ),
      r.stderr,
    );
    assert.match(r.stderr, /--allow-modified-data/);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  }
  const allowed = await mlplabMain(['plan', file, '--data-dir', data, '--results', join(dir, 'out'), '--allow-modified-data']);
  assert.equal(allowed.code, 0, allowed.stderr);
  // A plain `report` draws the stored runs and never reads the data: here there are none.
  const report = await mlplabMain(['report', file, '--data-dir', data, '--results', join(dir, 'out')]);
  assert.equal(report.code, 2);
  assert.match(report.stderr, /no stored runs of this experiment yet/);
});

test('a truncated .gz dataset file exits 2 naming it, no stack trace', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir); // fashion-mnist is gzipped
  const path = join(data, 'fashion-mnist', 'train-images-idx3-ubyte.gz');
  const gz = await readFile(path);
  await writeFile(path, gz.subarray(0, gz.length >> 1));
  const file = await writeExperiment(dir);
  for (const command of ['plan', 'run']) {
    // Found while hashing, before the bytes could be compared with the official ones.
    const r = await mlplabMain([command, file, '--data-dir', data, '--results', join(dir, 'out'), '--set', 'dataset=fashion-mnist']);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(
      r.stderr.startsWith(`mlplab: ${path}: truncated gzip data (unexpected end of file) — replace the file (re-download or reinstall`),
      r.stderr,
    );
    noStack(r.stderr);
  }
});
