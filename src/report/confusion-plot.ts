// The test-set confusion matrix of a dataset's best run (see best-run.ts) as a heatmap: true class
// down, predicted class across, each cell the count of test images, coloured by its share of the
// row (the true class), so classes read alike whatever their size. The colour scale is a square
// root: the diagonal is near 100% and the confusions worth seeing are a few percent.

import type { TopLevelSpec } from 'vega-lite';
import { criterionText, type BestRun } from './best-run.js';
import { classNames } from './confusion.js';
import { percent } from './format.js';
import { shortId } from './labels.js';
import { VEGA_LITE_SCHEMA } from './plot-context.js';

/** Cells at least this share of their row are dark enough to need white text. */
const DARK = 0.3;

/** `label` is the run's name in the table and the other plots. */
export function confusionPlot(experiment: string, best: BestRun, label: string): TopLevelSpec {
  const { run, dataset } = best;
  const confusion = run.confusion!;
  const names = classNames(dataset, confusion.length);
  const values = confusion.flatMap((row, t) => {
    const total = row.reduce((s, x) => s + x, 0);
    return row.map((count, p) => ({ true_class: names[t]!, predicted: names[p]!, count, share: total > 0 ? count / total : null }));
  });
  // Digits fit under their column; class names would overlap unless slanted.
  const slant = names.some((n) => n.length > 3);
  const axis = (title: string, labelAngle?: number) => ({ title, sort: names, axis: { labelAngle, labelLimit: 160 } });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${experiment}: confusion matrix, ${dataset}, run ${shortId(run.id)}`, subtitle: subtitle(best, label) },
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
}

function subtitle(best: BestRun, label: string): string[] {
  const { run, by, among } = best;
  const who = label === best.dataset ? 'This run' : label;
  const test = percent(run.final?.test_accuracy);
  const chosen =
    by === 'val_accuracy'
      ? `the best of ${among} by ${criterionText(by)} (${percent(run.final?.val_accuracy)}); test accuracy ${test}`
      : `the best of ${among} by ${criterionText(by)} (${test}), as no run held out a validation split`;
  return [
    among > 1 ? `${who}: ${chosen}.` : `${who}: the only finished run with a confusion matrix; test accuracy ${test}.`,
    'Each cell: test images of the true class (row) predicted as the column; colour: share of the row.',
  ];
}
