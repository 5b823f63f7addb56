// The loss registry: a YAML loss name → its factory.

import type { LossName } from '../../types.js';
import type { Kernels } from '../kernels/kernels.js';
import type { Loss } from '../loss.js';
import { SoftmaxCrossEntropy } from './softmax-cross-entropy.js';

/** `kernels` allocates the loss's buffers: the model's kernel set, so they feed its backward in place. */
export const LOSSES: { [K in LossName]: (classes: number, maxBatch: number, kernels: Kernels) => Loss } = {
  'softmax-cross-entropy': (classes, maxBatch, kernels) => new SoftmaxCrossEntropy(classes, maxBatch, kernels),
};
