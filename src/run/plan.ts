// An experiment's runs, from its file: the first step of `mlplab run`, `report` and `plan`. Light
// on purpose (no plotting libraries), so that `mlplab plan` starts quickly.

import { loadExperiment, planRuns } from '../config/index.js';
import { datasetChecksum } from '../data/checksum.js';
import { DATASETS } from '../data/datasets.js';
import type { DatasetName } from '../types.js';

export type Loaded = ReturnType<typeof loadExperiment>;
export type Planned = ReturnType<typeof planRuns>;

/** The experiment's runs; their ids include the checksum of the data each would train on. */
export async function plan(
  file: string, opts: { set?: string[]; dataDir?: string; allowModifiedData?: boolean } = {},
): Promise<{ loaded: Loaded; planned: Planned }> {
  const loaded = loadExperiment(file, { set: opts.set });
  const checksums = new Map<DatasetName, string>();
  for (const name of loaded.datasets) checksums.set(name, await datasetChecksum(name, { dataDir: opts.dataDir, allowModified: opts.allowModifiedData }));
  const ctx = { classesOf: (d: DatasetName) => DATASETS[d].classes.length, checksumOf: (d: DatasetName) => checksums.get(d)! };
  return { loaded, planned: planRuns(loaded, ctx) };
}
