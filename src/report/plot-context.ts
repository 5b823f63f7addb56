// What every plot builder shares: the `$schema` URL, the runs in report order with their labels,
// and one colour encoding, so a run has the same colour in every plot.

import type { RunResult } from '../types.js';
import { isFiniteNumber } from './format.js';

/** The Vega-Lite major version of the installed compiler, which the `$schema` URL must name. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface PlotContext {
  /** The runs in report order (see order.ts). */
  sorted: RunResult[];
  labels: Map<string, string>;
  experiment: string;
  /** Every run's label in row order: fixes legend order and gives each run one colour in all plots. */
  domain: string[];
}

/** JSON has no NaN/∞ (they would be written as null anyway): make that explicit, null = missing. */
export function finite(x: number | null | undefined): number | null {
  return isFiniteNumber(x) ? x : null;
}

/** Colour by run label; the legend lists `legendValues`, or is hidden when the runs are labelled elsewhere. */
export function colour(ctx: PlotContext, legendValues?: string[]) {
  return {
    field: 'label',
    type: 'nominal',
    title: 'Run',
    scale: { domain: ctx.domain, scheme: ctx.domain.length <= 10 ? 'tableau10' : 'tableau20' },
    legend: legendValues === undefined ? null : { values: legendValues, labelLimit: 400 },
  } as const;
}
