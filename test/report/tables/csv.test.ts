import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, csvNumber, metricsCsv } from '../../../src/report/tables/csv.js';
import { DIVERGED, MNIST, RUNS } from '../fixtures.js';
import { storedBeforeValidation, VALIDATED } from '../validation-fixtures.js';

test('header, then one row per run × epoch', () => {
  const lines = metricsCsv(RUNS).split('\n');
  assert.equal(lines[0], 'run_id,dataset,epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy,seconds');
  assert.equal(lines.at(-1), '', 'ends with a newline');
  assert.equal(
    lines.length - 2,
    RUNS.reduce((n, r) => n + r.epochs.length, 0),
  );
});

test('rows follow the report order and keep full precision', () => {
  const lines = metricsCsv(RUNS).trimEnd().split('\n');
  assert.equal(lines[1], 'cccc3333dddd4444,fashion-mnist,1,0.1,0.6012,0.8334,,,0.66132,0.8234,2');
  assert.ok(lines[4]!.startsWith('aaaa1111bbbb2222,mnist,1,'));
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
