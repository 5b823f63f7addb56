// A run's identity: its spec with every option at its no-op default left out.
//
// A field whose default switches its feature off (`momentum: 0`, `clip_norm: null`,
// `schedule: { constant: {} }` …) carries `"x-noop-default": true` in the experiment schema: a run
// with the field at that default is the run without the field. So a new option with such a default
// leaves the identity — and the id and random streams computed from it — of every stored run as it
// was, and a run file written before the option existed reads as the same run. The annotation is
// the one place that says which defaults qualify; the walk below follows the schema as
// defaults.ts does (properties, items, $ref, the anyOf/oneOf branch the value's type picks).
//
// A default that does change results (`lr: 0.1`, `init: he`) is never annotated: the identity
// keeps it, so that changing such a default could never make two different runs share an id.

import { isDeepStrictEqual } from 'node:util';
import { itemsOf, nodeFor, properties, resolve, SCHEMA, type Json, type SchemaNode } from './schema.js';

/** The schema keyword marking a no-op default; ajv is told of it (validate.ts, run-schema.ts). */
export const NOOP_KEYWORD = 'x-noop-default';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The default of `node` if it is annotated as a no-op, else undefined. */
function noopDefault(node: SchemaNode): Json | undefined {
  const resolved = resolve(node);
  return resolved[NOOP_KEYWORD] === true ? resolved.default : undefined;
}

function walk(
  value: unknown,
  schema: SchemaNode,
  visit: (out: Record<string, unknown>, props: Record<string, SchemaNode>) => void,
): unknown {
  const node = nodeFor(schema, value);
  if (node === undefined) return value;
  if (isPlainObject(value)) {
    const props = properties(node);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = props[key] === undefined ? v : walk(v, props[key], visit);
    visit(out, props);
    return out;
  }
  const items = itemsOf(node);
  if (Array.isArray(value) && items !== undefined) return value.map((item) => walk(item, items, visit));
  return value;
}

/**
 * `spec` with every field equal to its no-op default left out, at any depth. Fields the schema
 * does not describe (dataset_sha256, experiment) are kept as they are.
 */
export function withoutNoopDefaults<T>(spec: T, schema: SchemaNode = SCHEMA): Partial<T> {
  return walk(spec, schema, (out, props) => {
    for (const [key, sub] of Object.entries(props)) {
      const noop = noopDefault(sub);
      if (noop !== undefined && Object.hasOwn(out, key) && isDeepStrictEqual(out[key], noop)) delete out[key];
    }
  }) as Partial<T>;
}

/** The inverse: every missing field that has a no-op default, filled in (a run file written before the field existed). */
export function withNoopDefaults<T>(spec: T, schema: SchemaNode = SCHEMA): T {
  return walk(spec, schema, (out, props) => {
    for (const [key, sub] of Object.entries(props)) {
      const noop = noopDefault(sub);
      if (noop !== undefined && !Object.hasOwn(out, key)) out[key] = structuredClone(noop);
    }
  }) as T;
}
