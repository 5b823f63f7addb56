// `mlplab plan --missing`: the tasks of a job array that still have runs to train (none stored, or
// stored as failed), first as one line in Slurm's --array= syntax (so a script can take it with
// `head -1`), then each task's runs. Tasks are shards of N with --shards N, else plan indices
// (one run per task, as `run --index` trains). Pure: run/shard.ts decides the tasks.

import { arraySpec, missingShards } from '../run/shard.js';
import type { RunSpec } from '../types.js';

export function formatMissing(
  experiment: string,
  planned: readonly { id: string; spec: RunSpec }[],
  missing: (id: string) => boolean,
  shards?: number,
): string {
  const tasks = missingShards(planned, missing, shards);
  const runs = tasks.reduce((sum, t) => sum + t.ids.length, 0);
  if (runs === 0) return `nothing missing: all ${planned.length} run(s) of ${experiment} are stored\n`;
  const what = shards === undefined ? 'plan indices (--index)' : `shards of ${shards} (--shard i/${shards})`;
  const lines = [
    arraySpec(tasks.map((t) => t.task)),
    `${experiment}: ${runs} of ${planned.length} run(s) missing, in ${tasks.length} task(s), as ${what}:`,
    ...tasks.map((t) => `${t.task}: ${t.ids.join(' ')}`),
  ];
  return `${lines.join('\n')}\n`;
}
