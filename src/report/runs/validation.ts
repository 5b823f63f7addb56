// Whether a report's runs held out a validation split or could stop early: what decides the
// extra table columns, the validation panel of the learning curves and the README's notes.
// Both are read from the stored results, so results stored before either existed have neither.

import type { RunResult } from '../../types.js';
import { isFiniteNumber } from '../format.js';

/** True when some run measured validation metrics (it held out part of the training set). */
export function hasValidation(runs: readonly RunResult[]): boolean {
  return runs.some((r) => isFiniteNumber(r.final?.val_accuracy) || r.epochs.some((e) => isFiniteNumber(e.val_accuracy)));
}

/** True when some run was set to stop early. */
export function hasEarlyStopping(runs: readonly RunResult[]): boolean {
  return runs.some((r) => Boolean(r.spec.train.early_stopping));
}
