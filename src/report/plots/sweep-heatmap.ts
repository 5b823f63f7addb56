// The sweep as a heatmap, for a grid over exactly two numeric parameters (lr × batch size): one
// cell per pair, its colour and its written value the mean final test accuracy. Other varying
// fields (the dataset, say) get one heatmap each, side by side on the same colour scale.

import type { TopLevelSpec } from 'vega-lite';
import { VEGA_LITE_SCHEMA, type Layer, type PlotContext } from './context.js';
import { ALONE, axisValues, finiteMeans, metricTitle, sweepTooltip, type SweepData } from './sweep-data.js';

export function sweepHeatmap(ctx: PlotContext, data: SweepData): TopLevelSpec {
  const px = data.numeric[0]!;
  const py = data.numeric[1]!;
  const means = finiteMeans(data);
  // Text colour flips at the middle of the colour range, where viridis turns from dark to light.
  const middle = means.length > 0 ? (Math.min(...means) + Math.max(...means)) / 2 : 0;
  const rows = data.rows.map((r) => ({ ...r, cell: r.stopped ?? (ctx.replicated ? String(r.text).replace(' ± ', '\n± ') : r.text) }));
  const cells: Layer[] = [
    // Grey under every cell: configs with no finished run have no colour but keep their cell.
    { mark: { type: 'rect', color: '#e8e8e8' } },
    {
      transform: [{ filter: 'isValid(datum.mean)' }],
      mark: { type: 'rect' },
      encoding: {
        color: {
          field: 'mean',
          type: 'quantitative',
          title: metricTitle(data),
          scale: { scheme: 'viridis' },
          legend: { format: '.1~%' },
        },
        tooltip: sweepTooltip(data),
      },
    },
    {
      mark: { type: 'text', lineBreak: '\n', fontSize: 11 },
      encoding: {
        text: { field: 'cell', type: 'nominal' },
        color: { condition: { test: `isValid(datum.mean) && datum.mean < ${middle}`, value: 'white' }, value: 'black' },
      },
    },
  ];
  const grouped = new Set(data.rows.map((r) => r.group)).size > 1 || data.rows[0]?.group !== ALONE;
  const unit = {
    width: { step: ctx.replicated ? 72 : 60 },
    height: { step: ctx.replicated ? 40 : 30 },
    encoding: {
      x: { field: 'x0', type: 'ordinal', title: px.title, sort: axisValues(data, 0), axis: { labelAngle: 0 } },
      // Larger values upwards, as on any other y axis.
      y: { field: 'x1', type: 'ordinal', title: py.title, sort: axisValues(data, 1).reverse() },
    },
    layer: cells,
  } as const;
  const title = {
    text: `${ctx.experiment}: ${metricTitle(data).toLowerCase()}, ${px.title} × ${py.title}`,
    subtitle: ctx.replicated ? 'Each cell: the mean over seeds ± 1 standard deviation.' : 'Each cell: one run.',
  };
  if (!grouped) return { $schema: VEGA_LITE_SCHEMA, title, data: { values: rows }, ...unit };
  const groups = [...new Set(data.rows.map((r) => String(r.group)))];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    data: { values: rows },
    facet: { column: { field: 'group', type: 'nominal', title: data.categorical.map((p) => p.title).join(' · '), sort: groups } },
    spec: unit,
  };
}
