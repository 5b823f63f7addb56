// What the schema cannot say about a sweep block: that each key names a real field, that no field
// is swept twice, that a zip group's lists line up, that a range runs low to high. Each problem
// points at the key or value to fix.

import { getAt, isMapping } from './access.js';
import type { Issue } from './messages.js';
import { formatPath, startsWith, type FieldPath } from './path.js';
import { quote } from './quote.js';
import { rangeOf, type Distribution } from './random.js';
import { unknownPath } from './schema-path.js';
import { RESERVED, sweepKeys, type SweepKey } from './sweep.js';

/** Fields that are not settings of a run: sweeping them would not make different runs. */
export const NOT_SWEPT: Readonly<Record<string, string>> = {
  name: 'the experiment has one name (it names the results folder)',
  description: 'the description is not a setting of a run',
  extends: 'extends is followed before the sweep applies',
  sweep: 'a sweep cannot sweep itself',
  search: 'the search runs over the sweep: it is chosen once for the whole experiment',
  save: 'which models to keep is chosen once for the whole experiment, after every run is done',
};

const SYNTAX = 'dotted names with [i] for list items, e.g. model.layers[0].linear.units';

export interface SweepCheck {
  issues: Issue[];
  /** Keys found not to name a field: the schema's complaints about their values would be noise. */
  unknown: FieldPath[];
}

function keyProblem(key: SweepKey, experiment: Record<string, unknown>): string | undefined {
  if (key.path === undefined) return `${quote(key.key)} is not a field path (${SYNTAX})`;
  const field = String(key.path[0]);
  if (Object.hasOwn(NOT_SWEPT, field)) return `${field} cannot be swept: ${NOT_SWEPT[field]}`;
  const method = getAt(experiment, ['search', 'method']);
  if ((method === 'halving' || method === 'hyperband') && formatPath(key.path) === 'train.epochs')
    return `train.epochs cannot be swept with search.method ${method}: it is the budget every run's rungs lead up to`;
  const unknown = unknownPath(key.path, key.kind === 'grid' ? RESERVED : []);
  if (unknown !== undefined) return unknown;
  if (field === 'dataset' && Array.isArray(experiment.dataset)) {
    return 'dataset is already a list (one run per dataset): vary it in one place';
  }
  return undefined;
}

export function checkSweep(experiment: unknown): SweepCheck {
  if (!isMapping(experiment)) return { issues: [], unknown: [] };
  const issues: Issue[] = [];
  const unknown: FieldPath[] = [];
  const atKey = (at: FieldPath, message: string): number => issues.push({ path: at, node: at, at: 'key', message });
  const seen: SweepKey[] = [];
  for (const key of sweepKeys(experiment.sweep)) {
    const problem = keyProblem(key, experiment);
    if (problem !== undefined) {
      atKey(key.at, problem);
      unknown.push(key.at);
      continue;
    }
    // Two axes setting one field (or one inside the other) would overwrite each other's values.
    const clash = seen.find((other) => startsWith(key.path!, other.path!) || startsWith(other.path!, key.path!));
    if (clash !== undefined) atKey(key.at, `already swept by ${formatPath(clash.at)}: sweep a field in one place`);
    seen.push(key);
  }
  issues.push(...zipLengths(experiment.sweep), ...ranges(experiment.sweep));
  return { issues, unknown };
}

/** In a zip group every list has the same length: the group moves through them in step. */
function zipLengths(sweep: unknown): Issue[] {
  const zip = getAt(sweep, ['zip']);
  if (!Array.isArray(zip)) return [];
  return zip.flatMap((group, g): Issue[] => {
    if (!isMapping(group)) return [];
    const lengths = Object.entries(group)
      .filter(([, v]) => Array.isArray(v))
      .map(([k, v]) => `${k} has ${(v as unknown[]).length}`);
    const distinct = new Set(
      Object.values(group)
        .filter(Array.isArray)
        .map((v) => v.length),
    );
    if (distinct.size <= 1) return [];
    const at = ['sweep', 'zip', g];
    return [
      {
        path: at,
        node: at,
        at: 'value',
        message: `the lists of a zip group change together, so they need the same length: ${lengths.join(', ')}`,
      },
    ];
  });
}

/** A numeric range is [lo, hi] with lo ≤ hi. */
function ranges(sweep: unknown): Issue[] {
  const random = getAt(sweep, ['random']);
  if (!isMapping(random)) return [];
  return Object.entries(random).flatMap(([key, distribution]): Issue[] => {
    if (!isMapping(distribution) || Object.keys(distribution).length !== 1) return [];
    const [name, range] = Object.entries(distribution)[0];
    if (!Array.isArray(range) || range.length !== 2 || !range.every((x) => typeof x === 'number')) return [];
    const [lo, hi] = rangeOf(distribution as Distribution) ?? [0, 0];
    if (lo <= hi) return [];
    const at = ['sweep', 'random', key, name];
    return [{ path: at, node: at, at: 'value', message: `a range is [lo, hi] with lo ≤ hi, got [${lo}, ${hi}]` }];
  });
}
