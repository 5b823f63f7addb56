// The plots as Vega-Lite specs: plain JSON with the data inlined, so each `.vl.json` opens in the
// Vega editor on its own and the SVG is a pure function of it. Types only from vega-lite
// (checked at compile time); rendering lives in plots/render.ts. Each plot is built in its own file;
// this one decides which plots a report has and what the README says under each.

import type { TopLevelSpec } from 'vega-lite';
import { DATASETS } from '../data/datasets.js';
import type { DatasetName, RunResult } from '../types.js';
import { confusionPlot } from './plots/confusion.js';
import { plotContext, type PlotContext } from './plots/context.js';
import { finalAccuracy } from './plots/final-accuracy.js';
import { learningCurves } from './plots/learning-curves.js';
import { sweepPlot } from './plots/sweep.js';
import { bestRuns } from './runs/best-run.js';
import { runLabels } from './runs/configs.js';

export { VEGA_LITE_SCHEMA } from './plots/context.js';

export type PlotStem = 'learning-curves' | 'final-accuracy' | 'sweep' | `confusion-${DatasetName}`;

/** Every plot a report can have, so an old copy of one it no longer has can be removed. */
export const PLOT_STEMS: readonly PlotStem[] = [
  'learning-curves',
  'final-accuracy',
  'sweep',
  ...(Object.keys(DATASETS) as DatasetName[]).map((d) => `confusion-${d}` as const),
];

/** Alt text, one per plot. */
export function plotTitle(stem: PlotStem): string {
  if (stem === 'learning-curves') return 'Learning curves';
  if (stem === 'final-accuracy') return 'Final test accuracy';
  if (stem === 'sweep') return 'Final test accuracy across the sweep';
  return `Confusion matrix, ${stem.slice('confusion-'.length)}`;
}

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
  /** Markdown below the caption: the per-class table of a confusion matrix. */
  details?: string;
}

export interface Plot extends PlotEntry {
  spec: TopLevelSpec;
}

/**
 * The plots, in PLOT_STEMS order, a confusion matrix per dataset in report order. A plot with
 * nothing to draw is left out (learning curves before any epoch finished, the sweep when no
 * numeric parameter varies, a confusion matrix when no finished run of the dataset stored one,
 * everything when there are no runs): an empty chart says less than its absence and makes vega
 * warn about empty domains. Pure.
 */
export function buildPlots(runs: readonly RunResult[], options: PlotOptions = {}): Plot[] {
  const experiment = options.experiment ?? runs[0]?.spec.experiment ?? 'experiment';
  const ctx = plotContext(runs, experiment);
  const plots: Plot[] = [];
  const add = (stem: PlotStem, spec: TopLevelSpec, caption: string, details?: string) =>
    plots.push({ stem, title: plotTitle(stem), caption, spec, ...(details === undefined ? {} : { details }) });
  if (runs.some((r) => r.epochs.length > 0)) {
    const curves = learningCurves(ctx);
    add('learning-curves', curves.spec, curves.caption);
  }
  if (runs.length > 0) add('final-accuracy', finalAccuracy(ctx), accuracyCaption(ctx, runs));
  const sweep = runs.length > 0 ? sweepPlot(ctx) : undefined;
  if (sweep) add('sweep', sweep.spec, sweep.caption);
  const labels = runLabels(runs);
  for (const best of bestRuns(runs)) {
    const { spec, caption, details } = confusionPlot(experiment, best, labels.get(best.run.id)!);
    add(`confusion-${best.dataset}`, spec, caption, details);
  }
  return plots;
}

function accuracyCaption(ctx: PlotContext, runs: readonly RunResult[]): string {
  const what = ctx.replicated
    ? 'Final test accuracy per config: the mean over the seeds that finished (bar), ±1 standard deviation (whisker) and each seed (dot)'
    : 'Final test accuracy of each run';
  const stopped = runs.some((r) => r.status !== 'done') ? '; runs that failed or diverged are named beside their bar' : '';
  return `${what}${stopped}.`;
}
