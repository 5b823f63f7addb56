// An optimizer updates the parameters it was given from their accumulated gradients, then
// zeroes the gradients for the next batch. Its internal state (momentum, moment estimates, step
// count) is exposed as arrays, so a checkpoint can save it and a resumed run continues exactly.

import type { Kernels } from './kernels/kernels.js';
import type { Param } from './layer.js';

export interface Optimizer {
  /** One update with learning rate lr (the schedule's value for this epoch), then zero the gradients. */
  step(lr: number): void;
  /** The live state buffers (none for plain SGD); a checkpoint copies them, a resume fills them. */
  state(): Float32Array[];
  /** Plain SGD: layers may apply its update themselves in the backward pass (layer.ts's FoldedSgd). */
  readonly foldable?: boolean;
}

/** An optimizer as the registry holds it: its factory and what it allocates. */
export interface OptimizerKind<O> {
  build(params: Param[], opts: O, kernels: Kernels): Optimizer;
  /** Floats of state allocated per parameter float (momentum's velocity; Adam's m and v). */
  stateCopies(opts: O): number;
}
