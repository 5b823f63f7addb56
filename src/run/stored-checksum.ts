// Planning on a machine without the data (a clone that holds the results, say): a dataset whose
// files are not found here is taken to be the one its stored runs were trained on, when they all
// agree on it. Otherwise runs on local or modified files would show as missing (their ids hold a
// checksum that only the files can confirm), and `prune` would take them for runs outside the plan.

import { pinnedChecksum } from '../data/official.js';
import type { BuiltinName } from '../data/datasets.js';
import type { DatasetName, RunResult } from '../types.js';
import { experimentDir, readRuns } from './store.js';

/** The stored runs of one experiment, read once, and the fallback checksum for resolve.ts. */
export class StoredRuns {
  /** What was planned with a stored checksum instead of the official one, a line each. */
  readonly notes: string[] = [];
  /** Datasets not found here whose stored runs were trained on different data: none could be chosen. */
  readonly unsure: DatasetName[] = [];
  private readonly read = new Map<string, Promise<Map<string, RunResult>>>();

  constructor(
    private readonly resultsRoot: string,
    private readonly warn: (text: string) => void,
  ) {}

  /** Every valid stored run of `experiment`, by id (store.readRuns; invalid files go to `warn`). */
  of(experiment: string): Promise<Map<string, RunResult>> {
    let runs = this.read.get(experiment);
    if (runs === undefined) {
      runs = readRuns(experimentDir(this.resultsRoot, experiment), this.warn);
      this.read.set(experiment, runs);
    }
    return runs;
  }

  /** For ResolveOptions.whenMissing: the one checksum stored for `dataset`, if there is exactly one. */
  readonly whenMissing = async (dataset: BuiltinName, experiment: string): Promise<string | undefined> => {
    const runs = [...(await this.of(experiment)).values()];
    const checksums = new Set(runs.filter((r) => r.spec.dataset === dataset).map((r) => r.spec.dataset_sha256));
    if (checksums.size > 1) this.unsure.push(dataset);
    if (checksums.size !== 1) return undefined;
    const checksum = [...checksums][0]!;
    // The official files' checksum is what a missing dataset is planned with anyway: nothing to say.
    if (checksum !== pinnedChecksum(dataset))
      this.notes.push(
        `${dataset}: not found on this machine, planned with the data checksum its stored runs recorded (${checksum.slice(0, 12)}…)`,
      );
    return checksum;
  };
}
