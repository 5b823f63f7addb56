import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DataError } from '../../src/data/errors.js';
import { parseIdx, readIdx } from '../../src/data/idx.js';
import { encodeIdx, writeIdx } from '../helpers/write-dataset.js';
import { tempDir } from './fixtures.js';

const data = Uint8Array.from({ length: 24 }, (_, i) => i * 10);

/** Assert that `p` rejects with a DataError naming `path` and matching `re`. */
async function rejectsWith(p: Promise<unknown>, path: string, re: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof DataError, `expected a DataError, got ${String(err)}`);
    assert.ok(err.message.startsWith(`${path}: `), err.message);
    assert.match(err.message, re);
    return true;
  });
}

test('raw IDX round-trips', async (t) => {
  const path = join(await tempDir(t), 'x-idx3-ubyte');
  await writeIdx(path, data, [2, 3, 4]);
  const idx = await readIdx(path, 3);
  assert.deepEqual(idx.dims, [2, 3, 4]);
  assert.deepEqual(idx.data, data);
});

test('gzip IDX round-trips, detected by magic bytes whatever the file name', async (t) => {
  const path = join(await tempDir(t), 'no-gz-extension');
  await writeIdx(path, data, [24], true);
  assert.deepEqual([...(await readFile(path)).subarray(0, 2)], [0x1f, 0x8b]);
  const idx = await readIdx(path, 1);
  assert.deepEqual(idx.dims, [24]);
  assert.deepEqual(idx.data, data);
});

test('with shared, a gzip file is inflated into shared memory; two gzip members or a damaged one as without', async (t) => {
  const dir = await tempDir(t);
  const bytes = encodeIdx(data, [24]);
  const one = join(dir, 'one.gz');
  await writeFile(one, gzipSync(bytes));
  const idx = await readIdx(one, 1, { shared: true });
  assert.ok(idx.data.buffer instanceof SharedArrayBuffer);
  assert.deepEqual(idx.data, data);
  // gunzip reads a file of several members as their concatenation; the trailer gives the last one's size.
  const two = join(dir, 'two.gz');
  await writeFile(two, Buffer.concat([gzipSync(bytes.subarray(0, 10)), gzipSync(bytes.subarray(10))]));
  assert.deepEqual((await readIdx(two, 1, { shared: true })).data, data);
  const cut = join(dir, 'cut.gz');
  await writeFile(cut, gzipSync(bytes).subarray(0, -6));
  await rejectsWith(readIdx(cut, 1, { shared: true }), cut, /truncated gzip data \(unexpected end of file\)/);
});

test('truncated data names the sizes', async (t) => {
  const path = join(await tempDir(t), 'short.gz');
  await writeFile(path, gzipSync(encodeIdx(data, [2, 3, 4]).subarray(0, 16 + 20)));
  await rejectsWith(readIdx(path, 3), path, /truncated: header says 2×3×4 = 24 bytes of data, file has 20 \(after gunzip\)$/);
});

test('truncated header', async (t) => {
  const path = join(await tempDir(t), 'header');
  await writeFile(path, encodeIdx(data, [2, 3, 4]).subarray(0, 10));
  await rejectsWith(readIdx(path, 3), path, /truncated: 10 bytes, too short for a 3-dimensional IDX header \(16 bytes\)/);
  await writeFile(path, Uint8Array.of(0, 0));
  await rejectsWith(readIdx(path), path, /truncated: 2 bytes/);
});

test('trailing bytes', async (t) => {
  const path = join(await tempDir(t), 'long');
  await writeFile(path, Buffer.concat([encodeIdx(data, [24]), Buffer.from([1, 2, 3])]));
  await rejectsWith(readIdx(path, 1), path, /trailing bytes: header says 24 = 24 bytes of data, file has 27$/);
});

test('wrong magic: not IDX, wrong type, wrong rank', async (t) => {
  const path = join(await tempDir(t), 'magic');
  await writeFile(path, Buffer.from('<html>404 Not Found</html>'));
  await rejectsWith(readIdx(path, 3), path, /magic number 0x3c68746d, expected 0x00000803/);
  const floats = encodeIdx(data, [24]);
  floats[2] = 0x0d;
  await writeFile(path, floats);
  await rejectsWith(readIdx(path, 1), path, /magic number 0x00000d01, expected 0x00000801/);
  await writeIdx(path, data, [24]);
  await rejectsWith(readIdx(path, 3), path, /magic number 0x00000801, expected 0x00000803/);
});

test('truncated or corrupt gzip', async (t) => {
  const dir = await tempDir(t);
  const gz = gzipSync(encodeIdx(data, [24]));
  const cut = join(dir, 'cut.gz');
  await writeFile(cut, gz.subarray(0, gz.length - 6));
  await rejectsWith(readIdx(cut), cut, /truncated gzip data \(unexpected end of file\) — replace the file \(re-download or reinstall/);
  const flipped = join(dir, 'flipped.gz');
  const bad = Buffer.from(gz);
  bad[bad.length - 5] ^= 0xff; // inside the CRC/length trailer
  await writeFile(flipped, bad);
  await rejectsWith(readIdx(flipped), flipped, /corrupt gzip data/);
});

test('missing file is a DataError naming it', async (t) => {
  const path = join(await tempDir(t), 'absent');
  await rejectsWith(readIdx(path), path, /cannot read/);
});

test('parseIdx returns a view, encodeIdx refuses a size mismatch', () => {
  const bytes = encodeIdx(data, [4, 6]);
  const idx = parseIdx(bytes, 'mem', 2);
  assert.equal(idx.data.buffer, bytes.buffer);
  assert.throws(() => encodeIdx(data, [5, 5]), RangeError);
});
