// A layer stack as a short string for the table and the plot labels.
//
// The common MLP shape — linear (act linear)* with one activation throughout — reads best as
// widths: `784-128-64-10 relu`. Anything else falls back to the stack spelled out in order:
// `linear 128 → relu → linear 10`. A RunSpec's layers do not include the input width, so it is
// passed in (see inputWidth) and left out when unknown.

import type { LayerSpec, RunResult } from '../types.js';

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
 * worked back from the stored parameter count (exact while linear is the only layer with
 * parameters: params = Σ (in_i + 1)·out_i). Undefined when none of these applies.
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

function widthFromParams(run: RunResult): number | undefined {
  const layers = run.spec.model.layers;
  // Any layer type other than linear/relu might hold parameters we cannot account for.
  if (!layers.every((l) => 'linear' in l || 'relu' in l)) return undefined;
  const units = linearUnits(layers);
  if (units.length === 0 || !(run.params > 0)) return undefined;
  let rest = 0;
  for (let i = 1; i < units.length; i++) rest += (units[i - 1]! + 1) * units[i]!;
  const width = (run.params - rest) / units[0]! - 1;
  return Number.isInteger(width) && width > 0 ? width : undefined;
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
  /** Name the activation (`relu`); labels leave it out while every stack uses the same one. */
  activation?: boolean;
}

/** `784-128-64-10 relu` when the stack has the plain MLP shape, else the spelled-out stack. */
export function layerSummary(
  layers: readonly LayerSpec[],
  input?: number,
  options: LayerSummaryOptions = {},
): string {
  const init = options.init ?? false;
  return compact(layers, input, init, options.activation ?? true) ?? spelledOut(layers, init);
}

function compact(
  layers: readonly LayerSpec[],
  input: number | undefined,
  withInit: boolean,
  withActivation: boolean,
): string | undefined {
  const units: number[] = [];
  const activations = new Set<string>();
  const inits = new Set<string>();
  for (const [i, layer] of layers.entries()) {
    const linearSlot = i % 2 === 0;
    if ('linear' in layer) {
      if (!linearSlot) return undefined;
      units.push(layer.linear.units);
      inits.add(layer.linear.init);
    } else {
      if (linearSlot || hasOptions(layer)) return undefined;
      activations.add(layerName(layer));
    }
  }
  // Must end on a linear, and one activation type throughout (else `relu` would misdescribe it).
  if (units.length === 0 || layers.length % 2 === 0 || activations.size > 1) return undefined;
  if (withInit && inits.size > 1) return undefined;
  const widths = (input !== undefined ? [input, ...units] : units).join('-');
  const act = withActivation && activations.size === 1 ? ` ${[...activations][0]}` : '';
  const init = withInit ? `, ${[...inits][0]} init` : '';
  return `${widths}${act}${init}`;
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

function hasOptions(layer: LayerSpec): boolean {
  return Object.keys(Object.values(layer)[0] ?? {}).length > 0;
}
