// The sweep as lines: final test accuracy against each numeric parameter of a grid (one panel per
// parameter), one line per combination of the other varying values, so an interaction (the best
// lr depends on the batch size) shows as lines that cross.

import type { TopLevelSpec } from 'vega-lite';
import { LEGIBLE_SERIES, VEGA_LITE_SCHEMA, type PlotContext, type View } from './context.js';
import { ALONE, paramX, spreadAndStopped, stoppedNote, accuracyY, metricTitle, sweepTooltip, type SweepData } from './sweep-data.js';

export function sweepLines(ctx: PlotContext, data: SweepData): TopLevelSpec {
  // A lone panel needs no title of its own: the plot's title says it.
  const panels = data.numeric.map((param, k) => panel(ctx, data, k, data.numeric.length > 1 ? `against ${param.title}` : undefined));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${ctx.experiment}: ${metricTitle(data).toLowerCase()} across the sweep`, subtitle: subtitle(ctx, data) },
    data: { values: data.rows },
    // Two panels a row: three or more side by side, each with its legend, run off any page.
    concat: panels,
    columns: 2,
    // Each panel's lines stand for different things (the values of the other parameters).
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  };
}

function subtitle(ctx: PlotContext, data: SweepData): string[] {
  return [ctx.replicated ? 'Mean over seeds; whiskers: ±1 standard deviation.' : 'One point per run.', ...stoppedNote(data)];
}

function panel(_ctx: PlotContext, data: SweepData, k: number, title: string | undefined): View {
  const seriesField = `s${k}`;
  const series = [...new Set(data.rows.map((r) => String(r[seriesField])))];
  const others = data.numeric.filter((_, i) => i !== k).concat(data.categorical);
  const x = paramX(data, k);
  const colour =
    series.length === 1 && series[0] === ALONE
      ? { value: '#4c78a8' }
      : ({
          field: seriesField,
          type: 'nominal',
          title: others.map((p) => p.name).join(' · '),
          scale: { domain: series, scheme: series.length <= 10 ? 'tableau10' : 'tableau20' },
          legend: { labelLimit: 300, titleLimit: 300, ...(series.length > LEGIBLE_SERIES ? { columns: 2 } : {}) },
        } as const);
  return {
    ...(title === undefined ? {} : { title }),
    width: 300,
    height: 220,
    encoding: { x, y: accuracyY(data), color: colour },
    layer: [
      { transform: [{ filter: 'isValid(datum.mean)' }], mark: { type: 'line' } },
      {
        transform: [{ filter: 'isValid(datum.mean)' }],
        mark: { type: 'point', filled: true, size: 40 },
        encoding: { tooltip: sweepTooltip(data) },
      },
      ...spreadAndStopped(data, x),
    ],
  };
}
