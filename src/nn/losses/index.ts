// The loss registry: a YAML loss name → its factory. LossName derives from it.

import type { Kernels } from '../kernels/kernels.js';
import type { Loss } from '../loss.js';
import { SoftmaxCrossEntropy } from './softmax-cross-entropy.js';

/** `kernels` allocates the loss's buffers: the model's kernel set, so they feed its backward in place. */
export const LOSSES = {
  'softmax-cross-entropy': (classes: number, maxBatch: number, kernels: Kernels): Loss =>
    new SoftmaxCrossEntropy(classes, maxBatch, kernels),
};

export type LossName = keyof typeof LOSSES;
