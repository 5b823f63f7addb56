import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlots } from '../../../src/report/plots.js';
import { isLogScale, paramX, sweepData } from '../../../src/report/plots/sweep-data.js';
import { sweepKind } from '../../../src/report/plots/sweep.js';
import { groupConfigs } from '../../../src/report/runs/configs.js';
import type { RunResult } from '../../../src/types.js';
import { FASHION, MNIST, RUNS } from '../fixtures.js';
import { GRID, MANY, RANDOM, REPLICATES } from '../sweep-fixtures.js';

const data = (runs: readonly RunResult[]) => sweepData(groupConfigs(runs));
const kind = (runs: readonly RunResult[]) => sweepKind(data(runs));

test('a grid over two numeric fields is a heatmap', () => {
  assert.equal(kind(GRID), 'heatmap');
  assert.deepEqual(
    data(GRID).numeric.map((p) => p.path),
    ['train.optimizer.sgd.lr', 'train.batch_size'],
  );
  assert.ok(data(GRID).grid);
});

test('a grid with runs still missing is still a grid', () => {
  assert.equal(kind(GRID.slice(1)), 'heatmap');
});

test('a random search (not a grid) is scatter plots, one panel per sampled field', () => {
  assert.equal(kind(RANDOM), 'scatter');
  assert.ok(!data(RANDOM).grid);
  assert.equal(kind(RANDOM.slice(0, 2)), 'scatter', 'two samples, each with values of its own');
  const scatter = buildPlots(RANDOM).find((p) => p.stem === 'sweep')!.spec as { concat: unknown[] };
  assert.equal(scatter.concat.length, 2);
});

test('one numeric field on a grid is lines, one per value of the other fields', () => {
  assert.equal(kind(REPLICATES), 'lines');
  assert.equal(kind(MANY), 'lines');
  assert.deepEqual([...new Set(data(MANY).rows.map((r) => r.s0))], ['fashion-mnist', 'mnist']);
});

test('no sweep plot when no numeric field varies', () => {
  assert.equal(kind([MNIST, FASHION]), undefined);
  assert.equal(kind([MNIST]), undefined);
});

test('rows carry the mean over finished seeds, and what stopped the others', () => {
  const rows = data(REPLICATES).rows;
  assert.deepEqual(
    rows.map((r) => [r.label, r.x0, r.n, r.text]),
    [
      ['lr 0.1', 0.1, 2, '96.60 ± 0.14%'],
      ['lr 0.03', 0.03, 3, '97.91 ± 0.11%'],
      ['lr 0.01', 0.01, 3, '96.20 ± 0.20%'],
    ],
  );
  const stopped = data(GRID).rows.find((r) => r.x0 === 0.3 && r.x1 === 32)!;
  assert.deepEqual([stopped.mean, stopped.stopped], [null, 'diverged']);
  assert.equal(data(RUNS).rows.find((r) => r.label === 'mnist · lr 1')?.stopped, 'failed');
});

test('log x-scale when the values span ten times or more', () => {
  assert.ok(isLogScale([0.01, 0.03, 0.1]));
  assert.ok(!isLogScale([32, 128]));
  assert.ok(!isLogScale([0, 1, 100]), 'a log scale cannot place 0');
  const grid = data(GRID);
  const scale = (k: number) => (JSON.parse(JSON.stringify(paramX(grid, k))) as { scale: { type?: string } }).scale;
  assert.equal(scale(0).type, 'log', 'lr: 0.01 to 0.3');
  assert.equal(scale(1).type, undefined, 'batch: 32 to 128');
});
