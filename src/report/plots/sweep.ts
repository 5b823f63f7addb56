// Which sweep plot a report gets, if any: there is one when a numeric parameter varies among the
// configs. A grid over exactly two numeric parameters is a heatmap, any other grid is lines, and
// configs that are not a grid (random search, zipped parameters) are scatter plots, since lines
// between neighbours that also differ elsewhere would suggest a trend that is not there.

import type { BuiltPlot, PlotContext } from './context.js';
import { ALONE, metricTitle, sweepData, type SweepData } from './sweep-data.js';
import { sweepHeatmap } from './sweep-heatmap.js';
import { sweepLines } from './sweep-lines.js';
import { sweepScatter } from './sweep-scatter.js';

export type SweepKind = 'lines' | 'heatmap' | 'scatter';

export interface SweepPlot extends BuiltPlot {
  kind: SweepKind;
}

export function sweepKind(data: SweepData): SweepKind | undefined {
  if (data.numeric.length === 0) return undefined;
  if (!data.grid) return 'scatter';
  return data.numeric.length === 2 ? 'heatmap' : 'lines';
}

/** None when no numeric parameter varies (or there are no runs). */
export function sweepPlot(ctx: PlotContext): SweepPlot | undefined {
  if (ctx.runs.length === 0) return undefined;
  const data = sweepData(ctx.configs);
  const kind = sweepKind(data);
  if (kind === undefined) return undefined;
  const names = data.numeric.map((p) => p.title);
  const others = data.categorical.map((p) => p.title);
  if (kind === 'heatmap') {
    const each = others.length > 0 ? `, one heatmap per ${others.join(' · ')}` : '';
    return { kind, spec: sweepHeatmap(ctx, data), caption: `${metricTitle(data)} for every ${names.join(' × ')} pair of the grid${each}.` };
  }
  if (kind === 'scatter') {
    const caption = `${metricTitle(data)} against each of ${names.join(', ')}, one point per config (the configs are not a grid, so points are not joined).`;
    return { kind, spec: sweepScatter(ctx, data), caption };
  }
  const split = data.rows.some((r) => data.numeric.some((_, k) => r[`s${k}`] !== ALONE));
  const lines = split ? ', one line per value of the other varying fields' : '';
  return { kind, spec: sweepLines(ctx, data), caption: `${metricTitle(data)} against ${names.join(' and against ')}${lines}.` };
}
