// Reading the files of one split of a declared dataset (declared.ts): the examples, as bytes
// (IDX, uint8 .npy) or float32 features (CSV, float .npy), and the labels as written, each label
// able to say where it is (a CSV line, a byte offset) for the messages about it.

import { readFile } from 'node:fs/promises';
import { parseCsvTable } from './csv.js';
import type { DataFormat, FilePair } from './declared-spec.js';
import { DataError } from './errors.js';
import { parseIdx, readDecompressed } from './idx.js';
import { parseNpy } from './npy.js';
import { sha256 } from './official.js';

/** Labels as read, before they become class indices; `where(i)` names the place of label i. */
export interface RawLabels {
  values: readonly (string | number)[];
  where(i: number): string;
}

export interface RawSplit {
  count: number;
  rows: number;
  cols: number;
  images?: Uint8Array;
  features?: Float32Array;
  labels: RawLabels;
  hashes: string[];
}

/** One split: a CSV file, or the examples and labels files of .npy or IDX. */
export async function readPart(format: DataFormat, label: string | number | undefined, part: string | FilePair): Promise<RawSplit> {
  // A CSV's label column defaults to the last.
  if (format === 'csv') return readCsv(part as string, label ?? -1);
  const { features, labels } = part as FilePair;
  const [x, y] = await Promise.all([readBytes(features), readBytes(labels)]);
  const split = format === 'npy' ? npyExamples(x, features) : idxExamples(x, features);
  const read = format === 'npy' ? npyLabels(y, labels) : idxLabels(y, labels);
  if (read.values.length !== split.count)
    throw new DataError(`${labels}: ${read.values.length} labels, but ${features} has ${split.count} examples`);
  if (split.count === 0) throw new DataError(`${features}: no examples (an empty split)`);
  return { ...split, labels: read, hashes: [sha256(x), sha256(y)] };
}

async function readBytes(path: string): Promise<Uint8Array> {
  return readDecompressed(path); // a DataError naming the file when it cannot be read
}

async function readCsv(path: string, label: string | number): Promise<RawSplit> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new DataError(`${path}: cannot read (${(err as Error).message})`);
  }
  const table = parseCsvTable(bytes.toString('utf8'), path, label);
  const labels = table.labels ?? [];
  return {
    count: table.rows,
    rows: 1,
    cols: table.columns.length,
    features: finiteFloat32(table.values, (i) => `${path}: line ${table.lines[Math.floor(i / table.columns.length)]}`),
    labels: { values: labels, where: (i) => `${path}: line ${table.lines[i]}` },
    hashes: [sha256(bytes)],
  };
}

/** Float32 copies of the values; one that is not finite (or too large for float32) is an error at `where`. */
function finiteFloat32(values: ArrayLike<number>, where: (i: number) => string): Float32Array {
  const out = Float32Array.from(values);
  const bad = out.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0)
    throw new DataError(`${where(bad)}: ${values[bad]} is not a finite number${Number.isFinite(values[bad]) ? ' in float32' : ''}`);
  return out;
}

function npyExamples(bytes: Uint8Array, path: string): Omit<RawSplit, 'labels' | 'hashes'> {
  const a = parseNpy(bytes, path);
  if (a.shape.length !== 2 && a.shape.length !== 3)
    throw new DataError(`${path}: byte ${a.offset}: shape (${a.shape.join(', ')}); expected examples × features or examples × rows × cols`);
  const [count, rows, cols] = a.shape.length === 3 ? a.shape : [a.shape[0], 1, a.shape[1]];
  if (a.data instanceof Uint8Array) return { count, rows, cols, images: a.data };
  return { count, rows, cols, features: finiteFloat32(a.data, (i) => `${path}: byte ${a.offset + i * a.itemSize}`) };
}

function npyLabels(bytes: Uint8Array, path: string): RawLabels {
  const a = parseNpy(bytes, path, { integers: true });
  if (a.shape.length !== 1 && !(a.shape.length === 2 && a.shape[1] === 1))
    throw new DataError(`${path}: byte ${a.offset}: labels of shape (${a.shape.join(', ')}); expected one per example`);
  return { values: Array.from(a.data), where: (i) => `${path}: byte ${a.offset + i * a.itemSize}` };
}

function idxExamples(bytes: Uint8Array, path: string): Omit<RawSplit, 'labels' | 'hashes'> {
  const { dims, data } = parseIdx(bytes, path);
  if (dims.length < 2) throw new DataError(`${path}: byte 0: ${dims.length}-dimensional; expected examples × rows × cols`);
  const [count, ...rest] = dims;
  const [rows, cols] = rest.length === 2 ? rest : [1, rest.reduce((p, d) => p * d, 1)];
  return { count, rows, cols, images: data };
}

function idxLabels(bytes: Uint8Array, path: string): RawLabels {
  const { dims, data } = parseIdx(bytes, path, 1);
  const header = 4 + 4 * dims.length;
  return { values: Array.from(data), where: (i) => `${path}: byte ${header + i}` };
}
