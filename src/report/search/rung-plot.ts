// The rung plot: the search metric against epoch, one line per run as far as the search took it
// (a stored grid run is cut at the last rung it entered: the plot shows what the search saw), a
// rule at each rung epoch, and a cross where a pruned run stopped. Lines are coloured by where the
// run left the search, so the funnel reads at a glance: many short grey lines, a few long ones.

import type { TopLevelSpec } from 'vega-lite';
import { finite, VEGA_LITE_SCHEMA, type BuiltPlot, type PlotContext, type View } from '../plots/context.js';
import { fateOf, type SearchReport } from './search-report.js';

const TITLES = { val_accuracy: 'Validation accuracy', val_loss: 'Validation loss' } as const;

export function rungPlot(ctx: PlotContext, search: SearchReport | undefined): BuiltPlot | undefined {
  if (search === undefined) return undefined;
  const fate = fateOf(search);
  const metric = search.spec.metric;
  const runs = new Map(ctx.runs.map((r) => [r.id, r]));
  const rows = [...fate].flatMap(([id, f]) => {
    const run = runs.get(id);
    if (run === undefined) return [];
    const seen = run.epochs.slice(0, f.stoppedAt);
    return seen.map((e, i) => ({
      run: id.slice(0, 8),
      dataset: run.spec.dataset,
      epoch: e.epoch,
      value: finite(e[metric]),
      fate: f.kind === 'pruned' ? `pruned at epoch ${f.stoppedAt}` : f.kind,
      end: f.kind === 'pruned' && i === seen.length - 1,
    }));
  });
  if (rows.length === 0) return undefined;
  const rungs = [...new Set(search.plan.brackets.flatMap((b) => b.rungs.map((r) => r.epoch)))].sort((a, b) => a - b);
  const pruned = [...new Set(rows.filter((r) => r.fate.startsWith('pruned')).map((r) => r.fate))].sort(
    (a, b) => Number(a.split(' ').at(-1)) - Number(b.split(' ').at(-1)),
  );
  const fates = [...pruned, ...['waiting', 'finished', 'chosen'].filter((f) => rows.some((r) => r.fate === f))];
  // Later cuts darker: the runs that went further stand out from the first rung's crowd.
  const greys = pruned.map((_, i) => ['#b5b5b5', '#8f8f8f', '#6e6e6e', '#505050', '#333333'][Math.min(i, 4)]!);
  const colours = [
    ...greys,
    ...fates.slice(pruned.length).map((f) => ({ waiting: '#f28e2b', finished: '#4c78a8', chosen: '#e45756' })[f]!),
  ];
  const percent = metric === 'val_accuracy';
  const datasets = [...new Set(rows.map((r) => r.dataset))];
  const panel = (dataset: string): View => ({
    ...(datasets.length > 1 ? { title: dataset } : {}),
    width: 420,
    height: 260,
    layer: [
      {
        data: { values: rungs.map((epoch) => ({ epoch })) },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#888' },
        encoding: { x: { field: 'epoch', type: 'quantitative' } },
      },
      {
        ...(datasets.length > 1 ? { transform: [{ filter: `datum.dataset === ${JSON.stringify(dataset)}` }] } : {}),
        layer: [
          {
            mark: { type: 'line', strokeWidth: 1.5 },
            encoding: {
              detail: { field: 'run', type: 'nominal' },
              opacity: { condition: { test: "datum.fate === 'chosen'", value: 1 }, value: 0.75 },
            },
          },
          {
            transform: [{ filter: 'datum.end' }],
            mark: { type: 'point', shape: 'cross', filled: true, size: 60 },
            encoding: {
              tooltip: [{ field: 'run' }, { field: 'fate', title: 'left' }, { field: 'value', format: percent ? '.2%' : '.4f' }],
            },
          },
        ],
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'Epoch', axis: { values: rungs, tickMinStep: 1 } },
          y: {
            field: 'value',
            type: 'quantitative',
            title: TITLES[metric],
            scale: { zero: false },
            axis: percent ? { format: '.0%' } : {},
          },
          color: { field: 'fate', type: 'nominal', title: 'Run', scale: { domain: fates, range: colours }, legend: { orient: 'right' } },
        },
      },
    ],
  });
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `${ctx.experiment}: ${search.spec.method} rungs`,
      subtitle: `As far as the search took each run. Dashed: rungs (eta ${search.spec.eta}); +: pruned there.`,
    },
    data: { values: rows },
    ...(datasets.length > 1 ? { vconcat: datasets.map(panel) } : panel(datasets[0]!)),
  } as TopLevelSpec;
  return {
    spec,
    caption: `${TITLES[metric]} against epoch, one line per run as far as ${search.spec.method} trained it; the dashed rules are the rungs, a cross marks where a run was pruned, red is the run chosen.`,
  };
}
