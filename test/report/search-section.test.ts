// The README of a search: the Search section (rung table, the run chosen, its rank in the grid
// when the grid is stored), pruned runs said as such in the results table and not listed among
// the runs that did not finish.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildReadme } from '../../src/report/readme.js';
import type { ReportInput } from '../../src/report/input.js';
import { GRID_SEARCH, HALVED, HYPERBAND } from './search-fixtures.js';

const input = (s: Pick<ReportInput, 'runs' | 'search'>): ReportInput => ({
  experiment: { name: 'halving', description: 'A search.', file: 'experiments/halving.yaml', source: 'name: halving\n' },
  ...s,
});

const section = (md: string): string => md.slice(md.indexOf('## Search'), md.indexOf('\n## ', md.indexOf('## Search') + 1));

test('a halving search has a rung table: runs entered, kept, cut-off, epochs', () => {
  const md = section(buildReadme(input(HALVED), []));
  assert.match(md, /\| Rung \| Epoch \| Runs entered \| Kept \| Cut-off \(val accuracy\) \| Epochs \|/);
  assert.match(
    md,
    /\| 1 \| 1 \| 27 \| 9 \| \d+\.\d\d% \| 27 \|\n\| 2 \| 3 \| 9 \| 3 \| \d+\.\d\d% \| 18 \|\n\| 3 \| 9 \| 3 \| — \| — \| 18 \|/,
  );
  assert.match(md, /halving chose `\w{8}` .* for 63 of the full grid's 243 epochs \(25\.9%\)\./);
  assert.doesNotMatch(md, /rank/, 'the pruned runs are not stored whole: no grid to rank in');
});

test('with every run stored whole, the choice is ranked in the grid', () => {
  const md = section(buildReadme(input(GRID_SEARCH), []));
  assert.match(md, /It is (the grid's best too|rank \d+ of 27 in the grid)/);
  const hyperband = section(buildReadme(input(HYPERBAND), []));
  assert.match(hyperband, /\| Bracket \| Rung \|/);
  assert.match(hyperband, /\| s=0 \| 1 \| 9 \| \d+ \| — \| — \| \d+ \|/);
});

test('pruned runs are said so in the results table, and are not runs that did not finish', () => {
  const md = buildReadme(input(HALVED), []);
  assert.equal((md.match(/\| pruned at epoch 1 \|/g) ?? []).length, 18);
  assert.equal((md.match(/\| pruned at epoch 3 \|/g) ?? []).length, 6);
  assert.doesNotMatch(md, /Runs that did not finish/);
  assert.match(md, /Runs: 27 \(3 done, 24 pruned\)/);
});

test('a grid experiment has no Search section', () => {
  assert.doesNotMatch(buildReadme(input({ runs: GRID_SEARCH.runs }), []), /## Search/);
});
