// Learning curves: test accuracy and train loss per epoch, side by side, one line per config, and
// validation accuracy in a panel of its own when runs held one out (a panel, not a second line per
// colour: dashes already name a factor, and two lines a run stop reading past a few runs; the two
// accuracy panels share their range so they compare at a glance). One row of panels per dataset;
// colour, dash and grey follow encoding.ts.
// A config with replicates is drawn as its mean over the finished seeds with a ±1 standard
// deviation band; runs that failed or diverged are drawn on their own, dotted, as far as they got;
// a ring marks the epoch whose weights early stopping kept.

import type { TopLevelSpec } from 'vega-lite';
import { hasValidation } from '../runs/validation.js';
import { colour, LEGIBLE_SERIES, VEGA_LITE_SCHEMA, type BuiltPlot, type Layer, type PlotContext, type View } from './context.js';
import { BEST_FEW, DASHES, GREY_PAST } from './encoding.js';
import { curveRows, type Metric, type Row } from './learning-curves-data.js';

/** None before any epoch finished. */
export function learningCurves(ctx: PlotContext): BuiltPlot | undefined {
  if (!ctx.runs.some((r) => r.epochs.length > 0)) return undefined;
  const validation = hasValidation(ctx.configs.flatMap((c) => c.runs));
  const values = curveRows(ctx, validation);
  // Configs without a single epoch have no line; keep them out of the legend.
  const drawn = ctx.seriesDomain.filter((s) => values.some((v) => v.series === s));
  const stopped = values.some((v) => v.kind === 'stopped');
  const kept = values.some((v) => v.kind === 'kept');
  const means = values.filter((v) => v.kind === 'mean');
  const accuracies: Metric[] = validation ? ['val_accuracy', 'test_accuracy'] : ['test_accuracy'];
  // Each dataset's panels fit its own runs: Fashion-MNIST's 85% and MNIST's 98% need different ranges.
  const look = (metric: Metric, dataset?: string): Look => {
    const own = dataset === undefined ? means : means.filter((r) => r.dataset === dataset);
    const domain = metric === 'train_loss' ? undefined : accuracyDomain(accuracies, own);
    // A layer with nothing to draw leaves vega an empty extent to warn about.
    const rings = values.some(
      (v) => v.kind === 'kept' && (dataset === undefined || v.dataset === dataset) && typeof v[metric] === 'number',
    );
    // Per panel too: a layer of dotted lines with none to draw would leave vega an empty extent.
    const ownStopped = values.some((v) => v.kind === 'stopped' && (dataset === undefined || v.dataset === dataset));
    return { drawn, stopped: ownStopped, kept, rings, metric, domain, width: validation ? 260 : 320 };
  };
  // A dataset none of whose runs held out a validation split gets no empty validation panel.
  const validated = (dataset?: string) =>
    validation && means.some((r) => (dataset === undefined || r.dataset === dataset) && r.val_accuracy !== null);
  const panels = (dataset?: string) => [
    // Accuracies crowd near the top; a line chart needs no zero baseline to be read honestly.
    ...(validated(dataset) ? [panel(ctx, look('val_accuracy', dataset), titled('Validation accuracy per epoch', dataset), dataset)] : []),
    panel(ctx, look('test_accuracy', dataset), titled('Test accuracy per epoch', dataset), dataset),
    // Log scale: late-epoch improvements are orders of magnitude below the first epoch's loss.
    panel(ctx, look('train_loss', dataset), titled('Train loss per epoch (log scale)', dataset), dataset),
  ];
  const rows = ctx.byDataset ? [...new Set(ctx.configs.map((c) => c.spec.dataset))].map((d) => panels(d)) : [];
  // A grid (concat in rows of panels) rather than rows of hconcat, so the panels line up; rows
  // only when datasets differ in their panels (some held out a validation split, some did not).
  const layout = !ctx.byDataset
    ? { hconcat: panels() }
    : new Set(rows.map((r) => r.length)).size === 1
      ? { concat: rows.flat(), columns: rows[0]!.length }
      : { vconcat: rows.map((r) => ({ hconcat: r })) };
  const what = ctx.replicated
    ? 'One line per config: the mean over its seeds, with a ±1 standard deviation band.'
    : 'One line per run, one point per epoch.';
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `${ctx.experiment}: learning curves`,
      subtitle: [
        what,
        ...greyNote(ctx),
        ...(stopped ? [`Dotted: runs that ${unfinished(ctx)}, up to where they stopped; the accuracy axis fits the others.`] : []),
        ...(kept ? ['Ring: the epoch whose weights early stopping kept (its accuracies are the final ones).'] : []),
      ],
    },
    data: { values },
    ...layout,
  };
  return { spec, caption: caption(ctx, validation, stopped, kept) };
}

