// The datasets an experiment declares (`datasets:`), described under the results: what the runs
// read (format, label column, test split, classes, examples) and the SHA-256 that identifies the
// bytes, so a reader can tell whether their copy of the file is the one the numbers come from.

import type { RunResult } from '../../types.js';
import { DASH } from '../format.js';

/**
 * One line per declared dataset and checksum among the runs; `files` names each dataset's training
 * file as the experiment wrote it (the run spec leaves paths out, see data/declared-spec.ts).
 */
export function declaredDataNote(runs: readonly RunResult[], files: Readonly<Record<string, string>> = {}): string[] {
  const seen = new Map(
    runs.filter((r) => r.spec.dataset_spec !== undefined).map((r) => [`${r.spec.dataset} ${r.spec.dataset_sha256}`, r.spec]),
  );
  return [...seen.values()].map((s) => {
    const d = s.dataset_spec!;
    const file = files[s.dataset] === undefined ? '' : ` \`${files[s.dataset]}\``;
    const label = d.label === undefined ? '' : `, label column \`${d.label}\``;
    const test = d.test === 'file' ? 'a test file of its own' : `${Math.round(d.test * 100)}% of the training file held out to test on`;
    const width = d.shape.rows > 1 ? `${d.shape.rows}×${d.shape.cols}` : String(d.shape.cols);
    return (
      `**Dataset ${s.dataset}** (declared): ${d.format}${file}${label}, ${test}; ${d.shape.train} training and ${d.shape.test} test ` +
      `examples of ${width} values; classes ${d.classes.join(', ') || DASH}; data SHA-256 \`${s.dataset_sha256}\`.`
    );
  });
}
