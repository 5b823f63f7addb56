// Learning curves: test accuracy and train loss per epoch, side by side, one line per config.
// A config with replicates is drawn as its mean over the finished seeds with a ±1 standard
// deviation band; runs that failed or diverged are drawn on their own, dashed, as far as they got.
// Many configs over several datasets get one row of panels per dataset to stay readable.

import type { TopLevelSpec } from 'vega-lite';
import type { Config } from './configs.js';
import { colour, finite, LEGIBLE_SERIES, VEGA_LITE_SCHEMA, type Layer, type PlotContext, type View } from './plot-context.js';
import { band, summarize } from './stats.js';

type Metric = 'test_accuracy' | 'train_loss';
type Row = Record<string, string | number | null>;

export function learningCurves(ctx: PlotContext): TopLevelSpec {
  const values = ctx.configs.flatMap((c) => [...meanRows(ctx, c), ...stoppedRows(ctx, c)]);
  // Configs without a single epoch have no line; keep them out of the legend.
  const drawn = ctx.seriesDomain.filter((s) => values.some((v) => v.series === s));
  const stopped = values.some((v) => v.kind === 'stopped');
  const means = values.filter((v) => v.kind === 'mean');
  // Each dataset's panels fit its own runs: Fashion-MNIST's 85% and MNIST's 98% need different ranges.
  const look = (metric: Metric, dataset?: string): Look => {
    const own = dataset === undefined ? means : means.filter((r) => r.dataset === dataset);
    return { drawn, stopped, metric, domain: domainOf(metric, own) };
  };
  const panels = (dataset?: string) => [
    // Accuracies crowd near the top; a line chart needs no zero baseline to be read honestly.
    panel(ctx, look('test_accuracy', dataset), titled('Test accuracy per epoch', dataset), dataset),
    // Log scale: late-epoch improvements are orders of magnitude below the first epoch's loss.
    panel(ctx, look('train_loss', dataset), titled('Train loss per epoch (log scale)', dataset), dataset),
  ];
  const datasets = [...new Set(ctx.configs.map((c) => c.spec.dataset))];
  const what = ctx.replicated ? 'One line per config: the mean over its seeds, with a ±1 standard deviation band.' : 'One line per run, one point per epoch.';
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `${ctx.experiment}: learning curves`,
      subtitle: [what, ...(stopped ? ['Dashed: runs that failed or diverged, up to where they stopped; the accuracy axis fits the others.'] : [])],
    },
    data: { values },
    // A grid (concat in two columns) rather than rows of hconcat, so the panels line up.
    ...(ctx.byDataset ? { concat: datasets.flatMap((d) => panels(d)), columns: 2 } : { hconcat: panels() }),
  };
}

/**
 * The accuracy range of the configs that finished, so one run that blew up (accuracy 10%) does
 * not flatten every other line; its dashed line leaves the panel where it leaves that range, and
 * stays whole in the loss panel, whose log scale has room for it. Undefined (vega decides) for
 * the loss, and when nothing finished.
 */
function domainOf(metric: Metric, means: readonly Row[]): [number, number] | undefined {
  if (metric !== 'test_accuracy') return undefined;
  const values = means.flatMap((r) => [r[metric], r[`${metric}_lo`], r[`${metric}_hi`]]).filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return undefined;
  return [Math.floor(Math.min(...values) * 100) / 100, Math.min(1, Math.ceil(Math.max(...values) * 100) / 100)];
}

function titled(title: string, dataset: string | undefined): string {
  return dataset === undefined ? title : `${dataset}: ${title.charAt(0).toLowerCase()}${title.slice(1)}`;
}

/** Per epoch, the mean (and spread) of each metric over the config's finished runs. */
function meanRows(ctx: PlotContext, config: Config): Row[] {
  const last = Math.max(0, ...config.done.map((r) => r.epochs.length));
  const rows: Row[] = [];
  for (let epoch = 1; epoch <= last; epoch++) {
    const at = config.done.map((r) => r.epochs.find((e) => e.epoch === epoch));
    const stat = (m: 'test_accuracy' | 'train_accuracy' | 'train_loss' | 'test_loss') => summarize(at.map((e) => e?.[m]));
    const acc = stat('test_accuracy');
    const loss = stat('train_loss');
    const accBand = band(acc);
    const lossBand = band(loss);
    rows.push({
      kind: 'mean',
      label: config.label,
      series: ctx.series.get(config.label)!,
      dataset: config.spec.dataset,
      ...(config.runs.length === 1 ? { run_id: config.runs[0]!.id } : {}),
      epoch,
      ...(ctx.replicated ? { n: acc.n } : {}),
      test_accuracy: acc.mean,
      ...(ctx.replicated ? { test_accuracy_lo: accBand.lo, test_accuracy_hi: accBand.hi } : {}),
      train_loss: loss.mean,
      // The loss axis is logarithmic: a band reaching 0 or below cannot be drawn, so it is left out.
      ...(ctx.replicated ? { train_loss_lo: lossBand.lo !== null && lossBand.lo > 0 ? lossBand.lo : null, train_loss_hi: lossBand.hi } : {}),
      train_accuracy: stat('train_accuracy').mean,
      test_loss: stat('test_loss').mean,
    });
  }
  return rows;
}

