// The dataset checksum and its memo (checksums.json in the cache directory): a file is hashed once
// for a given device, inode, size, mtime and ctime, and again when any changes. The files of a
// registered dataset must be the official ones (here: the fixture entry's) unless allowed.

import assert from 'node:assert/strict';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { datasetChecksum } from '../../src/data/checksum.js';
import { DataError } from '../../src/data/errors.js';
import { loadDataset } from '../../src/data/load.js';
import { writeDatasetFiles } from '../helpers/write-dataset.js';
import { fixtureEntry, idxBytes, sha256, tempDir, tinySplits } from './fixtures.js';

const NAME = 'fashion-mnist';
const entry = fixtureEntry(tinySplits(7));

async function setUp(t: Parameters<typeof tempDir>[0], gzip = false): Promise<{ dataDir: string; cacheDir: string; dir: string }> {
  const root = await tempDir(t);
  const dataDir = join(root, 'data'),
    cacheDir = join(root, 'cache');
  await writeDatasetFiles(join(dataDir, NAME), tinySplits(7), { gzip });
  return { dataDir, cacheDir, dir: join(dataDir, NAME) };
}

type Memo = Record<string, { stamp: string; sha256: string }>;
const readMemo = async (cacheDir: string): Promise<Memo> => JSON.parse(await readFile(join(cacheDir, 'checksums.json'), 'utf8')) as Memo;

/** One flipped pixel: the same size, still a valid IDX file, other bytes. */
async function flipLastByte(path: string): Promise<void> {
  const bytes = await readFile(path);
  bytes[bytes.length - 1]! ^= 1;
  await writeFile(path, bytes);
}

test('the first checksum hashes the files and remembers each one; the next reads the memo', async (t) => {
  const { dataDir, cacheDir } = await setUp(t);
  const opts = { dataDir, cacheDir, entry };
  const first = await datasetChecksum(NAME, opts);
  const memo = await readMemo(cacheDir);
  assert.equal(Object.keys(memo).length, 4);
  // A memo entry that still matches its file's stamp is believed, bytes unread:
  const path = Object.keys(memo).find((p) => p.endsWith('train-labels-idx1-ubyte'))!;
  await writeFile(join(cacheDir, 'checksums.json'), JSON.stringify({ ...memo, [path]: { ...memo[path], sha256: '0'.repeat(64) } }));
  assert.notEqual(await datasetChecksum(NAME, { ...opts, allowModified: true }), first);
  // ... and one whose mtime changed is hashed again, which gives the true checksum back.
  await utimes(path, new Date(), new Date(Date.now() + 5000));
  assert.equal(await datasetChecksum(NAME, opts), first);
  assert.notEqual((await readMemo(cacheDir))[path]!.stamp, memo[path]!.stamp);
});

test('a flipped byte with its mtime put back (touch -r) is hashed again: the ctime moved', async (t) => {
  const { dataDir, cacheDir, dir } = await setUp(t);
  const path = join(dir, 'train-images-idx3-ubyte');
  const then = new Date('2024-01-02T03:04:05Z'); // whole seconds: put back exactly
  await utimes(path, then, then);
  const opts = { dataDir, cacheDir, entry, allowModified: true };
  const clean = await datasetChecksum(NAME, opts);
  await flipLastByte(path);
  await utimes(path, then, then);
  assert.notEqual(await datasetChecksum(NAME, opts), clean);
});

test('bytes that changed after the checksum was taken are refused by loadDataset, and the memo forgets them', async (t) => {
  const { dataDir, cacheDir, dir } = await setUp(t);
  const checksum = await datasetChecksum(NAME, { dataDir, cacheDir, entry });
  const path = join(dir, 't10k-images-idx3-ubyte');
  await flipLastByte(path);
  const opts = { dataDir, cacheDir, entry, allowDownload: false };
  await assert.rejects(loadDataset(NAME, { ...opts, checksum }), (err: unknown) => {
    assert.ok(err instanceof DataError);
    assert.match(err.message, new RegExp(`^${path}: changed after the run ids were computed .* nothing was trained`));
    return true;
  });
  assert.equal((await readMemo(cacheDir))[path], undefined);
  assert.equal(Object.keys(await readMemo(cacheDir)).length, 0, 'all four entries dropped');
  // The bytes the run ids name are accepted.
  await flipLastByte(path);
  assert.equal((await loadDataset(NAME, { ...opts, checksum })).name, NAME);
});

test('a local file that is not the official one is refused naming it and both hashes, unless allowed', async (t) => {
  const { dataDir, cacheDir, dir } = await setUp(t, true);
  const official = await datasetChecksum(NAME, { dataDir, cacheDir, entry });
  const path = join(dir, 'train-labels-idx1-ubyte.gz');
  const labels = idxBytes(tinySplits(7))['train-labels-idx1-ubyte'].slice();
  labels[labels.length - 1] = (labels[labels.length - 1]! + 1) % 10;
  await writeFile(path, gzipSync(labels));
  const expected = entry.sha256['train-labels-idx1-ubyte'],
    actual = sha256(labels);
  await assert.rejects(datasetChecksum(NAME, { dataDir, cacheDir, entry }), (err: unknown) => {
    assert.ok(err instanceof DataError);
    assert.equal(err.message.split('\n').length, 1);
    assert.ok(
      err.message.startsWith(`${path}: not the official ${NAME} file — SHA-256 (decompressed) expected ${expected}, got ${actual}`),
      err.message,
    );
    assert.match(err.message, /--allow-modified-data/);
    return true;
  });
  const modified = await datasetChecksum(NAME, { dataDir, cacheDir, entry, allowModified: true });
  assert.notEqual(modified, official, 'the run ids carry the real hash');
});

test('a truncated .gz or raw file is a DataError naming it, whichever file it is', async (t) => {
  for (const file of ['train-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
    // the labels are read first, to tell datasets apart
    const { dataDir, cacheDir, dir } = await setUp(t, true);
    const path = join(dir, `${file}.gz`);
    const gz = await readFile(path);
    await writeFile(path, gz.subarray(0, gz.length - 10));
    const truncatedGzip = new RegExp(
      `^${path}: truncated gzip data \\(unexpected end of file\\) — replace the file \\(re-download or reinstall`,
    );
    const named = (err: unknown): boolean => err instanceof DataError && truncatedGzip.test(err.message);
    await assert.rejects(datasetChecksum(NAME, { dataDir, cacheDir, entry }), named);
    await assert.rejects(loadDataset(NAME, { dataDir, cacheDir, entry, allowDownload: false }), named);
  }
  const { dataDir, cacheDir, dir } = await setUp(t);
  const raw = join(dir, 'train-images-idx3-ubyte');
  await writeFile(raw, (await readFile(raw)).subarray(0, 30));
  await assert.rejects(
    datasetChecksum(NAME, { dataDir, cacheDir, entry }),
    (err: unknown) => err instanceof DataError && err.message.startsWith(`${raw}: truncated: header says`),
  );
});

test('an unreadable memo or an unwritable cache directory only costs the hashing', async (t) => {
  const { dataDir, cacheDir } = await setUp(t);
  const want = await datasetChecksum(NAME, { dataDir, cacheDir, entry });
  await writeFile(join(cacheDir, 'checksums.json'), '{ not json');
  assert.equal(await datasetChecksum(NAME, { dataDir, cacheDir, entry }), want);
  const fileInTheWay = join(cacheDir, 'checksums.json'); // a cache "directory" that is a file
  assert.equal(await datasetChecksum(NAME, { dataDir, cacheDir: fileInTheWay, entry }), want);
});
