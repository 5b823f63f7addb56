import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestEpoch, errorSummary, resultsTable } from '../../../src/report/tables/run-table.js';
import { DIVERGED, FAILED, FASHION, MNIST, RUNS } from '../fixtures.js';
import { storedBeforeValidation, VALIDATED } from '../validation-fixtures.js';

const HEADER =
  '| Run | Label | Dataset | Layers | Optimizer | Batch | Params | Epochs | s/epoch | Final test acc | Best test acc | Final train loss | Status |';

function rows(md: string): string[] {
  return md.trimEnd().split('\n');
}

test('header, alignment row, one row per run', () => {
  const lines = rows(resultsTable(RUNS));
  assert.equal(lines[0], HEADER);
  assert.match(lines[1]!, /^\| :--- \| :--- \| .* \| ---: \| ---: \| ---: \| ---: \| :--- \|$/);
  assert.equal(lines.length, 2 + RUNS.length);
});

test('the Label column is left out when labels are just the datasets', () => {
  const header = rows(resultsTable([MNIST, FASHION]))[0]!;
  assert.equal(header, HEADER.replace(' Label |', ''));
});

test('rows are grouped by dataset, then keep the given order', () => {
  const ids = rows(resultsTable(RUNS))
    .slice(2)
    .map((l) => l.split(' | ')[0]);
  assert.deepEqual(ids, ['| `cccc3333`', '| `aaaa1111`', '| `eeee5555`']);
  const reversed = rows(resultsTable([FAILED, FASHION, MNIST]))
    .slice(2)
    .map((l) => l.split(' | ')[0]);
  assert.deepEqual(reversed, ['| `cccc3333`', '| `eeee5555`', '| `aaaa1111`']);
});

test('a finished run row formats every number', () => {
  const row = rows(resultsTable(RUNS)).find((l) => l.includes('aaaa1111'))!;
  assert.equal(
    row,
    '| `aaaa1111` | mnist · lr 0.1 | mnist | 784-128-64-10 relu | sgd lr=0.1 | 64 | 109,386 | 3 | 2.25 | 97.11% | 97.11% (ep. 3) | 0.1234 | done |',
  );
});

test('a failed row shows status and error, and dashes for missing numbers', () => {
  const row = rows(resultsTable(RUNS)).find((l) => l.includes('eeee5555'))!;
  assert.equal(
    row,
    '| `eeee5555` | mnist · lr 1 | mnist | 784-128-64-10 relu | sgd lr=1 | 64 | — | 0/3 | — | — | — | — | **failed**: Error: worker crashed \\| out of memory |',
  );
});

test('a diverged row keeps the numbers it has', () => {
  const row = rows(resultsTable([DIVERGED])).at(-1)!;
  assert.match(row, /\| 2\/3 \| 2\.13 \| — \| 20\.00% \(ep\. 1\) \| — \| \*\*diverged\*\*: train_loss became NaN at epoch 2 \|$/);
});

test('bestEpoch takes the earliest of equal maxima and skips missing values', () => {
  assert.equal(bestEpoch(MNIST)?.epoch, 3);
  assert.equal(bestEpoch(FAILED), undefined);
  assert.equal(bestEpoch(DIVERGED)?.epoch, 1);
});

test('errorSummary keeps the first line and shortens long ones', () => {
  assert.equal(errorSummary('boom\n  at x'), 'boom');
  assert.equal(errorSummary('x'.repeat(200), 10), 'xxxxxxxxx…');
  assert.equal(errorSummary(undefined), '');
});

test('with validation: a Final val acc column before the test one, and no epoch picked on test accuracy', () => {
  const lines = rows(resultsTable([...VALIDATED, MNIST]));
  assert.equal(
    lines[0],
    '| Run | Label | Dataset | Layers | Optimizer | Batch | Params | Epochs | Best epoch | s/epoch | Final val acc | Final test acc | Final train loss | Status |',
  );
  const cells = (id: string) =>
    lines
      .find((l) => l.includes(id))!
      .split(' | ')
      .slice(7, 12);
  assert.deepEqual(cells('va11dad2'), ['4', '4', '2.38', '88.00%', '86.00%']);
  assert.deepEqual(cells('va11dad3'), ['3/4', '2 (stopped early)', '2.25', '83.00%', '82.00%'], 'final metrics are the kept epoch’s');
  assert.deepEqual(cells('aaaa1111'), ['3', '3', '2.25', '—', '97.11%'], 'a run without a validation split');
});

test('results stored before validation and early stopping get the table they always had', () => {
  const old = [...RUNS, ...VALIDATED].map(storedBeforeValidation);
  assert.equal(rows(resultsTable(old))[0], HEADER);
  assert.equal(rows(resultsTable(old.slice(0, 3))).join('\n'), rows(resultsTable(RUNS)).join('\n'));
});
