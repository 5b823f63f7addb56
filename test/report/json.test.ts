import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prettyJson } from '../../src/report/json.js';

test('short values stay on one line, long ones are indented', () => {
  assert.equal(prettyJson({ a: [1, 2], b: { c: 'x' } }), '{"a": [1, 2], "b": {"c": "x"}}');
  assert.equal(prettyJson({ a: 'x'.repeat(30), b: 'y'.repeat(30) }, 40), `{\n  "a": "${'x'.repeat(30)}",\n  "b": "${'y'.repeat(30)}"\n}`);
});

test('flat records in arrays are one line each, however long', () => {
  const rows = [{ id: 'r'.repeat(50), v: 1 }, { id: 's'.repeat(50), v: null }];
  assert.equal(prettyJson({ values: rows }, 20), `{\n  "values": [\n    {"id": "${'r'.repeat(50)}", "v": 1},\n    {"id": "${'s'.repeat(50)}", "v": null}\n  ]\n}`);
});

test('round-trips, dropping undefined and turning NaN into null as JSON does', () => {
  const value = { a: [1, { b: 'c' }], d: undefined, e: NaN, f: [] as number[], g: {} };
  assert.deepEqual(JSON.parse(prettyJson(value, 5)), JSON.parse(JSON.stringify(value)));
});
