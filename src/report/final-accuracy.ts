// The comparison of final test accuracies: one labelled bar per run, the value written beside it.

import type { TopLevelSpec } from 'vega-lite';
import { isFiniteNumber, percent } from './format.js';
import { colour, finite, VEGA_LITE_SCHEMA, type PlotContext } from './plot-context.js';

/**
 * Where the accuracy axis starts: the tenth below the worst final accuracy minus a margin, so the
 * differences are visible and the shortest bar still has some length. 0 when nothing finished.
 */
export function accuracyAxisStart(accuracies: readonly number[]): number {
  if (accuracies.length === 0) return 0;
  return Math.max(0, Math.floor((Math.min(...accuracies) - 0.05) * 10) / 10);
}

export function finalAccuracy(ctx: PlotContext): TopLevelSpec {
  const accuracies = ctx.sorted.flatMap((r) => (isFiniteNumber(r.final?.test_accuracy) ? [r.final.test_accuracy] : []));
  const start = accuracyAxisStart(accuracies);
  const values = ctx.sorted.map((run) => {
    const acc = finite(run.final?.test_accuracy);
    return {
      run_id: run.id,
      label: ctx.labels.get(run.id)!,
      status: run.status,
      final_test_accuracy: acc,
      // Runs without a final accuracy keep their row and say why, instead of silently vanishing.
      text: acc === null ? run.status : percent(acc),
      text_x: acc ?? start,
    };
  });
  const axisTitle = start > 0 ? `Final test accuracy (axis starts at ${percent(start, 0)}, not 0)` : 'Final test accuracy';
  const x = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: axisTitle,
    scale: { domain: [start, 1] },
    axis: { format: '.0%' },
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `${ctx.experiment}: final test accuracy`,
      subtitle: start > 0 ? `Bars start at ${percent(start, 0)} to show the differences.` : 'Test accuracy after the last epoch.',
    },
    data: { values },
    width: 420,
    height: { step: 28 },
    encoding: { y: { field: 'label', type: 'nominal', title: null, sort: ctx.domain } },
    layer: [
      {
        transform: [{ filter: 'isValid(datum.final_test_accuracy)' }],
        mark: { type: 'bar' },
        encoding: {
          // Bars run from the axis start (x2), not from 0, which is off the axis.
          x: x('final_test_accuracy'),
          x2: { datum: start },
          color: colour(ctx),
          tooltip: [
            { field: 'label', type: 'nominal', title: 'Run' },
            { field: 'final_test_accuracy', type: 'quantitative', title: 'Final test accuracy', format: '.2%' },
            { field: 'run_id', type: 'nominal', title: 'Run id' },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 },
        encoding: { x: x('text_x'), text: { field: 'text', type: 'nominal' } },
      },
    ],
  };
}
