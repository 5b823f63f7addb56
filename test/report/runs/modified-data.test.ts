import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReadme } from '../../../src/report/readme.js';
import { configTable } from '../../../src/report/tables/config-table.js';
import { resultsTable } from '../../../src/report/tables/run-table.js';
import { FASHION, makeRun, MNIST } from '../fixtures.js';

const curve: [number, number][] = [
  [0.4, 0.9],
  [0.2, 0.95],
  [0.1, 0.97],
];
const MODIFIED = makeRun({ id: 'modified-1', curve, sha256: 'c0ffee00'.repeat(8) });
const readme = (runs: (typeof MNIST)[]): string =>
  buildReadme({ experiment: { name: 'x', description: 'x', file: 'x.yaml', source: 'name: x\n' }, runs }, []);

test('a run on data other than the official files is marked wherever the report names its dataset', () => {
  assert.match(resultsTable([MNIST, MODIFIED]), /\| mnist \(\*\*modified data\*\*\) \|/);
  assert.match(
    configTable([MODIFIED, { ...MODIFIED, id: 'modified-2', spec: { ...MODIFIED.spec, seed: 2 } }]),
    /\| mnist \(\*\*modified data\*\*\) \|/,
  );
  const text = readme([MNIST, MODIFIED]);
  assert.match(
    text,
    /\*\*Modified data:\*\* runs marked _modified data_ .* mnist \(data checksum `c0ffee00c0ff`\) \(`--allow-modified-data`\)/,
  );
});

test('runs on the official data carry no marker', () => {
  assert.doesNotMatch(resultsTable([MNIST, FASHION]), /modified/);
  assert.doesNotMatch(readme([MNIST, FASHION]), /modified/i);
});