/** What the dotted lines are: runs that failed or diverged, and those a search pruned. */
function unfinished(ctx: PlotContext): string {
  return ctx.runs.some((r) => r.status === 'pruned' || r.status === 'paused')
    ? 'failed, diverged or were stopped at a search rung'
    : 'failed or diverged';
}

/** What the grey lines are, when there are any. */
function greyNote(ctx: PlotContext): string[] {
  const n = ctx.encoding.grey.size;
  if (n === 0) return [];
  const by = hasValidation(ctx.runs) ? 'validation' : 'test';
  return [`Grey: ${n} more configs, beyond the best ${BEST_FEW} of their dataset by final ${by} accuracy (named in the tooltip).`];
}

function caption(ctx: PlotContext, validation: boolean, stopped: boolean, kept: boolean): string {
  const metrics = validation ? 'Validation accuracy, test accuracy and train loss' : 'Test accuracy and train loss';
  const what = ctx.replicated
    ? `${metrics} per epoch: for each config, the mean over its seeds with a ±1 standard deviation band`
    : `${metrics} per epoch, one line per run`;
  const rows = ctx.byDataset ? ', one row of panels per dataset' : '';
  const { colourIsFactor, colourTitle, dashTitle, grey } = ctx.encoding;
  const looks = colourIsFactor ? `; colour: ${colourTitle}${dashTitle === undefined ? '' : `, dash: ${dashTitle}`}` : '';
  const greyed = grey.size > 0 ? `; past ${GREY_PAST} lines in a panel, all but the best ${BEST_FEW} are grey` : '';
  const dashed = stopped ? `; dotted lines are runs that ${unfinished(ctx)}` : '';
  const rings = kept ? '; a ring marks the epoch whose weights early stopping kept' : '';
  return `${what}${rows}${looks}${greyed}${dashed}${rings}.`;
}

/**
 * The accuracy range of the configs that finished, so one run that blew up (accuracy 10%) does
 * not flatten every other line; its dashed line leaves the panel where it leaves that range, and
 * stays whole in the loss panel, whose log scale has room for it. Validation and test share it.
 * Undefined (vega decides) when nothing finished.
 */
function accuracyDomain(metrics: readonly Metric[], means: readonly Row[]): [number, number] | undefined {
  const values = means
    .flatMap((r) => metrics.flatMap((m) => [r[m], r[`${m}_lo`], r[`${m}_hi`]]))
    .filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return undefined;
  return [Math.floor(Math.min(...values) * 100) / 100, Math.min(1, Math.ceil(Math.max(...values) * 100) / 100)];
}

/**
 * A row of panels per dataset is titled `mnist: test accuracy`, short enough for its panel: a
 * title wider than its panel pushes the grid's columns apart. The axes say the rest.
 */
function titled(title: string, dataset: string | undefined): string {
  if (dataset === undefined) return title;
  const short = title.replace(' per epoch', '').replace(' (log scale)', '').replace('Validation', 'Val');
  return `${dataset}: ${short.charAt(0).toLowerCase()}${short.slice(1)}`;
}

const Y: Record<
  Metric,
  { title: string; scale: { zero?: boolean; type?: 'log'; nice?: boolean; padding?: number }; axis?: { format: string } }
> = {
  val_accuracy: { title: 'Validation accuracy', scale: { zero: false }, axis: { format: '.1~%' } },
  test_accuracy: { title: 'Test accuracy', scale: { zero: false }, axis: { format: '.1~%' } },
  // Fitted to the data, not niced out to whole decades, which would squash the lines flat.
  train_loss: { title: 'Train loss (log)', scale: { type: 'log', nice: false, padding: 8 } },
};

/** How one panel draws: its metric, its y range, the legend's entries, which extra marks exist. */
interface Look {
  metric: Metric;
  domain: [number, number] | undefined;
  drawn: string[];
  /** Runs that failed or diverged: dashed lines. */
  stopped: boolean;
  /** Some rows mark an epoch early stopping kept (kind `kept`), which only rings draw. */
  kept: boolean;
  /** This panel draws rings: it shows an accuracy, and some run of its own has a kept epoch. */
  rings: boolean;
  width: number;
}

