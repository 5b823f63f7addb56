// Loading a dataset the experiment declares (`datasets:`): a CSV table, two NumPy .npy files
// (features, labels) or two IDX files (images, labels) per split, and a test split of its own or
// held out of train. Byte inputs (IDX, uint8 .npy) take the images' path, as MNIST does; real
// values (CSV, float .npy) become float32 `features`. Every problem with the data is a DataError
// naming the file and the line and column (CSV) or the byte offset (.npy, IDX).
//
// Labels: names (CSV), or integers that are class indices 0…C−1. Without a `classes` list, the
// classes are 0…max for integer labels, else the names found in the training split, sorted.

import { holdout } from '../train/holdout.js';
import type { Dataset, PreprocessName, Split } from '../types.js';
import { readPart, type RawSplit } from './declared-read.js';
import type { DataFormat, DeclaredSpec, FilePair } from './declared-spec.js';
import { DataError } from './errors.js';
import { combine } from './official.js';

/** A `datasets:` entry, defaults filled; the config stage resolves its paths (config/declared.ts). */
export interface DatasetDeclaration {
  format: DataFormat;
  /** csv: one file; npy and idx: features (images) and labels. */
  train: string | FilePair;
  /** A split of its own, or the fraction of train held out (stratified, seeded) to test on. */
  test: string | FilePair | number;
  /** csv: the label column, by name or by index counted from 0 (negative: from the end). */
  label?: string | number;
  /** The class names in label order; default: from the training labels (see above). */
  classes?: string[];
  /** How this dataset's inputs are prepared; replaces the experiment's `preprocess` for it. */
  preprocess?: PreprocessName;
}

export interface LoadedDeclared {
  dataset: Dataset;
  spec: DeclaredSpec;
  /** Of every file read, in the order train, test (features before labels). */
  sha256: string;
}

/** The test split held out of train draws from this stream of seed 0: the same examples for every run. */
const TEST_STREAM = 'test';

export async function loadDeclared(name: string, decl: DatasetDeclaration, shared = true): Promise<LoadedDeclared> {
  const train = await readPart(decl.format, decl.label, decl.train);
  const test = typeof decl.test === 'number' ? undefined : await readPart(decl.format, decl.label, decl.test);
  const trainFile = fileOf(decl.train);
  const classes = decl.classes ?? inferClasses(train.labels.values);
  if (classes.length < 2)
    throw new DataError(`${trainFile}: the labels hold ${classes.length} class (${classes.join(', ')}); a classifier needs two or more`);
  if (classes.length > 256) throw new DataError(`${trainFile}: ${classes.length} classes; at most 256 are supported`);
  if (test !== undefined && test.rows * test.cols !== train.rows * train.cols)
    throw new DataError(
      `${fileOf(decl.test as string | FilePair)}: ${test.rows * test.cols} values per example, ${trainFile} has ${train.rows * train.cols}`,
    );
  let trainSplit = toSplit(train, classes, shared);
  let testSplit: Split;
  if (test !== undefined) testSplit = toSplit(test, classes, shared);
  else {
    const fraction = decl.test as number;
    const parts = holdout(trainSplit, fraction, classes.length, 0, TEST_STREAM);
    if (parts.validation.length === 0 || parts.train.length === 0)
      throw new DataError(`${trainFile}: test: ${fraction} of its ${train.count} examples leaves an empty split`);
    testSplit = pick(trainSplit, parts.validation, shared);
    trainSplit = pick(trainSplit, parts.train, shared);
  }
  return {
    dataset: { name, classes, train: trainSplit, test: testSplit, source: trainFile },
    spec: {
      format: decl.format,
      ...(decl.label === undefined ? {} : { label: decl.label }),
      test: typeof decl.test === 'number' ? decl.test : 'file',
      classes,
      values: train.features === undefined ? 'uint8' : 'float32',
      shape: { train: trainSplit.count, test: testSplit.count, rows: train.rows, cols: train.cols },
    },
    sha256: combine([...train.hashes, ...(test?.hashes ?? [])]),
  };
}

const fileOf = (part: string | FilePair): string => (typeof part === 'string' ? part : part.features);

const isIndex = (v: string | number): boolean => (typeof v === 'number' ? Number.isInteger(v) && v >= 0 : /^\d+$/.test(v.trim()));

/** Integer labels: 0…max; names: those found, sorted. */
function inferClasses(values: readonly (string | number)[]): string[] {
  if (values.every(isIndex)) {
    const max = values.reduce<number>((m, v) => Math.max(m, Number(v)), 0);
    return Array.from({ length: max + 1 }, (_, c) => String(c));
  }
  return [...new Set(values.map(String))].sort();
}

/** The split in (shared) memory, labels as class indices; a label that is no class is an error at its place. */
function toSplit(raw: RawSplit, classes: readonly string[], shared: boolean): Split {
  const labels = alloc(Uint8Array, raw.count, shared);
  raw.labels.values.forEach((v, i) => {
    const named = classes.indexOf(String(v));
    const c = named >= 0 ? named : isIndex(v) && Number(v) < classes.length ? Number(v) : -1;
    if (c < 0) throw new DataError(`${raw.labels.where(i)}: label ${JSON.stringify(v)} is not one of the classes (${classes.join(', ')})`);
    labels[i] = c;
  });
  const images = raw.images === undefined ? new Uint8Array(0) : copy(raw.images, Uint8Array, shared);
  const features = raw.features === undefined ? {} : { features: copy(raw.features, Float32Array, shared) };
  return { images, ...features, labels, count: raw.count, rows: raw.rows, cols: raw.cols };
}

/** The examples `at` of `split`, in that order. */
function pick(split: Split, at: Uint32Array, shared: boolean): Split {
  const D = split.rows * split.cols;
  const take = <T extends Uint8Array | Float32Array>(from: T, make: ArrayMaker<T>): T => {
    const out = alloc(make, at.length * D, shared);
    at.forEach((idx, r) => out.set(from.subarray(idx * D, idx * D + D), r * D));
    return out;
  };
  const labels = alloc(Uint8Array, at.length, shared);
  at.forEach((idx, r) => (labels[r] = split.labels[idx]));
  return {
    ...split,
    count: at.length,
    labels,
    images: split.features === undefined ? take(split.images, Uint8Array) : new Uint8Array(0),
    ...(split.features === undefined ? {} : { features: take(split.features, Float32Array) }),
  };
}

type ArrayMaker<T> = { new (buffer: ArrayBufferLike): T; BYTES_PER_ELEMENT: number };

/** Backed by a SharedArrayBuffer when `shared`: workers read it without a copy. */
function alloc<T>(make: ArrayMaker<T>, length: number, shared: boolean): T {
  const bytes = length * make.BYTES_PER_ELEMENT;
  return new make(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

function copy<T extends Uint8Array | Float32Array>(from: T, make: ArrayMaker<T>, shared: boolean): T {
  const out = alloc(make, from.length, shared);
  out.set(from);
  return out;
}
