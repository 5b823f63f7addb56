// Datasets of a user's own, written by the tests: a CSV table, .npy files, IDX files, each of
// three well-separated classes (Gaussian blobs around a class centre), so a small MLP learns
// them in a few epochs; and the experiment file that declares one.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from '../../src/nn/rng.js';
import { encodeIdx } from './write-dataset.js';

export const SPECIES = ['alpha', 'beta', 'gamma'];

/** `count` examples of `width` features; class c is centred at 3·(c+1) in feature c mod width. */
export function blobs(count: number, width: number, seed: number): { x: Float64Array; y: Uint8Array } {
  const rng = Rng.from(seed, 'blobs');
  const x = new Float64Array(count * width);
  const y = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const c = n % SPECIES.length;
    y[n] = c;
    for (let j = 0; j < width; j++) x[n * width + j] = 10 + rng.normal() * 0.5 + (j === c % width ? 3 * (c + 1) : 0);
  }
  return { x, y };
}

/** CSV text: a header (f0 … f<width−1>, species), one row per example, labels as names. */
export function csvText(count: number, width: number, seed: number): string {
  const { x, y } = blobs(count, width, seed);
  const header = [...Array.from({ length: width }, (_, j) => `f${j}`), 'species'].join(',');
  const rows = Array.from(y, (c, n) =>
    [...Array.from(x.subarray(n * width, n * width + width), (v) => v.toFixed(3)), SPECIES[c]].join(','),
  );
  return `${header}\n${rows.join('\n')}\n`;
}

const SIZES: Record<string, number> = { '<f4': 4, '<f8': 8, '|u1': 1, '<i8': 8, '<c8': 8 };

/** A .npy file (version 1.0) of `values` with the given descr and shape. */
export function npyBytes(descr: string, shape: readonly number[], values: ArrayLike<number>): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += `${' '.repeat(63 - ((10 + header.length) % 64))}\n`;
  const size = SIZES[descr] ?? 4;
  const out = new Uint8Array(10 + header.length + values.length * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  for (let i = 0; i < values.length; i++) {
    const at = 10 + header.length + i * size;
    if (descr === '<f8' || descr === '<c8') view.setFloat64(at, values[i], true);
    else if (descr === '<i8') view.setBigInt64(at, BigInt(values[i]), true);
    else if (size === 4) view.setFloat32(at, values[i], true);
    else view.setUint8(at, values[i]);
  }
  return out;
}

/** Where a .npy file's data starts (the offset messages name for element 0). */
export const npyDataStart = (bytes: Uint8Array): number => 10 + new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);

/** Writes blobs as `<stem>-x.npy` (float32) and `<stem>-y.npy` (int64) into dir. */
export async function writeNpyPair(dir: string, stem: string, count: number, width: number, seed: number): Promise<void> {
  const { x, y } = blobs(count, width, seed);
  await writeFile(join(dir, `${stem}-x.npy`), npyBytes('<f4', [count, width], x));
  await writeFile(join(dir, `${stem}-y.npy`), npyBytes('<i8', [count], y));
}

/** Writes 4×4 byte images of the blobs as `<stem>-images.idx` and `<stem>-labels.idx` into dir. */
export async function writeIdxPair(dir: string, stem: string, count: number, seed: number): Promise<void> {
  const { x, y } = blobs(count, 16, seed);
  const images = Uint8Array.from(x, (v) => Math.max(0, Math.min(255, Math.round((v - 8) * 15))));
  await writeFile(join(dir, `${stem}-images.idx`), encodeIdx(images, [count, 4, 4]));
  await writeFile(join(dir, `${stem}-labels.idx`), encodeIdx(y, [count]));
}

/** An experiment training a small MLP on the dataset declared by `declaration` (YAML lines under `mine:`). */
export function experimentOn(declaration: string, epochs = 8): string {
  const lines = declaration
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
  return `name: mine
seed: 1
datasets:
  mine:
${lines}
dataset: mine
model:
  layers:
    - linear: 16
    - relu
    - linear
train:
  epochs: ${epochs}
  batch_size: 16
  optimizer:
    adam: { lr: 0.01 }
`;
}
