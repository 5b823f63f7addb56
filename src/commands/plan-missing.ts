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
  /** Runs being trained now, by id: the holder of their claim (a resubmitted task leaves them to it). */
  claimed: ReadonlyMap<string, string> = new Map(),
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
  const busy = tasks.flatMap((t) => t.ids).filter((id) => claimed.has(id));
  if (busy.length > 0)
    lines.push(
      `${busy.length} of them are being trained now (claimed): ${busy.map((id) => `${id} by ${claimed.get(id)}`).join(', ')}; a task resubmitted now skips them`,
    );
  return `${lines.join('\n')}\n`;
}
