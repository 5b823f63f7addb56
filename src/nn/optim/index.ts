// The optimizer registry: a YAML optimizer name → its factory.

import type { OptimizerSpec } from '../../types.js';
import type { Kernels } from '../kernels/kernels.js';
import type { Param } from '../layer.js';
import type { Optimizer } from '../optimizer.js';
import { Sgd } from './sgd.js';

type OptimizerName = keyof OptimizerSpec;

type Factory<O> = (params: Param[], opts: O, kernels: Kernels) => Optimizer;

/** `kernels` is the model's kernel set: the parameters live in its arena and it does the updates. */
export const OPTIMIZERS: { [K in OptimizerName]: Factory<OptimizerSpec[K]> } = {
  sgd: (params, opts, kernels) => new Sgd(params, opts, kernels),
};

export function buildOptimizer(spec: OptimizerSpec, params: Param[], kernels: Kernels): Optimizer {
  const [name, opts] = Object.entries(spec)[0] as [OptimizerName, unknown];
  const factory = OPTIMIZERS[name] as Factory<unknown>;
  return factory(params, opts, kernels);
}
