// The layer registry: a YAML layer name → its kind (factory and facts, nn/layer.ts). The spec
// types derive from it, so adding a layer is one file, one line here, its schema entry and one
// gradient-check line in test/nn/layers.test.ts.

import type { Layer, LayerContext, LayerFlops, LayerKind } from '../layer.js';
import { batchnorm } from './batchnorm.js';
import { dropout } from './dropout.js';
import { gelu } from './gelu.js';
import { leakyRelu } from './leaky-relu.js';
import { linear } from './linear.js';
import { relu } from './relu.js';
import { sigmoid } from './sigmoid.js';
import { tanh } from './tanh.js';

export const LAYERS = {
  linear,
  relu,
  leaky_relu: leakyRelu,
  tanh,
  sigmoid,
  gelu,
  dropout,
  batchnorm,
};

export type LayerName = keyof typeof LAYERS;
type Options<K extends LayerName> = (typeof LAYERS)[K] extends LayerKind<infer O> ? O : never;

/** A layer in canonical form: exactly one key, the layer type, holding its filled-in options. */
export type LayerSpec = { [K in LayerName]: { [P in K]: Options<K> } }[LayerName];

/** The type name of a layer spec and its options (the spec was validated, so they fit). */
export function kindOf(spec: LayerSpec): [LayerName, LayerKind<unknown>, unknown] {
  const [name, opts] = Object.entries(spec)[0] as [LayerName, unknown];
  return [name, LAYERS[name] as LayerKind<unknown>, opts];
}

/** Build a layer from its canonical spec: the spec's single key names the kind. */
export function buildLayer(spec: LayerSpec, ctx: LayerContext): Layer {
  const [, kind, opts] = kindOf(spec);
  return kind.build(opts, ctx);
}

/** One layer of a stack as the registry's facts describe it. */
export interface LayerShape {
  name: LayerName;
  inputs: number;
  outputs: number;
  params: number;
  /** Per example; a stack's first layer computes no dX, so its inputGrad is 0. */
  flops: LayerFlops;
}

/** The shape of every layer of a stack on inputs of width `input`: the one count of parameters. */
export function layerShapes(specs: readonly LayerSpec[], input: number): LayerShape[] {
  let width = input;
  return specs.map((spec, i) => {
    const [name, kind, opts] = kindOf(spec);
    const flops = kind.flops(opts, width);
    const shape: LayerShape = {
      name,
      inputs: width,
      outputs: kind.outputWidth(opts, width),
      params: kind.buffers(opts, width, 1, i > 0).params.reduce((n, p) => n + p, 0),
      flops: i === 0 ? { ...flops, inputGrad: 0 } : flops, // as Sequential: needsInputGrad is false
    };
    width = shape.outputs;
    return shape;
  });
}

/** Trainable parameters of a stack on inputs of width `input`. */
export function paramCount(specs: readonly LayerSpec[], input: number): number {
  return layerShapes(specs, input).reduce((n, l) => n + l.params, 0);
}
