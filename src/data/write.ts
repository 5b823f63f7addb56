// Writing a dataset in the MNIST file layout, so tests (here and end-to-end) can build tiny
// fixture datasets and point `dataDir` at them instead of depending on the real 55 MB files.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Split } from '../types.js';
import { writeIdx } from './idx.js';

/** Write the four IDX files of `train` and `test` into `dir` (created if missing). */
export async function writeDatasetFiles(
  dir: string,
  splits: { train: Split; test: Split },
  opts: { gzip?: boolean } = {},
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const gz = opts.gzip ?? false;
  const ext = gz ? '.gz' : '';
  for (const [prefix, s] of [['train', splits.train], ['t10k', splits.test]] as const) {
    await writeIdx(join(dir, `${prefix}-images-idx3-ubyte${ext}`), s.images, [s.count, s.rows, s.cols], gz);
    await writeIdx(join(dir, `${prefix}-labels-idx1-ubyte${ext}`), s.labels, [s.count], gz);
  }
}
