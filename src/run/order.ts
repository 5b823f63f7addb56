// The order in which a sweep's runs go to the pool: the costliest first (longest-processing-time
// first), by floating-point operations per epoch × epochs from the plan's estimate. Handed out in
// plan order, a long run that comes last keeps one core busy while the others idle; started
// first, it overlaps the short ones. Ties keep the plan's order. A run's result does not depend on
// when it trains, so only the wall time changes. (FLOPs miss what else makes a run slow — small
// batches, dense inputs — but need no timing, and equal FLOPs leave the plan order as it was.)

import { flopsPerEpoch } from '../estimate/estimate.js';
import type { RunSpec } from '../types.js';

export function costliestFirst<T extends { spec: RunSpec }>(todo: readonly T[]): T[] {
  return todo
    .map((item, i) => ({ item, i, cost: flopsPerEpoch(item.spec) * item.spec.train.epochs }))
    .sort((a, b) => b.cost - a.cost || a.i - b.i)
    .map(({ item }) => item);
}
