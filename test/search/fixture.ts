// A small halving experiment on the tiny dataset, and how to compare its stored run files:
// everything but timings and the machine (env), which say when and where, not what.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../../src/types.js';
import { tinySplit } from '../helpers/tiny.js';
import { writeDatasetFiles } from '../helpers/write-dataset.js';

/** 9 configs, 9 epochs, eta 3: rungs at 1, 3, 9 with 9, 3, 1 runs. */
export const HALVING = `name: h
seed: 3
dataset: mnist
model:
  layers: [{ linear: 16 }, relu, linear]
train:
  epochs: 9
  batch_size: 32
  validation: 0.2
  optimizer: { sgd: { lr: 0.1 } }
search: { method: halving, eta: 3 }
sweep:
  train.optimizer.sgd.lr: [0.01, 0.1, 1.0]
  model.layers[0].linear.units: [4, 8, 16]
`;

export async function writeHalvingData(dir: string, train = 600): Promise<string> {
  const data = join(dir, 'data');
  await writeDatasetFiles(join(data, 'mnist'), { train: tinySplit(train, 1), test: tinySplit(100, 2) });
  return data;
}

export async function storedRuns(results: string, experiment = 'h'): Promise<RunResult[]> {
  const runs = join(results, experiment, 'runs');
  const names = (await readdir(runs)).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(runs, n), 'utf8')) as RunResult));
}

/** A run file less its timings and machine: what must not depend on workers, shards or interruptions. */
export function comparable(r: RunResult): unknown {
  const { timing: _t, env: _e, ...rest } = r;
  return { ...rest, epochs: r.epochs.map(({ seconds: _s, ...m }) => m) };
}

export const comparableRuns = async (results: string, experiment = 'h'): Promise<unknown[]> =>
  (await storedRuns(results, experiment)).map(comparable);
