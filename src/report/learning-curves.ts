// Learning curves: test accuracy and train loss per epoch, side by side, one line per run.

import type { TopLevelSpec } from 'vega-lite';
import { colour, finite, VEGA_LITE_SCHEMA, type PlotContext } from './plot-context.js';

export function learningCurves(ctx: PlotContext): TopLevelSpec {
  const values = ctx.sorted.flatMap((run) =>
    run.epochs.map((e) => ({
      run_id: run.id,
      label: ctx.labels.get(run.id)!,
      dataset: run.spec.dataset,
      epoch: e.epoch,
      train_loss: finite(e.train_loss),
      train_accuracy: finite(e.train_accuracy),
      test_loss: finite(e.test_loss),
      test_accuracy: finite(e.test_accuracy),
    })),
  );
  // Runs that stopped before their first epoch have no line; keep them out of the legend.
  const drawn = ctx.domain.filter((label) => values.some((v) => v.label === label));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${ctx.experiment}: learning curves`, subtitle: 'One line per run, one point per epoch.' },
    data: { values },
    hconcat: [
      // Accuracies crowd near the top; a line chart needs no zero baseline to be read honestly.
      curvePanel(ctx, drawn, 'Test accuracy per epoch', {
        field: 'test_accuracy',
        type: 'quantitative',
        title: 'Test accuracy',
        scale: { zero: false },
        axis: { format: '.1~%' },
      }),
      // Log scale: late-epoch improvements are orders of magnitude below the first epoch's loss.
      // It cannot place 0 or a missing value, so those are filtered out of this panel only.
      curvePanel(
        ctx,
        drawn,
        'Train loss per epoch (log scale)',
        { field: 'train_loss', type: 'quantitative', title: 'Train loss (log)', scale: { type: 'log' } },
        'isValid(datum.train_loss) && datum.train_loss > 0',
      ),
    ],
  };
}

type ConcatItem = Extract<TopLevelSpec, { hconcat: unknown }>['hconcat'][number];
type YDef = { field: string; type: 'quantitative'; title: string; scale: { zero?: boolean; type?: 'log' }; axis?: { format: string } };

/** One learning-curve panel: a line per run with a point per epoch carrying the tooltip. */
function curvePanel(ctx: PlotContext, drawn: string[], title: string, y: YDef, filter?: string): ConcatItem {
  return {
    title,
    width: 320,
    height: 240,
    ...(filter === undefined ? {} : { transform: [{ filter }] }),
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'Epoch', axis: { tickMinStep: 1, format: 'd' } },
      y,
      color: colour(ctx, drawn),
    },
    layer: [
      { mark: { type: 'line' } },
      {
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          tooltip: [
            { field: 'label', type: 'nominal', title: 'Run' },
            { field: 'epoch', type: 'quantitative', title: 'Epoch' },
            { field: 'test_accuracy', type: 'quantitative', title: 'Test accuracy', format: '.2%' },
            { field: 'train_loss', type: 'quantitative', title: 'Train loss', format: '.4f' },
            { field: 'test_loss', type: 'quantitative', title: 'Test loss', format: '.4f' },
            { field: 'run_id', type: 'nominal', title: 'Run id' },
          ],
        },
      },
    ],
  };
}
