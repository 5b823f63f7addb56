import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestRuns } from '../../../src/report/runs/best-run.js';
import { classNames, perClass, perClassTable } from '../../../src/report/tables/per-class.js';
import type { RunResult } from '../../../src/types.js';
import { FASHION, makeRun, MNIST } from '../fixtures.js';
import { fashionConfusion, SMALL_CONFUSION, storedBeforeValidation, VALIDATED } from '../validation-fixtures.js';

const best = (runs: readonly RunResult[]) => bestRuns(runs).map((b) => [b.dataset, b.run.id.slice(0, 8), b.by, b.among]);

test('per class: accuracy is the diagonal over the row sum, and the most common wrong prediction', () => {
  const rows = perClass(SMALL_CONFUSION, ['a', 'b', 'c']);
  assert.deepEqual(
    rows.map((r) => [r.name, r.correct, r.total, r.accuracy, r.mistake]),
    [
      ['a', 8, 10, 0.8, { name: 'b', count: 1 }],
      ['b', 9, 10, 0.9, { name: 'c', count: 1 }],
      ['c', 5, 10, 0.5, { name: 'b', count: 3 }],
    ],
  );
});

test('a class never mistaken, and one with no test images', () => {
  const [right, empty] = perClass(
    [
      [5, 0],
      [0, 0],
    ],
    ['x', 'y'],
  );
  assert.deepEqual([right!.accuracy, right!.mistake], [1, null]);
  assert.deepEqual([empty!.accuracy, empty!.total], [null, 0]);
});

test('the per-class table reads like the results table', () => {
  assert.equal(
    perClassTable(perClass(SMALL_CONFUSION, ['T-shirt/top', 'Trouser', 'Pullover'])),
    [
      '| Class | Accuracy | Correct | Most common wrong prediction |',
      '| :--- | ---: | ---: | :--- |',
      '| T-shirt/top | 80.00% | 8 / 10 | Trouser (1) |',
      '| Trouser | 90.00% | 9 / 10 | Pullover (1) |',
      '| Pullover | 50.00% | 5 / 10 | Trouser (3) |',
      '',
    ].join('\n'),
  );
  assert.match(
    perClassTable(perClass(fashionConfusion(), classNames('fashion-mnist', 10))),
    /\| Shirt \| 60\.00% \| 60 \/ 100 \| T-shirt\/top \(25\) \|/,
  );
});

test('class names come from the dataset registry, else the class indices', () => {
  assert.deepEqual(classNames('fashion-mnist', 10).slice(0, 2), ['T-shirt/top', 'Trouser']);
  assert.deepEqual(classNames('mnist', 10).at(-1), '9');
  assert.deepEqual(classNames('cifar-gray', 3), ['0', '1', '2']);
  assert.deepEqual(classNames('mnist', 3), ['0', '1', '2'], 'a matrix of another size than the registry’s');
});

test('the best run is chosen on validation accuracy when runs have it, not on test accuracy', () => {
  // lr 0.1 has the best test accuracy (87.5%), lr 0.03 the best validation accuracy (88%).
  assert.deepEqual(best(VALIDATED), [['fashion-mnist', 'va11dad2', 'val_accuracy', 3]]);
});

test('without validation the best run is chosen on test accuracy, per dataset, in report order', () => {
  const runs = [MNIST, FASHION, makeRun({ id: 'bbbb0000', curve: [[0.1, 0.99]] })].map((r) => ({ ...r, confusion: SMALL_CONFUSION }));
  assert.deepEqual(best(runs), [
    ['fashion-mnist', 'cccc3333', 'test_accuracy', 1],
    ['mnist', 'bbbb0000', 'test_accuracy', 2],
  ]);
});

test('only finished runs with a confusion matrix are candidates; old results have none', () => {
  assert.deepEqual(best([MNIST, FASHION]), []);
  assert.deepEqual(best(VALIDATED.map(storedBeforeValidation)), []);
  const [withMatrix, ...rest] = VALIDATED;
  assert.deepEqual(best([withMatrix!, ...rest.map(({ confusion: _c, ...r }) => r)]), [['fashion-mnist', 'va11dad1', 'val_accuracy', 1]]);
});
