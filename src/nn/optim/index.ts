// The optimizer registry: a YAML optimizer name → its kind (factory and facts, optimizer.ts). Each
// factory receives its own options, filled in from the schema's defaults; OptimizerSpec derives
// from the kinds' options.

import type { Kernels } from '../kernels/kernels.js';
import type { Param } from '../layer.js';
import type { Optimizer, OptimizerKind } from '../optimizer.js';
import { adam, adamw } from './adam.js';
import { sgd } from './sgd.js';

export const OPTIMIZERS = { sgd, adam, adamw };

export type OptimizerName = keyof typeof OPTIMIZERS;
type Options<K extends OptimizerName> = (typeof OPTIMIZERS)[K] extends OptimizerKind<infer O> ? O : never;

/** An optimizer in canonical form: exactly one key, its name, holding its filled-in options. */
export type OptimizerSpec = { [K in OptimizerName]: { [P in K]: Options<K> } }[OptimizerName];

/** The kind of a canonical spec and its options (the spec was validated, so they fit). */
export function optimizerKindOf(spec: OptimizerSpec): [OptimizerKind<unknown>, unknown] {
  const [name, opts] = Object.entries(spec)[0] as [OptimizerName, unknown];
  return [OPTIMIZERS[name] as OptimizerKind<unknown>, opts];
}

/** Build the optimizer of a canonical spec. `kernels` is the model's kernel set: the parameters
 * live in its arena and it does the updates. */
export function buildOptimizer(spec: OptimizerSpec, params: Param[], kernels: Kernels): Optimizer {
  const [kind, opts] = optimizerKindOf(spec);
  return kind.build(params, opts, kernels);
}

export { clipGradNorm } from './clip.js';
