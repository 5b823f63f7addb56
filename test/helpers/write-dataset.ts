// Writing a dataset in the MNIST file layout, so tests (here and end-to-end) can build tiny
// fixture datasets and point `dataDir` at them instead of depending on the real 55 MB files.
// The IDX format is described where mlplab reads it, in src/data/idx.ts; mlplab never writes it.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Split } from '../../src/types.js';

const UBYTE = 0x08; // the element type of every MNIST-style file

/** Write the four IDX files of `train` and `test` into `dir` (created if missing). */
export async function writeDatasetFiles(dir: string, splits: { train: Split; test: Split }, opts: { gzip?: boolean } = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const gz = opts.gzip ?? false;
  const ext = gz ? '.gz' : '';
  for (const [prefix, s] of [
    ['train', splits.train],
    ['t10k', splits.test],
  ] as const) {
    await writeIdx(join(dir, `${prefix}-images-idx3-ubyte${ext}`), s.images, [s.count, s.rows, s.cols], gz);
    await writeIdx(join(dir, `${prefix}-labels-idx1-ubyte${ext}`), s.labels, [s.count], gz);
  }
}

/** Encode unsigned bytes as IDX; `data.length` must equal the product of `dims`. */
export function encodeIdx(data: Uint8Array, dims: readonly number[]): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw new RangeError(`encodeIdx: ${data.length} bytes do not fill dims ${dims.join('×')} = ${size}`);
  }
  const out = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(out.buffer);
  view.setUint32(0, (UBYTE << 8) | dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** Write an IDX file (gzipped when `gzip` is true). */
export async function writeIdx(path: string, data: Uint8Array, dims: readonly number[], gzip = false): Promise<void> {
  const bytes = encodeIdx(data, dims);
  await writeFile(path, gzip ? gzipSync(bytes) : bytes);
}
