import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, csvNumber, metricsCsv } from '../../src/report/csv.js';
import { DIVERGED, RUNS } from './fixtures.js';

test('header, then one row per run × epoch', () => {
  const lines = metricsCsv(RUNS).split('\n');
  assert.equal(lines[0], 'run_id,dataset,epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds');
  assert.equal(lines.at(-1), '', 'ends with a newline');
  assert.equal(lines.length - 2, RUNS.reduce((n, r) => n + r.epochs.length, 0));
});

test('rows follow the report order and keep full precision', () => {
  const lines = metricsCsv(RUNS).trimEnd().split('\n');
  assert.equal(lines[1], 'cccc3333dddd4444,fashion-mnist,1,0.6012,0.8334,0.66132,0.8234,2');
  assert.ok(lines[4]!.startsWith('aaaa1111bbbb2222,mnist,1,'));
});

test('missing values are empty fields; non-finite numbers use pandas spellings', () => {
  const lines = metricsCsv([DIVERGED]).trimEnd().split('\n');
  assert.equal(lines[2], '9999aaaa0000bbbb,mnist,2,,0.108,,0.098,2.25');
  assert.deepEqual([NaN, Infinity, -Infinity, null, 1e-7].map(csvNumber), ['NaN', 'inf', '-inf', '', '1e-7']);
});

test('fields are quoted per RFC 4180 only when needed', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
});
