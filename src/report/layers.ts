// A layer stack as a short string for the table and the plot labels.
//
// The common MLP shape — linears, each hidden one followed by the same few layers — reads best as
// widths and that shared block: `784-128-64-10 relu`, `784-256-10 batchnorm + relu + dropout 0.2`
// (the block's layers in the order applied). Anything else falls back to the stack spelled out in
// order: `linear 128 → relu → linear 10`. A RunSpec's layers do not include the input width, so
// it is passed in (see inputWidth) and left out when unknown.

import type { LayerSpec, RunResult } from '../types.js';

type LayerType = LayerSpec extends infer S ? (S extends unknown ? keyof S : never) : never;

/**
 * Input widths of the datasets we know, so failed runs (params unknown) still get a full
 * summary. Keyed by DatasetName so adding a dataset to the type flags this table.
 */
const INPUT_WIDTH: Record<RunResult['spec']['dataset'], number> = {
  mnist: 28 * 28,
  'fashion-mnist': 28 * 28,
};

/**
 * The input width of a run: the caller's value if given, else the dataset's known width, else
 * worked back from the stored parameter count (params = Σ (in_i + 1)·out_i over the linears, plus
 * what the other layers hold, see PARAMS_PER_FEATURE). Undefined when none of these applies.
 */
export function inputWidth(run: RunResult, explicit?: number): number | undefined {
  if (explicit !== undefined) return explicit;
  return knownInputWidth(run.spec.dataset) ?? widthFromParams(run);
}

/** The input width of a dataset we know, from its name alone (labels have only specs). */
export function knownInputWidth(dataset: string): number | undefined {
  const known: Partial<Record<string, number>> = INPUT_WIDTH;
  return Object.hasOwn(known, dataset) ? known[dataset] : undefined;
}

/**
 * Trainable parameters per feature of every layer type but linear: batchnorm's γ and β (its
 * running statistics are not trained). Keyed by layer type, so adding a layer flags this table.
 */
const PARAMS_PER_FEATURE: Record<Exclude<LayerType, 'linear'>, number> = {
  relu: 0,
  leaky_relu: 0,
  tanh: 0,
  sigmoid: 0,
  gelu: 0,
  dropout: 0,
  batchnorm: 2,
};

function widthFromParams(run: RunResult): number | undefined {
  const layers = run.spec.model.layers;
  const units = linearUnits(layers);
  if (units.length === 0 || !(run.params > 0)) return undefined;
  let rest = 0;
  let width: number | undefined; // the current width; unknown until the first linear
  for (const layer of layers) {
    if ('linear' in layer) {
      if (width !== undefined) rest += (width + 1) * layer.linear.units;
      width = layer.linear.units;
      continue;
    }
    const perFeature: Partial<Record<string, number>> = PARAMS_PER_FEATURE;
    const per = perFeature[layerName(layer)];
    // A layer type we cannot account for, or parameters on the unknown input width itself.
    if (per === undefined || (per > 0 && width === undefined)) return undefined;
    if (width !== undefined) rest += per * width;
  }
  const input = (run.params - rest) / units[0]! - 1;
  return Number.isInteger(input) && input > 0 ? input : undefined;
}

/** The type name of a layer: its one key. */
export function layerName(layer: LayerSpec): string {
  return Object.keys(layer)[0] ?? '?';
}

function linearUnits(layers: readonly LayerSpec[]): number[] {
  return layers.flatMap((l) => ('linear' in l ? [l.linear.units] : []));
}

export interface LayerSummaryOptions {
  /** Say which initialisation each linear uses (worth it only when runs differ in it). */
  init?: boolean;
  /** Name the layers between the linears (`relu`); labels leave them out while widths suffice. */
  activation?: boolean;
  /** Spell out options the compact form leaves out (batchnorm's momentum and eps). */
  details?: boolean;
}

/** `784-128-64-10 relu` when the stack has the MLP shape, else the spelled-out stack. */
export function layerSummary(
  layers: readonly LayerSpec[],
  input?: number,
  options: LayerSummaryOptions = {},
): string {
  const init = options.init ?? false;
  const details = options.details ?? false;
  return compact(layers, input, init, options.activation ?? true, details) ?? spelledOut(layers, init);
}

function compact(
  layers: readonly LayerSpec[],
  input: number | undefined,
  withInit: boolean,
  withBlock: boolean,
  details: boolean,
): string | undefined {
  // Blocks: a linear and the layers after it, up to the next linear.
  const blocks: { units: number; init: string; after: LayerSpec[] }[] = [];
  for (const layer of layers) {
    if ('linear' in layer) blocks.push({ units: layer.linear.units, init: layer.linear.init, after: [] });
    else if (blocks.length === 0) return undefined; // something before the first linear
    else blocks.at(-1)!.after.push(layer);
  }
  if (blocks.length === 0 || blocks.at(-1)!.after.length > 0) return undefined; // must end on a linear
  // Every hidden linear followed by the same non-empty block, else the summary would misdescribe it.
  const hidden = blocks.slice(0, -1).map((b) => JSON.stringify(b.after));
  if (hidden.some((h) => h !== hidden[0] || h === '[]')) return undefined;
  const inits = new Set(blocks.map((b) => b.init));
  if (withInit && inits.size > 1) return undefined;
  const units = blocks.map((b) => b.units);
  const widths = (input !== undefined ? [input, ...units] : units).join('-');
  const block = withBlock && blocks.length > 1 ? ` ${blocks[0]!.after.map((l) => token(l, details)).join(' + ')}` : '';
  const init = withInit ? `, ${[...inits][0]} init` : '';
  return `${widths}${block}${init}`;
}

/** `relu`, `dropout 0.2`, `leaky_relu 0.01`; `batchnorm`, with its two options only in detail. */
function token(layer: LayerSpec, details: boolean): string {
  const options = Object.entries(Object.values(layer)[0] ?? {});
  if (options.length === 0) return layerName(layer);
  if (options.length === 1) return `${layerName(layer)} ${String(options[0]![1])}`;
  return details ? spelledOut([layer], false) : layerName(layer);
}

function spelledOut(layers: readonly LayerSpec[], withInit: boolean): string {
  const parts = layers.map((layer) => {
    if ('linear' in layer) return `linear ${layer.linear.units}${withInit ? ` (${layer.linear.init})` : ''}`;
    const options = Object.entries(Object.values(layer)[0] ?? {});
    const args = options.map(([k, v]) => `${k}=${String(v)}`).join(', ');
    return args ? `${layerName(layer)}(${args})` : layerName(layer);
  });
  return parts.length > 0 ? parts.join(' → ') : 'no layers';
}
