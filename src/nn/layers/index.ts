// The layer registry: a YAML layer name → its factory. Adding a layer is one file, one line here,
// and one gradient-check line in test/nn/layers.test.ts.

import type { LayerSpec } from '../../types.js';
import type { Layer, LayerContext } from '../layer.js';
import { BatchNorm } from './batchnorm.js';
import { Dropout } from './dropout.js';
import { GELU } from './gelu.js';
import { LeakyReLU } from './leaky-relu.js';
import { Linear } from './linear.js';
import { ReLU } from './relu.js';
import { Sigmoid } from './sigmoid.js';
import { Tanh } from './tanh.js';

type Options<K extends LayerName> = Extract<LayerSpec, Record<K, unknown>>[K];
export type LayerName = LayerSpec extends infer S ? (S extends unknown ? keyof S : never) : never;

export const LAYERS: { [K in LayerName]: (opts: Options<K>, ctx: LayerContext) => Layer } = {
  linear: (opts, ctx) => new Linear(opts, ctx),
  relu: (opts, ctx) => new ReLU(opts, ctx),
  leaky_relu: (opts, ctx) => new LeakyReLU(opts, ctx),
  tanh: (opts, ctx) => new Tanh(opts, ctx),
  sigmoid: (opts, ctx) => new Sigmoid(opts, ctx),
  gelu: (opts, ctx) => new GELU(opts, ctx),
  dropout: (opts, ctx) => new Dropout(opts, ctx),
  batchnorm: (opts, ctx) => new BatchNorm(opts, ctx),
};

/** Build a layer from its canonical spec: the spec's single key names the factory. */
export function buildLayer(spec: LayerSpec, ctx: LayerContext): Layer {
  const [name, opts] = Object.entries(spec)[0] as [LayerName, unknown];
  // The spec was validated against the schema, so the options fit the factory.
  const factory = LAYERS[name] as (opts: unknown, ctx: LayerContext) => Layer;
  return factory(opts, ctx);
}
