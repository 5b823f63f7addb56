// A run's identity: the hash of its canonical JSON. The same spec gives the same id on any machine
// and in any key order, so finished runs can be found again and skipped.

import { createHash } from 'node:crypto';
import type { RunSpec } from '../types.js';

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

/** The first 12 hex digits (48 bits) of sha256(canonicalJson(spec)): short for file names, ample for one experiment. */
export function runId(spec: RunSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 12);
}
