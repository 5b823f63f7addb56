// The optimizer registry: a YAML optimizer name → its factory. Each factory receives its own
// options, filled in from the schema's defaults; OptimizerSpec derives from the factories' options.

import type { Kernels } from '../kernels/kernels.js';
import type { Param } from '../layer.js';
import type { Optimizer } from '../optimizer.js';
import { Adam, type AdamOptions, type AdamWOptions } from './adam.js';
import { Sgd, type SgdOptions } from './sgd.js';

/** `kernels` is the model's kernel set: the parameters live in its arena and it does the updates. */
export const OPTIMIZERS = {
  sgd: (params: Param[], opts: SgdOptions, kernels: Kernels): Optimizer => new Sgd(params, opts, kernels),
  adam: (params: Param[], opts: AdamOptions, kernels: Kernels): Optimizer => new Adam(params, { ...opts, weight_decay: 0 }, kernels),
  adamw: (params: Param[], opts: AdamWOptions, kernels: Kernels): Optimizer => new Adam(params, opts, kernels),
};

export type OptimizerName = keyof typeof OPTIMIZERS;

/** An optimizer in canonical form: exactly one key, its name, holding its filled-in options. */
export type OptimizerSpec = { [K in OptimizerName]: { [P in K]: Parameters<(typeof OPTIMIZERS)[K]>[1] } }[OptimizerName];

/** Build the optimizer of a canonical spec: the spec's single key names the factory. */
export function buildOptimizer(spec: OptimizerSpec, params: Param[], kernels: Kernels): Optimizer {
  const [name, opts] = Object.entries(spec)[0] as [OptimizerName, unknown];
  // The spec was validated against the schema, so the options fit the factory.
  const factory = OPTIMIZERS[name] as (params: Param[], opts: unknown, kernels: Kernels) => Optimizer;
  return factory(params, opts, kernels);
}

export { clipGradNorm } from './clip.js';
