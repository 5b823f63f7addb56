// The data behind the sweep plots: one row per config with its numeric parameters and its mean
// final test accuracy, and the shape of the sweep (which parameters vary, and whether the configs
// form a full grid over them). Also the axis and marks the three sweep plots share.

import { isFiniteNumber } from '../format.js';
import { distinctParams, varyingParams, type Param } from '../params.js';
import type { Config } from '../runs/configs.js';
import { statusTally } from '../runs/configs.js';
import { configLabels } from '../runs/labels.js';
import { band, formatSummary, PERCENT, summarize } from '../runs/stats.js';
import { hasValidation } from '../runs/validation.js';
import type { Layer, PositionDef, TooltipDef } from './context.js';

export interface SweepData {
  /** Varying parameters that are numbers (lr, batch size, units): the x axes. */
  numeric: Param[];
  /** Varying parameters that are not (dataset, a layer stack's shape): colours or facets. */
  categorical: Param[];
  /** Every combination of the varying values is a config, once: a grid, not a random search or a zip. */
  grid: boolean;
  /** What the configs are compared on: validation accuracy when runs held a split out. */
  metric: 'val_accuracy' | 'test_accuracy';
  rows: SweepRow[];
}

/** Per config: `x0…` the numeric values, `s0…` its series in panel i (the label without parameter i). */
export type SweepRow = Record<string, string | number | boolean | null>;

/** The series of configs that share every varying value but the one on the axis. */
export const ALONE = 'all configs';

export function sweepData(configs: readonly Config[]): SweepData {
  const specs = configs.map((c) => c.spec);
  // Fields a zip moves together are one axis, not two identical panels.
  const params = distinctParams(varyingParams(specs), specs);
  const metric = hasValidation(configs.flatMap((c) => c.runs)) ? 'val_accuracy' : 'test_accuracy';
  const numeric = params.filter((p) => p.numeric);
  const categorical = params.filter((p) => !p.numeric);
  // Labels leave out every field of an axis, a zip's twins too.
  const twins = (p: Param) =>
    varyingParams(specs)
      .filter((q) => specs.every((s) => q.value(s) === p.value(s)))
      .map((q) => q.path);
  const series = numeric.map((p) => configLabels(specs, twins(p)));
  const groups = configLabels(specs, numeric.flatMap(twins));
  const rows = configs.map((config, i): SweepRow => {
    const s = summarize(config.done.map((r) => r.final?.[metric]));
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
  const means = rows.map((r) => (typeof r.mean === 'number' ? r.mean : -Infinity));
  const best = means.indexOf(Math.max(...means));
  if (best >= 0 && rows[best]!.mean !== null) rows[best]!.best = true;
  return { numeric, categorical, grid: isGrid(params, specs), metric, rows };
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
  // Batch sizes and widths tried as powers of two sit evenly on a base-2 axis, ticked at each one.
  const pow2 = values.length > 1 && values.every(isPowerOfTwo);
  const log = pow2 || isLogScale(values);
  const ticks = pow2 ? powersOfTwo(values) : data.grid && values.length <= 12 ? values : undefined;
  return {
    field: `x${k}`,
    type: 'quantitative',
    title: `${data.numeric[k]!.title}${log ? ', log scale' : ''}`,
    // Padding keeps the first and last values off the axis lines, where their marks would be cut.
    // Not niced: a log axis would otherwise run on to the next power of ten, far past the values.
    scale: log ? { type: 'log', ...(pow2 ? { base: 2 } : {}), padding: 16, nice: false } : { zero: false, padding: 16, nice: false },
    axis: ticks === undefined ? { format: '.6~r' } : { values: ticks, format: '.6~r' },
  };
}

function isPowerOfTwo(x: number): boolean {
  return Number.isInteger(x) && x > 0 && (x & (x - 1)) === 0;
}

/** Every power of two from the smallest value to the largest. */
function powersOfTwo(values: readonly number[]): number[] {
  const out: number[] = [];
  for (let x = values[0]!; x <= values[values.length - 1]!; x *= 2) out.push(x);
  return out;
}

/** `Final validation accuracy` or `Final test accuracy`: what the sweep compares configs on. */
export function metricTitle(data: SweepData): string {
  return data.metric === 'val_accuracy' ? 'Final validation accuracy' : 'Final test accuracy';
}

/**
 * The accuracy axis, spanning at least MIN_SPAN around the values: configs within a hundredth of
 * a percent of each other would otherwise get an axis whose every tick reads the same (`90.7%`).
 */
export function accuracyY(data: SweepData): PositionDef {
  const values = data.rows.flatMap((r) => [r.mean, r.lo, r.hi]).filter((v): v is number => isFiniteNumber(v as number | null));
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const mid = (lo + hi) / 2;
  const domain = values.length > 0 && hi - lo < MIN_SPAN ? { domain: [mid - MIN_SPAN / 2, mid + MIN_SPAN / 2] } : {};
  return { field: 'mean', type: 'quantitative', title: metricTitle(data), scale: { zero: false, ...domain }, axis: { format: '.1~%' } };
}

const MIN_SPAN = 0.01;

/**
 * Whiskers (mean ± std, when configs have replicates) and a red × along the bottom for configs
 * with no finished run, so a learning rate that diverged shows where it sits on the axis.
 */
export function spreadAndStopped(data: SweepData, x: PositionDef): Layer[] {
  // A layer with no rows would leave vega an empty extent to warn about: add only what is there.
  const spread: Layer = {
    transform: [{ filter: 'isValid(datum.lo)' }],
    mark: { type: 'rule', strokeWidth: 1.5 },
    encoding: { y: { ...accuracyY(data), field: 'lo' }, y2: { field: 'hi' } },
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

/** A ring around the best config's point, so the winner of a random search is found at a glance. */
export function bestLayer(data: SweepData): Layer {
  return {
    transform: [{ filter: 'datum.best === true' }],
    mark: { type: 'point', shape: 'circle', filled: false, size: 260, strokeWidth: 2 },
    encoding: { y: accuracyY(data), color: { value: '#d62728' }, tooltip: sweepTooltip(data) },
  };
}

/** The subtitle line naming the best config, whose point has a ring. */
export function bestNote(data: SweepData): string[] {
  const best = data.rows.find((r) => r.best === true);
  return best === undefined ? [] : [`Ring: the best config, ${String(best.label)} (${String(best.text)}).`];
}

/** The subtitle line explaining the × marks, when there are any. */
export function stoppedNote(data: SweepData): string[] {
  return data.rows.some((r) => r.stopped !== null) ? ['×: no run of that config finished (failed or diverged).'] : [];
}

/** Tooltip of a config's point or cell: its label, value, and every numeric parameter. */
export function sweepTooltip(data: SweepData): TooltipDef {
  return [
    { field: 'label', type: 'nominal', title: 'Config' },
    { field: 'text', type: 'nominal', title: metricTitle(data) },
    ...data.numeric.map((p, k) => ({ field: `x${k}`, type: 'quantitative', title: p.title, format: '.6~r' }) as const),
    { field: 'n', type: 'quantitative', title: 'Finished runs' },
  ];
}

export function finiteMeans(data: SweepData): number[] {
  return data.rows.map((r) => r.mean).filter((v): v is number => isFiniteNumber(v as number | null));
}
