// Two stored runs of a one-dataset tiny experiment, for the tests of the commands that read the
// store: one of the file as written, one of `run --set train.epochs=1`.

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { DATASETS } from '../../src/data/datasets.js';
import { mlplabMain } from './main.js';
import { TINY_EXPERIMENT, tempDir, writeExperiment, writeTinyData } from './tiny.js';

/** As on a clone of the results without the data: fashion-mnist neither given nor installed. */
export const notInstalled = (dir: string) => ({ 'fashion-mnist': { ...DATASETS['fashion-mnist'], systemDirs: [join(dir, 'nowhere')] } });

const FASHION = TINY_EXPERIMENT.replace('dataset: [mnist, fashion-mnist]', 'dataset: fashion-mnist');

/** The run ids stored in results/tiny/runs. */
export async function storedIds(results: string): Promise<string[]> {
  return (await readdir(join(results, 'tiny', 'runs'))).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
}

/** One run of the file as written (3 epochs) and one of `--set train.epochs=1`; returns their ids. */
export async function twoRuns(t: TestContext) {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, FASHION);
  const results = join(dir, 'results');
  const common = ['--data-dir', data, '--allow-modified-data', '--results', results, '--workers', '1'];
  const first = await mlplabMain(['run', file, ...common, '--quiet']);
  assert.equal(first.code, 0, first.stderr);
  const [plan] = await storedIds(results);
  const second = await mlplabMain(['run', file, '--set', 'train.epochs=1', ...common]);
  assert.equal(second.code, 0, second.stderr);
  const other = (await storedIds(results)).find((id) => id !== plan)!;
  assert.ok(other !== undefined);
  return {
    dir,
    data,
    file,
    results,
    plan: plan!,
    other,
    log: second.stderr,
    readme: () => readFile(join(results, 'tiny', 'README.md'), 'utf8'),
  };
}
