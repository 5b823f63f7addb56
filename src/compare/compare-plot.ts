// The plot of `mlplab compare`: final test accuracy of every config, one panel per dataset, one
// colour per experiment (the same in every panel), bars zoomed to the data as in the report's
// final-accuracy plot. Configs that never finished are left out of it; the table shows them.

import type { TopLevelSpec } from 'vega-lite';
import { isFiniteNumber } from '../report/format.js';
import { VEGA_LITE_SCHEMA } from '../report/plots/context.js';
import { accuracyAxisStart } from '../report/plots/final-accuracy.js';
import { formatSummary, PERCENT } from '../report/runs/stats.js';
import type { CompareTable } from './compare-rows.js';

export function comparePlot(table: CompareTable): TopLevelSpec {
  const rows = table.rows.filter((r) => isFiniteNumber(r.test.mean));
  const start = accuracyAxisStart(rows.map((r) => r.test.mean!));
  const experiments = [...new Set(table.rows.map((r) => r.experiment))];
  const title = start > 0 ? `Final test accuracy (axis starts at ${Math.round(start * 100)}%, not 0)` : 'Final test accuracy';
  // One panel per dataset, each with its own rows: panels, not a facet, so each has only its configs.
  const panels = [...new Set(rows.map((r) => r.dataset))].map((dataset) => ({
    title: { text: dataset, anchor: 'start' as const, fontSize: 12 },
    data: {
      values: rows
        .filter((r) => r.dataset === dataset)
        .map((r) => ({
          experiment: r.experiment,
          row: r.label === '' ? r.experiment : `${r.experiment}: ${r.label}`,
          accuracy: r.test.mean,
          text: formatSummary(r.test, 2, PERCENT),
        })),
    },
    width: 420,
    height: { step: 24 },
    encoding: {
      // Never cut (0: no limit): the label is what tells the bars apart.
      y: { field: 'row', type: 'nominal' as const, title: null, sort: null, axis: { labelLimit: 0 } },
      x: { field: 'accuracy', type: 'quantitative' as const, title, scale: { domain: [start, 1] }, axis: { format: '.0%' } },
    },
    layer: [
      {
        mark: { type: 'bar' as const },
        encoding: {
          x2: { datum: start },
          color: { field: 'experiment', type: 'nominal' as const, title: 'Experiment', scale: { domain: experiments } },
          tooltip: [
            { field: 'row', type: 'nominal' as const, title: 'Config' },
            { field: 'text', type: 'nominal' as const, title: 'Final test accuracy' },
          ],
        },
      },
      {
        mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 5 },
        encoding: { text: { field: 'text', type: 'nominal' as const } },
      },
    ],
  }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Final test accuracy by experiment',
    vconcat: panels,
    resolve: { scale: { y: 'independent' } },
  };
}
