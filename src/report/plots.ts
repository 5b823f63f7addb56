// The plots as Vega-Lite specs: plain JSON with the data inlined, so each `.vl.json` opens in the
// Vega editor on its own and the SVG is a pure function of it. Types only from vega-lite
// (checked at compile time); rendering lives in plots/render.ts. Each plot is built in its own
// file under plots/; the PLOTS table below is the one list of them, in the order the README
// shows them.

import type { TopLevelSpec } from 'vega-lite';
import { DATASETS } from '../data/datasets.js';
import type { DatasetName, RunResult } from '../types.js';
import { confusionPlot } from './plots/confusion.js';
import { plotContext, type BuiltPlot, type PlotContext } from './plots/context.js';
import { finalAccuracy } from './plots/final-accuracy.js';
import { learningCurves } from './plots/learning-curves.js';
import { sweepPlot } from './plots/sweep.js';
import { rungPlot } from './search/rung-plot.js';
import type { SearchReport } from './search/search-report.js';

export { VEGA_LITE_SCHEMA } from './plots/context.js';

/**
 * A plot a report can have: its file name under plots/ (`<stem>.svg`), its alt text, and its
 * builder, which returns nothing when the plot would have nothing to draw. A plot drawn once per
 * dataset gets the dataset's name after its stem and title: `confusion-mnist`.
 */
type PlotKind =
  | { stem: string; title: string; perDataset?: false; build(ctx: PlotContext): BuiltPlot | undefined }
  | { stem: string; title: string; perDataset: true; build(ctx: PlotContext, dataset: DatasetName): BuiltPlot | undefined };

export const PLOTS = [
  { stem: 'rungs', title: 'Search rungs', build: (ctx: PlotContext) => rungPlot(ctx, ctx.search) },
  { stem: 'learning-curves', title: 'Learning curves', build: learningCurves },
  { stem: 'final-accuracy', title: 'Final test accuracy', build: finalAccuracy },
  { stem: 'sweep', title: 'Final test accuracy across the sweep', build: sweepPlot },
  { stem: 'confusion', title: 'Confusion matrix', perDataset: true, build: confusionPlot },
] as const satisfies readonly PlotKind[];

type Kind = (typeof PLOTS)[number];
type PerDataset = Extract<Kind, { perDataset: true }>;
export type PlotStem = Exclude<Kind, PerDataset>['stem'] | `${PerDataset['stem']}-${DatasetName}`;

/** Every plot a report can have, so an old copy of one it no longer has can be removed. */
export const PLOT_STEMS: readonly PlotStem[] = PLOTS.flatMap((p): PlotStem[] =>
  'perDataset' in p ? (Object.keys(DATASETS) as DatasetName[]).map((d) => `${p.stem}-${d}` as const) : [p.stem],
);

export interface PlotOptions {
  /** Shown in plot titles; defaults to the runs' `experiment` field. */
  experiment?: string;
  /** The search's rungs (experiment `search:` halving or hyperband), for the rung plot. */
  search?: SearchReport;
}

/** What the README needs to embed a plot. */
export interface PlotEntry {
  stem: PlotStem;
  /** Alt text. */
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
 * The plots, in PLOTS order, a per-dataset plot for each dataset in report order. A plot with
 * nothing to draw is left out (learning curves before any epoch finished, the sweep when no
 * numeric parameter varies, a confusion matrix when no finished run of the dataset stored one,
 * everything when there are no runs): an empty chart says less than its absence and makes vega
 * warn about empty domains. Pure.
 */
export function buildPlots(runs: readonly RunResult[], options: PlotOptions = {}): Plot[] {
  const experiment = options.experiment ?? runs[0]?.spec.experiment ?? 'experiment';
  const ctx = { ...plotContext(runs, experiment), search: options.search };
  const datasets = [...new Set(ctx.configs.map((c) => c.spec.dataset))];
  const plot = (stem: PlotStem, title: string, built: BuiltPlot | undefined): Plot[] => {
    if (built === undefined) return [];
    const { spec, caption, details } = built;
    return [{ stem, title, caption, spec, ...(details === undefined ? {} : { details }) }];
  };
  return PLOTS.flatMap((p) =>
    'perDataset' in p
      ? datasets.flatMap((d) => plot(`${p.stem}-${d}`, `${p.title}, ${d}`, p.build(ctx, d)))
      : plot(p.stem, p.title, p.build(ctx)),
  );
}
