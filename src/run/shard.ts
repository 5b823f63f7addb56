// Static shards: a sweep split over n processes (a job array's tasks, a cluster's nodes) without any
// of them talking to another. The partition is a pure function of the plan and n, so every task
// computes it alone and gets the same answer: shards are disjoint, together they are the plan, and
// they are balanced by cost (FLOPs per epoch × epochs, the measure run/order.ts starts runs by).
//
// The deal is greedy least-loaded (longest-processing-time first): runs sorted costliest first
// (ties by run id, so the order does not depend on the plan's), each to the shard with the least
// cost so far (ties to the lowest shard). On a sweep of equal runs it is the round-robin deal; on
// mixed sizes its max/mean is never worse than round-robin's in our tests (test/run/shard.test.ts
// measures both) and is within 4/3 of the best possible. A shard's runs are listed in plan order.

import { flopsPerEpoch } from '../estimate/estimate.js';
import { UsageError } from '../errors.js';
import type { RunSpec } from '../types.js';

/** The most shards a sweep may be split in (a job array larger than this is a mistake). */
export const MAX_SHARDS = 100_000;

/** What one process trains: shard `index` of `count`, or the single run at plan position `index`. */
export type Selection = { shard: number; of: number } | { index: number };

/** A run's cost in the partition: floating-point operations over its whole training. */
export function runCost(spec: RunSpec): number {
  return flopsPerEpoch(spec) * spec.train.epochs;
}

/**
 * The partition of `planned` into `n` shards: for each shard, the plan indices of its runs, in
 * plan order. Shards may be empty when n exceeds the number of runs.
 */
export function shardOf(planned: readonly { id: string; spec: RunSpec }[], n: number): number[][] {
  return dealByCost(
    planned.map((p) => ({ id: p.id, cost: runCost(p.spec) })),
    n,
  );
}

/** shardOf on costs given directly (the pure core, also for tests of synthetic sweeps). */
export function dealByCost(runs: readonly { id: string; cost: number }[], n: number): number[][] {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SHARDS) throw new RangeError(`shard count must be an integer in 1…${MAX_SHARDS}, got ${n}`);
  const order = runs.map((r, i) => ({ ...r, i })).sort((a, b) => b.cost - a.cost || (a.id < b.id ? -1 : a.id > b.id ? 1 : a.i - b.i));
  const shards: number[][] = Array.from({ length: n }, () => []);
  const heap = new LoadHeap(n);
  for (const { i, cost } of order) shards[heap.addToLightest(cost)]!.push(i);
  for (const s of shards) s.sort((a, b) => a - b);
  return shards;
}

/** The plan indices `selection` trains, in plan order; an --index past the plan is refused. */
export function selectedIndices(planned: readonly { id: string; spec: RunSpec }[], selection: Selection): number[] {
  if ('of' in selection) return shardOf(planned, selection.of)[selection.shard] ?? [];
  if (selection.index >= planned.length)
    throw new UsageError(
      `--index ${selection.index}: the plan has ${planned.length} run(s), numbered 0 to ${planned.length - 1} (mlplab plan lists them)`,
    );
  return [selection.index];
}

/** How messages name a selection: `shard 3/10`, `--index 7`. */
export function selectionName(selection: Selection): string {
  return 'of' in selection ? `shard ${selection.shard}/${selection.of}` : `--index ${selection.index}`;
}

/**
 * Which shards of `n` (or, without n, which plan indices: one run per task) hold a run for which
 * `missing(id)` holds, with those runs' ids; for `mlplab plan --missing` and resubmitting them.
 */
export function missingShards(
  planned: readonly { id: string; spec: RunSpec }[],
  missing: (id: string) => boolean,
  n?: number,
): { task: number; ids: string[] }[] {
  const tasks = n === undefined ? planned.map((_, i) => [i]) : shardOf(planned, n);
  return tasks.map((indices, task) => ({ task, ids: indices.map((i) => planned[i]!.id).filter(missing) })).filter((t) => t.ids.length > 0);
}

/** Task numbers in Slurm's --array= syntax: 0,3,5-7 (sorted, runs of consecutive numbers as ranges). */
export function arraySpec(tasks: readonly number[]): string {
  const sorted = [...new Set(tasks)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let k = 0; k < sorted.length; ) {
    let end = k;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end++;
    parts.push(end === k ? `${sorted[k]}` : `${sorted[k]}-${sorted[end]}`);
    k = end + 1;
  }
  return parts.join(',');
}

/** A binary min-heap of shard loads, ordered by (load, shard index) so ties always go the same way. */
class LoadHeap {
  private readonly load: number[];
  private readonly heap: number[];

  constructor(n: number) {
    this.load = new Array<number>(n).fill(0);
    this.heap = Array.from({ length: n }, (_, s) => s); // all loads 0: already a heap by index
  }

  /** Adds `cost` to the least-loaded shard and returns that shard. */
  addToLightest(cost: number): number {
    const s = this.heap[0]!;
    this.load[s]! += cost;
    this.siftDown(0);
    return s;
  }

  private less(a: number, b: number): boolean {
    return this.load[a]! < this.load[b]! || (this.load[a] === this.load[b] && a < b);
  }

  private siftDown(at: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let m = at;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === at) return;
      [h[at], h[m]] = [h[m]!, h[at]!];
      at = m;
    }
  }
}
