// The plots as Vega-Lite specs: plain JSON with the data inlined, so each `.vl.json` opens in the
// Vega editor on its own and the SVG is a pure function of it. Types only from vega-lite
// (checked at compile time); rendering lives in render.ts. Each plot is built in its own file;
// this one decides which plots a report has and what the README says under each.

import type { TopLevelSpec } from 'vega-lite';
import type { RunResult } from '../types.js';
import { finalAccuracy } from './final-accuracy.js';
import { learningCurves } from './learning-curves.js';
import { plotContext, type PlotContext } from './plot-context.js';
import { sweepPlot } from './sweep.js';

export { VEGA_LITE_SCHEMA } from './plot-context.js';

export const PLOT_STEMS = ['learning-curves', 'final-accuracy', 'sweep'] as const;
export type PlotStem = (typeof PLOT_STEMS)[number];

/** Alt text, one per plot. */
export const PLOT_TITLES: Record<PlotStem, string> = {
  'learning-curves': 'Learning curves',
  'final-accuracy': 'Final test accuracy',
  sweep: 'Final test accuracy across the sweep',
};

export interface PlotOptions {
  /** Shown in plot titles; defaults to the runs' `experiment` field. */
  experiment?: string;
}

/** What the README needs to embed a plot. */
export interface PlotEntry {
  stem: PlotStem;
  title: string;
  /** One line under the plot, saying how to read it. */
  caption: string;
}

export interface Plot extends PlotEntry {
  spec: TopLevelSpec;
}

/**
 * The plots, in PLOT_STEMS order. A plot with nothing to draw is left out (learning curves before
 * any epoch finished, the sweep when no numeric parameter varies, everything when there are no
 * runs): an empty chart says less than its absence and makes vega warn about empty domains. Pure.
 */
export function buildPlots(runs: readonly RunResult[], options: PlotOptions = {}): Plot[] {
  const experiment = options.experiment ?? runs[0]?.spec.experiment ?? 'experiment';
  const ctx = plotContext(runs, experiment);
  const plots: Plot[] = [];
  const add = (stem: PlotStem, spec: TopLevelSpec, caption: string) => plots.push({ stem, title: PLOT_TITLES[stem], caption, spec });
  if (runs.some((r) => r.epochs.length > 0)) add('learning-curves', learningCurves(ctx), curvesCaption(ctx, runs));
  if (runs.length > 0) add('final-accuracy', finalAccuracy(ctx), accuracyCaption(ctx, runs));
  const sweep = runs.length > 0 ? sweepPlot(ctx) : undefined;
  if (sweep) add('sweep', sweep.spec, sweep.caption);
  return plots;
}

function curvesCaption(ctx: PlotContext, runs: readonly RunResult[]): string {
  const what = ctx.replicated
    ? 'Test accuracy and train loss per epoch: for each config, the mean over its seeds with a ±1 standard deviation band'
    : 'Test accuracy and train loss per epoch, one line per run';
  const rows = ctx.byDataset ? ', one row of panels per dataset' : '';
  const dashed = runs.some((r) => r.status !== 'done' && r.epochs.length > 0) ? '; dashed lines are runs that failed or diverged' : '';
  return `${what}${rows}${dashed}.`;
}

function accuracyCaption(ctx: PlotContext, runs: readonly RunResult[]): string {
  const what = ctx.replicated
    ? 'Final test accuracy per config: the mean over the seeds that finished (bar), ±1 standard deviation (whisker) and each seed (dot)'
    : 'Final test accuracy of each run';
  const stopped = runs.some((r) => r.status !== 'done') ? '; runs that failed or diverged are named beside their bar' : '';
  return `${what}${stopped}.`;
}
