import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlots, PLOT_STEMS } from '../../src/report/plots.js';
import { renderSvg } from '../../src/report/render.js';
import { DIVERGED, RUNS } from './fixtures.js';

const specs = buildPlots([...RUNS, DIVERGED]);
const noWarnings = (w: string) => assert.fail(`unexpected vega warning: ${w}`);

for (const stem of PLOT_STEMS) {
  const spec = specs[stem]!;
  test(`${stem} renders to SVG naming every drawn run`, async () => {
    const svg = await renderSvg(spec, noWarnings);
    assert.ok(svg.startsWith('<svg'), svg.slice(0, 80));
    assert.ok(svg.trimEnd().endsWith('</svg>'));
    for (const label of ['fashion-mnist · lr 0.1', 'mnist · lr 0.1', 'mnist · lr 5']) assert.ok(svg.includes(label), label);
  });

  test(`${stem} renders byte-identically, whatever was rendered before`, async () => {
    const first = await renderSvg(spec, noWarnings);
    for (const other of PLOT_STEMS) await renderSvg(specs[other]!, noWarnings);
    assert.equal(await renderSvg(spec, noWarnings), first);
  });
}

test('the bar chart shows the values and the runs that did not finish', async () => {
  const svg = await renderSvg(specs['final-accuracy']!, noWarnings);
  for (const text of ['97.11%', '85.77%', 'failed', 'diverged', 'mnist · lr 1']) assert.ok(svg.includes(text), text);
});

test('clip-path and gradient ids do not depend on what was rendered before', async () => {
  const values = [{ a: 1, b: 2 }, { a: 3, b: 4 }];
  const spec: Parameters<typeof renderSvg>[0] = {
    data: { values },
    layer: [
      { mark: { type: 'line', clip: true }, encoding: { x: { field: 'a', type: 'quantitative', scale: { domain: [0, 2] } }, y: { field: 'b', type: 'quantitative' } } },
      { mark: { type: 'bar', color: { gradient: 'linear', stops: [{ offset: 0, color: 'red' }, { offset: 1, color: 'blue' }] } }, encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } } },
    ],
  };
  const first = await renderSvg(spec, noWarnings);
  assert.match(first, /id="clip1"/);
  assert.match(first, /url\(#gradient_1\)/);
  assert.equal(await renderSvg(spec, noWarnings), first);
});
