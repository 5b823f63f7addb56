// The schema lists the fields a sweep key may name ($defs.sweptFields) so that editors offer them
// as completions; the list is written by hand, and these tests keep it equal to the fields the
// schema has, so a new field is offered as soon as it exists.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePath } from '../../src/config/path.js';
import { properties, resolve, SCHEMA, type SchemaNode, subschemas } from '../../src/config/schema.js';
import { unknownPath } from '../../src/config/schema-path.js';
import { NOT_SWEPT } from '../../src/config/sweep-check.js';

const listed = Object.keys(properties(resolve({ $ref: '#/$defs/sweptFields' })));

/** Every form a value may take at `node` (its anyOf / oneOf branches, resolved). */
const forms = (node: SchemaNode): SchemaNode[] => {
  const r = resolve(node);
  const branches = [...subschemas(r, 'anyOf'), ...subschemas(r, 'oneOf')];
  return branches.length > 0 ? branches.flatMap(forms) : [r];
};

/** The dotted paths of every field reachable without a list index, outside the unsweepable ones. */
function fieldPaths(node: SchemaNode, prefix: string[] = []): string[] {
  const keys = forms(node).flatMap((form) => Object.entries(properties(form)));
  const paths = keys
    .filter(([key]) => prefix.length > 0 || !Object.hasOwn(NOT_SWEPT, key))
    .flatMap(([key, sub]) => [[...prefix, key].join('.'), ...fieldPaths(sub, [...prefix, key])]);
  return [...new Set(paths)];
}

test('sweptFields lists every field a sweep key can name without [i], and nothing else', () => {
  assert.deepEqual([...listed].sort(), fieldPaths(SCHEMA).sort());
  assert.ok(listed.includes('train.optimizer.sgd.lr'));
});

test('every listed field is a path mlplab accepts in a sweep', () => {
  for (const key of listed) assert.equal(unknownPath(parsePath(key)!), undefined, key);
});
