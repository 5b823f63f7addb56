// The optimizer registry: a YAML optimizer name → its factory.

import type { OptimizerSpec } from '../../types.js';
import type { Param } from '../layer.js';
import type { Optimizer } from '../optimizer.js';
import { Sgd } from './sgd.js';

type OptimizerName = keyof OptimizerSpec;

export const OPTIMIZERS: { [K in OptimizerName]: (params: Param[], opts: OptimizerSpec[K]) => Optimizer } = {
  sgd: (params, opts) => new Sgd(params, opts),
};

export function buildOptimizer(spec: OptimizerSpec, params: Param[]): Optimizer {
  const [name, opts] = Object.entries(spec)[0] as [OptimizerName, unknown];
  const factory = OPTIMIZERS[name] as (params: Param[], opts: unknown) => Optimizer;
  return factory(params, opts);
}