/** One panel: band, mean line, dashed stopped runs, a point per epoch carrying the tooltip, rings. */
function panel(ctx: PlotContext, look: Look, title: string, dataset?: string): View {
  const { metric, domain, drawn, stopped, kept, rings } = look;
  const scale = { ...Y[metric].scale, ...(domain === undefined ? {} : { domain, nice: true }) };
  const y = (field: string) => ({ field, type: 'quantitative', ...Y[metric], scale }) as const;
  // Marks outside a fixed range are cut at the panel's edge rather than drawn over the axes.
  const clip = domain !== undefined;
  // Log scales cannot place 0 or a missing value; this panel drops those rows, the other keeps them.
  const valid = metric === 'train_loss' ? ['isValid(datum.train_loss)', 'datum.train_loss > 0'] : [];
  const filters = [...(dataset === undefined ? [] : [`datum.dataset === ${JSON.stringify(dataset)}`]), ...valid];
  const only = (kind: string, ...extra: string[]) => ({ filter: [`datum.kind === '${kind}'`, ...extra].join(' && ') });
  const bandLayer: Layer = {
    transform: [only('mean', `isValid(datum.${metric}_lo)`, ...(ctx.encoding.grey.size > 0 ? ['!datum.grey'] : []))],
    mark: { type: 'area', opacity: 0.2, clip },
    encoding: { y: y(`${metric}_lo`), y2: { field: `${metric}_hi` } },
  };
  const stoppedLayer: Layer = {
    transform: [only('stopped')],
    mark: { type: 'line', strokeDash: [1, 3], strokeWidth: 1.5, clip },
    encoding: { detail: { field: 'run_id', type: 'nominal' } },
  };
  const keptLayer: Layer = {
    transform: [only('kept', `isValid(datum.${metric})`)],
    mark: { type: 'point', filled: false, size: 160, strokeWidth: 2, opacity: 1, clip },
  };
  const { dash, grey } = ctx.encoding;
  const lines = (which: string): Layer => ({
    transform: [only('mean', ...(grey.size === 0 ? [] : [which]))],
    mark: { type: 'line', clip, ...(which === 'datum.grey' ? { color: GREY, strokeWidth: 1 } : {}) },
    encoding: {
      // Configs can share a colour (the dash or the dataset tells them apart): one line each.
      detail: { field: 'label', type: 'nominal' },
      ...(which === 'datum.grey' ? { color: { value: GREY } } : {}),
      // Grey lines stay solid: they are the background, named only in their tooltip.
      ...(dash === undefined || which === 'datum.grey' ? {} : { strokeDash: dashEncoding(ctx) }),
    },
  });
  const layers: Layer[] = [
    ...(ctx.replicated ? [bandLayer] : []),
    // Only where this panel has grey lines: an empty layer leaves vega an empty extent.
    // (A config none of whose runs finished, all failed or pruned, has no mean line.)
    ...(ctx.configs.some((c) => grey.has(c.label) && c.done.length > 0 && (dataset === undefined || c.spec.dataset === dataset))
      ? [lines('datum.grey')]
      : []),
    lines('!datum.grey'),
    ...(stopped ? [stoppedLayer] : []),
    {
      ...(kept ? { transform: [{ filter: "datum.kind !== 'kept'" }] } : {}),
      mark: { type: 'point', filled: true, size: ctx.configs.length > LEGIBLE_SERIES ? 12 : 30, clip },
      encoding: {
        ...(grey.size === 0 ? {} : { color: { condition: { test: 'datum.grey', value: GREY }, ...colour(ctx, drawn) } }),
        tooltip: [
          { field: 'label', type: 'nominal', title: ctx.replicated ? 'Config' : 'Run' },
          { field: 'epoch', type: 'quantitative', title: 'Epoch' },
          ...(ctx.replicated ? [{ field: 'n', type: 'quantitative', title: 'Seeds averaged' } as const] : []),
          ...(metric === 'val_accuracy'
            ? [{ field: 'val_accuracy', type: 'quantitative', title: 'Validation accuracy', format: '.2%' } as const]
            : []),
          { field: 'test_accuracy', type: 'quantitative', title: 'Test accuracy', format: '.2%' },
          { field: 'train_loss', type: 'quantitative', title: 'Train loss', format: '.4f' },
          { field: 'test_loss', type: 'quantitative', title: 'Test loss', format: '.4f' },
          { field: 'run_id', type: 'nominal', title: 'Run id' },
        ],
      },
    },
    ...(rings ? [keptLayer] : []),
  ];
  return {
    title,
    width: look.width,
    height: 240,
    ...(filters.length === 0 ? {} : { transform: [{ filter: filters.join(' && ') }] }),
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'Epoch', axis: { tickMinStep: 1, format: 'd' } },
      y: y(metric),
      color: colour(ctx, drawn),
    },
    layer: layers,
  };
}

const GREY = '#c7c7c7';

/** The second factor as the dash of each line, with its own legend. */
function dashEncoding(ctx: PlotContext) {
  const { dash, dashDomain, grey } = ctx.encoding;
  const values = dashDomain!.filter((v) => ctx.configs.some((c) => !grey.has(c.label) && dash!.get(c.label) === v));
  return {
    field: 'dash',
    type: 'nominal',
    title: ctx.encoding.dashTitle!,
    scale: { domain: values, range: DASHES.slice(0, values.length) },
    legend: { labelLimit: 400, symbolStrokeColor: '#555' },
  } as const;
}
