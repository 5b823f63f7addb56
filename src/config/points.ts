// The points of a sweep: every combination of grid values × zip group positions × random
// samples × repeats, in that order, the last changing fastest (like nested loops written in that
// order, grid axes in the order the file lists them). Pure; the order is part of the contract,
// since it is the order runs are planned, trained and shown.

import { Rng } from '../nn/rng.js';
import { formatPath, type FieldPath } from './path.js';
import { draw } from './random.js';
import type { Sweep } from './sweep.js';

/** One field set to one value; `at` is where that value (or its distribution) was written. */
export interface Assignment {
  path: FieldPath;
  value: unknown;
  at: FieldPath;
}

export interface Point {
  assignments: Assignment[];
  /** The replicate, from 0: the run's seed is the experiment's (or the swept) seed + repeat. */
  repeat: number;
}

/** Each option of an axis is a set of assignments made together. */
type Options = Assignment[][];

function product(axes: Options[]): Assignment[][] {
  return axes.reduce<Assignment[][]>((combos, options) => combos.flatMap((combo) => options.map((option) => [...combo, ...option])), [[]]);
}

/**
 * The random samples. Each path draws from its own stream, derived from the seed and the path, so
 * adding, removing or pinning (--set) one path leaves the values drawn for the others as they were.
 */
function samples(random: NonNullable<Sweep['random']>, seed: number): Options {
  const streams = random.axes.map(({ path }) => Rng.from(seed, `sweep:${formatPath(path)}`));
  return Array.from({ length: random.samples }, () =>
    random.axes.map(({ path, values, at }, a) => {
      const { value, index } = draw(values, streams[a]);
      return { path, value, at: index === undefined ? at : [...at, 'choice', index] };
    }),
  );
}

/**
 * The most runs one experiment may plan. Each axis has a maximum in the schema, but axes multiply,
 * so their product is bounded here, before any point is made (a slip like 10⁴ × 10⁴ values would
 * otherwise fill memory planning them). Past what one machine trains; `mlplab run` asks first
 * from 1,000 runs on (run/notice.ts).
 */
export const MAX_RUNS = 100_000;

/** How many points `sweep` has, without making them. */
export function pointCount(sweep: Sweep): number {
  const lengths = [...sweep.grid.map((axis) => axis.values.length), ...sweep.zip.map((group) => group[0]?.values.length ?? 0)];
  return lengths.reduce((n, l) => n * l, 1) * (sweep.random?.samples ?? 1) * sweep.repeats;
}

/** Every point of `sweep`; `seed` (the experiment's) seeds the random draws. */
export function sweepPoints(sweep: Sweep, seed: number): Point[] {
  const grid: Options[] = sweep.grid.map(({ path, values, at }) =>
    values.map((value, i) => [{ path, value: structuredClone(value), at: [...at, i] }]),
  );
  // A zip group is one axis whose i-th option sets the i-th value of every path in the group.
  const zip: Options[] = sweep.zip.map((group) =>
    Array.from({ length: group[0]?.values.length ?? 0 }, (_, i) =>
      group.map(({ path, values, at }) => ({ path, value: structuredClone(values[i]), at: [...at, i] })),
    ),
  );
  const random: Options[] = sweep.random ? [samples(sweep.random, seed)] : [];
  const combos = product([...grid, ...zip, ...random]);
  return combos.flatMap((assignments) => Array.from({ length: sweep.repeats }, (_, repeat) => ({ assignments, repeat })));
}
