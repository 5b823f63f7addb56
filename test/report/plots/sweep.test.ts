import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlots } from '../../../src/report/plots.js';
import { accuracyY, isLogScale, paramX, sweepData } from '../../../src/report/plots/sweep-data.js';
import { sweepKind } from '../../../src/report/plots/sweep.js';
import { groupConfigs } from '../../../src/report/runs/configs.js';
import type { RunResult } from '../../../src/types.js';
import { FASHION, makeRun, MNIST, RUNS } from '../fixtures.js';
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
  const axis = (k: number) =>
    JSON.parse(JSON.stringify(paramX(grid, k))) as { scale: { type?: string; base?: number }; axis: { values?: number[] } };
  assert.equal(axis(0).scale.type, 'log', 'lr: 0.01 to 0.3');
  assert.equal(axis(0).scale.base, undefined);
});

test('powers of two (batch sizes) sit on a base-2 axis ticked at every power, sampled or not', () => {
  for (const runs of [GRID, RANDOM]) {
    const d = data(runs);
    const k = d.numeric.findIndex((p) => p.path === 'train.batch_size');
    const x = JSON.parse(JSON.stringify(paramX(d, k))) as { scale: { type?: string; base?: number }; axis: { values?: number[] } };
    assert.deepEqual([x.scale.type, x.scale.base], ['log', 2]);
    assert.deepEqual(x.axis.values, [32, 64, 128]);
  }
});

/** best-fashion's shape: a zip setting two dropout rates together, compared on validation. */
const ZIP: RunResult[] = [0.2, 0.4].map((rate, i) =>
  makeRun({
    id: `zip${i}0000000`,
    curve: [[0.3, 0.907]],
    val: [0.9127 - i / 1000],
    layers: [
      { linear: { units: 64, init: 'he' } },
      { relu: {} },
      { dropout: { rate } },
      { linear: { units: 64, init: 'he' } },
      { relu: {} },
      { dropout: { rate } },
      { linear: { units: 10, init: 'he' } },
    ],
  }),
);

test('a zip of two fields moved together is one axis, on the metric runs are chosen by, its ticks distinct', () => {
  const d = data(ZIP);
  assert.equal(d.numeric.length, 1, 'not two identical panels');
  assert.equal(d.metric, 'val_accuracy');
  assert.deepEqual(
    d.rows.map((r) => r.mean),
    [0.9127, 0.9117],
  );
  const y = JSON.parse(JSON.stringify(accuracyY(d))) as { title: string; scale: { domain: number[] } };
  assert.equal(y.title, 'Final validation accuracy');
  assert.ok(y.scale.domain[1]! - y.scale.domain[0]! >= 0.01, 'a span whose ticks read apart at one decimal');
});

test('the best config is marked and named', () => {
  const d = data(RANDOM);
  const best = d.rows.filter((r) => r.best === true);
  assert.equal(best.length, 1);
  assert.equal(best[0]!.mean, Math.max(...d.rows.map((r) => r.mean as number)));
});
