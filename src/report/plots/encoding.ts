// Which look shows which swept factor, the same in every plot of a report: the dataset gets a
// panel (a row) of its own, the first other factor that varies is the colour (one colour per
// value, the same in every panel), the second the dash. When that cannot tell the configs of a
// panel apart (three factors, more values than colours, a random search), the colour names the
// config. Past GREY_PAST lines in a panel only the best BEST_FEW keep a colour; the rest are
// grey, there to show the spread, named in their tooltip.

import { distinctParams, varyingParams, type Param } from '../params.js';
import type { Config } from '../runs/configs.js';
import { configLabels } from '../runs/labels.js';
import { summarize } from '../runs/stats.js';
import { hasValidation } from '../runs/validation.js';

/** More lines than this in one panel stop being readable as separate lines. */
export const GREY_PAST = 8;
/** How many lines keep their colour when the rest turn grey. */
export const BEST_FEW = 5;
/** Distinct colours that still read apart (tableau10), and distinct dash patterns. */
const COLOURS = 10;
export const DASHES: readonly number[][] = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
];

export interface FactorEncoding {
  /** Config label → what its colour stands for. */
  colour: Map<string, string>;
  /** The colours' values in legend order: ascending for a number (`lr 0.01` before `lr 0.1`). */
  colourDomain: string[];
  /** The colour legend's title: the factor's name (`optimizer`), or `Config`/`Run`. */
  colourTitle: string;
  /** The colour is a factor shared by several configs, not just each config's own name. */
  colourIsFactor: boolean;
  /** Config label → its dash value, when a second factor is dashed. */
  dash?: Map<string, string>;
  dashTitle?: string;
  dashDomain?: string[];
  /** Configs drawn grey: beyond the best few of their dataset. */
  grey: Set<string>;
}

export function encodeFactors(configs: readonly Config[], replicated: boolean): FactorEncoding {
  const specs = configs.map((c) => c.spec);
  const factors = distinctParams(
    varyingParams(specs).filter((p) => p.path !== 'dataset'),
    specs,
  );
  const one = (p: Param) => configLabels(specs, [...factors.filter((q) => q !== p).map((q) => q.path), 'dataset', 'dataset_sha256']);
  const grey = greyConfigs(configs);
  const [first, second] = factors;
  const values = (labels: string[]) => new Set(labels).size;
  if (first !== undefined && factors.length <= 2) {
    const colours = one(first);
    const dashes = second === undefined ? undefined : one(second);
    // A second factor whose values the first already tells apart (a random search: each config
    // a value of its own) is no grid to read by colour and dash: name the configs instead.
    const perDataset = (labels: string[]) => new Set(labels.map((l, i) => `${specs[i]!.dataset}\n${l}`)).size;
    const sampled = second !== undefined && perDataset(colours) === configs.length;
    if (!sampled && values(colours) <= COLOURS && (dashes === undefined || values(dashes) <= DASHES.length)) {
      const byLabel = (labels: string[]) => new Map(configs.map((c, i) => [c.label, labels[i]!]));
      const ordered = (p: Param, labels: string[]) => {
        const at = (i: number) => p.value(specs[i]!);
        const order = labels.map((_, i) => i);
        if (p.numeric) order.sort((i, j) => (at(i) as number) - (at(j) as number));
        return [...new Set(order.map((i) => labels[i]!))];
      };
      return {
        colour: byLabel(colours),
        colourDomain: ordered(first, colours),
        colourTitle: first.title,
        colourIsFactor: true,
        ...(dashes === undefined || second === undefined
          ? {}
          : { dash: byLabel(dashes), dashTitle: second.title, dashDomain: ordered(second, dashes) }),
        grey,
      };
    }
  }
  // The dataset has its own row: a colour need not repeat it (`lr 0.1` on every row).
  const rest = configLabels(specs, ['dataset']).map((label, i) => label || specs[i]!.dataset);
  return {
    colour: new Map(configs.map((c, i) => [c.label, rest[i]!])),
    colourDomain: [...new Set(rest)],
    colourTitle: replicated ? 'Config' : 'Run',
    colourIsFactor: false,
    grey,
  };
}

/**
 * Per dataset, with more than GREY_PAST configs, those outside the BEST_FEW by the final accuracy
 * the report compares on (validation when held out); configs with no finished run count as worst.
 */
function greyConfigs(configs: readonly Config[]): Set<string> {
  const by = hasValidation(configs.flatMap((c) => c.runs)) ? 'val_accuracy' : 'test_accuracy';
  const score = (c: Config) => summarize(c.done.map((r) => r.final?.[by])).mean ?? -Infinity;
  const grey = new Set<string>();
  for (const dataset of new Set(configs.map((c) => c.spec.dataset))) {
    const own = configs.filter((c) => c.spec.dataset === dataset);
    if (own.length <= GREY_PAST) continue;
    // Stable sort: ties keep report order.
    const ranked = [...own].sort((a, b) => score(b) - score(a) || 0);
    for (const c of ranked.slice(BEST_FEW)) grey.add(c.label);
  }
  return grey;
}