/** The epochs of runs that did not finish, one row each: they are drawn, not averaged. */
function stoppedRows(ctx: PlotContext, config: Config): Row[] {
  return config.runs
    .filter((r) => r.status !== 'done')
    .flatMap((run) =>
      run.epochs.map((e) => ({
        kind: 'stopped',
        label: config.label,
        series: ctx.series.get(config.label)!,
        dataset: config.spec.dataset,
        run_id: run.id,
        status: run.status,
        seed: run.spec.seed,
        epoch: e.epoch,
        test_accuracy: finite(e.test_accuracy),
        train_loss: finite(e.train_loss),
        train_accuracy: finite(e.train_accuracy),
        test_loss: finite(e.test_loss),
      })),
    );
}

const Y: Record<Metric, { title: string; scale: { zero?: boolean; type?: 'log' }; axis?: { format: string } }> = {
  test_accuracy: { title: 'Test accuracy', scale: { zero: false }, axis: { format: '.1~%' } },
  train_loss: { title: 'Train loss (log)', scale: { type: 'log' } },
};

/** How one panel draws: its metric, its y range, the legend's entries, whether dashed runs exist. */
interface Look {
  metric: Metric;
  domain: [number, number] | undefined;
  drawn: string[];
  stopped: boolean;
}

/** One panel: band, mean line, dashed stopped runs, and a point per epoch carrying the tooltip. */
function panel(ctx: PlotContext, look: Look, title: string, dataset?: string): View {
  const { metric, domain, drawn, stopped } = look;
  const scale = { ...Y[metric].scale, ...(domain === undefined ? {} : { domain, nice: true }) };
  const y = (field: string) => ({ field, type: 'quantitative', ...Y[metric], scale }) as const;
  // Marks outside a fixed range are cut at the panel's edge rather than drawn over the axes.
  const clip = domain !== undefined;
  // Log scales cannot place 0 or a missing value; this panel drops those rows, the other keeps them.
  const valid = metric === 'train_loss' ? ['isValid(datum.train_loss)', 'datum.train_loss > 0'] : [];
  const filters = [...(dataset === undefined ? [] : [`datum.dataset === ${JSON.stringify(dataset)}`]), ...valid];
  const only = (kind: string, ...extra: string[]) => ({ filter: [`datum.kind === '${kind}'`, ...extra].join(' && ') });
  const bandLayer: Layer = {
    transform: [only('mean', `isValid(datum.${metric}_lo)`)],
    mark: { type: 'area', opacity: 0.2, clip },
    encoding: { y: y(`${metric}_lo`), y2: { field: `${metric}_hi` } },
  };
  const stoppedLayer: Layer = {
    transform: [only('stopped')],
    mark: { type: 'line', strokeDash: [4, 3], strokeWidth: 1.5, clip },
    encoding: { detail: { field: 'run_id', type: 'nominal' } },
  };
  const layers: Layer[] = [
    ...(ctx.replicated ? [bandLayer] : []),
    { transform: [only('mean')], mark: { type: 'line', clip } },
    ...(stopped ? [stoppedLayer] : []),
    {
      mark: { type: 'point', filled: true, size: ctx.configs.length > LEGIBLE_SERIES ? 12 : 30, clip },
      encoding: {
        tooltip: [
          { field: 'label', type: 'nominal', title: ctx.replicated ? 'Config' : 'Run' },
          { field: 'epoch', type: 'quantitative', title: 'Epoch' },
          ...(ctx.replicated ? [{ field: 'n', type: 'quantitative', title: 'Seeds averaged' } as const] : []),
          { field: 'test_accuracy', type: 'quantitative', title: 'Test accuracy', format: '.2%' },
          { field: 'train_loss', type: 'quantitative', title: 'Train loss', format: '.4f' },
          { field: 'test_loss', type: 'quantitative', title: 'Test loss', format: '.4f' },
          { field: 'run_id', type: 'nominal', title: 'Run id' },
        ],
      },
    },
  ];
  return {
    title,
    width: 320,
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
