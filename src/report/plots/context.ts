// What every plot builder shares: the `$schema` URL, the configs in report order with their
// labels, and one colour encoding, so a config has the same colour in every plot.

import type { TopLevelSpec } from 'vega-lite';
import type { RunResult } from '../../types.js';
import { isFiniteNumber } from '../format.js';
import { groupConfigs, hasReplicates, type Config } from '../runs/configs.js';
import { encodeFactors, type FactorEncoding } from './encoding.js';
import type { SearchReport } from '../search/search-report.js';

/** The Vega-Lite major version of the installed compiler, which the `$schema` URL must name. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A view inside a concat, and a layer inside a layered view: the pieces builders return. */
export type View = Extract<TopLevelSpec, { hconcat: unknown }>['hconcat'][number];
export type Layer = Extract<View, { layer: unknown }>['layer'][number];
type Encoding = NonNullable<Extract<Layer, { mark: unknown }>['encoding']>;
/** Channel definitions, for helpers that build one encoding shared by several layers. */
export type PositionDef = NonNullable<Encoding['x']>;
export type TooltipDef = NonNullable<Encoding['tooltip']>;

/** What a plot's builder returns: its spec and what the README says under it. */
export interface BuiltPlot {
  spec: TopLevelSpec;
  /** One line for the README, under the plot, saying how to read it. */
  caption: string;
  /** Markdown below the caption: the per-class table of a confusion matrix. */
  details?: string;
}

/** More configs than this in one view stop being readable as separate lines. */
export const LEGIBLE_SERIES = 10;

export interface PlotContext {
  experiment: string;
  /** Every run of the report, as given. */
  runs: readonly RunResult[];
  /** The configs in report order (see runs/configs.ts); a config without replicates is one run. */
  configs: Config[];
  /** Some config has several runs: plots show means over seeds and their spread. */
  replicated: boolean;
  /** Config labels in row order: fixes axis and legend order. */
  domain: string[];
  /** Several datasets: learning curves get one row of panels per dataset. */
  byDataset: boolean;
  /** Config label → what its colour stands for (see encoding.ts). */
  series: Map<string, string>;
  /** Every coloured series in row order: one colour each, the same in every plot. */
  seriesDomain: string[];
  /** Which factor is the colour, which the dash, which configs are grey. */
  encoding: FactorEncoding;
  /** The search's rungs, when the experiment is a halving or Hyperband search. */
  search?: SearchReport;
}

export function plotContext(runs: readonly RunResult[], experiment: string): PlotContext {
  const configs = groupConfigs(runs);
  const replicated = hasReplicates(configs);
  const encoding = encodeFactors(configs, replicated);
  const series = encoding.colour;
  return {
    experiment,
    runs,
    configs,
    replicated,
    domain: configs.map((c) => c.label),
    byDataset: new Set(configs.map((c) => c.spec.dataset)).size > 1,
    series,
    seriesDomain: encoding.colourDomain.filter((v) => configs.some((c) => !encoding.grey.has(c.label) && series.get(c.label) === v)),
    encoding,
  };
}

/** JSON has no NaN/∞ (they would be written as null anyway): make that explicit, null = missing. */
export function finite(x: number | null | undefined): number | null {
  return isFiniteNumber(x) ? x : null;
}

/**
 * Colour by series (rows carry a `series` field); the legend lists `legendValues`, or is hidden
 * when the configs are named on an axis.
 */
export function colour(ctx: PlotContext, legendValues?: string[]) {
  const n = ctx.seriesDomain.length;
  // About 16 entries fill a panel's height; more wrap into columns instead of running off.
  const columns = Math.ceil((legendValues?.length ?? 0) / 16);
  return {
    field: 'series',
    type: 'nominal',
    title: ctx.encoding.colourTitle,
    scale: { domain: ctx.seriesDomain, scheme: n <= 10 ? 'tableau10' : 'tableau20' },
    // Full opacity: a legend symbol would otherwise take the faint look of an error band.
    legend:
      legendValues === undefined ? null : { values: legendValues, labelLimit: 400, symbolOpacity: 1, ...(columns > 1 ? { columns } : {}) },
  } as const;
}
