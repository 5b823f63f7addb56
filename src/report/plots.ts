// The plots as Vega-Lite specs: plain JSON with the data inlined, so each `.vl.json` opens in the
// Vega editor on its own and the SVG is a pure function of it. Keyed by file stem.
// Types only from vega-lite (checked at compile time); rendering lives in render.ts.
// Each plot is built in its own file; this one decides which plots a report has.

import type { TopLevelSpec } from 'vega-lite';
import type { RunResult } from '../types.js';
import { finalAccuracy } from './final-accuracy.js';
import { learningCurves } from './learning-curves.js';
import { runLabels } from './labels.js';
import { sortRuns } from './order.js';
import type { PlotContext } from './plot-context.js';

export { VEGA_LITE_SCHEMA } from './plot-context.js';

export const PLOT_STEMS = ['learning-curves', 'final-accuracy'] as const;
export type PlotStem = (typeof PLOT_STEMS)[number];

/** Alt text and README captions, one per plot. */
export const PLOT_TITLES: Record<PlotStem, string> = {
  'learning-curves': 'Learning curves',
  'final-accuracy': 'Final test accuracy',
};

export interface PlotOptions {
  /** Shown in plot titles; defaults to the runs' `experiment` field. */
  experiment?: string;
}

export type Plots = Partial<Record<PlotStem, TopLevelSpec>>;

/**
 * One spec per plot, keyed by file stem, in PLOT_STEMS order. A plot with nothing to draw is
 * left out (learning curves before any epoch finished, everything when there are no runs):
 * an empty chart says less than its absence and makes vega warn about empty domains. Pure.
 */
export function buildPlots(runs: readonly RunResult[], options: PlotOptions = {}): Plots {
  const sorted = sortRuns(runs);
  const labels = runLabels(sorted);
  const experiment = options.experiment ?? sorted[0]?.spec.experiment ?? 'experiment';
  const ctx: PlotContext = { sorted, labels, experiment, domain: sorted.map((r) => labels.get(r.id)!) };
  const plots: Plots = {};
  if (sorted.some((r) => r.epochs.length > 0)) plots['learning-curves'] = learningCurves(ctx);
  if (sorted.length > 0) plots['final-accuracy'] = finalAccuracy(ctx);
  return plots;
}

/** The stems of the plots present, in PLOT_STEMS order. */
export function plotStems(plots: Plots): PlotStem[] {
  return PLOT_STEMS.filter((stem) => plots[stem] !== undefined);
}
