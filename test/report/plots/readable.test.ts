// Every plot kind, drawn for runs shaped like the shipped experiments and rendered to SVG, has
// none of the failures a reader sees (svg-checks.ts): a legend or axis naming one thing twice,
// a label cut short, a canvas mostly empty around the plots.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlots } from '../../../src/report/plots.js';
import { renderSvg } from '../../../src/report/plots/render.js';
import type { DatasetName, LayerSpec, OptimizerSpec, RunResult } from '../../../src/types.js';
import { makeRun } from '../fixtures.js';
import { svgProblems } from './svg-checks.js';
import { GRID_SEARCH, HALVED, HYPERBAND } from '../search-fixtures.js';

/** Ten 10-class counts per row, mostly on the diagonal. */
const CONFUSION = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 950 : (t + p) % 4)));
const curve = (final: number, epochs = 5): [number, number][] =>
  Array.from({ length: epochs }, (_, i) => [0.6 / (i + 1) + (1 - final), final - 0.02 * (epochs - 1 - i)]);
let n = 0;
const id = () => `${String(++n).padStart(8, '0')}feedbeef`;
const run = (o: Partial<Parameters<typeof makeRun>[0]> & { final: number }) =>
  makeRun({ id: id(), curve: curve(o.final, o.epochs), confusion: CONFUSION, ...o });
const stack = (...units: number[]): LayerSpec[] => [
  ...units.flatMap((u): LayerSpec[] => [{ linear: { units: u, init: 'he' } }, { relu: {} }]),
  { linear: { units: 10, init: 'he' } },
];
const dropStack = (rate: number): LayerSpec[] => [
  { linear: { units: 512, init: 'he' } },
  { batchnorm: { momentum: 0.1, eps: 1e-5 } },
  { relu: {} },
  { dropout: { rate } },
  { linear: { units: 512, init: 'he' } },
  { batchnorm: { momentum: 0.1, eps: 1e-5 } },
  { relu: {} },
  { dropout: { rate } },
  { linear: { units: 10, init: 'he' } },
];
const OPTIMIZERS: OptimizerSpec[] = [
  { sgd: { lr: 0.1, momentum: 0, nesterov: false, weight_decay: 0 } },
  { sgd: { lr: 0.05, momentum: 0.9, nesterov: false, weight_decay: 0 } },
  { sgd: { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0 } },
  { adam: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 } },
  { adamw: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.05 } },
] as OptimizerSpec[];
const DATASETS: DatasetName[] = ['mnist', 'fashion-mnist'];

const EXPERIMENTS: Record<string, RunResult[]> = {
  // Five optimizers with long labels on two datasets, compared on validation.
  optimizers: DATASETS.flatMap((dataset) =>
    OPTIMIZERS.map((optimizer, i) =>
      run({ dataset, optimizer, final: (dataset === 'mnist' ? 0.97 : 0.87) + i / 500, val: [0.9, 0.91, 0.92, 0.93, 0.9 + i / 100] }),
    ),
  ),
  // A 4 × 3 grid: more lines than read apart.
  'lr-batch': [0.3, 0.1, 0.03, 0.01].flatMap((lr, i) =>
    [32, 128, 512].map((batch, j) => run({ dataset: 'fashion-mnist', lr, batch, final: 0.86 - i / 100 - j / 50 })),
  ),
  // Twelve random draws of width, learning rate and batch size.
  'random-search': Array.from({ length: 12 }, (_, i) =>
    run({
      dataset: 'fashion-mnist',
      layers: stack(16 + 20 * i),
      lr: 0.005 * 1.5 ** i,
      batch: [32, 64, 128][i % 3]!,
      final: 0.82 + ((i * 7) % 12) / 300,
      epochs: 4,
    }),
  ),
  // A zip of two dropout rates, nearly equal validation accuracies.
  'best-fashion': [0.2, 0.4].map((rate, i) =>
    run({
      dataset: 'fashion-mnist',
      layers: dropStack(rate),
      final: 0.907,
      val: [0.9, 0.91, 0.912, 0.9127 - i / 1000, 0.9127 - i / 1000],
      epochs: 5,
    }),
  ),
  // Whole stacks swept.
  'depth-width': [stack(32), stack(128), stack(512), stack(128, 64), stack(256, 128, 64)].map((layers, i) =>
    run({ dataset: 'mnist', layers, final: 0.95 + i / 200 }),
  ),
  // Two datasets, five seeds each.
  'mnist-vs-fashion': DATASETS.flatMap((dataset) =>
    [1, 2, 3, 4, 5].map((seed) => run({ dataset, seed, final: (dataset === 'mnist' ? 0.975 : 0.875) + seed / 2000 })),
  ),
};

for (const [name, runs] of Object.entries(EXPERIMENTS)) {
  for (const plot of buildPlots(runs, { experiment: name })) {
    test(`${name}: ${plot.stem} reads (no repeated or cut labels, no empty canvas)`, async () => {
      const svg = await renderSvg(plot.spec, (w) => assert.fail(`vega warning: ${w}`));
      assert.deepEqual(svgProblems(svg), []);
    });
  }
}

// Searches as the shipped halving experiment leaves them: every plot, the rung plot among them.
const SEARCHES = { 'halving-grid': GRID_SEARCH, halving: HALVED, hyperband: HYPERBAND };
for (const [name, { runs, search }] of Object.entries(SEARCHES)) {
  for (const plot of buildPlots(runs, { experiment: name, search })) {
    test(`${name}: ${plot.stem} reads (no repeated or cut labels, no empty canvas)`, async () => {
      const svg = await renderSvg(plot.spec, (w) => assert.fail(`vega warning: ${w}`));
      assert.deepEqual(svgProblems(svg), []);
    });
  }
}

test('every plot kind is checked above', () => {
  const stems = new Set(
    [
      ...Object.entries(EXPERIMENTS).map(([name, runs]) => ({ name, runs, search: undefined })),
      ...Object.entries(SEARCHES).map(([name, s]) => ({ name, ...s })),
    ].flatMap(({ name, runs, search }) =>
      buildPlots(runs, { experiment: name, search }).map((p) => p.stem.replace(/-(mnist|fashion-mnist)$/, '')),
    ),
  );
  assert.deepEqual([...stems].sort(), ['confusion', 'final-accuracy', 'learning-curves', 'rungs', 'sweep']);
});

test('the checks catch what they look for', () => {
  const svg = (body: string, width = 400) => `<svg width="${width}" height="100">${body}</svg>`;
  const frame = '<g transform="translate(10,0)"><path class="background" d="M0.5,0.5h300v80h-300Z" stroke="#ddd"/></g>';
  assert.deepEqual(svgProblems(svg(frame)), []);
  assert.match(svgProblems(svg(frame, 1000))[0]!, /cover 30% of the canvas/);
  const axis = '<g class="mark-group role-axis"><g class="mark-text role-axis-label"><text>90.7%</text><text>90.7%</text></g></g>';
  assert.deepEqual(svgProblems(svg(frame + axis)), ['tick label repeated on one axis: 90.7%']);
  const legend =
    '<g class="mark-group role-legend"><g class="mark-text role-legend-label"><text>layers 784-512…</text><text>layers 784-512…</text></g></g>';
  assert.deepEqual(svgProblems(svg(frame + legend)), [
    'legend label repeated: layers 784-512…',
    'text cut short: layers 784-512…',
    'text cut short: layers 784-512…',
  ]);
});
