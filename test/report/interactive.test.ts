import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import { interactive } from '../../src/report/interactive.js';
import { buildPlots } from '../../src/report/plots.js';
import { compileToVega } from '../../src/report/plots/render.js';
import { DIVERGED, RUNS } from './fixtures.js';
import { GRID, MANY, RANDOM, REPLICATES } from './sweep-fixtures.js';
import { VALIDATED } from './validation-fixtures.js';

const REPORTS = { two: [...RUNS, DIVERGED], replicates: REPLICATES, grid: GRID, random: RANDOM, validation: [...MANY, ...VALIDATED] };
/** The parameters interactive() added, by name prefix, in a spec's JSON. */
const added = (spec: TopLevelSpec) => (JSON.stringify(spec).match(/"name":"mlplab_(zoom|legend)_\d+"/g) ?? []).map((m) => m.split('_')[1]);

for (const [name, runs] of Object.entries(REPORTS)) {
  test(`every plot of the ${name} report compiles with its interactions, without a warning`, () => {
    for (const { stem, spec } of buildPlots(runs)) compileToVega(interactive(spec), (w) => assert.fail(`${stem}: ${w}`));
  });
}

test('learning curves: each panel zooms and its legend picks a series; the static spec is untouched', () => {
  const { spec } = buildPlots(RUNS).find((p) => p.stem === 'learning-curves')!;
  const before = JSON.stringify(spec);
  const live = interactive(spec);
  assert.equal(JSON.stringify(spec), before);
  const views = spec as { concat?: unknown[]; hconcat?: unknown[] };
  const panels = (views.concat ?? views.hconcat ?? []).length;
  assert.ok(panels > 0);
  assert.deepEqual(added(live).sort(), [...Array(panels).fill('legend'), ...Array(panels).fill('zoom')]);
  assert.match(JSON.stringify(live), /"opacity":\{"condition":\{"param":"mlplab_legend_\d+","value":1\},"value":0\.2\}/);
});

test('a heatmap or confusion matrix (no quantitative axis, no colour legend) gets nothing', () => {
  const grids = [
    ...buildPlots(GRID).filter((p) => p.stem === 'sweep'),
    ...buildPlots(VALIDATED).filter((p) => p.stem.startsWith('confusion')),
  ];
  assert.equal(grids.length, 2);
  for (const p of grids) assert.deepEqual(added(interactive(p.spec)), [], p.stem);
});

test('views that are faceted or already have parameters are left as they are', () => {
  const facet = {
    data: { values: [] },
    facet: { field: 'd', type: 'nominal' },
    spec: { mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } },
  };
  const own = {
    data: { values: [] },
    params: [{ name: 'p', select: 'interval' }],
    mark: 'point',
    encoding: { x: { field: 'a', type: 'quantitative' } },
  };
  for (const spec of [facet, own] as TopLevelSpec[]) assert.deepEqual(interactive(spec), spec);
});
