import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DATASETS, IDX_FILES } from '../../src/data/datasets.js';

test('the registry knows exactly the DatasetName values', () => {
  assert.deepEqual(Object.keys(DATASETS).sort(), ['fashion-mnist', 'mnist']);
});

test('every entry has 10 classes, a hash per file and mirrors', () => {
  for (const [name, e] of Object.entries(DATASETS)) {
    assert.equal(e.classes.length, 10, name);
    assert.deepEqual(Object.keys(e.sha256).sort(), [...IDX_FILES].sort(), name);
    for (const h of Object.values(e.sha256)) assert.match(h, /^[0-9a-f]{64}$/, name);
    assert.ok(e.mirrors.length > 0, name);
    for (const m of e.mirrors) assert.match(m, /^https?:\/\/.+\/$/, name);
  }
  assert.equal(DATASETS['fashion-mnist'].classes[9], 'Ankle boot');
});
