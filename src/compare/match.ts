// Which stored run of one revision is which run of another. A run's id is the hash of its spec, so
// the same spec has the same id at every commit: most runs pair by id. When the experiment file
// changed a setting of every run (a new lr schedule, more epochs), every id changes with it; the
// runs still correspond one to one, told apart by what the sweep varies (dataset, seed, lr…). Those
// are paired by their spec minus the fields that changed for every run — and the caller says which.

import { COMPOSITES, within } from '../report/params.js';
import type { RunResult, RunSpec } from '../types.js';

export interface Matched {
  /** Pairs [before, after]: by id first, then by spec minus `ignored`. */
  pairs: [RunResult, RunResult][];
  /** Runs only at the earlier revision. */
  removed: RunResult[];
  /** Runs only in the working tree. */
  added: RunResult[];
  /**
   * Spec fields (`train.epochs`, or a whole `train.schedule`) that had one value in every run before
   * and another one in every run after: left out when pairing the runs whose ids differ. Empty
   * when every pair is by id.
   */
  ignored: string[];
}

/** Pairs the runs of `before` with those of `after` (each keyed by id). */
export function matchRuns(before: ReadonlyMap<string, RunResult>, after: ReadonlyMap<string, RunResult>): Matched {
  const pairs: [RunResult, RunResult][] = [];
  for (const [id, run] of before) {
    const other = after.get(id);
    if (other !== undefined) pairs.push([run, other]);
  }
  const removed = [...before.values()].filter((r) => !after.has(r.id));
  const added = [...after.values()].filter((r) => !before.has(r.id));
  // Only a setting of the whole experiment: one value in every run before, another in every run
  // after. A swept value replaced (lr 0.2 → 0.3 among others) is a run removed and one added.
  const ignored = uniformChanges(
    [...before.values()].map((r) => r.spec),
    [...after.values()].map((r) => r.spec),
  );
  if (ignored.length === 0) return { pairs, removed, added, ignored };
  const key = (spec: RunSpec) => JSON.stringify([...flatten(spec)].filter(([p]) => !ignored.some((i) => p === i)));
  const unique = (runs: RunResult[]) => {
    const byKey = new Map<string, RunResult[]>();
    for (const r of runs) byKey.set(key(r.spec), [...(byKey.get(key(r.spec)) ?? []), r]);
    return byKey;
  };
  const [olds, news] = [unique(removed), unique(added)];
  const paired = new Set<RunResult>();
  for (const [k, [old, ...moreOld]] of olds) {
    const candidates = news.get(k);
    // Only a one-to-one correspondence is a match; anything else stays added and removed.
    if (old === undefined || moreOld.length > 0 || candidates?.length !== 1) continue;
    pairs.push([old, candidates[0]!]);
    paired.add(old).add(candidates[0]!);
  }
  if (paired.size === 0) return { pairs, removed, added, ignored: [] };
  // A union-typed field that changed kind (constant → cosine schedule) is named whole, as
  // report/params.ts does: `train.schedule`, not the leaves of either kind.
  const [b0, a0] = [flatten(removed[0]!.spec), flatten(added[0]!.spec)];
  const reshaped = COMPOSITES.filter((c) => ignored.some((p) => within(p, c) && !(b0.has(p) && a0.has(p))));
  const said = [...new Set(ignored.map((p) => reshaped.find((c) => within(p, c)) ?? p))];
  return { pairs, removed: removed.filter((r) => !paired.has(r)), added: added.filter((r) => !paired.has(r)), ignored: said };
}

/**
 * The fields with a single value among `before` and another single value among `after` (a field
 * present on one side only counts as changed too); none when either side is empty.
 */
export function uniformChanges(before: readonly RunSpec[], after: readonly RunSpec[]): string[] {
  if (before.length === 0 || after.length === 0) return [];
  const values = (specs: readonly RunSpec[], path: string) => new Set(specs.map((s) => flatten(s).get(path) ?? 'absent'));
  const paths = new Set([...before, ...after].flatMap((s) => [...flatten(s).keys()]));
  return [...paths]
    .filter((path) => {
      const [b, a] = [values(before, path), values(after, path)];
      return b.size === 1 && a.size === 1 && [...b][0] !== [...a][0];
    })
    .sort();
}

/** Path → JSON of the leaf, paths as `--set` writes them (`model.layers[0].linear.units`). */
function flatten(spec: RunSpec): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value !== null && typeof value === 'object' && Object.keys(value).length > 0)
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`);
    else out.set(path, JSON.stringify(value));
  };
  walk(spec, '');
  return out;
}
