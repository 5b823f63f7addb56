import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlots } from '../../../src/report/plots.js';
import { renderSvg } from '../../../src/report/plots/render.js';
import { DIVERGED, RUNS } from '../fixtures.js';
import { GRID, MANY, RANDOM, REPLICATES } from '../sweep-fixtures.js';
import { VALIDATED } from '../validation-fixtures.js';

const noWarnings = (w: string) => assert.fail(`unexpected vega warning: ${w}`);
const plots = buildPlots([...RUNS, DIVERGED]);

for (const { stem, spec } of plots) {
  test(`${stem} renders to SVG naming every drawn run`, async () => {
    const svg = await renderSvg(spec, noWarnings);
    assert.ok(svg.startsWith('<svg'), svg.slice(0, 80));
    assert.ok(svg.trimEnd().endsWith('</svg>'));
    if (stem === 'sweep') return; // its points are configs on an lr axis, coloured by dataset
    // Learning curves name the dataset once per row of panels and colour by learning rate.
    const labels =
      stem === 'learning-curves'
        ? ['fashion-mnist: test accuracy', 'mnist: test accuracy', 'lr 0.1', 'lr 5']
        : ['fashion-mnist · lr 0.1', 'mnist · lr 0.1', 'mnist · lr 5'];
    for (const label of labels) assert.ok(svg.includes(label), label);
  });
}

const SWEEPS = {
  replicates: REPLICATES,
  grid: GRID,
  'random search': RANDOM,
  validation: VALIDATED,
  'validation on one dataset of two': [...MANY, ...VALIDATED],
};
for (const [name, runs] of Object.entries(SWEEPS)) {
  test(`every plot of the ${name} renders byte-identically, whatever was rendered before`, async () => {
    const specs = buildPlots(runs).map((p) => p.spec);
    const first = await Promise.all(specs.map((s) => renderSvg(s, noWarnings)));
    for (const p of plots) await renderSvg(p.spec, noWarnings);
    for (const [i, s] of specs.entries()) assert.equal(await renderSvg(s, noWarnings), first[i]);
  });
}

test('the bar chart shows the values and the runs that did not finish', async () => {
  const svg = await renderSvg(plots.find((p) => p.stem === 'final-accuracy')!.spec, noWarnings);
  for (const text of ['97.11%', '85.77%', 'failed', 'diverged', 'mnist · lr 1']) assert.ok(svg.includes(text), text);
});

test('with replicates the bar chart writes mean ± std and names the diverged seed', async () => {
  const svg = await renderSvg(buildPlots(REPLICATES).find((p) => p.stem === 'final-accuracy')!.spec, noWarnings);
  for (const text of ['96.60 ± 0.14% (1 diverged)', '97.91 ± 0.11%']) assert.ok(svg.includes(text), text);
});

test('the heatmap writes each cell’s accuracy, and the diverged cell says so', async () => {
  const svg = await renderSvg(buildPlots(GRID).find((p) => p.stem === 'sweep')!.spec, noWarnings);
  for (const text of ['96.50%', 'diverged', 'learning rate', 'batch size']) assert.ok(svg.includes(text), text);
});

test('clip-path and gradient ids do not depend on what was rendered before', async () => {
  const values = [
    { a: 1, b: 2 },
    { a: 3, b: 4 },
  ];
  const spec: Parameters<typeof renderSvg>[0] = {
    data: { values },
    layer: [
      {
        mark: { type: 'line', clip: true },
        encoding: { x: { field: 'a', type: 'quantitative', scale: { domain: [0, 2] } }, y: { field: 'b', type: 'quantitative' } },
      },
      {
        mark: {
          type: 'bar',
          color: {
            gradient: 'linear',
            stops: [
              { offset: 0, color: 'red' },
              { offset: 1, color: 'blue' },
            ],
          },
        },
        encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } },
      },
    ],
  };
  const first = await renderSvg(spec, noWarnings);
  assert.match(first, /id="clip1"/);
  assert.match(first, /url\(#gradient_1\)/);
  assert.equal(await renderSvg(spec, noWarnings), first);
});

test('the confusion matrix names every class and writes the counts', async () => {
  const svg = await renderSvg(buildPlots(VALIDATED).find((p) => p.stem === 'confusion-fashion-mnist')!.spec, noWarnings);
  for (const text of ['T-shirt/top', 'Ankle boot', 'Predicted class', 'True class', '>25<', 'va11dad2'])
    assert.ok(svg.includes(text), text);
});
