// A run's id: the hash of its identity's canonical JSON (the spec without its no-op defaults, see
// identity.ts). The same spec gives the same id on any machine, in any key order and in any later
// version of mlplab that only adds options, so finished runs can be found again and skipped.

import { createHash } from 'node:crypto';
import type { RunSpec } from '../types.js';
import { withoutNoopDefaults } from './identity.js';
import type { SchemaNode } from './schema.js';

/**
 * JSON with object keys sorted (by UTF-16 code unit) and no whitespace; numbers as JavaScript
 * prints them. Properties whose value is undefined are left out, as JSON.stringify does.
 * Throws on what JSON cannot hold (NaN, ±Infinity, undefined in a list, functions, bigints),
 * so two different specs can never share a text.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
}

const hash12 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);

/**
 * The first 12 hex digits (48 bits) of sha256(canonicalJson(identity)): short for file names,
 * ample for one experiment. `schema` is for tests that add a field to it.
 */
export function runId(spec: RunSpec, schema?: SchemaNode): string {
  return hash12(canonicalJson(withoutNoopDefaults(spec, schema)));
}

/**
 * The id mlplab 0.1 gave a run: the hash of its whole spec, no-op defaults included. Only read, to
 * recognise run files written before identities (store.ts); never given to a new run.
 */
export function legacyRunId(spec: RunSpec): string {
  return hash12(canonicalJson(spec));
}
