// The optimizer registry: a YAML optimizer name → its factory. Each factory receives its own
// options, filled in from the schema's defaults.

import type { OptimizerSpec } from '../../types.js';
import type { Kernels } from '../kernels/kernels.js';
import type { Param } from '../layer.js';
import type { Optimizer } from '../optimizer.js';
import { Adam } from './adam.js';
import { Sgd } from './sgd.js';

export type OptimizerName = OptimizerSpec extends infer S ? (S extends unknown ? keyof S : never) : never;
type Options<K extends OptimizerName> = Extract<OptimizerSpec, Record<K, unknown>>[K];

/** `kernels` is the model's kernel set: the parameters live in its arena and it does the updates. */
export const OPTIMIZERS: { [K in OptimizerName]: (params: Param[], opts: Options<K>, kernels: Kernels) => Optimizer } = {
  sgd: (params, opts, kernels) => new Sgd(params, opts, kernels),
  adam: (params, opts, kernels) => new Adam(params, { ...opts, weight_decay: 0 }, kernels), // AdamW without decay
  adamw: (params, opts, kernels) => new Adam(params, opts, kernels),
};

/** Build the optimizer of a canonical spec: the spec's single key names the factory. */
export function buildOptimizer(spec: OptimizerSpec, params: Param[], kernels: Kernels): Optimizer {
  const [name, opts] = Object.entries(spec)[0] as [OptimizerName, unknown];
  // The spec was validated against the schema, so the options fit the factory.
  const factory = OPTIMIZERS[name] as (params: Param[], opts: unknown, kernels: Kernels) => Optimizer;
  return factory(params, opts, kernels);
}

export { clipGradNorm } from './clip.js';
