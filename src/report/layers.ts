// A layer stack as a short string for the table and the plot labels.
//
// The common MLP shape — linears, each hidden one followed by the same few layers — reads best as
// widths and that shared block: `784-128-64-10 relu`, `784-256-10 batchnorm + relu + dropout 0.2`
// (the block's layers in the order applied). Anything else falls back to the stack spelled out in
// order: `linear 128 → relu → linear 10`. A RunSpec's layers do not include the input width, so
// it is passed in (see inputWidth) and left out when unknown.

import { DATASETS, isBuiltin } from '../data/datasets.js';
import { LAYERS, paramCount } from '../nn/layers/index.js';
import type { DeclaredSpec, LayerSpec, RunResult } from '../types.js';

/**
 * The input width of a run: the caller's value if given, else the one its result records, else (a
 * run stored before results recorded it) the dataset's known width, else worked back from the
 * stored parameter count (see widthFromParams). Undefined when none of these applies.
 */
export function inputWidth(run: RunResult, explicit?: number): number | undefined {
  if (explicit !== undefined) return explicit;
  return run.layers?.[0]?.inputs ?? knownInputWidth(run.spec.dataset, run.spec.dataset_spec) ?? widthFromParams(run);
}

/** The input width of a dataset we know: a declared one's (its run spec's `dataset_spec`), or from the dataset table. */
export function knownInputWidth(dataset: string, declared?: DeclaredSpec): number | undefined {
  if (!isBuiltin(dataset) && declared === undefined) return undefined;
  const { rows, cols } = declared?.shape ?? DATASETS[dataset as keyof typeof DATASETS].shape;
  return rows * cols;
}

/**
 * The input width I that gives the stored parameter count, for a dataset no longer in the table.
 * The registry's count is affine in I (every layer's parameters grow linearly with its input
 * width, and the widths after the first linear do not depend on I), so two counts fix it.
 */
function widthFromParams(run: RunResult): number | undefined {
  const layers = run.spec.model.layers;
  if (!layers.some((l) => 'linear' in l) || !(run.params > 0)) return undefined;
  if (!layers.every((l) => Object.hasOwn(LAYERS, layerName(l)))) return undefined; // a layer type we cannot count
  const at0 = paramCount(layers, 0);
  const perInput = paramCount(layers, 1) - at0;
  const input = (run.params - at0) / perInput;
  return Number.isInteger(input) && input > 0 ? input : undefined;
}

/** The type name of a layer: its one key. */
export function layerName(layer: LayerSpec): string {
  return Object.keys(layer)[0] ?? '?';
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
export function layerSummary(layers: readonly LayerSpec[], input?: number, options: LayerSummaryOptions = {}): string {
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
    else if (blocks.length === 0)
      return undefined; // something before the first linear
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
