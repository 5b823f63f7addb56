// The sweep as scatter plots, for configs that do not form a grid (a random search, a zip of
// parameters): final test accuracy against each numeric parameter in a small panel of its own.
// Points are not joined: the neighbours along one axis differ in the other parameters too.

import type { TopLevelSpec } from 'vega-lite';
import { VEGA_LITE_SCHEMA, type PlotContext, type View } from './context.js';
import {
  ALONE,
  bestLayer,
  bestNote,
  paramX,
  spreadAndStopped,
  stoppedNote,
  accuracyY,
  metricTitle,
  sweepTooltip,
  type SweepData,
} from './sweep-data.js';

/** Panels per row before wrapping. */
const COLUMNS = 3;

export function sweepScatter(ctx: PlotContext, data: SweepData): TopLevelSpec {
  const groups = [...new Set(data.rows.map((r) => String(r.group)))];
  const colour =
    groups.length === 1 && groups[0] === ALONE
      ? { value: '#4c78a8' }
      : ({
          field: 'group',
          type: 'nominal',
          title: data.categorical.map((p) => p.title).join(' · '),
          scale: { domain: groups, scheme: groups.length <= 10 ? 'tableau10' : 'tableau20' },
          legend: { labelLimit: 300, titleLimit: 300 },
        } as const);
  const panels: View[] = data.numeric.map((param, k) => {
    const x = paramX(data, k);
    return {
      // A lone panel needs no title of its own: the plot's title says it.
      ...(data.numeric.length > 1 ? { title: `against ${param.title}` } : {}),
      width: 220,
      height: 180,
      encoding: { x, y: accuracyY(data), color: colour },
      layer: [
        {
          transform: [{ filter: 'isValid(datum.mean)' }],
          mark: { type: 'point', filled: true, size: 45, opacity: 0.85 },
          encoding: { tooltip: sweepTooltip(data) },
        },
        ...spreadAndStopped(data, x),
        bestLayer(data),
      ],
    };
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `${ctx.experiment}: ${metricTitle(data).toLowerCase()} across the sweep`,
      subtitle: [
        `One point per config (${data.rows.length})${ctx.replicated ? ': the mean over its seeds, whiskers ±1 standard deviation' : ''}.`,
        ...bestNote(data),
        ...stoppedNote(data),
      ],
    },
    data: { values: data.rows },
    concat: panels,
    columns: Math.min(COLUMNS, panels.length),
  };
}
