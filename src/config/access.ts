// Reading and writing plain data (YAML as JSON) at a field path: the one mechanism behind
// sweeps, `--set` and `extends`, so they agree on what a path means.

import { formatPath, type FieldPath } from './path.js';
import { nodeFor, properties, type SchemaNode } from './schema.js';

export type Mapping = Record<string, unknown>;

export function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether `data` has a value written at `path` (an empty value, null, counts as written). */
export function hasAt(data: unknown, path: FieldPath): boolean {
  let here = data;
  for (const segment of path) {
    if (typeof segment === 'number' ? !Array.isArray(here) || segment >= here.length : !isMapping(here) || !Object.hasOwn(here, segment)) {
      return false;
    }
    here = (here as Mapping)[segment];
  }
  return true;
}

export function getAt(data: unknown, path: FieldPath): unknown {
  return hasAt(data, path) ? path.reduce<unknown>((here, segment) => (here as Mapping)[segment], data) : undefined;
}

/**
 * Set `path` to `value` in `data`, in place. Missing mapping keys are created (the schema decides
 * later whether they may be there); a list index must exist, since a made-up item would be a
 * hole in the list. Returns what stood in the way, or undefined.
 */
export function setAt(data: Mapping, path: FieldPath, value: unknown): string | undefined {
  let here: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    const at = formatPath(path.slice(0, i));
    if (typeof segment === 'number') {
      if (!Array.isArray(here)) return `${at} is not a list`;
      if (segment >= here.length) return `${at} has ${here.length} item${here.length === 1 ? '' : 's'}, so there is no [${segment}]`;
    } else if (!isMapping(here)) {
      return `${at === '' ? 'the experiment' : at} is not a mapping`;
    }
    const container = here as Mapping;
    if (last) {
      container[segment] = value;
      return undefined;
    }
    if (container[segment] === undefined || container[segment] === null) {
      // `linear:` (null) means "no options": setting an option fills that empty mapping.
      if (typeof path[i + 1] === 'number') return `${formatPath(path.slice(0, i + 1))} is not a list`;
      container[segment] = {};
    }
    here = container[segment];
  }
  return undefined;
}

/**
 * `over` merged onto `base`: mappings merge key by key (base keys first), anything else replaces.
 * With the `schema` node the values stand at, a choice — a mapping the schema allows one key in,
 * `{ sgd: {…} }` or `{ cosine: {} }` — that names another key replaces the base's whole: a file
 * that extends one with `optimizer: { adam: {…} }` switches optimizer rather than naming two.
 */
export function deepMerge(base: unknown, over: unknown, schema?: SchemaNode): unknown {
  if (!isMapping(base) || !isMapping(over)) return structuredClone(over);
  const node = schema === undefined ? undefined : nodeFor(schema, over);
  if (node?.maxProperties === 1 && Object.keys(over).some((key) => !Object.hasOwn(base, key))) return structuredClone(over);
  const props = node === undefined ? {} : properties(node);
  const out: Mapping = structuredClone(base);
  for (const [key, value] of Object.entries(over))
    out[key] = Object.hasOwn(out, key) ? deepMerge(out[key], value, props[key]) : structuredClone(value);
  return out;
}
