// Runs trained on local files that are not the official ones of their dataset (allowed with
// --allow-modified-data): their dataset is marked wherever the report names it, so a number
// measured on modified data is never read as one on MNIST. The run's data checksum says it;
// nothing else needs recording.

import { isOfficial } from '../../data/official.js';
import type { RunResult, RunSpec } from '../../types.js';

// A declared dataset has no official files: its checksum is named in the report instead (declared-data.ts).
const isModified = (spec: RunSpec): boolean => spec.dataset_spec === undefined && !isOfficial(spec.dataset, spec.dataset_sha256);

/** The dataset's name for a table cell: `mnist`, or `mnist (modified data)`. */
export function datasetCell(spec: RunSpec): string {
  return isModified(spec) ? `${spec.dataset} (**modified data**)` : spec.dataset;
}

/** A note under the results when some run was trained on modified data, naming each such dataset's checksum. */
export function modifiedDataNote(runs: readonly RunResult[]): string[] {
  const modified = new Map(runs.filter((r) => isModified(r.spec)).map((r) => [`${r.spec.dataset} ${r.spec.dataset_sha256}`, r.spec]));
  if (modified.size === 0) return [];
  const which = [...modified.values()].map((s) => `${s.dataset} (data checksum \`${s.dataset_sha256.slice(0, 12)}\`)`);
  return [
    `**Modified data:** runs marked _modified data_ were trained on local files that differ from the official ` +
      `${which.join(', ')} (\`--allow-modified-data\`); their results are not results on the official datasets.`,
  ];
}
