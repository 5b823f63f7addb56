// The experiment JSON Schema, loaded once, and the few ways config code reads it. The schema is the
// one place where defaults and allowed names live; code asks it rather than repeating them.

import { readFileSync } from 'node:fs';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type SchemaNode = { [keyword: string]: Json };

// Compiled code sits in dist/src/config/, the schema in <root>/schema/ (shipped beside dist/).
const SCHEMA_URL = new URL('../../../schema/experiment.schema.json', import.meta.url);

export const SCHEMA: SchemaNode = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as SchemaNode;

function isNode(value: Json | undefined): value is SchemaNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Follow a local `$ref` (`#/$defs/x`); keywords beside the `$ref` (description, default) win. */
export function resolve(node: SchemaNode): SchemaNode {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let target: Json = SCHEMA;
  for (const part of ref.slice(2).split('/')) target = isNode(target) ? target[part] : null;
  if (!isNode(target)) throw new Error(`unresolvable $ref ${ref}`);
  const { $ref: _ref, ...siblings } = node;
  return { ...resolve(target), ...siblings };
}

export function subschemas(node: SchemaNode, keyword: 'anyOf' | 'oneOf'): SchemaNode[] {
  const list = node[keyword];
  return Array.isArray(list) ? list.filter(isNode) : [];
}

export function properties(node: SchemaNode): Record<string, SchemaNode> {
  const props = node.properties;
  return isNode(props) ? (props as Record<string, SchemaNode>) : {};
}

export function itemsOf(node: SchemaNode): SchemaNode | undefined {
  return isNode(node.items) ? node.items : undefined;
}

export function typesOf(node: SchemaNode): string[] {
  const type = node.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

/** The JSON Schema type name of a value ('integer' for whole numbers). */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * The anyOf/oneOf branch meant for a value. The schema's branches differ by type (a test checks
 * this), so the value's type picks one; a number picks an integer branch too, so that 1.5 for
 * `units` is told "must be an integer" rather than matching nothing.
 */
export function branchFor(branches: SchemaNode[], value: unknown): SchemaNode | undefined {
  const type = jsonType(value);
  const accepts = (t: string): boolean => t === type || (t === 'number' && type === 'integer') || (t === 'integer' && type === 'number');
  return branches.find((b) => typesOf(resolve(b)).some(accepts));
}

/**
 * The node that describes `value` at `node`: `node` resolved and, through an anyOf/oneOf, the
 * branch the value's type picks (undefined when none does). The one walk step shared by filling
 * defaults, the run identity and `extends`.
 */
export function nodeFor(node: SchemaNode, value: unknown): SchemaNode | undefined {
  const resolved = resolve(node);
  const branches = [...subschemas(resolved, 'anyOf'), ...subschemas(resolved, 'oneOf')];
  if (branches.length === 0) return resolved;
  const branch = branchFor(branches, value);
  return branch === undefined ? undefined : nodeFor(branch, value);
}

function enumAt(def: string): string[] {
  const values = resolve({ $ref: `#/$defs/${def}` }).enum;
  return Array.isArray(values) ? values.map(String) : [];
}

// The schema's allowed names, to compare with the registries (nn/layers, nn/losses, nn/optim,
// nn/schedule.ts, data/datasets.ts).
export const schemaLayerNames = (): string[] => enumAt('layerName');
export const schemaLossNames = (): string[] => enumAt('lossName');
/** The built-in datasets, which the schema offers as examples (any declared name is allowed too). */
export const schemaDatasetNames = (): string[] => (resolve({ $ref: '#/$defs/datasetName' }).examples as string[]).map(String);
export const schemaInitNames = (): string[] => enumAt('initName');
export const schemaOptimizerNames = (): string[] => Object.keys(properties(resolve({ $ref: '#/$defs/optimizer' })));
export const schemaScheduleNames = (): string[] => Object.keys(properties(resolve({ $ref: '#/$defs/schedule' })));
