// Field paths as users write them in sweeps and --set, and the reads and writes behind them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deepMerge, getAt, hasAt, setAt } from '../../src/config/access.js';
import { formatPath, parsePath } from '../../src/config/path.js';

test('parsePath reads dotted names and [i] indexes, and round-trips with formatPath', () => {
  assert.deepEqual(parsePath('model.layers[0].linear.units'), ['model', 'layers', 0, 'linear', 'units']);
  assert.deepEqual(parsePath('a[1][2].b_c-d'), ['a', 1, 2, 'b_c-d']);
  for (const text of ['model.layers[12].linear', 'train.optimizer.sgd.lr', 'seed']) assert.equal(formatPath(parsePath(text)!), text);
  for (const bad of ['', 'a..b', '.a', 'a.', 'a[x]', 'a[-1]', '[0]', 'a b', '1a']) assert.equal(parsePath(bad), undefined, bad);
});

test('setAt creates missing mappings, fills an empty one, and refuses holes in lists', () => {
  const data: Record<string, unknown> = { train: {}, model: { layers: [{ linear: null }, 'relu'] } };
  assert.equal(setAt(data, ['train', 'optimizer', 'sgd', 'lr'], 0.1), undefined);
  assert.equal(setAt(data, ['model', 'layers', 0, 'linear', 'units'], 8), undefined);
  assert.deepEqual(data, { train: { optimizer: { sgd: { lr: 0.1 } } }, model: { layers: [{ linear: { units: 8 } }, 'relu'] } });
  assert.equal(setAt(data, ['model', 'layers', 2], 'relu'), 'model.layers has 2 items, so there is no [2]');
  assert.equal(setAt(data, ['model', 'layers', 1, 'relu'], {}), 'model.layers[1] is not a mapping');
  assert.equal(setAt(data, ['train', 0], 1), 'train is not a list');
});

test('hasAt and getAt tell a written empty value from a missing one', () => {
  const data = { a: { b: null, c: [1, 2] } };
  assert.equal(hasAt(data, ['a', 'b']), true);
  assert.equal(hasAt(data, ['a', 'x']), false);
  assert.equal(hasAt(data, ['a', 'c', 2]), false);
  assert.equal(getAt(data, ['a', 'c', 1]), 2);
  assert.equal(getAt(data, ['a', 'b', 'z']), undefined);
});

test('deepMerge: mappings merge (base keys first), everything else is replaced, inputs untouched', () => {
  const base = { a: 1, m: { x: 1, y: [1, 2] }, l: [{ k: 1 }] };
  const over = { m: { y: [3], z: 2 }, l: [{ j: 2 }], b: null };
  assert.deepEqual(deepMerge(base, over), { a: 1, m: { x: 1, y: [3], z: 2 }, l: [{ j: 2 }], b: null });
  assert.deepEqual(Object.keys(deepMerge(base, over) as object), ['a', 'm', 'l', 'b']);
  assert.deepEqual(base, { a: 1, m: { x: 1, y: [1, 2] }, l: [{ k: 1 }] });
});
