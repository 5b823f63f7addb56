// Redrawing results/<experiment>/ from the stored runs of the plan: the last step of `mlplab run`,
// and all of `mlplab report`, which never trains.

import { relative } from 'node:path';
import { loadExperiment, planRuns } from '../config/index.js';
import { datasetChecksum } from '../data/checksum.js';
import { DATASETS } from '../data/datasets.js';
import { UsageError } from '../errors.js';
import { writeReport } from '../report/write.js';
import type { DatasetName, RunResult } from '../types.js';
import { experimentDir, readRuns } from './store.js';

type Loaded = ReturnType<typeof loadExperiment>;
type Planned = ReturnType<typeof planRuns>;

/** The experiment's runs; their ids include the checksum of the data each would train on. */
export async function plan(file: string, opts: { set?: string[]; dataDir?: string } = {}): Promise<{ loaded: Loaded; planned: Planned }> {
  const loaded = loadExperiment(file, { set: opts.set });
  const checksums = new Map<DatasetName, string>();
  for (const name of loaded.datasets) checksums.set(name, await datasetChecksum(name, { dataDir: opts.dataDir }));
  const ctx = { classesOf: (d: DatasetName) => DATASETS[d].classes.length, checksumOf: (d: DatasetName) => checksums.get(d)! };
  return { loaded, planned: planRuns(loaded, ctx) };
}

/** Writes the report from the stored runs that are in the plan; stored runs outside it are named, not mixed in. */
export async function redraw(loaded: Loaded, planned: Planned, dir: string, say: (s: string) => void): Promise<string[]> {
  const all = await readRuns(dir);
  const runs = planned.map((p) => all.get(p.id)).filter((r): r is RunResult => r !== undefined);
  if (runs.length === 0) throw new UsageError(`${dir}: no stored runs of this experiment yet — train them with: mlplab run ${relative(process.cwd(), loaded.file)}`);
  const stale = [...all.keys()].filter((id) => !planned.some((p) => p.id === id));
  if (stale.length > 0) say(`note: ${stale.length} stored run(s) are not in the plan and are left out of the report: ${stale.join(', ')}`);
  return writeReport(dir, {
    experiment: { name: loaded.experiment.name, description: loaded.experiment.description, file: relative(process.cwd(), loaded.file), source: loaded.source },
    runs,
  });
}

export async function reportExperiment(
  file: string, resultsRoot: string, say: (s: string) => void, opts: { set?: string[]; dataDir?: string } = {},
): Promise<string[]> {
  const { loaded, planned } = await plan(file, opts);
  return redraw(loaded, planned, experimentDir(resultsRoot, loaded.experiment.name), say);
}
