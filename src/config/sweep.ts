// The `sweep:` block: which fields vary, and how. Every key but the reserved words is a grid axis
// (a field path → its values); `zip` holds groups of axes that move together; `random` maps paths
// to distributions drawn `samples` times; `repeats` replicates every run with seeds seed + r.

import { isMapping, type Mapping } from './access.js';
import { fillDefaults } from './defaults.js';
import { parsePath, type FieldPath } from './path.js';
import type { Distribution } from './random.js';
import { properties, SCHEMA } from './schema.js';

export const RESERVED = ['zip', 'samples', 'random', 'repeats'] as const;

const isReserved = (key: string): boolean => (RESERVED as readonly string[]).includes(key);

/** A key of the sweep block that names a field: where it sits, and the field it sweeps. */
export interface SweepKey {
  kind: 'grid' | 'zip' | 'random';
  /** The key as written, e.g. `model.layers[0].linear.units`. */
  key: string;
  /** The field it names; undefined when the key is not a path at all. */
  path: FieldPath | undefined;
  /** The mapping that holds the key (the sweep, a zip group, or random). */
  holder: Mapping;
  /** Where the key is in the experiment, e.g. `['sweep', 'zip', 0, key]`. */
  at: FieldPath;
}

/** Every field-naming key of a sweep block as written (shapes unchecked: anything odd is skipped). */
export function sweepKeys(sweep: unknown): SweepKey[] {
  if (!isMapping(sweep)) return [];
  const keys = (kind: SweepKey['kind'], holder: Mapping, at: FieldPath): SweepKey[] =>
    Object.keys(holder)
      .filter((key) => kind !== 'grid' || !isReserved(key))
      .map((key) => ({ kind, key, path: parsePath(key), holder, at: [...at, key] }));
  const zip = Array.isArray(sweep.zip) ? sweep.zip : [];
  return [
    ...keys('grid', sweep, ['sweep']),
    ...zip.flatMap((group, g) => (isMapping(group) ? keys('zip', group, ['sweep', 'zip', g]) : [])),
    ...(isMapping(sweep.random) ? keys('random', sweep.random, ['sweep', 'random']) : []),
  ];
}

/** The keys that name a field path. */
export function sweptPaths(sweep: unknown): (SweepKey & { path: FieldPath })[] {
  return sweepKeys(sweep).filter((k): k is SweepKey & { path: FieldPath } => k.path !== undefined);
}

/** One swept field: its path, and where its values (or its distribution) were written. */
export interface Axis<T> {
  path: FieldPath;
  values: T;
  at: FieldPath;
}

export interface Sweep {
  grid: Axis<unknown[]>[];
  zip: Axis<unknown[]>[][];
  random: { samples: number; axes: Axis<Distribution>[] } | undefined;
  repeats: number;
}

interface WrittenSweep {
  zip?: Record<string, unknown[]>[];
  samples?: number;
  random?: Record<string, Distribution>;
  repeats: number;
}

/** The sweep block of a validated experiment (every path checked), read into axes. */
export function readSweep(written: unknown): Sweep {
  const sweep = fillDefaults(written ?? {}, properties(SCHEMA).sweep) as WrittenSweep & Mapping;
  const axis = <T>(key: SweepKey, values: T): Axis<T> => ({ path: key.path as FieldPath, values, at: key.at });
  const keys = sweepKeys(sweep);
  const random = sweep.random;
  return {
    grid: keys.filter((k) => k.kind === 'grid').map((k) => axis(k, sweep[k.key] as unknown[])),
    zip: (sweep.zip ?? []).map((group, g) => keys.filter((k) => k.kind === 'zip' && k.at[2] === g).map((k) => axis(k, group[k.key]))),
    random:
      random && sweep.samples !== undefined
        ? { samples: sweep.samples, axes: keys.filter((k) => k.kind === 'random').map((k) => axis(k, random[k.key])) }
        : undefined,
    repeats: sweep.repeats,
  };
}
