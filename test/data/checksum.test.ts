// The dataset checksum and its memo (checksums.json in the cache directory): a file is hashed once
// for a given size and modification time, and again when either changes.

import assert from 'node:assert/strict';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { datasetChecksum } from '../../src/data/checksum.js';
import { writeDatasetFiles } from '../../src/data/write.js';
import { tempDir, tinySplits } from './fixtures.js';

async function setUp(t: Parameters<typeof tempDir>[0]): Promise<{ dataDir: string; cacheDir: string }> {
  const dir = await tempDir(t);
  const dataDir = join(dir, 'data'), cacheDir = join(dir, 'cache');
  await writeDatasetFiles(join(dataDir, 'mnist'), tinySplits(7));
  return { dataDir, cacheDir };
}

type Memo = Record<string, { size: number; mtimeMs: number; sha256: string }>;
const readMemo = async (cacheDir: string): Promise<Memo> => JSON.parse(await readFile(join(cacheDir, 'checksums.json'), 'utf8')) as Memo;

test('the first checksum hashes the files and remembers each one; the next reads the memo', async (t) => {
  const { dataDir, cacheDir } = await setUp(t);
  const first = await datasetChecksum('mnist', { dataDir, cacheDir });
  const memo = await readMemo(cacheDir);
  assert.equal(Object.keys(memo).length, 4);
  // A memo entry that still matches its file's size and mtime is believed, bytes unread:
  const path = Object.keys(memo).find((p) => p.endsWith('train-labels-idx1-ubyte'))!;
  await writeFile(join(cacheDir, 'checksums.json'), JSON.stringify({ ...memo, [path]: { ...memo[path], sha256: '0'.repeat(64) } }));
  assert.notEqual(await datasetChecksum('mnist', { dataDir, cacheDir }), first);
  // ... and one whose mtime changed is hashed again, which gives the true checksum back.
  await utimes(path, new Date(), new Date(Date.now() + 5000));
  assert.equal(await datasetChecksum('mnist', { dataDir, cacheDir }), first);
  assert.notEqual((await readMemo(cacheDir))[path].mtimeMs, memo[path].mtimeMs);
});

test('an unreadable memo or an unwritable cache directory only costs the hashing', async (t) => {
  const { dataDir, cacheDir } = await setUp(t);
  const want = await datasetChecksum('mnist', { dataDir, cacheDir });
  await writeFile(join(cacheDir, 'checksums.json'), '{ not json');
  assert.equal(await datasetChecksum('mnist', { dataDir, cacheDir }), want);
  const fileInTheWay = join(cacheDir, 'checksums.json'); // a cache "directory" that is a file
  assert.equal(await datasetChecksum('mnist', { dataDir, cacheDir: fileInTheWay }), want);
});
