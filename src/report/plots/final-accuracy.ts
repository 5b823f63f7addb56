// The comparison of final test accuracies: one labelled bar per config, best first, the value
// written beside it. With replicates the bar is the mean over finished seeds, a whisker spans ±1 standard
// deviation and a dot marks each seed. Runs that failed or diverged are named beside their bar,
// and a config with no finished run keeps its row with the reason, instead of silently vanishing.

import type { TopLevelSpec } from 'vega-lite';
import { isFiniteNumber, percent } from '../format.js';
import { statusTally, type Config } from '../runs/configs.js';
import { band, formatSummary, PERCENT, summarize, type Summary } from '../runs/stats.js';
import { finite, VEGA_LITE_SCHEMA, type BuiltPlot, type Layer, type PlotContext, type PositionDef, type TooltipDef } from './context.js';

/**
 * Where the accuracy axis starts: the tenth below the worst final accuracy minus a margin, so the
 * differences are visible and the shortest bar still has some length. 0 when nothing finished.
 */
export function accuracyAxisStart(accuracies: readonly number[]): number {
  if (accuracies.length === 0) return 0;
  return Math.max(0, Math.floor((Math.min(...accuracies) - 0.05) * 10) / 10);
}

/**
 * Where it ends: the twentieth above the best value plus a margin, so the axis is the data's and
 * not mostly empty up to 100%; 1 when nothing finished.
 */
export function accuracyAxisEnd(accuracies: readonly number[]): number {
  if (accuracies.length === 0) return 1;
  return Math.min(1, Math.ceil((Math.max(...accuracies) + 0.02) * 20) / 20);
}

/** None when there are no runs. */
export function finalAccuracy(ctx: PlotContext): BuiltPlot | undefined {
  if (ctx.runs.length === 0) return undefined;
  return { spec: spec(ctx), caption: caption(ctx) };
}

function caption(ctx: PlotContext): string {
  const what = ctx.replicated
    ? 'Final test accuracy per config: the mean over the seeds that finished (bar), ±1 standard deviation (whisker) and each seed (dot)'
    : 'Final test accuracy of each run';
  const stopped = ctx.runs.some((r) => r.status !== 'done') ? '; runs that failed or diverged are named beside their bar' : '';
  return `${what}${stopped}.`;
}

