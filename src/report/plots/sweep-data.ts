// The data behind the sweep plots: one row per config with its numeric parameters and its mean
// final test accuracy, and the shape of the sweep (which parameters vary, and whether the configs
// form a full grid over them). Also the axis and marks the three sweep plots share.

import { isFiniteNumber } from '../format.js';
import { varyingParams, type Param } from '../params.js';
import type { Config } from '../runs/configs.js';
import { statusTally } from '../runs/configs.js';
import { configLabels } from '../runs/labels.js';
import { band, formatSummary, PERCENT, summarize } from '../runs/stats.js';
import type { Layer, PositionDef, TooltipDef } from './context.js';

export interface SweepData {
  /** Varying parameters that are numbers (lr, batch size, units): the x axes. */
  numeric: Param[];
  /** Varying parameters that are not (dataset, a layer stack's shape): colours or facets. */
  categorical: Param[];
  /** Every combination of the varying values is a config, once: a grid, not a random search or a zip. */
  grid: boolean;
  rows: SweepRow[];
}

/** Per config: `x0…` the numeric values, `s0…` its series in panel i (the label without parameter i). */
export type SweepRow = Record<string, string | number | boolean | null>;

/** The series of configs that share every varying value but the one on the axis. */
export const ALONE = 'all configs';

export function sweepData(configs: readonly Config[]): SweepData {
  const specs = configs.map((c) => c.spec);
  const params = varyingParams(specs);
  const numeric = params.filter((p) => p.numeric);
  const categorical = params.filter((p) => !p.numeric);
  const series = numeric.map((p) => configLabels(specs, [p.path]));
  const groups = configLabels(
    specs,
    numeric.map((p) => p.path),
  );
  const rows = configs.map((config, i) => {
    const s = summarize(config.done.map((r) => r.final?.test_accuracy));
    const { lo, hi } = band(s);
    const row: SweepRow = { label: config.label, group: groups[i] || ALONE };
    numeric.forEach((p, k) => {
      row[`x${k}`] = p.value(config.spec);
      row[`s${k}`] = series[k]![i] || ALONE;
    });
    const stopped = statusTally(config.runs).filter((t) => t.status !== 'done');
    return {
      ...row,
      mean: s.mean,
      lo,
      hi,
      n: s.n,
      text: formatSummary(s, 2, PERCENT),
      // What a config with no finished run shows instead of a value: `diverged`, `2 failed`.
      stopped: s.mean === null ? stopped.map((t) => (config.runs.length === 1 ? t.status : `${t.n} ${t.status}`)).join(', ') : null,
    };
  });
  return { numeric, categorical, grid: isGrid(params, specs), rows };
}

/**
 * True when the configs are a grid: each combination at most once, and either every combination
 * of the values is there, or every numeric value is shared by several configs — a grid with some
 * runs not stored yet. A random search or a zip gives each config values of its own instead.
 */
function isGrid(params: readonly Param[], specs: readonly Config['spec'][]): boolean {
  const distinct = (p: Param) => new Set(specs.map((s) => p.value(s))).size;
  const tuples = new Set(specs.map((s) => JSON.stringify(params.map((p) => p.value(s)))));
  if (tuples.size !== specs.length) return false;
  const full = params.reduce((n, p) => n * distinct(p), 1) === specs.length;
  return full || params.every((p) => !p.numeric || distinct(p) < specs.length);
}

/** The distinct values of numeric parameter `k`, ascending. */
export function axisValues(data: SweepData, k: number): number[] {
  return [...new Set(data.rows.map((r) => r[`x${k}`]).filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b);
}

/** A log axis when the values span a factor of ten or more (learning rates, usually). */
export function isLogScale(values: readonly number[]): boolean {
  return values.length > 1 && values[0]! > 0 && values[values.length - 1]! / values[0]! >= 10;
}

/**
 * A quantitative axis for parameter `k`. On a grid it is ticked at the values that were tried;
 * sampled values are too many and too close for that, so they get the usual round ticks.
 */
export function paramX(data: SweepData, k: number): PositionDef {
  const values = axisValues(data, k);
  const log = isLogScale(values);
  return {
    field: `x${k}`,
    type: 'quantitative',
    title: `${data.numeric[k]!.title}${log ? ', log scale' : ''}`,
    // Padding keeps the first and last values off the axis lines, where their marks would be cut.
    // Not niced: a log axis would otherwise run on to the next power of ten, far past the values.
    scale: log ? { type: 'log', padding: 16, nice: false } : { zero: false, padding: 16, nice: false },
    axis: data.grid && values.length <= 12 ? { values, format: '.6~r' } : { format: '.6~r' },
  };
}

export const ACCURACY_Y: PositionDef = {
  field: 'mean',
  type: 'quantitative',
  title: 'Final test accuracy',
  scale: { zero: false },
  axis: { format: '.1~%' },
};

/**
 * Whiskers (mean ± std, when configs have replicates) and a red × along the bottom for configs
 * with no finished run, so a learning rate that diverged shows where it sits on the axis.
 */
export function spreadAndStopped(data: SweepData, x: PositionDef): Layer[] {
  // A layer with no rows would leave vega an empty extent to warn about: add only what is there.
  const spread: Layer = {
    transform: [{ filter: 'isValid(datum.lo)' }],
    mark: { type: 'rule', strokeWidth: 1.5 },
    encoding: { y: { ...ACCURACY_Y, field: 'lo' }, y2: { field: 'hi' } },
  };
  const stopped: Layer = {
    transform: [{ filter: 'isValid(datum.stopped)' }],
    mark: { type: 'point', shape: 'cross', filled: true, size: 90, angle: 45 },
    encoding: {
      x,
      y: { value: 'height' },
      color: { value: '#d62728' },
      tooltip: [
        { field: 'label', type: 'nominal', title: 'Config' },
        { field: 'stopped', type: 'nominal', title: 'Status' },
      ],
    },
  };
  return [...(data.rows.some((r) => r.lo !== null) ? [spread] : []), ...(data.rows.some((r) => r.stopped !== null) ? [stopped] : [])];
}

/** The subtitle line explaining the × marks, when there are any. */
export function stoppedNote(data: SweepData): string[] {
  return data.rows.some((r) => r.stopped !== null) ? ['×: no run of that config finished (failed or diverged).'] : [];
}

/** Tooltip of a config's point or cell. */
export const SWEEP_TOOLTIP: TooltipDef = [
  { field: 'label', type: 'nominal', title: 'Config' },
  { field: 'text', type: 'nominal', title: 'Final test accuracy' },
  { field: 'n', type: 'quantitative', title: 'Finished runs' },
];

export function finiteMeans(data: SweepData): number[] {
  return data.rows.map((r) => r.mean).filter((v): v is number => isFiniteNumber(v as number | null));
}
