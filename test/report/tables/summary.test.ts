import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configTable } from '../../../src/report/tables/config-table.js';
import { resultsTable } from '../../../src/report/tables/run-table.js';
import { FASHION, MNIST } from '../fixtures.js';
import { GRID, REPLICATES } from '../sweep-fixtures.js';
import { VALIDATED } from '../validation-fixtures.js';

const summary = { summary: true };
const lines = (md: string) => md.trimEnd().split('\n');
const cells = (line: string) => line.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, ''));

test('summary: what every run shares is said once above, the table keeps what varies', () => {
  const [constants, , header] = lines(resultsTable(GRID, summary));
  assert.equal(constants, 'Every run: dataset mnist · layers 784-128-64-10 relu · params 109,386.');
  assert.equal(header, '| Run | Label | Epochs | s/epoch | Final test acc | Best test acc | Final train loss | Status |');
  assert.ok(cells(header!).length <= 8, 'fits GitHub’s width');
});

test('summary: ranked by final test accuracy without validation, the best bold, what did not finish last', () => {
  const rows = lines(resultsTable(GRID, summary)).slice(4);
  const tests = rows.map((r) => cells(r)[4]);
  assert.deepEqual(tests, ['**97.50%**', '97.00%', '96.50%', '96.00%', '95.50%', '—']);
  assert.match(rows.at(-1)!, /lr 0\.3 · batch 32 .*diverged/);
});

test('summary: with a validation split, ranked and marked by validation accuracy', () => {
  const table = lines(resultsTable(VALIDATED, summary));
  const header = cells(table.find((l) => l.startsWith('| Run'))!);
  const val = header.indexOf('Final val acc');
  const rows = table.slice(table.findIndex((l) => l.startsWith('| :---')) + 1);
  assert.deepEqual(
    rows.map((r) => cells(r)[val]),
    ['**88.00%**', '87.00%', '83.00%'],
  );
});

test('summary with replicates: leads with n and mean accuracies, configs ranked by their mean', () => {
  const table = lines(configTable(REPLICATES, summary));
  assert.equal(table[2], '| Config | n | Final test acc | Best test acc | Final train loss | s/epoch | Status |');
  assert.deepEqual(
    table.slice(4).map((r) => cells(r).slice(0, 3)),
    [
      ['lr 0.03', '3', '**97.91 ± 0.11%**'],
      ['lr 0.1', '2', '96.60 ± 0.14%'],
      ['lr 0.01', '3', '96.20 ± 0.20%'],
    ],
  );
});

test('summary: one run per dataset is no choice, so nothing is bold', () => {
  assert.doesNotMatch(resultsTable([MNIST, FASHION], summary), /\*\*/);
});
