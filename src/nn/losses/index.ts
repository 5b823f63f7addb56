// The loss registry: a YAML loss name → its factory.

import type { LossName } from '../../types.js';
import type { Loss } from '../loss.js';
import { SoftmaxCrossEntropy } from './softmax-cross-entropy.js';

export const LOSSES: { [K in LossName]: (classes: number, maxBatch: number) => Loss } = {
  'softmax-cross-entropy': (classes, maxBatch) => new SoftmaxCrossEntropy(classes, maxBatch),
};
