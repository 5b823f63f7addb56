// The layer registry: a YAML layer name → its factory. Adding a layer is one file, one line here,
// and one gradient-check line in test/nn/layers.test.ts.

import type { LayerSpec } from '../../types.js';
import type { Layer, LayerContext } from '../layer.js';
import { Linear } from './linear.js';
import { ReLU } from './relu.js';

type Options<K extends LayerName> = Extract<LayerSpec, Record<K, unknown>>[K];
export type LayerName = LayerSpec extends infer S ? (S extends unknown ? keyof S : never) : never;

export const LAYERS: { [K in LayerName]: (opts: Options<K>, ctx: LayerContext) => Layer } = {
  linear: (opts, ctx) => new Linear(opts, ctx),
  relu: (opts, ctx) => new ReLU(opts, ctx),
};

/** Build a layer from its canonical spec: the spec's single key names the factory. */
export function buildLayer(spec: LayerSpec, ctx: LayerContext): Layer {
  const [name, opts] = Object.entries(spec)[0] as [LayerName, unknown];
  // The spec was validated against the schema, so the options fit the factory.
  const factory = LAYERS[name] as (opts: unknown, ctx: LayerContext) => Layer;
  return factory(opts, ctx);
}
