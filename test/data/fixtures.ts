// Tiny fixture datasets for the data tests: a few 4×3 images whose first pixel is a `marker`,
// so a test can tell which directory a dataset was loaded from.

import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { Split } from '../../src/types.js';
import { DATASETS, IDX_FILES, type DatasetEntry, type IdxFileName } from '../../src/data/datasets.js';
import { encodeIdx } from '../helpers/write-dataset.js';

export const ROWS = 4;
export const COLS = 3;

export function tinySplit(count: number, marker: number): Split {
  const images = new Uint8Array(count * ROWS * COLS).map((_, i) => (i * 7) % 256);
  images[0] = marker;
  const labels = new Uint8Array(count).map((_, i) => i % 10);
  return { images, labels, count, rows: ROWS, cols: COLS };
}

export function tinySplits(marker: number): { train: Split; test: Split } {
  return { train: tinySplit(6, marker), test: tinySplit(3, marker) };
}

/** The decompressed IDX bytes of each file of `splits`, as the server and hashes need them. */
export function idxBytes(splits: { train: Split; test: Split }): Record<IdxFileName, Uint8Array> {
  const { train, test } = splits;
  return {
    'train-images-idx3-ubyte': encodeIdx(train.images, [train.count, ROWS, COLS]),
    'train-labels-idx1-ubyte': encodeIdx(train.labels, [train.count]),
    't10k-images-idx3-ubyte': encodeIdx(test.images, [test.count, ROWS, COLS]),
    't10k-labels-idx1-ubyte': encodeIdx(test.labels, [test.count]),
  };
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A registry entry for the fixture: no system dirs, no npm package, the given mirrors. */
export function fixtureEntry(splits: { train: Split; test: Split }, mirrors: string[] = [], systemDirs: string[] = []): DatasetEntry {
  const bytes = idxBytes(splits);
  const hashes = Object.fromEntries(IDX_FILES.map((f) => [f, sha256(bytes[f])])) as Record<IdxFileName, string>;
  return { ...DATASETS['fashion-mnist'], sha256: hashes, mirrors, systemDirs, npmPackage: undefined };
}

/** A fresh temp directory, removed when the test ends. */
export async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mlplab-data-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