function spec(ctx: PlotContext): TopLevelSpec {
  const summaries = ctx.configs.map((c) => summarize(c.done.map((r) => r.final?.test_accuracy)));
  // The axis must reach the lowest whisker and the lowest single seed, not just the lowest mean.
  const lows = summaries.map((s) => band(s).lo ?? s.mean);
  const seeds = ctx.configs.flatMap((c) => c.done.map((r) => r.final?.test_accuracy));
  const start = accuracyAxisStart([...lows, ...seeds].filter(isFiniteNumber));
  const end = accuracyAxisEnd([...summaries.map((x) => band(x).hi ?? x.mean), ...seeds].filter(isFiniteNumber));
  const range: [number, number] = [start, end];
  const configRows = ctx.configs.map((config, i) => {
    const s = summaries[i]!;
    const { lo, hi } = band(s);
    const runs = config.done.map((r) => r.final?.test_accuracy).filter(isFiniteNumber);
    return {
      kind: 'config',
      label: config.label,
      series: ctx.series.get(config.label)!,
      ...(config.runs.length === 1 ? { run_id: config.runs[0]!.id, status: config.runs[0]!.status } : { n: s.n, runs: config.runs.length }),
      final_test_accuracy: s.mean,
      ...(ctx.replicated ? { lo, hi } : {}),
      text: barText(config, formatSummary(s, 2, PERCENT)),
      // The text goes right of everything drawn for the config: bar, whisker and dots.
      text_x: Math.max(start, ...[s.mean, hi, ...runs].filter(isFiniteNumber)),
    };
  });
  const seedRows = !ctx.replicated
    ? []
    : ctx.configs.flatMap((c) =>
        c.done.map((r) => ({
          kind: 'run',
          label: c.label,
          run_id: r.id,
          seed: r.spec.seed,
          final_test_accuracy: finite(r.final?.test_accuracy),
        })),
      );
  const x = (field: string) => accuracyX(field, range);
  const layers: Layer[] = [
    {
      transform: [only('config', 'isValid(datum.final_test_accuracy)')],
      mark: { type: 'bar' },
      // Bars run from the axis start (x2), not from 0, which is off the axis.
      encoding: { x: x('final_test_accuracy'), x2: { datum: start }, color: barColour(ctx), tooltip: tooltip(ctx) },
    },
    ...(ctx.replicated ? replicateLayers(range) : []),
    {
      transform: [only('config')],
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 5 },
      encoding: { x: x('text_x'), text: { field: 'text', type: 'nominal' } },
    },
  ];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${ctx.experiment}: final test accuracy`, subtitle: subtitle(ctx, start) },
    data: { values: [...configRows, ...seedRows] },
    width: 420,
    height: { step: 28 },
    // Labels of a sweep are long (`fashion-mnist · lr 0.03 · batch 128`); the default limit cuts them.
    encoding: { y: { field: 'label', type: 'nominal', title: null, sort: ranked(ctx, summaries), axis: { labelLimit: 360 } } },
    layer: layers,
  };
}

/**
 * Config labels best first within each dataset (datasets in report order), so the ranking reads
 * top-down; configs with no finished run last.
 */
function ranked(ctx: PlotContext, summaries: readonly Summary[]): string[] {
  const mean = (i: number) => summaries[i]!.mean ?? -Infinity;
  const datasets = [...new Set(ctx.configs.map((c) => c.spec.dataset))];
  const at = (i: number) => datasets.indexOf(ctx.configs[i]!.spec.dataset);
  return ctx.configs
    .map((_, i) => i)
    .sort((i, j) => at(i) - at(j) || mean(j) - mean(i) || 0)
    .map((i) => ctx.configs[i]!.label);
}

/**
 * A colour only where it means something: the first swept factor, when several bars share each
 * value (the optimizer over two datasets, the learning rate over batch sizes), the same colours
 * as the learning curves. Otherwise every bar is alike: a colour per bar would only repeat its label.
 */
function barColour(ctx: PlotContext) {
  const { colourIsFactor, colourDomain } = ctx.encoding;
  if (!colourIsFactor || colourDomain.length < 2 || colourDomain.length >= ctx.configs.length) return { value: '#4c78a8' } as const;
  return {
    field: 'series',
    type: 'nominal',
    title: ctx.encoding.colourTitle,
    scale: { domain: colourDomain, scheme: 'tableau10' },
    // Each bar's label already names its value; a legend would only widen the figure.
    legend: null,
  } as const;
}

/** `97.91 ± 0.12%`, then what did not finish: `97.91 ± 0.12% (1 diverged)`, or `failed` alone. */
function barText(config: Config, value: string): string {
  const stopped = statusTally(config.runs).filter((t) => t.status !== 'done');
  if (config.done.length === 0 && config.runs.length === 1) return config.runs[0]!.status;
  const named = stopped.map(({ status, n }) => `${n} ${status}`).join(', ');
  if (config.done.length === 0) return named;
  return named === '' ? value : `${value} (${named})`;
}

/** The accuracy axis every layer shares; fields differ, the scale and title do not. */
function accuracyX(field: string, range: [number, number]): PositionDef {
  const [start] = range;
  const title = start > 0 ? `Final test accuracy (axis starts at ${percent(start, 0)}, not 0)` : 'Final test accuracy';
  return { field, type: 'quantitative', title, scale: { domain: range }, axis: { format: '.0%' } };
}

function only(kind: string, ...extra: string[]): { filter: string } {
  return { filter: [`datum.kind === '${kind}'`, ...extra].join(' && ') };
}

/** The whisker (mean ± std) and one dot per finished seed. */
function replicateLayers(range: [number, number]): Layer[] {
  return [
    {
      transform: [only('config', 'isValid(datum.lo)')],
      mark: { type: 'rule', color: '#333', strokeWidth: 1.5 },
      encoding: { x: accuracyX('lo', range), x2: { field: 'hi' } },
    },
    {
      transform: [only('run', 'isValid(datum.final_test_accuracy)')],
      mark: { type: 'point', shape: 'circle', filled: true, color: 'white', stroke: '#333', strokeWidth: 1, size: 28, opacity: 1 },
      encoding: {
        x: accuracyX('final_test_accuracy', range),
        tooltip: [
          { field: 'label', type: 'nominal', title: 'Config' },
          { field: 'seed', type: 'quantitative', title: 'Seed' },
          { field: 'final_test_accuracy', type: 'quantitative', title: 'Final test accuracy', format: '.2%' },
          { field: 'run_id', type: 'nominal', title: 'Run id' },
        ],
      },
    },
  ];
}

function tooltip(ctx: PlotContext): TooltipDef {
  if (!ctx.replicated) {
    return [
      { field: 'label', type: 'nominal', title: 'Run' },
      { field: 'final_test_accuracy', type: 'quantitative', title: 'Final test accuracy', format: '.2%' },
      { field: 'run_id', type: 'nominal', title: 'Run id' },
    ];
  }
  return [
    { field: 'label', type: 'nominal', title: 'Config' },
    { field: 'final_test_accuracy', type: 'quantitative', title: 'Mean final test accuracy', format: '.2%' },
    { field: 'text', type: 'nominal', title: 'Mean ± std' },
    { field: 'n', type: 'quantitative', title: 'Seeds finished' },
  ];
}

function subtitle(ctx: PlotContext, start: number): string[] {
  const axis = start > 0 ? `Bars start at ${percent(start, 0)} to show the differences.` : 'Test accuracy after the last epoch.';
  if (!ctx.replicated) return [axis];
  return ['Bar: mean over the seeds that finished; whisker: ±1 standard deviation; dot: one seed.', axis];
}
