// Fill in defaults from the schema's `default` keywords, and from nowhere else.
//
// Why not ajv's `useDefaults`: ajv ignores defaults inside anyOf/oneOf (where layer and dataset
// options live), and it mutates the data while validating. This walker follows the same structure
// ajv checks (properties, items, $ref) and, at an anyOf/oneOf, enters the branch the value's type
// picks. It runs on data that has already passed validation.

import type { TrainSpec } from '../types.js';
import { itemsOf, nodeFor, properties, resolve, SCHEMA, type Json, type SchemaNode } from './schema.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A copy of `value` with every missing property that has a schema default filled in, at any depth. */
export function fillDefaults(value: unknown, schema: SchemaNode = SCHEMA): unknown {
  const node = nodeFor(schema, value);
  if (node === undefined) return value;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = { ...value };
    for (const [key, sub] of Object.entries(properties(node))) {
      const fallback: Json | undefined = resolve(sub).default;
      if (!Object.hasOwn(out, key) && fallback !== undefined) out[key] = structuredClone(fallback);
      // Recurse into defaults too: a default object may leave inner options to their own defaults.
      if (Object.hasOwn(out, key)) out[key] = fillDefaults(out[key], sub);
    }
    return out;
  }
  const items = itemsOf(node);
  if (Array.isArray(value) && items) return value.map((item) => fillDefaults(item, items));
  return value;
}

/**
 * A run's training options with every field at its schema default, for code that builds a RunSpec
 * directly instead of from a file (tests, benchmarks); override what matters on top.
 */
export function defaultTrain(): TrainSpec {
  return (fillDefaults({}) as { train: TrainSpec }).train;
}
