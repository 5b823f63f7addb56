import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, csvNumber, metricsCsv } from '../../../src/report/tables/csv.js';
import { runsCsv } from '../../../src/report/tables/runs-csv.js';
import type { OptimizerSpec } from '../../../src/types.js';
import { GRID, REPLICATES } from '../sweep-fixtures.js';
import { DIVERGED, makeRun, MLP_256, MNIST, RUNS } from '../fixtures.js';
import { storedBeforeValidation, VALIDATED } from '../validation-fixtures.js';

test('header, then one row per run × epoch', () => {
  const lines = metricsCsv(RUNS).split('\n');
  assert.equal(
    lines[0],
    'run_id,dataset,train.optimizer.sgd.lr,epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy,seconds',
    'the varying parameters beside the dataset',
  );
  assert.equal(lines.at(-1), '', 'ends with a newline');
  assert.equal(
    lines.length - 2,
    RUNS.reduce((n, r) => n + r.epochs.length, 0),
  );
});

test('rows follow the report order and keep full precision', () => {
  const lines = metricsCsv(RUNS).trimEnd().split('\n');
  assert.equal(lines[1], 'cccc3333dddd4444,fashion-mnist,0.1,1,0.1,0.6012,0.8334,,,0.66132,0.8234,2');
  assert.ok(lines[4]!.startsWith('aaaa1111bbbb2222,mnist,0.1,1,'));
});

test('missing values are empty fields; non-finite numbers use pandas spellings', () => {
  const lines = metricsCsv([DIVERGED]).trimEnd().split('\n');
  assert.equal(lines[2], '9999aaaa0000bbbb,mnist,2,5,,0.108,,,,0.098,2.25');
  assert.deepEqual([NaN, Infinity, -Infinity, null, 1e-7].map(csvNumber), ['NaN', 'inf', '-inf', '', '1e-7']);
});

test('validation metrics sit before the test ones; the lr beside the epoch', () => {
  const lines = metricsCsv(VALIDATED.slice(0, 1)).trimEnd().split('\n');
  assert.equal(lines[3], 'va11dad1aaaa0001,fashion-mnist,3,0.1,0.42,0.88,0.441,0.865,0.462,0.87,2.5');
});

test('results stored before lr and validation were recorded leave those fields empty', () => {
  const lines = metricsCsv([storedBeforeValidation(MNIST)])
    .trimEnd()
    .split('\n');
  assert.equal(lines[1], 'aaaa1111bbbb2222,mnist,1,,0.4123,0.9512,,,0.45353000000000004,0.9412,2');
});

test('fields are quoted per RFC 4180 only when needed', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
});

test('metrics.csv alone rebuilds a grid: every varying parameter is a column', () => {
  const [header, first] = metricsCsv(GRID).split('\n');
  assert.ok(header!.startsWith('run_id,dataset,train.optimizer.sgd.lr,train.batch_size,epoch,'), header);
  assert.match(first!, /^g\w+,mnist,0\.3,32,1,/);
});

test('runs.csv: one row per run, varying parameters as columns, status, final and best metrics', () => {
  const lines = runsCsv([...GRID, ...REPLICATES.slice(0, 2)])
    .trimEnd()
    .split('\n');
  const header = lines[0]!.split(',');
  assert.deepEqual(header.slice(0, 5), ['run_id', 'dataset', 'seed', 'train.optimizer.sgd.lr', 'train.batch_size']);
  for (const column of [
    'status',
    'final_test_accuracy',
    'final_val_accuracy',
    'best_epoch',
    'best_test_accuracy',
    'params',
    'seconds_total',
  ])
    assert.ok(header.includes(column), column);
  assert.equal(lines.length - 1, GRID.length + 2, 'one row per run');
  const row = (id: string) =>
    Object.fromEntries(
      lines
        .find((l) => l.startsWith(id))!
        .split(',')
        .map((v, i) => [header[i], v]),
    );
  const diverged = row(GRID[0]!.id);
  assert.deepEqual(
    [diverged['train.optimizer.sgd.lr'], diverged['train.batch_size'], diverged.status, diverged.final_test_accuracy],
    ['0.3', '32', 'diverged', ''],
  );
  const done = row(GRID[1]!.id);
  assert.deepEqual([done.status, done.final_test_accuracy, done.best_epoch], ['done', String(GRID[1]!.final!.test_accuracy), '3']);
});

test('runs.csv: whole layer stacks and optimizers are one column of their summary', () => {
  const runs = [
    makeRun({ id: 'a1', curve: [[0.5, 0.9]], layers: MLP_256 }),
    makeRun({
      id: 'b2',
      curve: [[0.5, 0.9]],
      optimizer: { adam: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 } } as OptimizerSpec,
    }),
  ];
  const [header, a] = runsCsv(runs).split('\n');
  assert.match(header!, /,model\.layers,train\.optimizer,status,/);
  assert.match(a!, /^a1,mnist,1,"784-256-10 relu, he init",sgd lr=0.1,done,/);
});
