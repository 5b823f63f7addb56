// The seeds of a run's random streams. Each stream derives from the experiment seed and the parts
// of the run's identity that can change what it draws — not from the whole spec — so:
// - the same run trains the same way in any later mlplab that only adds options (identity.ts), and
// - runs of a sweep that differ in, say, the learning rate start from the same initial weights and
//   see the examples in the same order: the comparison measures the learning rate, not the draw.
// The validation hold-out has its own stream, from the seed and the fraction (holdout.ts).

import { canonicalJson } from '../config/id.js';
import { withoutNoopDefaults } from '../config/identity.js';
import { Rng } from '../nn/rng.js';
import type { RunSpec } from '../types.js';

export interface Streams {
  /** Initial weights: depend on the layer stack and the input width (the dataset). */
  init: Rng;
  /** Dropout masks: drawn per layer and batch, so they depend on the same. */
  noise: Rng;
  /** The order of the training examples in each epoch: depends on which examples there are. */
  shuffle: Rng;
}

export function streamsOf(spec: RunSpec): Streams {
  const identity = withoutNoopDefaults(spec);
  const model = canonicalJson({ dataset: spec.dataset, layers: identity.model?.layers });
  const examples = canonicalJson({ dataset: spec.dataset, validation: identity.train?.validation });
  return {
    init: Rng.from(spec.seed, `init:${model}`),
    noise: Rng.from(spec.seed, `noise:${model}`),
    shuffle: Rng.from(spec.seed, `shuffle:${examples}`),
  };
}
