// --shard i/n, --index k and --shards n, checked where they come in (as options.ts does for the
// others): a mistake names the flag and is said before anything is read or trained. `auto` takes
// the task number a job array gives each task: Slurm's SLURM_ARRAY_TASK_ID, else a Kubernetes
// Indexed Job's JOB_COMPLETION_INDEX.

import { UsageError } from './errors.js';
import { MAX_SHARDS, type Selection } from './run/shard.js';

const AUTO_FROM = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX'] as const;

/** A whole number written plainly (no sign, exponent or fraction), or undefined. */
function whole(text: string): number | undefined {
  return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
}

/** --shards N (and the n of --shard i/n): a whole number in 1…MAX_SHARDS. */
export function shardCountOption(text: string, flag = '--shards'): number {
  const n = whole(text);
  if (n === undefined || n < 1 || n > MAX_SHARDS)
    throw new UsageError(
      `${flag}: the number of shards must be a whole number from 1 to ${MAX_SHARDS.toLocaleString('en-US')}, got "${text}"`,
    );
  return n;
}

/** The selection of --shard i/n or --index k (at most one of them), or undefined for the whole plan. */
export function selectionOption(
  shard: string | undefined,
  index: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Selection | undefined {
  if (shard !== undefined && index !== undefined)
    throw new UsageError('--shard and --index: give one of them (--shard i/n trains a shard, --index k one run)');
  if (index !== undefined) {
    const k = whole(index);
    if (k === undefined) throw new UsageError(`--index: a run's position in the plan (0, 1, … as mlplab plan lists them), got "${index}"`);
    return { index: k };
  }
  if (shard === undefined) return undefined;
  const m = /^([^/]*)\/([^/]*)$/.exec(shard);
  if (m === null) throw new UsageError(`--shard: expected i/n (shard i of n, from 0) or auto/n, got "${shard}"`);
  const of = shardCountOption(m[2]!, '--shard');
  if (m[1] === 'auto') return { shard: autoIndex(of, env), of };
  const i = whole(m[1]!);
  if (i === undefined || i >= of)
    throw new UsageError(`--shard ${shard}: i must be a whole number from 0 to ${of - 1} (shards count from 0)`);
  return { shard: i, of };
}

/** The task number of a job array, for --shard auto/n. */
function autoIndex(of: number, env: Readonly<Record<string, string | undefined>>): number {
  const from = AUTO_FROM.find((name) => (env[name] ?? '') !== '');
  if (from === undefined)
    throw new UsageError(
      `--shard auto/${of}: neither ${AUTO_FROM.join(' nor ')} is set (give the shard as --shard i/${of} outside a job array)`,
    );
  const text = env[from]!;
  const i = whole(text);
  if (i === undefined || i >= of)
    throw new UsageError(`--shard auto/${of}: ${from}=${text} is not a shard of ${of} (from 0 to ${of - 1}; does the array start at 0?)`);
  return i;
}
