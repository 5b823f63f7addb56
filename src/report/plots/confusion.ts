// The test-set confusion matrix of a dataset's best run (see runs/best-run.ts) as a heatmap: true
// class down, predicted class across, each cell the count of test images, coloured by its share of
// the row (the true class), so classes read alike whatever their size. The colour scale is a square
// root: the diagonal is near 100% and the confusions worth seeing are a few percent. With it come
// its README caption and the per-class table (tables/per-class.ts), from the same class names and
// totals.

import type { TopLevelSpec } from 'vega-lite';
import type { DatasetName } from '../../types.js';
import { percent } from '../format.js';
import { bestRuns, criterionText, type BestRun } from '../runs/best-run.js';
import { runLabels } from '../runs/configs.js';
import { shortId } from '../runs/labels.js';
import { classNames, perClass, perClassTable } from '../tables/per-class.js';
import { VEGA_LITE_SCHEMA, type BuiltPlot, type PlotContext } from './context.js';

/** Cells at least this share of their row are dark enough to need white text. */
const DARK = 0.3;

/**
 * The matrix of the dataset's best run, with the per-class table as its details; none when no
 * finished run of the dataset stored one.
 */
export function confusionPlot(ctx: PlotContext, dataset: DatasetName): BuiltPlot | undefined {
  const best = bestRuns(ctx.runs).find((b) => b.dataset === dataset);
  if (best === undefined) return undefined;
  // The run's name in the table and the other plots.
  const label = runLabels(ctx.runs).get(best.run.id)!;
  const { run } = best;
  const confusion = run.confusion!;
  const names = classNames(dataset, confusion.length, run.spec.dataset_spec?.classes);
  const classes = perClass(confusion, names);
  const values = confusion.flatMap((row, t) => {
    const { total } = classes[t]!;
    return row.map((count, p) => ({ true_class: names[t]!, predicted: names[p]!, count, share: total > 0 ? count / total : null }));
  });
  // Digits fit under their column; class names would overlap unless slanted.
  const slant = names.some((n) => n.length > 3);
  const axis = (title: string, labelAngle?: number) => ({ title, sort: names, axis: { labelAngle, labelLimit: 160 } });
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${ctx.experiment}: ${dataset}, run ${shortId(run.id)}`, subtitle: subtitle(best, label) },
    data: { values },
    width: { step: 38 },
    height: { step: 38 },
    encoding: {
      x: { field: 'predicted', type: 'nominal', ...axis('Predicted class', slant ? -40 : 0) },
      y: { field: 'true_class', type: 'nominal', ...axis('True class') },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'share',
            type: 'quantitative',
            title: 'Share of the row',
            // ColorBrewer's Blues from white, so a cell no image fell in reads as empty (vega's starts tinted).
            scale: { type: 'sqrt', domain: [0, 1], range: ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'] },
            legend: { format: '.0%', values: [0, 0.01, 0.1, 0.5, 1] },
          },
          tooltip: [
            { field: 'true_class', type: 'nominal', title: 'True class' },
            { field: 'predicted', type: 'nominal', title: 'Predicted' },
            { field: 'count', type: 'quantitative', title: 'Test images' },
            { field: 'share', type: 'quantitative', title: 'Share of the true class', format: '.2%' },
          ],
        },
      },
      {
        // Empty cells stay blank: a grid of zeros hides the few confusions that matter.
        transform: [{ filter: 'datum.count > 0' }],
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: `datum.share >= ${DARK}`, value: 'white' }, value: '#222' },
        },
      },
    ],
  };
  return { spec, caption: caption(best, label), details: perClassTable(classes).trimEnd() };
}

function caption(best: BestRun, label: string): string {
  const name = label === best.dataset ? '' : ` (${label})`;
  const which =
    best.among > 1
      ? `the best of ${best.among} ${best.dataset} runs by ${criterionText(best.by)}`
      : `the only ${best.dataset} run with one`;
  return (
    `Test-set confusion matrix of run \`${shortId(best.run.id)}\`${name}, ${which}: rows are true classes, columns predictions, ` +
    'each cell a count coloured by its share of the row. Below: its accuracy per class and the class it is most often mistaken for.'
  );
}

/**
 * Short lines, none wider than the matrix: a long subtitle sets the width of the whole figure.
 * How to read the cells is in the README caption and the legend's title.
 */
function subtitle(best: BestRun, label: string): string[] {
  const { run, by, among } = best;
  const test = percent(run.final?.test_accuracy);
  const chosen =
    among <= 1
      ? `the only finished run with a matrix; test accuracy ${test}`
      : by === 'val_accuracy'
        ? `best of ${among} by validation accuracy (${percent(run.final?.val_accuracy)}); test ${test}`
        : `best of ${among} by test accuracy (${test}): no validation split`;
  return [...(label === best.dataset ? [] : [label]), chosen];
}
