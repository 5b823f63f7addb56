// A tiny learnable dataset the tests write themselves: 8×8 images of class c have a bright
// 2×2 block at a class-specific place plus seeded noise, so a small MLP learns it in a few epochs.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { writeDatasetFiles } from './write-dataset.js';
import { Rng } from '../../src/nn/rng.js';
import type { Split } from '../../src/types.js';

export const SIDE = 8;

export function tinySplit(count: number, seed: number): Split {
  const rng = Rng.from(seed, 'tiny-dataset');
  const images = new Uint8Array(count * SIDE * SIDE);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const c = rng.int(10);
    labels[n] = c;
    const o = n * SIDE * SIDE;
    for (let i = 0; i < SIDE * SIDE; i++) images[o + i] = rng.int(60);
    const r = 2 * Math.floor(c / 4),
      col = 2 * (c % 4);
    for (const [dr, dc] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ])
      images[o + (r + dr) * SIDE + col + dc] = 200 + rng.int(56);
  }
  return { images, labels, count, rows: SIDE, cols: SIDE };
}

export async function tempDir(t: TestContext, prefix = 'mlplab-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes tiny `mnist` and `fashion-mnist` datasets under <dir>/data and returns that directory. */
export async function writeTinyData(dir: string): Promise<string> {
  const data = join(dir, 'data');
  await writeDatasetFiles(join(data, 'mnist'), { train: tinySplit(300, 1), test: tinySplit(100, 2) });
  await writeDatasetFiles(join(data, 'fashion-mnist'), { train: tinySplit(260, 3), test: tinySplit(90, 4) }, { gzip: true });
  return data;
}

export const TINY_EXPERIMENT = `name: tiny
description: A tiny experiment on fixture data.
seed: 3
dataset: [mnist, fashion-mnist]
model:
  layers:
    - linear: 16
    - relu
    - linear
train:
  epochs: 3
  batch_size: 32
  optimizer:
    sgd: { lr: 0.5 }
`;

export async function writeExperiment(dir: string, text = TINY_EXPERIMENT, name = 'tiny.yaml'): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}
